"""Soak run: the site under a steady mix for minutes, its Redis killed in the middle.

    python -m bench.soak --minutes 10 [--database URL] [--n 200]
        [--redis-outage 30] [--json-out FILE]

Loads the shared benchmark corpus (``bench.corpus``) through the product's own
save-and-publish operation into a fresh SQLite file in bench/out/ (or the
database at --database, emptied first), starts a redis-server of its own on a
free port and gunicorn as in production (production settings, 2 workers × 4
threads, behind what looks like the README's TLS proxy) on loopback, then,
from client threads, for the whole run:

- cached page: a hot set of article pages and the home page, anonymously;
- uncached page: earlier-version pages of the other (cold) articles, which
  the page cache never stores, spread over the corpus;
- admin save: a staff member opens an article's edit form, changes its first
  paragraph, writes a change note and publishes; a reader must then see it;
- catalog import: the staff member exports one article's Dutch catalog from
  the article list, changes a translation, uploads it through "Import a
  translated PO file", applies the dry run; the Dutch page must then show it.

Halfway it kills its Redis (SIGKILL) for --redis-outage seconds and starts it
again on the same port. It reports per kind: requests, errors by type (5xx,
another unexpected status, connection error, timeout, wrong content, or a
fault of the harness itself) and the p50/p99 latency of the requests that
succeeded before, during and after the outage (for a save the POST, for an
import the upload and the apply); the exceptions behind the 5xx answers, from
gunicorn's log; and the resident memory of each gunicorn worker every few
seconds: a table on stdout, JSON with --json-out. The exit code is 1 when
there was any error. Every process it started is stopped at the end, on
Ctrl-C too.
"""

import argparse
import ctypes
import html
import json
import math
import os
import random
import re
import secrets
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from bench.browser import Browser, Failure, post_form, with_values
from bench.common import OUT, ROOT, child, corpus_file, database_url, setup

REDIS_SERVER = "/usr/bin/redis-server"
KINDS = ("cached page", "uncached page", "admin save", "catalog import")
ERRORS = ("5xx", "status", "connection", "timeout", "content", "harness")
PHASES = ("before", "during", "after")
STAFF = "soak-editor"
TIMEOUT = 10.0  # seconds a request may take before it counts as a timeout
SAMPLE_SECONDS = 5.0
# Seconds between two operations of one client thread, and the threads of each kind.
CLIENTS = {
    "cached page": (0.02, 3),
    "uncached page": (0.2, 2),
    "admin save": (2.0, 1),
    "catalog import": (15.0, 1),
}
IMPORTED, EDITED, HOT = 2, 4, 20  # articles set aside for each use, by pk


def phase_load(corpus: Path) -> dict:
    """Empty the database, load the corpus, and list its articles by pk."""
    from django.core.management import call_command

    from articles.models import Article
    from bench.translations import phase_load as load

    call_command("migrate", verbosity=0)
    call_command("flush", interactive=False, verbosity=0)
    figures = load(corpus, relations=True)
    return {
        "load_s": figures["load_s"],
        "articles": [
            {"pk": pk, "slug": slug, "title": title}
            for pk, slug, title in Article.objects.order_by("pk").values_list(
                "pk", "slug_en", "title_en"
            )
        ],
    }


# Processes ---------------------------------------------------------------


