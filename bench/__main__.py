"""The benchmark suite on a corpus, as in the shared workload.

    python -m bench --corpus FILE --json-out FILE [--database URL] [--requests 200]
    python -m bench --n 1000 --json-out FILE
    python -m bench --n 100000 --phases load      # then, on what it loaded:
    python -m bench --n 100000 --phases render,export,import

Loads the corpus (JSON Lines; ``bench.corpus`` makes one) through the product's
own save-and-publish operation, then measures, each step in its own process:
English pages rendered in-process (median, p95, queries), the PO export of
everything into Dutch, the import of "NL: " + msgid with publishing, Dutch
pages, the segments outdated by one changed sentence, 50 revisions of one
article with its history and compare pages, a rebuild of the related lists,
a rebuild of the search index with the search page, and a load run under
gunicorn (2 workers, loopback) with wrk, with and without the page cache.
Without --database it uses a fresh SQLite file per size in bench/out/; a
database named with --database is emptied first. ``--phases`` runs some steps
only; without ``load`` they reuse the database loaded before. Every whole-corpus
time is also given per article (``*_ms_per_article``), and every phase its peak
memory and CPU seconds (``*_cpu_s``, which a busy machine inflates far less than
wall time), so that two sizes compare. Progress goes to stderr, a Markdown table to
stdout, the figures to bench/out/suite-<size>.json and to --json-out.
"""

import argparse
import json
import os
import re
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.common import (
    OUT,
    ROOT,
    child,
    corpus_file,
    database_url,
    peak_mib,
    revise,
    setup,
)
from bench.translations import phase_export, phase_import, phase_load, phase_outdated

REVISIONS = 50


def _client():
    """A client as a browser would be, in a process set up as the WSGI server's.

    No test instrumentation of the templates; the garbage collector tuned as
    ``clinic_cms.wsgi`` tunes it.
    """
    from django.test import Client

    import clinic_cms.wsgi  # noqa: F401

    return Client(HTTP_HOST="localhost")


def _timed_pages(paths: list[str], warm_up: int = 20) -> dict:
    from bench.common import QueryCounter

    client = _client()
    for path in paths[:warm_up]:
        client.get(path)
    times, queries = [], []
    for path in paths:
        with QueryCounter() as counted:
            started = time.perf_counter()
            response = client.get(path)
            times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (path, response.status_code)
        queries.append(len(counted))
    times.sort()
    return {
        "median": round(statistics.median(times), 2),
        "p95": round(times[int(len(times) * 0.95) - 1], 2),
        "queries": max(queries),
    }


