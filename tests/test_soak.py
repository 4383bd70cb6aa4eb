"""The soak run (``python -m bench.soak``) serves its whole mix and reports it.

A short run end to end: its own Redis, killed and started again, gunicorn as in
production, every kind of request. Whatever the site answers during the outage,
the report must count it, per kind and phase, and the exit code must say so.
"""

import importlib.util
import json
import subprocess
import sys
import tempfile
from pathlib import Path
from unittest import skipUnless

from django.conf import settings
from django.test import SimpleTestCase

from bench.soak import ERRORS, KINDS, PHASES, REDIS_SERVER

OUTAGE = 5


@skipUnless(Path(REDIS_SERVER).exists(), f"no {REDIS_SERVER}")
@skipUnless(importlib.util.find_spec("gunicorn"), "gunicorn is not installed")
class ShortSoakTests(SimpleTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        folder = tempfile.TemporaryDirectory()
        cls.addClassCleanup(folder.cleanup)
        report = Path(folder.name) / "soak.json"
        cls.completed = subprocess.run(
            [sys.executable, "-m", "bench.soak", "--minutes", "0.3", "--n", "12"]
            + ["--redis-outage", str(OUTAGE), "--json-out", str(report)]
            + ["--database", f"sqlite:///{folder.name}/soak.sqlite3"],
            cwd=settings.BASE_DIR,
            capture_output=True,
            text=True,
            timeout=120,
        )
        cls.figures = json.loads(report.read_text()) if report.exists() else {}

    def setUp(self):
        self.assertTrue(self.figures, self.completed.stderr)

    def test_every_kind_of_request_is_counted_in_every_phase(self):
        self.assertEqual(list(self.figures["kinds"]), list(KINDS))
        for kind, figures in self.figures["kinds"].items():
            with self.subTest(kind):
                self.assertGreater(figures["requests"], 0)
                self.assertEqual(list(figures["phases"]), list(PHASES))
                self.assertEqual(
                    sum(p["requests"] for p in figures["phases"].values()),
                    figures["requests"],
                )
        for kind in ("cached page", "uncached page"):
            for phase, figures in self.figures["kinds"][kind]["phases"].items():
                with self.subTest(kind=kind, phase=phase):
                    self.assertGreater(figures["requests"], 0)

    def test_redis_was_down_for_the_outage(self):
        killed, restarted = self.figures["killed_at_s"], self.figures["restarted_at_s"]
        self.assertLess(0, killed)
        self.assertGreaterEqual(restarted - killed, OUTAGE - 0.1)  # rounded to 0.1 s
        self.assertLess(restarted, self.figures["duration_s"])

    def test_errors_are_counted_by_type_and_decide_the_exit_code(self):
        total = 0
        for kind, figures in self.figures["kinds"].items():
            with self.subTest(kind):
                self.assertEqual(list(figures["errors_by_type"]), list(ERRORS))
                self.assertEqual(
                    sum(figures["errors_by_type"].values()), figures["errors"]
                )
                self.assertEqual(
                    sum(p["errors"] for p in figures["phases"].values()),
                    figures["errors"],
                )
                # Each error is described on stderr, so that it can be looked into.
                self.assertEqual(
                    bool(figures["error_examples"]), bool(figures["errors"])
                )
                for example in figures["error_examples"]:
                    self.assertIn(example, self.completed.stderr)
                total += figures["errors"]
        self.assertEqual(self.figures["errors"], total)
        self.assertEqual(self.completed.returncode, 1 if total else 0)

    def test_the_table_shows_each_kind_and_phase(self):
        for kind in KINDS:
            for phase in (*PHASES, "all"):
                self.assertIn(f"| {kind} | {phase} |", self.completed.stdout)

    def test_worker_memory_is_sampled_and_every_process_is_stopped(self):
        workers = self.figures["workers"]
        self.assertGreaterEqual(len(workers), 2)
        for pid, worker in workers.items():
            with self.subTest(pid):
                self.assertGreaterEqual(len(worker["rss_mib"]), 2)
                self.assertGreater(worker["max_mib"], 0)
                self.assertFalse(Path(f"/proc/{pid}").exists())
        log = Path(self.figures["gunicorn_log"]).read_text()
        self.assertIn("Shutting down: Master", log)
