"""Redirects recorded when the slug of an article or a category changes.

Called by the writes themselves (``articles.revisions`` for every save,
publish, restore and import of an article; the category action), so that no
path that changes a slug can forget its redirect.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction

from articles.models import LANGUAGE_CODES, Article, Category, Redirect
from articles.public.pagecache import pages_invalidate


@dataclass(frozen=True)
class Before:
    """An article's row as it was before a write: on the site, ever, and its slugs."""

    published: bool
    was_live: bool
    slugs: dict[str, str | None]


def articles_before(articles: Iterable[Article]) -> dict[int, Before]:
    return {
        article.pk: Before(
            published=article.status == Article.Status.PUBLISHED,
            was_live=article.live_revision_id is not None,
            slugs={code: article.slug_in(code) for code in LANGUAGE_CODES},
        )
        for article in articles
        if article.pk is not None
    }


def _article_path(slug: str, language: str) -> str:
    return Article(**{f"slug_{language}": slug}).url_in(language)


def article_moves_record(
    before: dict[int, Before], articles: Iterable[Article]
) -> None:
    """Point each old address of these articles at the article; let a page that
    now has an address that was a redirect's keep it."""
    moved: list[tuple[str, Article, str]] = []
    live_paths: set[str] = set()
    for article in articles:
        was = before.get(article.pk)
        if was is None:
            continue
        changed = False
        for code in LANGUAGE_CODES:
            old, new = was.slugs[code], article.slug_in(code)
            if old == new:
                continue
            changed = True
            if old and was.was_live:
                moved.append((_article_path(old, code), article, code))
        if article.status == Article.Status.PUBLISHED and (
            changed or not was.published
        ):
            live_paths.update(
                article.url_in(code) for code in LANGUAGE_CODES if article.slug_in(code)
            )
    _record(
        [
            (path, {"article": article, "language": code})
            for path, article, code in moved
        ],
        live_paths,
    )


def category_moves_record(before: Category | None, after: Category) -> None:
    """Point the category's old listing addresses at the category."""
    moved = []
    for code in LANGUAGE_CODES:
        old = before.url_in(code) if before is not None else None
        new = after.url_in(code)
        if old and old != new:
            moved.append((old, {"category": after, "language": code}))
    live = {url for code in LANGUAGE_CODES if (url := after.url_in(code))}
    if moved or before is None:
        _record(moved, live)


def _record(moved: list[tuple[str, dict[str, object]]], live_paths: set[str]) -> None:
    live_paths -= {path for path, _target in moved}
    if live_paths:
        Redirect.objects.filter(old_path__in=live_paths).delete()
    for path, target in moved:
        Redirect.objects.update_or_create(
            old_path=path,
            defaults={
                "article": None,
                "category": None,
                "target_path": "",
                **target,
            },
        )
    if moved:
        # The old address may still be cached as the page it was.
        paths = {path for path, _target in moved}
        transaction.on_commit(lambda: pages_invalidate(paths), robust=True)
