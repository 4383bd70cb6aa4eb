"""Benchmark of the PO round trip on a corpus: load, export, import, outdated segments.

    python -m bench.translations --n 1000 [--seed S] [--corpus FILE]

Loads the corpus (JSON Lines, ``bench.corpus``) through the same save-and-publish
operation the admin uses, into a fresh SQLite database in bench/out/, then runs
each step in a process of its own, so that its peak memory is its own:

- export of one Dutch catalog for all articles: time, peak RSS, queries;
- every msgstr filled with "NL: " + msgid and imported (publishing every
  article): time, peak RSS, queries;
- one sentence of one article's first paragraph changed: the number of
  segments that come out fuzzy in the next export (the right answer is 1).

Prints a Markdown table and one JSON line, and writes the JSON to bench/out/.
"""

import argparse
import json
import sys
import time
from datetime import date
from pathlib import Path

from bench.common import OUT, QueryCounter, child, corpus_file, month, peak_mib, setup


def phase_load(corpus: Path, *, relations: bool = False) -> dict:
    """Save and publish every article of the corpus, as the admin would.

    With ``relations`` the articles also get their tags, and their editors'
    picks among the articles loaded before them (a pick needs its target).
    """
    from django.core.management import call_command

    from articles.models import Article, Revision, Tag
    from articles.oldsite.importing import category_for_path
    from articles.related.lists import related_batch
    from articles.revisions.saving import article_save
    from articles.revisions.snapshots import (
        Snapshot,
        category_entry,
        pick_entry,
        tag_entry,
    )
    from bench.corpus import read

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    categories = {}
    tags: dict[str, Tag] = {}
    picks: dict[str, dict] = {}
    with related_batch():
        for item in read(corpus):  # one at a time: a large corpus is not held
            path = tuple(item["category"])
            if path not in categories:
                category = category_for_path(list(path), language="en")
                if category is None:
                    raise ValueError(f"{item['slug']}: the corpus gives no category")
                categories[path] = category
            body = "".join(
                f"<h2>{b['text']}</h2>"
                if b["type"] == "heading"
                else f"<p>{b['html']}</p>"
                for b in item["body"]
            )
            references = []
            for text in item["references"]:
                authors, title, journal, details = (p.strip() for p in text.split("|"))
                references.append(
                    {
                        "authors": authors,
                        "title": title,
                        "journal": journal,
                        "details": details,
                        "pmid": "",
                        "doi": "",
                        "url": "",
                    }
                )
            tag_entries: list[dict] = []
            pick_entries: list[dict] = []
            if relations:
                for name in item["tags"]:
                    if name not in tags:
                        tags[name] = Tag.objects.create(
                            name_en=name, slug_en=f"tag-{len(tags)}"
                        )
                tag_entries = [tag_entry(tags[name]) for name in item["tags"]]
                pick_entries = [
                    picks[slug] for slug in item["related"] if slug in picks
                ]
            result = article_save(
                article=None,
                snapshot=Snapshot(
                    fields={
                        "title": {"en": item["title"]},
                        "slug": {"en": item["slug"]},
                        "summary": {"en": item["summary"]},
                        "body": {"en": body},
                    },
                    first_published=month(item["first_published"]),
                    category=category_entry(categories[path]),
                    references=references,
                    tags=tag_entries,
                    picks=pick_entries,
                ),
                user=None,
                note="Loaded from the benchmark corpus.",
                kind=Revision.Kind.PUBLIC,
                editorial_date=month(item["last_revised"]),
                base_revision_id=None,
                publish=True,
            )
            picks[item["slug"]] = pick_entry(result.article)
    return {
        "articles": Article.objects.count(),
        "load_s": round(time.perf_counter() - started, 2),
        "load_peak_rss_mib": round(peak_mib()),
    }


def phase_export(target: Path) -> dict:
    from articles.models import Article
    from articles.translations.po.export import catalog_write

    count = Article.objects.count()
    with QueryCounter() as queries:
        started = time.perf_counter()
        with target.open("w", encoding="utf-8") as out:
            entries = catalog_write(out, language="nl")
        seconds = time.perf_counter() - started
    return {
        "po_export_s": round(seconds, 2),
        "po_export_peak_rss_mib": round(peak_mib()),
        "po_export_queries": len(queries),
        "po_export_queries_per_article": round(len(queries) / count, 3),
        "po_entries": entries,
    }