def _die_with_parent() -> None:
    """Have the kernel stop a server whose soak run died without cleaning up."""
    ctypes.CDLL(None).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_redis(port: int) -> subprocess.Popen:
    """A throw-away redis-server on ``port``, answering PING."""
    import redis

    process = subprocess.Popen(
        [REDIS_SERVER, "--port", str(port), "--bind", "127.0.0.1"]
        + ["--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
        preexec_fn=_die_with_parent,
    )
    client = redis.Redis(port=port, socket_timeout=1)
    deadline = time.monotonic() + 10
    while True:
        try:
            client.ping()
            client.close()
            return process
        except redis.ConnectionError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                raise RuntimeError(
                    f"redis-server did not start on port {port}"
                ) from None
            time.sleep(0.05)


def start_gunicorn(env: dict, log: Path) -> tuple[subprocess.Popen, str]:
    """gunicorn as in production on a free loopback port, and its base URL."""
    with open(log, "wb") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "clinic_cms.wsgi"]
            + ["--workers", "2", "--threads", "4", "--bind", "127.0.0.1:0"]
            + ["--graceful-timeout", "2"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=output,
            preexec_fn=_die_with_parent,
        )
    deadline = time.monotonic() + 30
    while True:
        text = log.read_text(errors="replace")
        match = re.search(r"Listening at: (http://127\.0\.0\.1:\d+)", text)
        if match and text.count("Booting worker") >= 2:
            return process, match.group(1)
        if process.poll() is not None or time.monotonic() > deadline:
            stop(process)
            raise RuntimeError(f"gunicorn did not start:\n{text}")
        time.sleep(0.05)


def stop(process: subprocess.Popen | None, *, kill: bool = False) -> None:
    if process is None or process.poll() is not None:
        return
    process.send_signal(signal.SIGKILL if kill else signal.SIGTERM)
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def worker_rss(master: int) -> dict[int, float]:
    """Resident memory (MiB) of each child process of ``master``, from /proc."""
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            if int(stat.rsplit(")", 1)[1].split()[1]) != master:
                continue
            status = (entry / "status").read_text()
        except (OSError, IndexError, ValueError):
            continue  # gone meanwhile
        if match := re.search(r"VmRSS:\s+(\d+) kB", status):
            found[int(entry.name)] = round(int(match.group(1)) / 1024, 1)
    return found


def server_errors(log: Path) -> dict[str, int]:
    """How often each exception ended a request in error, from gunicorn's log."""
    counts: dict[str, int] = {}
    for record in log.read_text(errors="replace").split("Internal Server Error: ")[1:]:
        # The last exception of a chain is the one that reached Django.
        found = re.findall(r"^([A-Za-z_][\w.]*(?:Error|Exception)\b.*)$", record, re.M)
        if found:
            counts[found[-1][:120]] = counts.get(found[-1][:120], 0) + 1
    return dict(sorted(counts.items(), key=lambda item: -item[1]))


# Clients -----------------------------------------------------------------


@dataclass
class Sample:
    kind: str
    at: float  # seconds since the start of the run
    latency: float | None  # seconds, for a request that succeeded
    error: str = ""
    detail: str = ""


@dataclass
class Run:
    """What the client threads share: the site, the plan and what they measured."""

    base: str
    password: str
    articles: list[dict]
    started: float = 0.0
    stopping: threading.Event = field(default_factory=threading.Event)
    samples: list[Sample] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def browser(self) -> Browser:
        return Browser(self.base, TIMEOUT)

    def record(self, sample: Sample) -> None:
        with self.lock:
            self.samples.append(sample)

    def loop(self, kind: str, interval: float, operation: Callable[[], float]) -> None:
        """Run ``operation`` every ``interval`` seconds until the run stops."""
        due = time.monotonic()
        while not self.stopping.is_set():
            began = time.monotonic()
            sample = Sample(kind, began - self.started, None)
            try:
                sample.latency = operation()
            except Failure as failure:
                sample.error, sample.detail = failure.kind, str(failure)
            except Exception as error:  # a fault of the harness is not a good run
                sample.error, sample.detail = "harness", repr(error)
            self.record(sample)
            due = max(due + interval, time.monotonic())
            self.stopping.wait(due - time.monotonic())


def _timed(call: Callable[[], object]) -> float:
    began = time.monotonic()
    call()
    return time.monotonic() - began


def _shows(page: str, text: str, where: str) -> None:
    if text not in html.unescape(page):
        raise Failure("content", f"{where} does not show {text!r}")


def login(browser: Browser, password: str) -> None:
    page, _headers = browser.get("/admin/login/")
    fields = with_values(
        post_form(page, "username"), username=STAFF, password=password, next="/admin/"
    )
    browser.post("/admin/login/?next=/admin/", fields, expect=302)


