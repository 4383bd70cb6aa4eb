"""The machine's own services that some tests need (Redis), how to tell they run,
and Redis servers that tests start, and break, themselves."""

import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import redis


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
        self.process.send_signal(signal.SIGSTOP)

    def resume(self) -> None:
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
