"""What the benchmarks share: a Django set-up per process, memory, and child phases."""

import json
import os
import resource
import subprocess
import sys
from datetime import date
from pathlib import Path

OUT = Path(__file__).resolve().parent / "out"
ROOT = OUT.parent.parent


def database_url(database: Path | str) -> str:
    """A database URL as given, or an SQLite file's."""
    text = str(database)
    return text if "://" in text else f"sqlite:///{text}"


def setup(database: Path | str) -> None:
    """Configure Django for this process on a database (an SQLite file or a URL)."""
    os.environ["DJANGO_SETTINGS_MODULE"] = "clinic_cms.settings.test"
    os.environ["DATABASE_URL"] = database_url(database)
    # A whole-site catalog of a large corpus is beyond the default upload limit:
    # 1.6 GB at 100,000 articles, every entry filled.
    os.environ.setdefault("CATALOG_MAX_MB", "4096")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def peak_mib() -> float:
    """This process's peak resident memory so far.

    Linux's ``ru_maxrss`` starts a forked child at its parent's peak, so a
    phase of a large run reported the harness's own peak; ``VmHWM`` is the
    process's alone.
    """
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def month(value: str) -> date:
    year, number = value.split("-")
    return date(int(year), int(number), 1)


def child(
    module: str, phase: str, database: Path | str, *extra: str, label: str = ""
) -> dict:
    """Run one phase of a benchmark module in a fresh process; its last line is JSON.

    The figures gain ``<label or phase>_cpu_s``, the process's CPU seconds (user and
    system; on PostgreSQL the server's are not counted), which a busy machine
    inflates far less than wall time.
    """
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    completed = subprocess.run(
        [sys.executable, "-m", module, "--phase", phase, "--db", str(database), *extra],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    )
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    figures = json.loads(completed.stdout.strip().splitlines()[-1])
    return figures | {f"{label or phase}_cpu_s": round(cpu, 2)}


class QueryCounter:
    """Counts database queries without keeping them (Django's log stops at 9,000)."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)

    def __enter__(self) -> "QueryCounter":
        from django.db import connection

        self._wrapper = connection.execute_wrapper(self)
        self._wrapper.__enter__()
        return self

    def __exit__(self, *exc) -> None:
        self._wrapper.__exit__(*exc)

    def __len__(self) -> int:
        return self.count


def corpus_file(corpus: str | None, n: int, seed: int) -> Path:
    """The corpus given, or a generated one of ``n`` articles in bench/out/.

    A generated corpus is the same for the same ``n`` and ``seed``, so one made
    before is used again; it is written under another name and then renamed,
    so that a run never reads half a file.
    """
    OUT.mkdir(exist_ok=True)
    if corpus:
        return Path(corpus).resolve()
    from bench.corpus import write

    path = OUT / f"corpus-n{n}-s{seed}.jsonl"
    if not path.exists():
        partial = write(path.with_suffix(f".{os.getpid()}.part"), n, seed)
        partial.replace(path)
    return path


def revise(article, number: int, *, publish: bool) -> None:
    """Save a minor revision of ``article`` whose first English paragraph gained a sentence."""
    from dataclasses import replace

    from articles.models import Revision
    from articles.revisions.publishing import article_snapshot
    from articles.revisions.saving import article_save

    article.refresh_from_db()
    snapshot = article_snapshot(article)
    body = snapshot.value("body", "en").replace("<p>", f"<p>Revision {number}. ", 1)
    article_save(
        article=article,
        snapshot=replace(
            snapshot,
            fields={**snapshot.fields, "body": {**snapshot.fields["body"], "en": body}},
        ),
        user=None,
        note=f"Benchmark revision {number}.",
        kind=Revision.Kind.MINOR,
        editorial_date=date(2024, 1, 1),
        base_revision_id=article.latest_revision_id,
        publish=publish,
    )