class Reader:
    """Anonymous page views: a hot set (cached) or old versions (never cached)."""

    def __init__(self, run: Run, pages: list[tuple[str, str]], seed: int) -> None:
        self.browser, self.pages = run.browser(), pages
        self.random = random.Random(seed)

    def view(self) -> float:
        path, title = self.random.choice(self.pages)
        began = time.monotonic()
        page, _headers = self.browser.get(path)
        latency = time.monotonic() - began
        _shows(page, title, path)
        return latency


class Editor:
    """A staff member's session: saves and publishes, imports catalogs."""

    def __init__(self, run: Run, articles: list[dict]) -> None:
        self.run, self.articles = run, articles
        self.staff, self.reader = run.browser(), run.browser()
        self.count = 0
        self.logged_in = False

    def _next(self) -> dict:
        if not self.logged_in:
            login(self.staff, self.run.password)
            self.logged_in = True
        self.count += 1
        return self.articles[self.count % len(self.articles)]

    def save(self) -> float:
        article = self._next()
        change = f"/admin/articles/article/{article['pk']}/change/"
        form, _headers = self.staff.get(change)
        fields = post_form(form, "base_revision")
        body = dict(fields).get("body_en", "")
        if not body.startswith("<p>"):
            raise Failure("content", f"{change}: the English body is not in the form")
        marker = f"Soak edit {self.count}."
        fields = with_values(
            fields,
            body_en=re.sub(r"^<p>(?:Soak edit \d+\. )?", f"<p>{marker} ", body),
            kind="minor",
            note=f"Soak run: edit {self.count}.",
            _publish="Publish",
        )
        latency = _timed(lambda: self.staff.post(change, fields, expect=302))
        path = f"/en/articles/{article['slug']}/"
        page, _headers = self.reader.get(path)
        _shows(page, marker, path)
        return latency

    def catalog_import(self) -> float:
        import polib

        article = self._next()
        token = self.staff.cookie("csrftoken")
        exported, headers = self.staff.post(
            "/admin/articles/article/",
            [("csrfmiddlewaretoken", token), ("action", "export_po_nl")]
            + [("_selected_action", str(article["pk"])), ("index", "0")],
            expect=200,
        )
        if "gettext" not in headers.get("Content-Type", ""):
            raise Failure("content", "the export action gave no PO file")
        catalog = polib.pofile(exported)
        marker = f"NL soak {self.count}:"
        # The first entry of the body (a paragraph) is the one changed.
        paragraph = next(
            (e for e in catalog if re.search(r"/b\d+$", e.msgctxt or "")), None
        )
        if paragraph is None:
            raise Failure("content", "the exported catalog has no body paragraph")
        for entry in catalog:
            if entry.fuzzy:  # a suggestion from translation memory: translated anew
                entry.flags.remove("fuzzy")
                entry.previous_msgid = entry.previous_msgctxt = None
                entry.msgstr = ""
            if entry is paragraph:
                entry.msgstr = f"{marker} {entry.msgid}"
            elif not entry.msgstr:
                entry.msgstr = f"NL: {entry.msgid}"
        began = time.monotonic()
        report, _headers = self.staff.post(
            "/admin/articles/article/translations/import/",
            [("csrfmiddlewaretoken", token), ("language", "nl")],
            files={"file": ("nl.po", str(catalog).encode())},
            expect=200,
        )
        apply = re.search(r'action="(/admin/[^"]+/import/\d+/apply/)"', report)
        if apply is None:
            raise Failure("content", "the dry run offers no Apply")
        applied, _headers = self.staff.post(
            apply.group(1), [("csrfmiddlewaretoken", token)], expect=200
        )
        latency = time.monotonic() - began
        if not re.search(r"Applied \d+ entr\w+; 0 rejected, 0 stale\.", applied):
            raise Failure("content", "the apply did not report every entry applied")
        # The reader switches to Dutch on the English page.
        english = f"/en/articles/{article['slug']}/"
        page, _headers = self.reader.get(english)
        switch = re.search(r'<a href="(/nl/[^"]+)" hreflang="nl"', page)
        if switch is None:
            raise Failure("content", f"{english} offers no Dutch version")
        page, _headers = self.reader.get(switch.group(1))
        _shows(page, marker, switch.group(1))
        return latency


