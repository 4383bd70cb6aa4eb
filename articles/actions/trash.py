"""Take an article back out of the trash, or remove trashed articles for good."""

from datetime import datetime

from django.contrib.auth.models import User

from articles import trash
from articles.actions.base import Action, article_target, may, performing
from articles.models import Article
from articles.search.indexing import search_index


def untrash_article(*, article: Article, user: User | None) -> Article:
    """Put a trashed article back as it was (publishers only)."""
    with performing(
        Action.UNTRASH,
        user=user,
        targets=[article_target(article)],
        permitted=may(user, "articles.delete_article"),
    ):
        untrashed = trash.article_untrash(article=article, user=user)
        search_index(article_ids=[untrashed.pk])
        return untrashed


def empty_trash(
    *, now: datetime, user: User | None, everything: bool = False
) -> list[str]:
    """Remove the articles due to leave the trash, one audit entry each; returns
    their titles."""
    due = trash.trash_due(now=now, everything=everything)
    with performing(
        Action.EMPTY_TRASH,
        user=user,
        targets=[article_target(article) for article in due],
        permitted=may(user, "articles.delete_article"),
    ):
        return trash.trash_empty(now=now, everything=everything)
