"""Benchmark of the admin's list pages and the public listings on a large site.

    python -m bench.admin --n 1000
    python -m bench.admin --n 10000 [--seed S] [--corpus FILE] [--repeat 10] [--reuse]

Loads the corpus (JSON Lines, ``bench.corpus``) into a fresh SQLite database in
bench/out/ through the same save-and-publish operation the admin uses, with
tags and editors' picks, then makes it look like a site in use: three articles
in four are translated into Dutch by importing catalogs, one in ten has a
revised first paragraph since (so its Dutch is outdated), one in twenty has an
unpublished draft and one article has a long history. ``--reuse`` keeps a
database loaded by an earlier run of the same size.

Then, in process through the test client as a superuser, it times each admin
page that lists things (article list, its filters and search, translation
dashboard, categories, tags, autocompletes, an article's history, compare page
and edit form) and the public home and category pages: median and maximum of
``--repeat`` requests after one warm-up, and the queries of one request.
Prints a Markdown table and writes the JSON to bench/out/.
"""

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

from bench.common import (
    OUT,
    QueryCounter,
    child,
    corpus_file,
    peak_mib,
    revise,
    setup,
)
from bench.translations import phase_load

HISTORY = 60  # revisions of the article whose history is timed: three pages of 25


def phase_prepare() -> dict:
    """Translate, revise and draft parts of the loaded corpus."""
    import polib

    from articles.models import Article
    from articles.related.lists import related_batch
    from articles.translations.po.export import catalog_export
    from articles.translations.po.importing import catalog_import

    started = time.perf_counter()
    ids = list(Article.objects.order_by("pk").values_list("pk", flat=True))
    translated = [pk for pk in ids if pk % 4]
    # Exported once, before anything is translated: with translations on the
    # site each export offers fuzzy matches from them, which takes minutes.
    catalog = catalog_export(
        language="nl", articles=Article.objects.filter(pk__in=translated)
    )
    by_article: dict[str, list] = {}
    for entry in catalog:
        entry.msgstr = "NL: " + entry.msgid
        by_article.setdefault(entry.msgctxt.split("/")[0], []).append(entry)
    # One refresh of the related lists at the end, not one per catalog.
    with related_batch():
        # A thousand articles a catalog: an upload may not pass 20 MB.
        groups = list(by_article.values())
        for start in range(0, len(groups), 1000):
            part = polib.POFile(wrapwidth=0)
            part.metadata = catalog.metadata
            part.extend(
                entry for group in groups[start : start + 1000] for entry in group
            )
            catalog_import(
                data=str(part).encode(), filename="nl.po", language="nl", user=None
            )
        articles = Article.objects.in_bulk(ids)
        for pk in ids[::10]:
            revise(articles[pk], 1, publish=True)
        for pk in ids[5::20]:
            revise(articles[pk], 1, publish=False)
        for number in range(2, HISTORY):
            revise(articles[ids[1]], number, publish=True)
    return {
        "prepare_s": round(time.perf_counter() - started, 2),
        "readable_nl": Article.objects.readable_in("nl").count(),
    }


