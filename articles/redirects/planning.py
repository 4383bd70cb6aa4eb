"""Check redirects before any is written: targets, loops, duplicates, hosts.

Used alike by ``import_redirects`` (a CSV file of the old website's
addresses) and the admin's redirect form. A target is an article as
``LANG:SLUG`` or a path on this site; a path that is itself an old path is
followed to where it leads, so that every redirect is one hop.
"""

import csv
import io
import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.conf import settings
from django.urls import Resolver404, ResolverMatch, resolve
from django.utils import translation
from django.utils.translation import get_language_from_path
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import build_localized_fieldname

from articles.models import LANGUAGE_CODES, Article, Category, Redirect

LINE = _("line %(line)s: %(problem)s")
NOT_TEXT = _("The file is not UTF-8 text.")
NO_ROWS = _("The file has no redirects.")
COLUMNS = _("expected two columns, old path and target, found %(count)s")
OLD_NOT_PATH = _("the old path %(path)s is not a path on this site (it starts with /)")
OLD_RESERVED = _("the old path %(path)s is in the admin or the static files")
DUPLICATE = _("the old path %(path)s is already on line %(first)s")
FOREIGN_HOST = _("the target %(target)s is on another host (%(host)s)")
UNKNOWN_TARGET = _("the target %(target)s is not an article or a page of this site")
LOOP = _("the target %(target)s leads back to %(path)s")

_ARTICLE_TARGET = re.compile(r"^(?P<language>[a-z]{2,8}):(?P<slug>[-\w]+)$")
_RESERVED = ("/admin/", "/static/")
HEADER = "old path"


class RedirectsRefused(ValueError):
    """The redirects were refused as a whole; ``problems`` says why, line by line."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(problems))


@dataclass
class Target:
    """Where a redirect leads: an article or category in a language, or a path."""

    article: Article | None = None
    category: Category | None = None
    language: str = ""
    path: str = ""

    def fields(self) -> dict[str, object]:
        return {
            "article": self.article,
            "category": self.category,
            "language": self.language,
            "target_path": self.path,
        }


@dataclass
class Planned:
    """One checked redirect: its line, old path and final target."""

    line: int
    old_path: str
    target: Target
    written_as: str


@dataclass
class Plan:
    redirects: list[Planned] = field(default_factory=list)


def old_path_of(value: str) -> str:
    """The path (and query) of an old address, given as a path or a full URL of
    the old website, whose host is by nature another."""
    parts = urlsplit(value.strip())
    path = parts.path or ("/" if parts.netloc else "")
    return path + (f"?{parts.query}" if parts.query else "")


def rows_of(data: bytes) -> list[tuple[int, list[str]]]:
    """The rows of a CSV file with their line numbers, without a header row."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise RedirectsRefused([str(NOT_TEXT)]) from None
    reader = csv.reader(io.StringIO(text, newline=""))
    rows: list[tuple[int, list[str]]] = []
    for row in reader:
        if not any(cell.strip() for cell in row):
            continue
        if not rows and row and row[0].strip().lower() == HEADER:
            continue
        rows.append((reader.line_num, row))
    return rows


def plan(rows: list[tuple[int, list[str]]]) -> Plan:
    """Check every row; the plan to write, or ``RedirectsRefused`` naming each
    problem by its line."""
    problems: list[tuple[int, str]] = []
    seen: dict[str, int] = {}
    wanted: dict[str, tuple[int, str]] = {}

    def problem(line: int, message: str) -> None:
        problems.append((line, str(LINE % {"line": line, "problem": message})))

    for line, row in rows:
        if len(row) != 2:
            problem(line, str(COLUMNS % {"count": len(row)}))
            continue
        old, target = old_path_of(row[0]), row[1].strip()
        if not old.startswith("/"):
            problem(line, str(OLD_NOT_PATH % {"path": row[0].strip()}))
        elif old.startswith(_RESERVED):
            problem(line, str(OLD_RESERVED % {"path": old}))
        elif old in seen:
            problem(line, str(DUPLICATE % {"path": old, "first": seen[old]}))
        else:
            seen[old] = line
            wanted[old] = (line, target)
    if not rows:
        raise RedirectsRefused([str(NO_ROWS)])
    result = Plan()
    existing = {
        redirect.old_path: redirect
        for redirect in Redirect.objects.select_related("article", "category")
    }
    for old, (line, written) in wanted.items():
        try:
            final = _follow(old, written, wanted, existing)
        except _Problem as error:
            problem(line, error.message)
            continue
        result.redirects.append(Planned(line, old, final, written))
    if problems:
        raise RedirectsRefused([message for _line, message in sorted(problems)])
    return result


