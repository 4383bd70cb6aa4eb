"""An import's report as a task's JSON result, and back, for the same report page."""

from dataclasses import asdict
from typing import Any

from articles.translations.po.importing import ArticleReport, EntryResult, ImportReport


def report_dump(report: ImportReport) -> dict[str, Any]:
    """The report as the task's result keeps it: the entries it lists, and the
    counts of all (a whole-site catalog's every entry would be a hundred MB)."""
    return asdict(report.trimmed())


def report_load(data: dict[str, Any]) -> ImportReport:
    articles = {
        int(pk): ArticleReport(
            **{
                **article,
                "entries": [EntryResult(**entry) for entry in article["entries"]],
            }
        )
        for pk, article in data["articles"].items()
    }
    return ImportReport(
        **{
            **data,
            "articles": articles,
            "other": [EntryResult(**entry) for entry in data["other"]],
        }
    )
