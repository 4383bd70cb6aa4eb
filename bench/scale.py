"""Whether saving and loading cost the same on a small and a large site.

    python -m bench.scale --n 1000
    python -m bench.scale --n 10000 [--saves 20] [--more 100] [--database URL]

Bulk-loads a generated corpus of --n articles with their related lists
(``bench.related``: fast, so that a large site is ready in minutes), then
measures, each in a process of its own:

- ``saves``: --saves minor revisions of one article, each published, which
  refreshes its related lists: the first (it reads the related index into
  the process) and the median of the others, with their queries;
- ``turns``: two processes, as two app servers, taking turns to save and
  publish a minor revision of one article (--saves each): the median of
  their saves after each one's first. Each save finds the other's since its
  own and reads again only what that changed;
- ``more``: --more new articles saved and published through the save
  operation, as ``python -m bench`` loads them: the cost per article on a site
  of that size, which stays flat if a load grows linearly.

With --database (a URL) it uses that database, emptied first; otherwise a
fresh SQLite file in bench/out/. Prints a Markdown table and one JSON line.
"""

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

from bench.common import (
    OUT,
    ROOT,
    QueryCounter,
    child,
    corpus_file,
    peak_mib,
    revise,
    setup,
)


def phase_saves(saves: int) -> dict:
    from articles.models import Article

    article = Article.objects.order_by("pk").first()
    times, queries = [], []
    for number in range(saves + 1):
        with QueryCounter() as counted:
            started = time.perf_counter()
            revise(article, number, publish=True)
            times.append((time.perf_counter() - started) * 1000)
        queries.append(len(counted))
    return {
        "save_first_ms": round(times[0], 1),
        "save_ms_median": round(statistics.median(times[1:]), 1),
        "save_queries": max(queries[1:]),
        "saves_peak_rss_mib": round(peak_mib()),
    }


def phase_writer() -> None:
    """Save a revision for each number read from stdin; answer with its cost."""
    from articles.models import Article

    article = Article.objects.order_by("pk").first()
    for line in sys.stdin:
        with QueryCounter() as counted:
            started = time.perf_counter()
            revise(article, int(line), publish=True)
            elapsed = (time.perf_counter() - started) * 1000
        print(json.dumps({"ms": elapsed, "queries": len(counted)}), flush=True)


def turns(database: Path | str, saves: int) -> dict:
    """Two writer processes saving in turn, as two app servers would."""
    command = [sys.executable, "-m", "bench.scale", "--phase", "writer"]
    writers = [
        subprocess.Popen(
            [*command, "--db", str(database)],
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    times, queries = [], []
    try:
        for number in range(2 * (saves + 1)):
            writer = writers[number % 2]
            assert writer.stdin and writer.stdout
            writer.stdin.write(f"{1000 + number}\n")
            writer.stdin.flush()
            answer = json.loads(writer.stdout.readline())
            if number >= 2:  # each writer's first save reads the whole index
                times.append(answer["ms"])
                queries.append(answer["queries"])
    finally:
        for writer in writers:
            assert writer.stdin
            writer.stdin.close()
            writer.wait()
    return {
        "turns_save_ms_median": round(statistics.median(times), 1),
        "turns_save_queries": max(queries),
    }


def phase_more(corpus: Path) -> dict:
    from bench.translations import phase_load

    figures = phase_load(corpus)
    more = sum(1 for _line in corpus.open())
    return {
        "more_articles": more,
        "more_ms_per_article": round(figures["load_s"] * 1000 / more, 1),
        "more_peak_rss_mib": figures["load_peak_rss_mib"],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=20240601)
    parser.add_argument("--saves", type=int, default=20)
    parser.add_argument("--more", type=int, default=100)
    parser.add_argument("--database", help="a database URL the benchmark may empty")
    parser.add_argument("--phase", choices=["saves", "more", "writer"])
    parser.add_argument("--db", help=argparse.SUPPRESS)
    parser.add_argument("--corpus", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.phase:
        setup(args.db)
        if args.phase == "writer":
            phase_writer()
            return 0
        if args.phase == "saves":
            figures = phase_saves(args.saves)
        else:
            figures = phase_more(Path(args.corpus))
        print(json.dumps(figures))
        return 0

    corpus = corpus_file(None, args.n, args.seed)
    # Other articles of the same kind: a different seed, slugs of their own.
    more = corpus_file(None, args.more, args.seed + 1)
    if args.database:
        database: Path | str = args.database
        setup(database)
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        call_command("flush", interactive=False, verbosity=0)
    else:
        database = OUT / f"scale-n{args.n}.sqlite3"
        database.unlink(missing_ok=True)
    figures = {"n": args.n}
    figures |= child("bench.related", "load", database, "--corpus", str(corpus))
    figures |= child("bench.related", "rebuild", database)
    figures |= child("bench.scale", "saves", database, "--saves", str(args.saves))
    figures |= turns(database, args.saves)
    figures |= child("bench.scale", "more", database, "--corpus", str(more))
    print("| measure | value |\n| --- | --- |")
    for key, value in figures.items():
        shown = round(value, 2) if isinstance(value, float) else value
        print(f"| {key} | {shown} |")
    line = json.dumps(figures)
    print(line)
    OUT.mkdir(exist_ok=True)
    (OUT / f"scale-n{args.n}.json").write_text(line + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
