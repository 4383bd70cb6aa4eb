"""Page cache: what a hit costs, and what a broken Redis costs a reader.

    python -m bench.pagecache [--requests 300]

Loads the demo into a fresh SQLite database in bench/out/, starts a redis-server
of its own on a free port, and times the sample article page in process through
the test client, as an anonymous reader: the first request (which meets
a fault first), then a cached hit, a hit whose process
looks for invalidations to retry (once every ``PAGE_CACHE_RETRY_INTERVAL`` in
production, on every request here), a page rendered without the cache, and
requests while Redis is down, hung (SIGSTOP), read-only and full. Median and
maximum of ``--requests`` requests after one warm-up, and the queries of one.
"""

import argparse
import io
import statistics
import time
from collections.abc import Callable

from bench.common import OUT, QueryCounter, setup

PAGE = "/en/articles/low-dose-naltrexone-for-neuropathic-pain/"


def _time(client, requests: int) -> dict:
    start = time.perf_counter()
    client.get(PAGE)
    first = (time.perf_counter() - start) * 1000
    times = []
    for _request in range(requests):
        start = time.perf_counter()
        response = client.get(PAGE)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, response.status_code
    with QueryCounter() as queries:
        client.get(PAGE)
    return {
        "first_ms": round(first, 2),
        "median_ms": round(statistics.median(times), 2),
        "max_ms": round(max(times), 2),
        "queries": len(queries),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=300)
    args = parser.parse_args(argv)
    OUT.mkdir(exist_ok=True)
    database = OUT / "pagecache.sqlite3"
    database.unlink(missing_ok=True)
    setup(database)
    import logging

    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client, override_settings
    from django.test.utils import setup_test_environment

    from articles.public import pagecache
    from tests.services import RedisServer

    setup_test_environment()
    logging.getLogger("articles.public.pagecache").setLevel(logging.ERROR)
    call_command("migrate", verbosity=0)
    call_command("load_demo", verbosity=0, stdout=io.StringIO())
    redis = RedisServer()
    cases: list[tuple[str, dict, Callable[[], None]]] = [
        ("cached hit", {}, lambda: None),
        ("cached hit, retry check due", {"PAGE_CACHE_RETRY_INTERVAL": 0}, redis.heal),
        ("without the cache", {"PAGE_CACHE": False}, redis.heal),
        ("Redis down", {}, redis.kill),
        ("Redis hung (SIGSTOP)", {}, redis.pause),
        ("Redis read-only", {}, redis.read_only),
        ("Redis full (noeviction)", {}, redis.full),
    ]
    print(
        "| request | first | median | max | queries |\n| --- | --- | --- | --- | --- |"
    )
    try:
        for name, overrides, fault in cases:
            redis.heal()
            redis.empty()
            pagecache._Health.paused_until = 0.0  # each case as in a fresh process
            fault()
            with override_settings(
                **{
                    "PAGE_CACHE": True,
                    "PAGE_CACHE_RETRY_INTERVAL": 3600,
                    "CACHES": {
                        "default": {
                            "BACKEND": "clinic_cms.cache.RedisCache",
                            "LOCATION": redis.url,
                            "OPTIONS": settings.REDIS_TIMEOUTS,
                        }
                    },
                    **overrides,
                }
            ):
                figures = _time(Client(), args.requests)
            print(
                f"| {name} | {figures['first_ms']} ms | {figures['median_ms']} ms "
                f"| {figures['max_ms']} ms "
                f"| {figures['queries']} |"
            )
    finally:
        redis.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