def phase_import(source: Path) -> dict:
    from articles.models import Article
    from articles.translations.po.importing import catalog_import

    # Every msgstr "NL: " + its msgid, line by line: the export writes each
    # string on one line.
    filled = source.with_suffix(".filled.po")
    with source.open(encoding="utf-8") as lines, filled.open("w") as out:
        msgid = ""
        for line in lines:
            if line.startswith('msgid "'):
                msgid = line[len('msgid "') : -2]
            elif line.startswith('msgstr "') and msgid:
                line = f'msgstr "NL: {msgid}"\n'
            out.write(line)
    count = Article.objects.count()
    with QueryCounter() as queries, filled.open("rb") as data:
        started = time.perf_counter()
        report = catalog_import(
            data=data, filename=source.name, language="nl", user=None
        )
        seconds = time.perf_counter() - started
    return {
        "po_import_s": round(seconds, 2),
        "po_import_peak_rss_mib": round(peak_mib()),
        "po_import_queries": len(queries),
        "po_import_queries_per_article": round(len(queries) / count, 2),
        "po_import_applied": report.summary()["applied"],
        "po_import_rejected": report.summary()["rejected"],
        "readable_nl": Article.objects.readable_in("nl").count(),
    }


def phase_outdated() -> dict:
    import re

    from articles.models import Article, Revision
    from articles.revisions.publishing import article_snapshot
    from articles.revisions.saving import article_save
    from articles.translations.po.export import catalog_entries

    article = Article.objects.order_by("pk").first()
    if article is None:
        raise RuntimeError("no articles: run the load phase first")
    snapshot = article_snapshot(article)
    body = snapshot.value("body", "en")
    paragraph = re.search(r"<p>(.*?)</p>", body)
    if paragraph is None:
        raise RuntimeError(f"article {article.pk} has no paragraph to change")
    first = paragraph.group(1)
    sentence = re.split(r"(?<=\.)\s", first)[0]
    changed = body.replace(sentence, sentence.rstrip(".") + " in most patients.", 1)
    article_save(
        article=article,
        snapshot=snapshot.__class__(
            **{
                **snapshot.__dict__,
                "fields": {
                    **snapshot.fields,
                    "body": {**snapshot.fields["body"], "en": changed},
                },
            }
        ),
        user=None,
        note="One sentence changed.",
        kind=Revision.Kind.MINOR,
        editorial_date=date(2024, 1, 1),
        base_revision_id=article.latest_revision_id,
        publish=True,
    )
    # Counted as the whole catalog streams: held whole, it was 5.6 GB at 100,000.
    fuzzy = sum("fuzzy" in entry.flags for entry in catalog_entries(language="nl"))
    return {"sync_outdated": fuzzy}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=20240601)
    parser.add_argument("--corpus", help="a corpus file to use instead of generating")
    parser.add_argument("--phase", choices=["load", "export", "import", "outdated"])
    parser.add_argument("--db", help=argparse.SUPPRESS)
    parser.add_argument("--po", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.phase:
        setup(args.db)
        phases = {
            "load": lambda: phase_load(Path(args.corpus)),
            "export": lambda: phase_export(Path(args.po)),
            "import": lambda: phase_import(Path(args.po)),
            "outdated": phase_outdated,
        }
        print(json.dumps(phases[args.phase]()))
        return 0

    corpus = corpus_file(args.corpus, args.n, args.seed)
    database = OUT / f"translations-n{args.n}.sqlite3"
    database.unlink(missing_ok=True)
    catalog = OUT / f"translations-n{args.n}-nl.po"
    figures = {"n": args.n, "seed": args.seed}
    for phase, extra in (
        ("load", ["--corpus", str(corpus)]),
        ("export", ["--po", str(catalog)]),
        ("import", ["--po", str(catalog)]),
        ("outdated", []),
    ):
        print(f"{phase}…", file=sys.stderr)
        figures |= child("bench.translations", phase, database, *extra)
    print("| measure | value |\n| --- | --- |")
    for key, value in figures.items():
        print(f"| {key} | {value} |")
    line = json.dumps(figures)
    print(line)
    (OUT / f"translations-n{args.n}.json").write_text(line + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
