"""Benchmark of a whole-site catalog uploaded in the admin and run by a worker.

    python -m bench.background --n 1000 [--seed S] [--corpus FILE]

Loads the corpus into a fresh SQLite database in bench/out/ (as bench.translations
does) and exports the Dutch catalog of every article with every msgstr filled.
Then, as a superuser through Django's test client: the upload (dry run) and
"Apply" requests, each answered with the task's page, and the time until a real
``manage.py db_worker`` process has finished each task (from the request). The
request times are what staff wait for; the worker times are what an inline
import kept them waiting before.
"""

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

from bench.common import OUT, ROOT, child, corpus_file, database_url, setup


def phase_load(corpus: Path) -> dict:
    from bench.translations import phase_load as load

    return load(corpus)


def _worker_finishes(database: Path, started: float) -> float:
    """Run the queued task in a worker process; seconds from ``started`` to done."""
    subprocess.run(
        [
            sys.executable,
            "manage.py",
            "db_worker",
            "--batch",
            "--no-reload",
            "--no-startup-delay",
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
        env={
            **os.environ,
            "DATABASE_URL": database_url(database),
            "DJANGO_SETTINGS_MODULE": "clinic_cms.settings.test",
        },
    )
    return time.perf_counter() - started


def phase_upload(database: Path) -> dict:
    import polib
    from django.contrib.auth.models import User
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import Client

    from articles.models import CatalogUpload
    from articles.translations.po.export import catalog_export
    from bench.common import QueryCounter

    catalog = polib.pofile(str(catalog_export(language="nl")))
    for entry in catalog:
        entry.msgstr = "NL: " + entry.msgid
    data = str(catalog).encode()
    User.objects.filter(username="bench").delete()  # and its uploads: a rerun
    user = User.objects.create_superuser("bench", password="bench")
    client = Client(HTTP_HOST="localhost")
    client.force_login(user)

    started = time.perf_counter()
    response = client.post(
        "/admin/articles/article/translations/import/",
        {"file": SimpleUploadedFile("nl.po", data)},
    )
    upload_ms = (time.perf_counter() - started) * 1000
    assert response.status_code == 302, response.status_code
    dry_run_s = _worker_finishes(database, started)
    with QueryCounter() as queries:
        client.get(response["Location"] + "progress/")

    pk = CatalogUpload.objects.get().pk
    started = time.perf_counter()
    response = client.post(f"/admin/articles/article/translations/import/{pk}/apply/")
    apply_ms = (time.perf_counter() - started) * 1000
    assert response.status_code == 302, response.status_code
    apply_s = _worker_finishes(database, started)
    page = client.get(response["Location"]).content.decode()
    assert "Applied " in page, page[-2000:]
    return {
        "catalog_mb": round(len(data) / 1e6, 1),
        "upload_request_ms": round(upload_ms),
        "dry_run_in_worker_s": round(dry_run_s, 1),
        "apply_request_ms": round(apply_ms),
        "apply_in_worker_s": round(apply_s, 1),
        "progress_poll_queries": len(queries),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=20240601)
    parser.add_argument("--corpus", help="a corpus file to use instead of generating")
    parser.add_argument("--phase", choices=["load", "upload"])
    parser.add_argument("--db", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.phase:
        setup(args.db)
        phases = {
            "load": lambda: phase_load(Path(args.corpus)),
            "upload": lambda: phase_upload(Path(args.db)),
        }
        print(json.dumps(phases[args.phase]()))
        return 0

    corpus = corpus_file(args.corpus, args.n, args.seed)
    database = OUT / f"background-n{args.n}.sqlite3"
    database.unlink(missing_ok=True)
    figures = {"n": args.n}
    for phase, extra in (("load", ["--corpus", str(corpus)]), ("upload", [])):
        print(f"{phase}…", file=sys.stderr)
        figures |= child("bench.background", phase, database, *extra)
    print("| measure | value |\n| --- | --- |")
    for key, value in figures.items():
        print(f"| {key} | {value} |")
    print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main())
