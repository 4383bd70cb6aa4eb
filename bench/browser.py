"""A staff member's or a reader's browser over HTTP, for the soak run.

Standard library only. Requests go to a server on loopback as they would come
from the TLS proxy the README describes (``X-Forwarded-Proto: https``), so the
production settings serve them as they serve readers, secure cookies included.
"""

import secrets
from html.parser import HTMLParser
from http.client import HTTPException
from http.cookiejar import CookieJar, DefaultCookiePolicy
from urllib.error import HTTPError, URLError
from urllib.parse import urlencode
from urllib.request import (
    HTTPCookieProcessor,
    HTTPRedirectHandler,
    Request,
    build_opener,
)

Fields = list[tuple[str, str]]


class Failure(Exception):
    """A request that a user would notice went wrong, with its kind of error:
    ``5xx``, ``status`` (another unexpected status), ``connection``,
    ``timeout`` or ``content`` (the page does not show what it should)."""

    def __init__(self, kind: str, detail: str) -> None:
        super().__init__(f"{kind}: {detail}")
        self.kind = kind


class _NoRedirect(HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """One person's cookies and requests to one site on loopback."""

    def __init__(self, base: str, timeout: float) -> None:
        self.base = base
        self.timeout = timeout
        # Behind the proxy the browser speaks HTTPS: its secure cookies go back.
        policy = DefaultCookiePolicy(secure_protocols=("https", "wss", "http"))
        self.cookies = CookieJar(policy)
        self.opener = build_opener(HTTPCookieProcessor(self.cookies), _NoRedirect)

    def get(self, path: str, expect: int = 200) -> tuple[str, dict]:
        return self.request(path, expect=expect)

    def post(
        self,
        path: str,
        fields: Fields,
        *,
        expect: int,
        files: dict[str, tuple[str, bytes]] | None = None,
    ) -> tuple[str, dict]:
        if files:
            body, content_type = multipart(fields, files)
        else:
            body = urlencode(fields).encode()
            content_type = "application/x-www-form-urlencoded"
        return self.request(path, body=body, content_type=content_type, expect=expect)

    def request(
        self,
        path: str,
        *,
        body: bytes | None = None,
        content_type: str = "",
        expect: int | tuple[int, ...],
    ) -> tuple[str, dict]:
        """The page's text and headers; a ``Failure`` unless its status is expected."""
        headers = {
            "X-Forwarded-Proto": "https",
            "Accept-Language": "en",
            # Django checks the origin of a form posted over HTTPS.
            "Origin": "https://" + self.base.split("://", 1)[1],
        }
        if content_type:
            headers["Content-Type"] = content_type
        request = Request(self.base + path, data=body, headers=headers)
        method = "POST" if body is not None else "GET"
        try:
            try:
                response = self.opener.open(request, timeout=self.timeout)
            except HTTPError as error:  # any status but 2xx, redirects included
                response = error
            with response:
                text = response.read().decode(errors="replace")
                status, found = response.status, dict(response.headers)
        except TimeoutError as error:
            raise Failure("timeout", f"{method} {path}: {error}") from None
        except URLError as error:
            if isinstance(error.reason, TimeoutError):
                raise Failure("timeout", f"{method} {path}: {error.reason}") from None
            raise Failure("connection", f"{method} {path}: {error.reason}") from None
        except (HTTPException, OSError) as error:
            raise Failure("connection", f"{method} {path}: {error!r}") from None
        if status not in (expect if isinstance(expect, tuple) else (expect,)):
            kind = "5xx" if status >= 500 else "status"
            raise Failure(kind, f"{method} {path}: {status}, expected {expect}")
        return text, found

    def cookie(self, name: str) -> str:
        return next((c.value or "" for c in self.cookies if c.name == name), "")


def multipart(fields: Fields, files: dict[str, tuple[str, bytes]]) -> tuple[bytes, str]:
    """A multipart/form-data body, as a browser sends a form with a file."""
    boundary = "soak" + secrets.token_hex(12)
    parts = []
    for name, value in fields:
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
            f"{value}\r\n".encode()
        )
    for name, (filename, data) in files.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
            f'filename="{filename}"\r\nContent-Type: application/octet-stream\r\n\r\n'.encode()
            + data
            + b"\r\n"
        )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


class _FormReader(HTMLParser):
    """The fields of a page's POST forms as a browser submits them unchanged."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[Fields] = []
        self._select = ""
        self._in_textarea = False

    def handle_starttag(self, tag, attrs):
        attrs = {key: value or "" for key, value in attrs}
        if tag == "form" and attrs.get("method", "").lower() == "post":
            self.forms.append([])
        elif not self.forms:
            return
        elif tag == "input" and "name" in attrs:
            kind = attrs.get("type", "text")
            if kind in {"checkbox", "radio"} and "checked" in attrs:
                self.forms[-1].append((attrs["name"], attrs.get("value", "on")))
            elif kind not in {"checkbox", "radio", "submit", "file"}:
                self.forms[-1].append((attrs["name"], attrs.get("value", "")))
        elif tag == "textarea":
            self.forms[-1].append((attrs["name"], ""))
            self._in_textarea = True
        elif tag == "select":
            self._select = attrs["name"]
        elif tag == "option" and self._select and "selected" in attrs:
            self.forms[-1].append((self._select, attrs.get("value", "")))

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._in_textarea = False
        elif tag == "select":
            self._select = ""

    def handle_data(self, data):
        if self._in_textarea:
            name, value = self.forms[-1][-1]
            if not value:  # a browser drops the newline that opens a textarea
                data = data.removeprefix("\n")
            self.forms[-1][-1] = (name, value + data)


def post_form(html: str, field: str) -> Fields:
    """The fields of the page's POST form that has ``field``."""
    reader = _FormReader()
    reader.feed(html)
    reader.close()
    for form in reader.forms:
        if any(name == field for name, _value in form):
            return form
    raise Failure("content", f"no form with a field {field!r} on the page")


def with_values(fields: Fields, **values: str) -> Fields:
    """``fields`` with these fields set, replacing what they held."""
    kept = [(name, value) for name, value in fields if name not in values]
    return kept + list(values.items())
