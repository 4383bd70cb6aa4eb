"""The machine's own services that some tests need (Redis), and how to tell they run."""

import socket


def redis_is_running() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.5).close()
    except OSError:
        return False
    return True
