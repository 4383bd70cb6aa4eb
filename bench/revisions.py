"""Revision history at scale: saving a long article, its history and compare pages.

    python -m bench.revisions [--revisions 1000] [--database URL] [--json-out FILE]

Builds an article of about 2,000 words with 15 references in a fresh database
(a temporary SQLite file; with --database, a throw-away test_<name> database
beside the one named), then measures a
save with its revision, and the admin history and compare pages once the
article has --revisions revisions. Prints a Markdown table and writes JSON.
"""

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from datetime import date


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--revisions", type=int, default=1000)
    parser.add_argument("--saves", type=int, default=30, help="timed saves")
    parser.add_argument("--repeat", type=int, default=20, help="timed page views")
    parser.add_argument(
        "--database", help="database URL (default: a temporary SQLite file)"
    )
    parser.add_argument("--json-out")
    args = parser.parse_args()

    folder = tempfile.mkdtemp(prefix="bench-revisions-")
    os.environ["DATABASE_URL"] = args.database or f"sqlite:///{folder}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "clinic_cms.settings.test")
    import django

    django.setup()
    from django.core.management import call_command
    from django.test.utils import (
        setup_databases,
        setup_test_environment,
        teardown_databases,
    )

    setup_test_environment()

    # A server database gets a throw-away test_<name> copy; SQLite a fresh file.
    created = setup_databases(verbosity=0, interactive=False) if args.database else None
    if created is None:
        call_command("migrate", verbosity=0)
    try:
        results = run(args)
    finally:
        if created is not None:
            teardown_databases(created, verbosity=0)
    print(table(results))
    if args.json_out:
        with open(args.json_out, "w") as handle:
            json.dump(results, handle, indent=2)


def run(args) -> dict[str, float | int]:
    from dataclasses import replace

    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from articles.models import Revision
    from articles.revisions.publishing import article_snapshot
    from articles.revisions.saving import article_save
    from articles.revisions.snapshots import Snapshot

    paragraphs = [
        f"<p>Paragraph {n}: "
        + " ".join(f"word{(n * 37 + i) % 997}" for i in range(95))
        + f" [{n % 15 + 1}]</p>"
        for n in range(21)
    ]
    references = [
        {
            "authors": f"Author{n} A, Other B.",
            "title": f"A trial of treatment {n}.",
            "journal": "Pain.",
            "details": f"20{n:02d};{n}(1):1-10.",
            "pmid": "",
            "doi": "",
            "url": "",
        }
        for n in range(1, 16)
    ]
    user = get_user_model().objects.create_superuser("bench", password="bench")
    snapshot = Snapshot(
        fields={
            "title": {"en": "A long article"},
            "slug": {"en": "a-long-article"},
            "body": {"en": "".join(paragraphs)},
        },
        references=references,
    )
    words = len(snapshot.value("body", "en").split())
    saved = article_save(
        article=None,
        snapshot=snapshot,
        user=user,
        note="First.",
        kind="public",
        editorial_date=date(2010, 8, 1),
        base_revision_id=None,
        publish=True,
    )
    article = saved.article

    timings, queries = [], []
    for n in range(args.saves):
        changed = list(paragraphs)
        changed[n % len(changed)] = changed[n % len(changed)].replace(
            "word", f"edit{n}-", 1
        )
        next_snapshot = replace(
            snapshot, fields={**snapshot.fields, "body": {"en": "".join(changed)}}
        )
        article.refresh_from_db()
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            article_save(
                article=article,
                snapshot=next_snapshot,
                user=user,
                note=f"Edit {n}.",
                kind="minor",
                editorial_date=date(2014, 2, 1),
                base_revision_id=article.latest_revision_id,
                publish=True,
            )
            timings.append((time.perf_counter() - start) * 1000)
        queries.append(len(captured.captured_queries))
    stored = Revision.objects.filter(article=article).order_by("-number").first()
    assert stored is not None
    bytes_per_revision = len(json.dumps(stored.snapshot).encode())

    print(f"filling to {args.revisions} revisions…", file=sys.stderr)
    article.refresh_from_db()
    latest = article_snapshot(article).as_json()
    start_number = stored.number + 1
    Revision.objects.bulk_create(
        Revision(
            article=article,
            number=number,
            snapshot=latest,
            user=user,
            user_name="bench",
            editorial_date=date(2015, 1, 1),
            kind="minor",
            note=f"Filler {number}.",
        )
        for number in range(start_number, args.revisions + 1)
    )
    last = Revision.objects.get(article=article, number=args.revisions)
    article.latest_revision = article.live_revision = last
    article.save(update_fields=["latest_revision", "live_revision"])

    client = Client()
    client.force_login(user)
    pages = {
        "history_first": f"/admin/articles/article/{article.pk}/history/",
        "history_last": f"/admin/articles/article/{article.pk}/history/?page=last",
        "compare_far": f"/admin/articles/article/{article.pk}/compare/?a=1&b={args.revisions}",
        "compare_near": f"/admin/articles/article/{article.pk}/compare/?a=2&b=3",
    }
    results: dict[str, float | int] = {
        "article_words": words,
        "references": len(references),
        "revisions": args.revisions,
        "revision_save_ms_median": round(statistics.median(timings), 2),
        "revision_save_queries": max(queries),
        "revision_bytes": bytes_per_revision,
    }
    for name, url in pages.items():
        client.get(url)  # warm-up
        samples = []
        for _ in range(args.repeat):
            with CaptureQueriesContext(connection) as captured:
                start = time.perf_counter()
                response = client.get(url)
                samples.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200, (url, response.status_code)
        results[f"{name}_ms_median"] = round(statistics.median(samples), 2)
        results[f"{name}_queries"] = len(captured.captured_queries)
    return results


def table(results: dict[str, float | int]) -> str:
    rows = ["| measure | value |", "| --- | --- |"]
    rows += [f"| {key} | {value} |" for key, value in results.items()]
    return "\n".join(rows)


if __name__ == "__main__":
    main()
