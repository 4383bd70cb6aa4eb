"""The machine's own services that some tests need (Redis, Chromium), how to tell
they run, Redis servers that tests start, and break, themselves, and the demo site
in a real browser."""

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from io import StringIO
from pathlib import Path
from unittest import SkipTest

import redis
from django.conf import settings
from django.contrib.staticfiles.testing import StaticLiveServerTestCase
from django.core.management import call_command
from django.db import connections

try:
    from playwright.sync_api import expect, sync_playwright
except ImportError:  # the dev extras are not installed
    PLAYWRIGHT_INSTALLED = False
else:
    PLAYWRIGHT_INSTALLED = True


def redis_is_running() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.5).close()
    except OSError:
        return False
    return True


REDIS_SERVER = shutil.which("redis-server") or "/usr/bin/redis-server"


def redis_server_installed() -> bool:
    return Path(REDIS_SERVER).is_file()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class RedisServer:
    """A redis-server of a test's own on a free port, to break for real.

    Nothing is saved to disk unless a test asks for it with ``SAVE``; a restart
    then loads what was saved, as a Redis with persistence would.
    """

    def __init__(self) -> None:
        self.port = free_port()
        self.directory = tempfile.TemporaryDirectory(prefix="redis-")
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen | None = None
        self.start()

    def start(self) -> None:
        self.process = subprocess.Popen(
            [REDIS_SERVER, "--port", str(self.port), "--bind", "127.0.0.1"]
            + ["--save", "", "--appendonly", "no", "--dir", self.directory.name],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while True:
            try:
                self.client().ping()
                return
            except redis.ConnectionError:
                if time.monotonic() > deadline or self.process.poll() is not None:
                    raise RuntimeError("redis-server did not start") from None
                time.sleep(0.02)

    def client(self) -> redis.Redis:
        return redis.Redis(port=self.port, socket_timeout=5)

    def kill(self) -> None:
        """Down: the process is gone and the port refuses connections."""
        if self.process is not None:
            self.process.kill()
            self.process.wait()
            self.process = None

    def restart(self) -> None:
        """A crash and a restart: whatever was not saved is lost."""
        self.kill()
        self.start()

    def pause(self) -> None:
        """Hung: connections are accepted and never answered."""
        if self.process is None:
            raise RuntimeError("redis-server is not running")
        self.process.send_signal(signal.SIGSTOP)

    def resume(self) -> None:
        if self.process is None:
            raise RuntimeError("redis-server is not running")
        self.process.send_signal(signal.SIGCONT)

    def read_only(self) -> None:
        """A replica of a primary that is not there: it refuses every write."""
        self.client().replicaof("127.0.0.1", free_port())

    def full(self) -> None:
        """Out of memory with no eviction: it refuses every write."""
        self.client().config_set("maxmemory-policy", "noeviction")
        self.client().config_set("maxmemory", "1")

    def heal(self) -> None:
        """Answering, writable and with room again, whatever was done to it."""
        if self.process is None:
            self.start()
        self.resume()
        client = self.client()
        client.replicaof("NO", "ONE")
        client.config_set("maxmemory", "0")

    def empty(self) -> None:
        """No keys, and none to come back from a snapshot at the next start."""
        self.client().flushall()
        Path(self.directory.name, "dump.rdb").unlink(missing_ok=True)

    def stop(self) -> None:
        if self.process is not None:
            self.resume()
        self.kill()
        self.directory.cleanup()


CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",  # the tests run as root, here and in CI
    "--disable-gpu",
    "--disable-background-networking",  # the machine has no internet access
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = Path(__file__).resolve().parent.parent / "screenshots"


def skip_reason() -> str | None:
    if not PLAYWRIGHT_INSTALLED:
        return "Playwright is not installed (pip install -e '.[dev]')"
    if not CHROMIUM.exists():
        return f"Debian's Chromium is not installed at {CHROMIUM} (apt-get install chromium)"
    return None


class BrowserTestCase(StaticLiveServerTestCase):
    """The demo site on 127.0.0.1 and a headless Chromium for each test."""

    host = "127.0.0.1"
    prefix: str  # of the screenshots' names, set by each subclass

    @classmethod
    def setUpClass(cls):
        reason = skip_reason()
        if reason:
            raise SkipTest(reason)
        # Playwright's sync API runs an event loop in this thread, so Django would
        # refuse database access here (as Django's docs describe for Playwright).
        cls._async_unsafe = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
        super().setUpClass()
        SCREENSHOTS.mkdir(exist_ok=True)

    @classmethod
    def tearDownClass(cls):
        super().tearDownClass()
        if cls._async_unsafe is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = cls._async_unsafe

    def setUp(self):
        call_command("load_demo", stdout=StringIO())
        # Playwright starts and stops with each test. While it runs, this thread
        # uses other database connections (Django keeps them per async context);
        # tearDown closes them before Playwright stops, so none is left open.
        self.playwright = sync_playwright().start()
        self.browser = self.playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        self.context = self.browser.new_context(
            locale="en-GB", viewport={"width": 1280, "height": 900}
        )
        self.context.set_default_timeout(10_000)
        self.page = self.context.new_page()
        self.steps = 0

    def tearDown(self):
        self.context.close()
        self.browser.close()
        connections.close_all()  # those opened while Playwright ran
        self.playwright.stop()

    def open(self, path: str) -> None:
        self.page.goto(self.live_server_url + path)

    def screenshot(self, name: str, part=None, *, full_page: bool = True) -> None:
        """Save the page (or a ``part`` of it), numbered in the order of the steps."""
        self.steps += 1
        path = SCREENSHOTS / f"{self.prefix}-{self.steps:02d}-{name}.png"
        if part is not None:
            part.screenshot(path=path)
        else:
            self.page.screenshot(path=path, full_page=full_page)

    def log_in(self, username: str, password: str) -> None:
        self.open("/admin/")
        self.page.fill("input[name=username]", username)
        self.page.fill("input[name=password]", password)
        self.screenshot("login")
        self.page.click("input[type=submit]")
        expect(self.page.locator("#user-tools")).to_contain_text("Log out")

    def open_article_list(self) -> None:
        """From the admin's home page, the "Articles" model of the "Articles" app."""
        self.page.locator("tr.model-article").get_by_role(
            "link", name="Articles"
        ).click()
        expect(self.page.locator("h1")).to_have_text("Select article to change")

    def open_article_in_admin(self, title: str) -> None:
        self.open_article_list()
        self.page.get_by_role("link", name=title, exact=True).click()
        expect(self.page.locator("h1")).to_have_text("Change article")

    def temporary_file(self, name: str) -> str:
        folder = tempfile.TemporaryDirectory()
        self.addCleanup(folder.cleanup)
        return os.path.join(folder.name, name)


def worker_environment() -> dict[str, str]:
    """The environment of a task worker on this test run's database and progress
    store, as a worker on another machine would be configured."""
    database = settings.DATABASES["default"]
    if database["ENGINE"].endswith("sqlite3"):
        url = f"sqlite:///{database['NAME']}"
    else:
        password = f":{database['PASSWORD']}" if database.get("PASSWORD") else ""
        url = (
            f"postgres://{database['USER']}{password}@{database['HOST']}:"
            f"{database['PORT']}/{database['NAME']}"
        )
    environment = {
        **{k: v for k, v in os.environ.items() if k not in {"REDIS_URL", "DEBUG"}},
        "DJANGO_SETTINGS_MODULE": "clinic_cms.settings.test",
        "DATABASE_URL": url,
    }
    backend = settings.CACHES["tasks"]["BACKEND"]
    if settings.REDIS_URL:
        environment["REDIS_URL"] = settings.REDIS_URL
    elif isinstance(backend, str) and backend.endswith("FileBasedCache"):
        location = settings.CACHES["tasks"]["LOCATION"]
        assert isinstance(location, str)
        environment["TASK_PROGRESS_DIR"] = location
    return environment


class TaskWorker:
    """``manage.py db_worker`` in a process of its own, as production runs it."""

    def __init__(
        self, name: str = "worker", *, batch: bool = False, max_tasks: int | None = None
    ) -> None:
        self.name = name
        self.log = tempfile.TemporaryFile(mode="w+")  # noqa: SIM115 (closed by stop)
        self.process = subprocess.Popen(
            [
                sys.executable,
                "manage.py",
                "db_worker",
                "--no-reload",
                "--no-startup-delay",
                "--interval=0.2",
                f"--worker-id={name}",
                *(["--batch"] if batch else []),
                *([f"--max-tasks={max_tasks}"] if max_tasks else []),
            ],
            cwd=settings.BASE_DIR,
            env=worker_environment(),
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )

    def wait(self, timeout: float = 120) -> str:
        """Wait for a ``batch`` worker to run out of tasks; what it printed."""
        self.process.wait(timeout)
        return self.output()

    def output(self) -> str:
        self.log.seek(0)
        return self.log.read()

    def kill(self) -> None:
        """SIGKILL: no clean-up, no last word, as a machine that goes down."""
        self.process.kill()
        self.process.wait()

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.kill()
        self.log.close()


def run_tasks() -> str:
    """Run every queued task in a worker process and wait for it; its output."""
    worker = TaskWorker(batch=True)
    try:
        return worker.wait()
    finally:
        worker.stop()