def serve(run: Run) -> list[threading.Thread]:
    """Start the client threads of every kind."""
    articles = run.articles
    imported = articles[:IMPORTED]
    edited = articles[IMPORTED : IMPORTED + EDITED]
    rest = articles[IMPORTED + EDITED :]
    hot, cold = rest[: min(HOT, len(rest) // 2)], rest[min(HOT, len(rest) // 2) :]
    cached = [("/en/", "</html>")] + [
        (f"/en/articles/{a['slug']}/", a["title"]) for a in hot
    ]
    uncached = [(f"/en/articles/{a['slug']}/versions/1/", a["title"]) for a in cold]
    warm = run.browser()
    for path, _title in cached:
        warm.get(path)
    operations: list[tuple[str, Callable[[], float]]] = []
    for number in range(CLIENTS["cached page"][1]):
        operations.append(("cached page", Reader(run, cached, number).view))
    for number in range(CLIENTS["uncached page"][1]):
        operations.append(("uncached page", Reader(run, uncached, 100 + number).view))
    operations.append(("admin save", Editor(run, edited).save))
    operations.append(("catalog import", Editor(run, imported).catalog_import))
    threads = [
        threading.Thread(
            target=run.loop,
            args=(kind, CLIENTS[kind][0], operation),
            name=kind,
            daemon=True,
        )
        for kind, operation in operations
    ]
    run.started = time.monotonic()
    for thread in threads:
        thread.start()
    return threads


# Report ------------------------------------------------------------------


def _percentile(values: list[float], share: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return round(ordered[max(math.ceil(share * len(ordered)) - 1, 0)] * 1000, 1)


def _figures(samples: list[Sample]) -> dict:
    """Requests, errors by type, and the latency of the requests that succeeded."""
    succeeded = [s.latency for s in samples if s.latency is not None]
    return {
        "requests": len(samples),
        "errors": len(samples) - len(succeeded),
        "errors_by_type": {e: sum(s.error == e for s in samples) for e in ERRORS},
        "p50_ms": _percentile(succeeded, 0.5),
        "p99_ms": _percentile(succeeded, 0.99),
    }


def report(run: Run, timeline: dict, memory: dict[int, list], log: Path) -> dict:
    """The figures of the run, per kind and phase, and the workers' memory."""
    killed, restarted = timeline["killed_at_s"], timeline["restarted_at_s"]

    def phase(sample: Sample) -> str:
        if killed is None or sample.at < killed:
            return "before"
        return "during" if restarted is None or sample.at < restarted else "after"

    kinds = {}
    for kind in KINDS:
        mine = [s for s in run.samples if s.kind == kind]
        kinds[kind] = {
            **_figures(mine),
            "phases": {
                name: _figures([s for s in mine if phase(s) == name]) for name in PHASES
            },
            "error_examples": sorted({s.detail for s in mine if s.error})[:5],
        }
    return {
        **timeline,
        "errors": sum(kind["errors"] for kind in kinds.values()),
        "kinds": kinds,
        "server_errors": server_errors(log),
        "workers": {
            str(pid): {
                "rss_mib": series,
                "first_mib": series[0][1],
                "max_mib": max(mib for _at, mib in series),
                "last_mib": series[-1][1],
            }
            for pid, series in memory.items()
        },
    }


def print_table(figures: dict) -> None:
    print(
        f"{figures['articles']} articles, {figures['duration_s']} s, Redis killed at "
        f"{figures['killed_at_s']} s and back at {figures['restarted_at_s']} s\n"
    )
    print(
        "| kind | phase | requests | errors | "
        + " | ".join(ERRORS)
        + " | p50 ms | p99 ms |"
    )
    print("| --- | --- |" + " ---: |" * (len(ERRORS) + 4))
    for kind, of_kind in figures["kinds"].items():
        for name, part in [*of_kind["phases"].items(), ("all", of_kind)]:
            print(
                f"| {kind} | {name} | {part['requests']} | {part['errors']} | "
                + " | ".join(str(part["errors_by_type"][e]) for e in ERRORS)
                + "".join(
                    f" | {'–' if part[p] is None else part[p]}"
                    for p in ("p50_ms", "p99_ms")
                )
                + " |"
            )
    print("\n| worker pid | first MiB | max MiB | last MiB | samples |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for pid, worker in figures["workers"].items():
        print(
            f"| {pid} | {worker['first_mib']} | {worker['max_mib']} | "
            f"{worker['last_mib']} | {len(worker['rss_mib'])} |"
        )
    if figures["server_errors"]:
        print("\n| server error (gunicorn's log) | requests |\n| --- | ---: |")
        for error, count in figures["server_errors"].items():
            print(f"| {error} | {count} |")
    for kind, of_kind in figures["kinds"].items():
        for example in of_kind["error_examples"]:
            print(f"{kind}: {example}", file=sys.stderr)


# Main --------------------------------------------------------------------


def _interrupt(signum, frame) -> None:
    raise KeyboardInterrupt


@dataclass
class Servers:
    """The Redis and the gunicorn of a run, started and stopped by it."""

    redis_port: int
    env: dict
    log: Path
    redis: subprocess.Popen | None = None
    gunicorn: subprocess.Popen | None = None

    def start(self) -> str:
        self.redis = start_redis(self.redis_port)
        self.gunicorn, base = start_gunicorn(self.env, self.log)
        return base

    def stop(self) -> None:
        stop(self.gunicorn)
        stop(self.redis, kill=True)


def prepare(args: argparse.Namespace) -> tuple[dict, Servers, str]:
    """Load the corpus; the servers' environment; the staff member's password."""
    corpus = corpus_file(None, args.n, args.seed)
    if args.database:
        database = args.database
    else:
        database = OUT / "soak.sqlite3"
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{database}{suffix}").unlink(missing_ok=True)
    print("load…", file=sys.stderr)
    loaded = child("bench.soak", "load", database, "--corpus", str(corpus))
    loaded["database"] = database_url(database)
    redis_port = _free_port()
    password = secrets.token_urlsafe(24)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "clinic_cms.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        # As behind the README's TLS proxy: it says the request came over HTTPS.
        "SECURE_PROXY_SSL_HEADER_ENABLED": "1",
        "DATABASE_URL": loaded["database"],
        "REDIS_URL": f"redis://127.0.0.1:{redis_port}/0",
        "PAGE_CACHE": "1",
        "ALLOWED_HOSTS": "127.0.0.1",
    }
    manage = [sys.executable, "manage.py"]
    subprocess.run(
        [*manage, "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True
    )
    subprocess.run(
        [*manage, "createsuperuser", "--noinput", "--username", STAFF]
        + ["--email", "soak@example.org"],
        cwd=ROOT,
        env={**env, "DJANGO_SUPERUSER_PASSWORD": password},
        check=True,
        stdout=subprocess.DEVNULL,
    )
    log = OUT / f"soak-gunicorn-{os.getpid()}.log"
    return loaded, Servers(redis_port, env, log), password


def watch(run: Run, servers: Servers, timeline: dict, memory: dict) -> None:
    """Until the run ends: sample the workers' memory, kill Redis and restart it."""
    duration, outage = timeline["duration_s"], timeline["redis_outage_s"]
    kill_at, next_sample = (duration - outage) / 2, 0.0
    assert servers.gunicorn is not None
    while (at := time.monotonic() - run.started) < duration:
        if servers.gunicorn.poll() is not None:
            raise RuntimeError(f"gunicorn stopped during the run; see {servers.log}")
        if at >= next_sample:
            for pid, mib in worker_rss(servers.gunicorn.pid).items():
                memory.setdefault(pid, []).append([round(at), mib])
            next_sample += SAMPLE_SECONDS
        if timeline["killed_at_s"] is None and at >= kill_at:
            # Stamped before the kill: a request from then on may meet no Redis.
            timeline["killed_at_s"] = round(time.monotonic() - run.started, 3)
            stop(servers.redis, kill=True)
            print(f"Redis killed at {timeline['killed_at_s']} s…", file=sys.stderr)
        elif timeline["restarted_at_s"] is None and (
            timeline["killed_at_s"] is not None
            and at >= timeline["killed_at_s"] + outage
        ):
            servers.redis = start_redis(servers.redis_port)
            timeline["restarted_at_s"] = round(time.monotonic() - run.started, 3)
            print(f"Redis back at {timeline['restarted_at_s']} s…", file=sys.stderr)
        time.sleep(0.1)


def soak(args: argparse.Namespace) -> int:
    loaded, servers, password = prepare(args)
    timeline: dict = {
        "articles": len(loaded["articles"]),
        "database": loaded["database"],
        "duration_s": round(args.minutes * 60, 1),
        "redis_outage_s": args.redis_outage,
        "killed_at_s": None,
        "restarted_at_s": None,
        "gunicorn_log": str(servers.log),
    }
    memory: dict[int, list] = {}
    run, threads, aborted = None, [], ""
    # Ctrl-C too when started in the background, where SIGINT is ignored.
    handlers = {n: signal.getsignal(n) for n in (signal.SIGINT, signal.SIGTERM)}
    for number in handlers:
        signal.signal(number, _interrupt)
    try:
        base = servers.start()
        print(f"serving on {base} for {timeline['duration_s']} s…", file=sys.stderr)
        run = Run(base=base, password=password, articles=loaded["articles"])
        threads = serve(run)
        watch(run, servers, timeline, memory)
    except KeyboardInterrupt:
        aborted = "interrupted"
    except RuntimeError as error:
        aborted = str(error)
    finally:
        if run is not None:
            run.stopping.set()
            for thread in threads:
                thread.join(timeout=TIMEOUT * 3)
        servers.stop()
        for number, handler in handlers.items():
            signal.signal(number, handler)
    if aborted:
        print(f"{aborted}: stopped early", file=sys.stderr)
    if run is not None:
        figures = report(run, timeline, memory, servers.log)
        print_table(figures)
        print(f"\ngunicorn's log: {servers.log}", file=sys.stderr)
        if args.json_out:
            Path(args.json_out).write_text(json.dumps(figures, indent=2) + "\n")
    if aborted:
        return 130 if aborted == "interrupted" else 1
    return 1 if figures["errors"] else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument(
        "--database", help="a database URL the soak run may empty (default: SQLite)"
    )
    parser.add_argument("--n", type=int, default=200, help="articles in the corpus")
    parser.add_argument("--seed", type=int, default=20240601)
    parser.add_argument(
        "--redis-outage", type=float, default=30.0, help="seconds without Redis"
    )
    parser.add_argument("--json-out", help="write the figures as JSON to this file")
    parser.add_argument("--phase", help=argparse.SUPPRESS)
    parser.add_argument("--db", help=argparse.SUPPRESS)
    parser.add_argument("--corpus", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.phase:
        setup(args.db)
        print(json.dumps(phase_load(Path(args.corpus))))
        return 0
    if args.n < IMPORTED + EDITED + 4:
        parser.error(f"--n must be at least {IMPORTED + EDITED + 4}")
    if args.redis_outage < 0 or args.minutes * 60 <= args.redis_outage + 4:
        parser.error("--minutes must leave time before and after --redis-outage")
    if not Path(REDIS_SERVER).exists():
        parser.error(f"{REDIS_SERVER} is missing (apt-get install redis-server)")
    try:
        return soak(args)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
