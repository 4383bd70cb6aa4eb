"""The trash: deleted articles wait here for TRASH_DAYS before they are removed.

``articles.related.lists.article_delete`` moves articles in: the row stays, with its
revisions, translation state, references and picks, and only ``trashed_at`` is
set, so readers, listings, related lists, the admin list and the pipeline lose
it at once while a restore puts it back exactly as it was.

A trashed article keeps its slugs. Its addresses answer 404 meanwhile, and no
other article can take them (a new article with the same title gets a numbered
slug, as with any slug in use), so that a restore brings the article back at
the addresses readers, search engines and referring doctors know, and an old
link never leads to a different medical text a few days after a delete. Only
emptying the trash frees the slugs.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from articles.models import Article, Revision
from articles.public.pagecache import pages_changed
from articles.related.lists import related_refresh

NOT_IN_TRASH = _("This article is not in the trash.")


class TrashError(ValueError):
    """A trash operation that cannot be done; the message is for the user."""


def trash_days() -> int:
    """How long an article stays in the trash (setting TRASH_DAYS)."""
    return settings.TRASH_DAYS


def trash_removal_date(article: Article) -> datetime:
    """When ``empty_trash`` removes this trashed article for good."""
    assert article.trashed_at is not None
    return article.trashed_at + timedelta(days=trash_days())


@transaction.atomic
def article_untrash(*, article: Article, user: User | None) -> Article:
    """Put a trashed article back as it was: on the site again if it was published."""
    trashed = (
        Article.objects.select_for_update(no_key=True)
        .in_trash()
        .filter(pk=article.pk)
        .first()
    )
    if trashed is None:
        raise TrashError(NOT_IN_TRASH)
    trashed.trashed_at = None
    trashed.save(update_fields=["trashed_at", "updated_at"])
    related_refresh(articles=[trashed])
    pages_changed([trashed.pk])
    return trashed


def trash_due(*, now: datetime, everything: bool = False) -> list[Article]:
    """The articles trashed more than TRASH_DAYS before ``now`` (all trashed
    articles with ``everything``)."""
    due = Article.objects.in_trash()
    if not everything:
        due = due.filter(trashed_at__lte=now - timedelta(days=trash_days()))
    return list(due.order_by("pk"))


@transaction.atomic
def trash_empty(*, now: datetime, everything: bool = False) -> list[str]:
    """Remove for good the articles ``trash_due`` names, with their revisions.

    Returns their titles. The only operation that deletes revisions.
    """
    ids = [article.pk for article in trash_due(now=now, everything=everything)]
    doomed = list(
        Article.objects.in_trash().filter(pk__in=ids).select_for_update().order_by("pk")
    )
    ids = [article.pk for article in doomed]
    Revision.objects.filter(article_id__in=ids).purge()
    Article.objects.filter(pk__in=ids).delete()
    return [str(article) for article in doomed]
