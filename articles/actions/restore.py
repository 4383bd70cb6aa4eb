"""Restore an earlier revision as a new one."""

from datetime import date

from django.contrib.auth.models import User

from articles.actions.base import Action, article_target, may, performing
from articles.models import Article, Revision
from articles.revisions import publishing, saving


def restore_revision(
    *,
    article: Article,
    revision: Revision,
    user: User | None,
    kind: str,
    editorial_date: date,
    note: str = "",
    publish: bool = False,
) -> saving.SaveResult:
    """Save a new revision equal to ``revision`` (publishers only), published if asked."""
    target = article_target(article, revision.number)
    with performing(
        Action.RESTORE,
        user=user,
        targets=[target],
        permitted=may(user, "articles.publish_article"),
    ):
        result = publishing.article_restore(
            article=article,
            revision=revision,
            user=user,
            kind=kind,
            editorial_date=editorial_date,
            note=note,
            publish=publish,
        )
        latest = result.article.latest_revision
        target.about(result.article, latest.number if latest else None)
    return result
