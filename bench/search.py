"""Benchmark of the site's search: index rebuild and the search page per query.

    python -m bench.search --n 1000
    python -m bench.search --n 10000 [--seed S] [--corpus FILE] [--database URL]

Generates a corpus in the shared JSON Lines format with ``bench.corpus`` (or
reads ``--corpus``) and bulk-loads it, published, into a fresh SQLite file in
bench/out/ or into the database ``--database`` names, which it empties first.
Every article is also given a Dutch version (its English text under a Dutch
slug), so that Dutch searches run the ``dutch`` configuration over as many
documents. Then, each in a process of its own:

- ``rebuild_search``: wall time, peak RSS and documents;
- the search page (``/en/search/?q=…``, ``/nl/zoeken/?q=…``) rendered in
  process for each query of a fixed set, from a rare word to one in every
  article, from one word to five: median and p95 over ``--repeat`` requests,
  the number of matches and the queries per page.

Prints a Markdown table and one JSON line, and writes the JSON to bench/out/.
"""

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

from bench.common import OUT, QueryCounter, child, corpus_file, peak_mib, setup

QUERIES = [
    ("en", "pregabalin"),
    ("en", "trials"),
    ("en", "neuropathic pain"),
    ("en", "low dose naltrexone fibromyalgia"),
    ("en", "randomised controlled trial side effects"),
    ("en", "patients"),
    ("en", "palmitoylethanolamide burning mouth syndrome sleep quality"),
    ("en", "zzzunknownword"),
    ("en", 'NEAR("pain" AND *) OR ^'),
    ("nl", "neuropathic pain"),
    ("nl", "pregabalin"),
]


def phase_load(corpus: Path) -> dict:
    """Empty the database, load the corpus (bench.related's bulk load), add the
    Dutch versions."""
    from django.core.management import call_command
    from django.db import connection

    from articles.models import Article
    from bench.related import phase_load as related_load

    call_command("migrate", verbosity=0)
    call_command("flush", interactive=False, verbosity=0)
    figures = related_load(corpus)
    table = Article._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET title_nl = title_en, slug_nl = slug_en || '-nl',"
            " summary_nl = summary_en, body_nl = body_en"
        )
    return figures


def phase_rebuild() -> dict:
    from articles.search.indexing import search_rebuild

    started = time.perf_counter()
    documents = search_rebuild()
    return {
        "rebuild_s": time.perf_counter() - started,
        "rebuild_peak_rss_mib": round(peak_mib()),
        "documents": documents,
    }


def phase_queries(repeat: int) -> dict:
    from django.test import Client
    from django.utils.http import urlencode

    import clinic_cms.wsgi  # noqa: F401  # set up as the WSGI server is
    from articles.search.searching import search_articles

    client = Client(HTTP_HOST="localhost")
    figures = []
    for language, query in QUERIES:
        path = f"/{language}/{'zoeken' if language == 'nl' else 'search'}/"
        url = f"{path}?{urlencode({'q': query})}"
        client.get(url)  # warm up
        times = []
        for _ in range(repeat):
            with QueryCounter() as counted:
                started = time.perf_counter()
                response = client.get(url)
                times.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, (url, response.status_code)
        times.sort()
        matches = search_articles(query, language=language).page.paginator.count
        figures.append(
            {
                "language": language,
                "query": query,
                "matches": matches,
                "median_ms": round(statistics.median(times), 2),
                "p95_ms": round(times[max(0, int(len(times) * 0.95) - 1)], 2),
                "queries": len(counted),
            }
        )
    return {"queries": figures}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=20240601)
    parser.add_argument("--corpus", help="a corpus file to use instead of generating")
    parser.add_argument("--database", help="a database URL the benchmark may empty")
    parser.add_argument("--repeat", type=int, default=50)
    parser.add_argument("--phase", choices=["load", "rebuild", "queries"])
    parser.add_argument("--db", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.phase:
        setup(args.db)
        if args.phase == "load":
            figures = phase_load(Path(args.corpus))
        elif args.phase == "rebuild":
            figures = phase_rebuild()
        else:
            figures = phase_queries(args.repeat)
        print(json.dumps(figures))
        return 0

    corpus = corpus_file(args.corpus, args.n, args.seed)
    if args.database:
        database: Path | str = args.database
        name = "postgresql" if args.database.startswith("postgres") else "database"
    else:
        database = OUT / f"search-n{args.n}.sqlite3"
        Path(database).unlink(missing_ok=True)
        name = "sqlite"
    figures = {"n": args.n, "seed": args.seed, "database": name}
    figures |= child("bench.search", "load", database, "--corpus", str(corpus))
    figures |= child("bench.search", "rebuild", database)
    figures |= child("bench.search", "queries", database, "--repeat", str(args.repeat))

    print(
        f"{figures['articles']:,} articles, {figures['documents']:,} documents "
        f"({name}); rebuild_search {figures['rebuild_s']:.1f} s, "
        f"peak {figures['rebuild_peak_rss_mib']} MiB\n"
    )
    print("| language | query | matches | median | p95 | queries |")
    print("| --- | --- | ---: | ---: | ---: | ---: |")
    for row in figures["queries"]:
        print(
            f"| {row['language']} | `{row['query']}` | {row['matches']:,} "
            f"| {row['median_ms']:.1f} ms | {row['p95_ms']:.1f} ms | {row['queries']} |"
        )
    line = json.dumps(figures)
    print(line)
    (OUT / f"search-n{args.n}-{name}.json").write_text(line + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
