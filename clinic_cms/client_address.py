"""The address a request comes from, for login lock-outs.

Behind ``TRUSTED_PROXY_COUNT`` proxies, each appending the address it was
reached from to X-Forwarded-For, the client is the entry that many places
from the right: what stands left of it is whatever the client sent. Without
proxies the header is ignored. django-ipware is not used for this: it reads
quoted strings in the header, so a client that sends an unclosed quote
swallows the entries the proxies append and picks its own address.
"""

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str | None:
    """The client's address as the nearest trusted proxy saw it."""
    count = settings.TRUSTED_PROXY_COUNT
    remote = request.META.get("REMOTE_ADDR")
    if count <= 0:
        return remote
    hops = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
    if len(hops) < count:
        return remote  # not through the proxies: the peer itself is the client
    hop = hops[-count].strip()
    try:
        return str(ipaddress.ip_address(hop))
    except ValueError:
        return remote