def _sample(language: str, requests: int) -> list[str]:
    """``requests`` article paths spread evenly over the articles readable in
    ``language``, read as ids and slugs only, so that the phase's memory is the
    pages' and not the corpus's."""
    from articles.models import Article

    readable = Article.objects.readable_in(language)
    ids = list(readable.order_by("pk").values_list("pk", flat=True))
    step = max(len(ids) // requests, 1)
    spread = ids[::step]
    chosen = (spread * (requests // max(len(spread), 1) + 1))[:requests]
    found = readable.only("pk", f"slug_{language}").in_bulk(set(chosen))
    return [found[pk].url_in(language) for pk in chosen]


def phase_render(language: str, requests: int) -> dict:
    figures = _timed_pages(_sample(language, requests))
    suffix = "" if language == "en" else f"_{language}"
    return {
        f"render{suffix}_ms_median": figures["median"],
        f"render{suffix}_ms_p95": figures["p95"],
        f"queries_per_page{suffix}": figures["queries"],
        f"render{suffix}_peak_rss_mib": round(peak_mib()),
    }


def phase_revisions() -> dict:
    from django.contrib.auth import get_user_model

    from articles.models import Article

    article = Article.objects.order_by("pk").first()
    if article is None:
        raise RuntimeError("no articles: run the load phase first")
    started = time.perf_counter()
    for n in range(REVISIONS):
        revise(article, n, publish=True)
    seconds = time.perf_counter() - started
    user = get_user_model().objects.create_superuser("bench", password="bench")
    client = _client()
    client.force_login(user)
    last = article.revisions.order_by("-number").first().number
    pages = {}
    for name, path in (
        ("history", f"/admin/articles/article/{article.pk}/history/"),
        ("compare", f"/admin/articles/article/{article.pk}/compare/?a=1&b={last}"),
    ):
        client.get(path)
        times = []
        for _ in range(20):
            started_page = time.perf_counter()
            assert client.get(path).status_code == 200
            times.append((time.perf_counter() - started_page) * 1000)
        pages[name] = round(statistics.median(times), 2)
    return {
        "revisions_save_s": round(seconds, 2),
        "revisions_save_ms_each": round(seconds * 1000 / REVISIONS, 1),
        "revisions_admin_history_ms": pages["history"],
        "revisions_admin_compare_ms": pages["compare"],
    }


def phase_related() -> dict:
    from articles.related.lists import related_rebuild

    started = time.perf_counter()
    related_rebuild()
    return {
        "related_rebuild_s": round(time.perf_counter() - started, 2),
        "related_peak_rss_mib": round(peak_mib()),
    }


def phase_paths(requests: int) -> dict:
    return {"paths": _sample("en", requests)}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _load_run(
    database, paths: list[str], cached: bool, seconds: int, redis_url: str
) -> dict:
    """requests/s and latency percentiles under gunicorn with 2 workers, measured by wrk.

    The site runs as in production (README): production settings with static
    files collected, the page cache in Redis when ``redis_url`` is given (its
    database is emptied first), two workers with four threads each.
    """
    port = _free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "clinic_cms.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "SECURE_SSL_REDIRECT": "0",
        "DATABASE_URL": database_url(database),
        "PAGE_CACHE": "1" if cached else "0",
        "REDIS_URL": redis_url,
        "ALLOWED_HOSTS": "127.0.0.1",
    }
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    if redis_url:
        subprocess.run(
            ["redis-cli", "-u", redis_url, "flushdb"],
            check=True,
            stdout=subprocess.DEVNULL,
        )
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "clinic_cms.wsgi",
            "--workers",
            "2",
            "--threads",
            "4",
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
            quoted = ",".join(json.dumps(p) for p in paths)
            script.write(
                f"local paths = {{{quoted}}}\nlocal i = 0\n"
                "request = function()\n  i = i % #paths + 1\n"
                "  return wrk.format('GET', paths[i])\nend\n"
            )
        for path in paths:  # fill the cache (or warm the workers)
            subprocess.run(
                ["curl", "-s", "-o", "/dev/null", f"http://127.0.0.1:{port}{path}"],
                check=False,
            )
        output = subprocess.run(
            [
                "wrk",
                "-t2",
                "-c16",
                f"-d{seconds}s",
                "--latency",
                "-s",
                script.name,
                f"http://127.0.0.1:{port}",
            ],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    finally:
        server.terminate()
        server.wait()
    label = "cached" if cached else "uncached"
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    socket_errors = re.search(r"Socket errors: (.*)", output)
    return {
        f"load_{label}_rps": float(_found(r"Requests/sec:\s+([\d.]+)", output)),
        f"load_{label}_p50_ms": _ms(_found(r"50%\s+([\d.]+\w+)", output)),
        f"load_{label}_p99_ms": _ms(_found(r"99%\s+([\d.]+\w+)", output)),
        f"load_{label}_errors": int(errors.group(1)) if errors else 0,
        f"load_{label}_socket_errors": socket_errors.group(1)
        if socket_errors
        else "none",
    }


def _found(pattern: str, output: str) -> str:
    """The first group of ``pattern`` in wrk's ``output``."""
    match = re.search(pattern, output)
    if match is None:
        raise RuntimeError(f"wrk printed no {pattern!r}:\n{output}")
    return match.group(1)


def _ms(value: str) -> float:
    match = re.match(r"([\d.]+)(\w+)", value)
    assert match is not None
    number, unit = match.groups()
    return round(float(number) * {"us": 0.001, "ms": 1, "s": 1000}[unit], 2)


# The suite's steps in order, each a phase run in a process of its own with
# its extra arguments; "serve" is the gunicorn load run.
STEPS = ["load", "render", "export", "import", "render_nl", "outdated", "related"]
STEPS += ["search", "serve", "revisions"]


def phase_search() -> dict:
    """A rebuild of the search index, then the search page for each bench query."""
    from bench.search import phase_queries, phase_rebuild

    rebuilt = phase_rebuild()
    peak = round(peak_mib())
    pages = phase_queries(repeat=10)["queries"]
    return {
        "search_rebuild_s": round(rebuilt["rebuild_s"], 2),
        "search_rebuild_peak_rss_mib": peak,
        "search_documents": rebuilt["documents"],
        "search_page_ms_median": round(
            statistics.median(page["median_ms"] for page in pages), 2
        ),
        "search_queries_per_page": max(page["queries"] for page in pages),
    }


def per_article(figures: dict) -> dict:
    """Each whole-corpus time as milliseconds an article, so that sizes compare."""
    articles = figures.get("articles")
    if not articles:
        return {}
    whole = {
        f"{step}_cpu_s" for step in ("load", "export", "import", "related", "search")
    }
    return {
        key[: -len("_s")] + "_ms_per_article": round(value * 1000 / articles, 3)
        for key, value in figures.items()
        if key.endswith("_s")
        and key != "revisions_save_s"
        and (not key.endswith("_cpu_s") or key in whole)
    }


def _steps(args, corpus: Path, catalog: Path) -> dict[str, list[str]]:
    requests = ["--requests", str(args.requests)]
    return {
        "load": ["--corpus", str(corpus)],
        "render": ["--language", "en", *requests],
        "export": ["--po", str(catalog)],
        "import": ["--po", str(catalog)],
        "render_nl": ["--language", "nl", *requests],
        "outdated": [],
        "related": [],
        "search": [],
        "revisions": [],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", help="a corpus in the shared JSON Lines format")
    parser.add_argument(
        "--n", type=int, default=1000, help="generate a corpus of N articles"
    )
    parser.add_argument("--seed", type=int, default=20240601)
    parser.add_argument("--json-out", required=False)
    parser.add_argument("--database", help="a database URL the benchmark may empty")
    parser.add_argument(
        "--phases",
        default=",".join(STEPS),
        help="the steps to run, comma-separated, from: " + ", ".join(STEPS) + ". "
        "Without 'load' they run on the database an earlier run loaded, and "
        "their figures join that run's in bench/out/suite-n<N>.json",
    )
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--load-seconds", type=int, default=10)
    parser.add_argument(
        "--redis",
        default="redis://127.0.0.1:6379/13",
        help="a Redis database the load run may empty for its page cache, which "
        "production keeps in Redis ('' skips the cached run)",
    )
    parser.add_argument("--phase", help=argparse.SUPPRESS)
    parser.add_argument("--db", help=argparse.SUPPRESS)
    parser.add_argument("--po", help=argparse.SUPPRESS)
    parser.add_argument("--language", default="en", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.phase:
        setup(args.db)
        phases = {
            "load": lambda: phase_load(Path(args.corpus)),
            "render": lambda: phase_render(args.language, args.requests),
            "export": lambda: phase_export(Path(args.po)),
            "import": lambda: phase_import(Path(args.po)),
            "outdated": phase_outdated,
            "revisions": phase_revisions,
            "related": phase_related,
            "search": phase_search,
            "paths": lambda: phase_paths(args.requests),
        }
        print(json.dumps(phases[args.phase]()))
        return 0

    chosen = [step.strip() for step in args.phases.split(",") if step.strip()]
    if unknown := sorted(set(chosen) - set(STEPS)):
        parser.error(f"unknown phases: {', '.join(unknown)}")
    corpus = corpus_file(args.corpus, args.n, args.seed)
    size = f"n{args.n}" if not args.corpus else Path(args.corpus).stem
    if args.database:  # e.g. suite-n1000-postgres.json beside SQLite's
        size += "-" + args.database.split(":", 1)[0]
    record = OUT / f"suite-{size}.json"
    database = args.database or OUT / f"suite-{size}.sqlite3"
    if "load" in chosen:
        if args.database:
            setup(database)
            from django.core.management import call_command

            call_command("migrate", verbosity=0)
            call_command("flush", interactive=False, verbosity=0)
        else:
            Path(database).unlink(missing_ok=True)
        figures: dict = {"corpus": str(corpus)}
    elif args.database or Path(database).exists():
        figures = json.loads(record.read_text()) if record.exists() else {}
    else:
        parser.error(f"{database} does not exist: run the 'load' phase first")
    catalog = OUT / f"suite-{size}-nl.po"
    extras = _steps(args, corpus, catalog)
    for step in (step for step in STEPS if step in chosen):
        print(f"{step}…", file=sys.stderr)
        if step == "serve":
            figures |= _serve(database, args)
            continue
        phase = "render" if step == "render_nl" else step
        figures |= child("bench", phase, database, *extras[step], label=step)
    figures |= per_article(figures)
    peaks = [v for k, v in figures.items() if k.endswith("peak_rss_mib")]
    if peaks:
        figures["peak_rss_mb"] = max(peaks)
    record.write_text(json.dumps(figures, indent=2) + "\n")
    print("| measure | value |\n| --- | --- |")
    for key, value in figures.items():
        print(f"| {key} | {value} |")
    if args.json_out:
        Path(args.json_out).write_text(json.dumps(figures, indent=2) + "\n")
    return 0


def _serve(database, args) -> dict:
    """The gunicorn load runs, uncached and (with --redis) cached, if wrk is here."""
    if subprocess.run(["which", "wrk"], capture_output=True).returncode != 0:
        print(
            "wrk is not installed (apt-get install wrk): no load run", file=sys.stderr
        )
        return {}
    paths = child("bench", "paths", database, "--requests", str(args.requests))["paths"]
    if not args.redis:
        print("no --redis: the cached load run is skipped", file=sys.stderr)
    figures: dict = {}
    for cached in (False, True) if args.redis else (False,):
        print(f"load run ({'cached' if cached else 'uncached'})…", file=sys.stderr)
        figures |= _load_run(database, paths, cached, args.load_seconds, args.redis)
    return figures


if __name__ == "__main__":
    sys.exit(main())