class _Problem(Exception):
    def __init__(self, message: str) -> None:
        self.message = message


def _follow(
    old: str,
    written: str,
    wanted: dict[str, tuple[int, str]],
    existing: dict[str, Redirect],
) -> Target:
    """The final target of ``written``, following old paths of the file and of
    the redirects already kept; a loop back to a path on the way is refused.

    A path target is a page without an object (an article or a category is
    stored as itself), so a stored target never becomes an old path later.
    """
    visited = [old]
    current = written
    while True:
        target = _target(current, original=written)
        if target.path in visited:
            raise _Problem(str(LOOP % {"target": written, "path": target.path}))
        if target.path and target.path in wanted:
            visited.append(target.path)
            current = wanted[target.path][1]
            continue
        if target.path and (redirect := existing.get(target.path)):
            if redirect.target_path in visited:
                raise _Problem(str(LOOP % {"target": written, "path": target.path}))
            visited.append(target.path)
            if not redirect.target_path:
                return Target(
                    article=redirect.article,
                    category=redirect.category,
                    language=redirect.language,
                )
            current = redirect.target_path
            continue
        if target.path and not _is_page(target.path):
            raise _Problem(str(UNKNOWN_TARGET % {"target": written}))
        return target


def _target(value: str, *, original: str) -> Target:
    """A target as written: an article by ``LANG:SLUG``, else a path, which is
    an article or a category where it names one."""
    unknown = _Problem(str(UNKNOWN_TARGET % {"target": original}))
    if match := _ARTICLE_TARGET.match(value):
        language, slug = match["language"], match["slug"]
        article = (
            Article.objects.present()
            .filter(**{build_localized_fieldname("slug", language): slug})
            .first()
            if language in LANGUAGE_CODES
            else None
        )
        if article is None:
            raise unknown
        return Target(article=article, language=language)
    parts = urlsplit(value)
    if parts.scheme or parts.netloc:
        host = (parts.hostname or "").lower()
        if parts.scheme not in {"http", "https"} or host not in _own_hosts():
            raise _Problem(
                str(FOREIGN_HOST % {"target": original, "host": host or parts.scheme})
            )
    path = parts.path
    if not path.startswith("/"):
        raise unknown
    path += f"?{parts.query}" if parts.query else ""
    match_ = _resolve(parts.path)
    if match_ is None:
        return Target(path=path)  # perhaps an old path; checked by the caller
    language = get_language_from_path(parts.path) or ""
    slug_field = build_localized_fieldname("slug", language) if language else ""
    if match_.view_name == "articles:article" and language:
        article = (
            Article.objects.present()
            .filter(**{slug_field: match_.kwargs["slug"]})
            .first()
        )
        if article is None:
            return Target(path=path)
        return Target(article=article, language=language)
    if match_.view_name == "articles:category" and language:
        category = Category.objects.filter(
            **{slug_field: match_.kwargs["slug"]}
        ).first()
        if category is None:
            return Target(path=path)
        return Target(category=category, language=language)
    return Target(path=path)


def _is_page(path: str) -> bool:
    """Whether a path (one that no article or category took) is a page of this
    site outside the admin."""
    match = _resolve(urlsplit(path).path)
    if match is None:
        return False
    return "admin" not in match.namespaces and match.view_name not in {
        "articles:article",
        "articles:category",
        "articles:article_version",
        "articles:category_feed",
    }


def _resolve(path: str) -> ResolverMatch | None:
    """The view of a path, read in the language its prefix names."""
    language = get_language_from_path(path) or settings.LANGUAGE_CODE
    with translation.override(language):
        try:
            return resolve(path)
        except Resolver404:
            return None


def _own_hosts() -> set[str]:
    return {host.lstrip(".").lower() for host in settings.ALLOWED_HOSTS if host != "*"}
