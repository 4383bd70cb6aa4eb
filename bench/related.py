"""Benchmark of the related-article lists: full rebuild and one refresh.

    python -m bench.related --n 1000
    python -m bench.related --n 10000 [--seed S] [--corpus FILE]

Generates a corpus in the shared JSON Lines format with ``bench.corpus`` (or
reads ``--corpus``), loads it into a fresh SQLite database in bench/out/
(English source, published, editors' picks from ``related``), then measures,
each in a process of its own so that peak memory belongs to that step alone:

- ``rebuild_related``: wall time and peak RSS;
- publishing one new article: the time of ``related_refresh`` and how many
  articles it recomputed.

Prints a Markdown table and one JSON line, and writes the JSON to bench/out/.
"""

import argparse
import json
import sys
import time
from pathlib import Path

from bench.common import OUT, child, corpus_file, month, peak_mib, setup


def _body(blocks: list[dict]) -> str:
    return "".join(
        f"<h2>{block['text']}</h2>"
        if block["type"] == "heading"
        else f"<p>{block['html']}</p>"
        for block in blocks
    )


def _article(item: dict, category, status: str):
    from articles.models import Article
    from articles.text.richtext import sanitize_html

    return Article(
        title_en=item["title"],
        slug_en=item["slug"],
        summary_en=item["summary"],
        body_en=sanitize_html(_body(item["body"])),
        source_language=item.get("lang", "en"),
        status=status,
        first_published=month(item["first_published"]),
        last_revised=month(item["last_revised"]),
        category=category,
    )


def _reference(article_id: int, number: int, text: str):
    from articles.models import Reference

    authors, title, journal, details = (text.split(" | ") + ["", "", ""])[:4]
    return Reference(
        article_id=article_id,
        number=number,
        authors=authors,
        title=title,
        journal=journal,
        details=details,
    )


def phase_load(corpus: Path) -> dict:
    """Migrate and bulk-load the corpus; no related lists yet."""
    from django.core.management import call_command
    from django.db import transaction

    from articles.models import Article, Reference, RelatedPick, Tag
    from articles.oldsite.importing import category_for_path
    from bench.corpus import read

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    items = list(read(corpus))
    with transaction.atomic():
        categories = {
            path: category_for_path(list(path), language="en")
            for path in {tuple(item["category"]) for item in items}
        }
        names = sorted({tag for item in items for tag in item["tags"]})
        Tag.objects.bulk_create(
            Tag(name_en=name, slug_en=f"tag-{number}")
            for number, name in enumerate(names)
        )
        tags = dict(Tag.objects.values_list("name_en", "pk"))
        articles = Article.objects.bulk_create(
            (
                _article(
                    item, categories[tuple(item["category"])], Article.Status.PUBLISHED
                )
                for item in items
            ),
            batch_size=500,
        )
        ids = {
            item["slug"]: article.pk
            for item, article in zip(items, articles, strict=True)
        }
        Article.tags.through.objects.bulk_create(
            (
                Article.tags.through(article_id=ids[item["slug"]], tag_id=tags[name])
                for item in items
                for name in item["tags"]
            ),
            batch_size=2000,
        )
        Reference.objects.bulk_create(
            (
                _reference(ids[item["slug"]], number, text)
                for item in items
                for number, text in enumerate(item["references"], start=1)
            ),
            batch_size=2000,
        )
        RelatedPick.objects.bulk_create(
            (
                RelatedPick(
                    article_id=ids[item["slug"]], target_id=ids[slug], position=position
                )
                for item in items
                for position, slug in enumerate(item["related"])
                if slug in ids and slug != item["slug"]
            ),
            batch_size=2000,
        )
    return {"articles": len(items), "load_s": time.perf_counter() - started}


def phase_rebuild() -> dict:
    from articles.models import RelatedArticle
    from articles.related.lists import related_rebuild

    baseline = peak_mib()
    started = time.perf_counter()
    result = related_rebuild()
    return {
        "rebuild_s": time.perf_counter() - started,
        "rebuild_peak_rss_mib": peak_mib(),
        "rebuild_baseline_rss_mib": baseline,
        "entries": RelatedArticle.objects.count(),
        "lists_en": len(result.recomputed.get("en", ())),
    }


def phase_refresh(seed: int) -> dict:
    """Add a draft article, then publish it and refresh, as publishing will."""
    import random

    from articles.models import Article, Tag
    from articles.oldsite.importing import category_for_path
    from articles.related.lists import related_refresh
    from bench.corpus import article

    item = article(random.Random(f"{seed}-new"), 0)
    item["slug"] = f"{item['slug']}-new"
    new = _article(
        item,
        category_for_path(item["category"], language="en"),
        Article.Status.DRAFT,
    )
    new.save()
    new.tags.set(Tag.objects.filter(name_en__in=item["tags"]))
    new.status = Article.Status.PUBLISHED
    new.save()
    started = time.perf_counter()
    result = related_refresh(articles=[new])
    return {
        "refresh_s": time.perf_counter() - started,
        "refresh_peak_rss_mib": peak_mib(),
        "refresh_recomputed": len(result.articles),
        "refresh_recomputed_en": len(result.recomputed.get("en", ())),
        "refresh_rewritten": result.rewritten,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=20240601)
    parser.add_argument("--corpus", help="a corpus file to use instead of generating")
    parser.add_argument("--phase", choices=["load", "rebuild", "refresh"])
    parser.add_argument("--db", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.phase:
        setup(args.db)
        if args.phase == "load":
            figures = phase_load(Path(args.corpus))
        elif args.phase == "rebuild":
            figures = phase_rebuild()
        else:
            figures = phase_refresh(args.seed)
        print(json.dumps(figures))
        return 0

    corpus = corpus_file(args.corpus, args.n, args.seed)
    database = OUT / f"related-n{args.n}.sqlite3"
    database.unlink(missing_ok=True)
    figures = {"n": args.n, "seed": args.seed, "corpus": str(corpus)}
    figures |= child("bench.related", "load", database, "--corpus", str(corpus))
    figures |= child("bench.related", "rebuild", database)
    figures |= child("bench.related", "refresh", database, "--seed", str(args.seed))

    print(
        "| articles | load | rebuild_related | rebuild peak RSS | entries "
        "| refresh after one publish | articles recomputed |"
    )
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    print(
        f"| {figures['articles']:,} | {figures['load_s']:.1f} s "
        f"| {figures['rebuild_s']:.1f} s | {figures['rebuild_peak_rss_mib']:.0f} MiB "
        f"| {figures['entries']:,} | {figures['refresh_s']:.2f} s "
        f"| {figures['refresh_recomputed']} |"
    )
    line = json.dumps(figures)
    print(line)
    (OUT / f"related-n{args.n}.json").write_text(line + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
