"""An import's report as a task's JSON result, and back, for the same report page."""

from dataclasses import asdict
from typing import Any

from articles.translations.po.importing import ArticleReport, EntryResult, ImportReport


def report_dump(report: ImportReport) -> dict[str, Any]:
    return asdict(report)


def report_load(data: dict[str, Any]) -> ImportReport:
    articles = {
        title: ArticleReport(
            **{
                **article,
                "entries": [EntryResult(**entry) for entry in article["entries"]],
            }
        )
        for title, article in data["articles"].items()
    }
    return ImportReport(
        **{
            **data,
            "articles": articles,
            "other": [EntryResult(**entry) for entry in data["other"]],
        }
    )