def _pages() -> list[tuple[str, str]]:
    """The pages to time, as (name, path), chosen from what the database holds."""
    from django.db.models import Count

    from articles.models import Article, Category, RelatedPick, Revision

    most_revised = (
        Revision.objects.values("article_id")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .first()
    )
    most_picked = (
        RelatedPick.objects.values("article_id")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .first()
    )
    if most_revised is None or most_picked is None:
        raise RuntimeError("no revisions or picks: run the load phase first")
    history, picked = most_revised["article_id"], most_picked["article_id"]
    last = Revision.objects.filter(article_id=history).order_by("-number").first()
    assert last is not None
    leaf = Category.objects.annotate(n=Count("articles")).order_by("-n").first()
    root = Category.objects.get_root_nodes().first()
    word = Article.objects.get(pk=history).title_en.split()[-1]
    articles = "/admin/articles/article/"
    count = Article.objects.count()
    return [
        ("article list", articles),
        ("article list, last page", f"{articles}?p={(count + 99) // 100}"),
        ("article list, published", f"{articles}?status=published"),
        ("article list, needs Dutch", f"{articles}?translation=needs-nl"),
        ("article list, Dutch outdated", f"{articles}?translation=outdated-nl"),
        ("article list, category", f"{articles}?category__id__exact={leaf.pk}"),
        ("article list, search", f"{articles}?q={word}"),
        (
            "article list, search and filter",
            f"{articles}?q={word}&status=published&translation=needs-nl",
        ),
        ("translation dashboard", f"{articles}translations/"),
        ("article history", f"{articles}{history}/history/"),
        ("article history, last page", f"{articles}{history}/history/?page=last"),
        ("compare first and last", f"{articles}{history}/compare/?a=1&b={last.number}"),
        ("article edit form", f"{articles}{picked}/change/"),
        ("category list", "/admin/articles/category/"),
        ("tag list", "/admin/articles/tag/"),
        (
            "autocomplete: picks",
            "/admin/autocomplete/?app_label=articles&model_name=relatedpick"
            f"&field_name=target&term={word}",
        ),
        (
            "autocomplete: tags",
            "/admin/autocomplete/?app_label=articles&model_name=article"
            "&field_name=tags&term=a",
        ),
        ("home (en)", "/en/"),
        ("home (nl)", "/nl/"),
        ("category (en)", leaf.url_in("en")),
        ("category (nl)", leaf.url_in("nl")),
        ("category root (en)", root.url_in("en")),
        ("category root, page 2 (en)", root.url_in("en") + "?page=2"),
    ]


def phase_measure(repeat: int) -> dict:
    """Time each page as a logged-in superuser; the queries of its last request."""
    from django.contrib.auth import get_user_model
    from django.test import Client

    from articles.models import Article

    user = get_user_model().objects.filter(username="bench-admin").first()
    if user is None:
        user = get_user_model().objects.create_superuser("bench-admin")
    # A host the settings allow; no test environment, so templates render as in
    # production, without the test client's instrumentation.
    client = Client(SERVER_NAME="localhost")
    client.force_login(user)
    pages = {}
    for name, path in _pages():
        print(f"  {name}…", file=sys.stderr)
        client.get(path)
        times = []
        for _ in range(repeat):
            with QueryCounter() as queries:
                started = time.perf_counter()
                response = client.get(path)
                times.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, (path, response.status_code)
        pages[name] = {
            "path": path,
            "median_ms": round(statistics.median(times), 1),
            "max_ms": round(max(times), 1),
            "queries": len(queries),
        }
    return {
        "articles": Article.objects.count(),
        "pages": pages,
        "measure_peak_rss_mib": round(peak_mib()),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=20240601)
    parser.add_argument("--corpus", help="a corpus file to use instead of generating")
    parser.add_argument("--repeat", type=int, default=10, help="timed requests a page")
    parser.add_argument(
        "--reuse", action="store_true", help="keep a database loaded by an earlier run"
    )
    parser.add_argument("--phase", choices=["load", "prepare", "measure"])
    parser.add_argument("--db", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.phase:
        setup(args.db)
        phases = {
            "load": lambda: phase_load(Path(args.corpus), relations=True),
            "prepare": phase_prepare,
            "measure": lambda: phase_measure(args.repeat),
        }
        print(json.dumps(phases[args.phase]()))
        return 0

    corpus = corpus_file(args.corpus, args.n, args.seed)
    database = OUT / f"admin-n{args.n}.sqlite3"
    figures: dict = {"n": args.n, "seed": args.seed, "corpus": str(corpus)}
    if not (args.reuse and database.exists()):
        database.unlink(missing_ok=True)
        print("load…", file=sys.stderr)
        figures |= child("bench.admin", "load", database, "--corpus", str(corpus))
        print("prepare…", file=sys.stderr)
        figures |= child("bench.admin", "prepare", database)
    print("measure…", file=sys.stderr)
    figures |= child("bench.admin", "measure", database, "--repeat", str(args.repeat))
    print(f"{figures['articles']:,} articles, {args.repeat} requests a page\n")
    print("| page | median ms | max ms | queries |")
    print("| --- | ---: | ---: | ---: |")
    for name, page in figures["pages"].items():
        print(
            f"| {name} | {page['median_ms']} | {page['max_ms']} | {page['queries']} |"
        )
    target = OUT / f"admin-n{args.n}.json"
    target.write_text(json.dumps(figures, indent=2) + "\n")
    print(f"\n{target}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
