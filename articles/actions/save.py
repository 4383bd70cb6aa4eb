"""Save one revision of one article: a draft, a publish, or a save and its schedule."""

from datetime import date, datetime

from django.contrib.admin.models import ADDITION, CHANGE
from django.contrib.auth.models import User

from articles.actions.base import Action, article_target, may, performing
from articles.models import Article
from articles.revisions import publishing, saving
from articles.revisions.snapshots import Snapshot


def save_article(
    *,
    article: Article | None,
    snapshot: Snapshot,
    user: User | None,
    note: str,
    kind: str,
    editorial_date: date,
    base_revision_id: int | None,
    publish: bool = False,
    publish_at: datetime | None = None,
) -> saving.SaveResult:
    """Save a new revision of ``article`` (a new one when None); publish it or
    schedule it if asked, in the same transaction.

    Editors save, publishers also publish and schedule. ``EditConflict`` when
    someone saved since ``base_revision_id``.
    """
    needed = ["articles.add_article" if article is None else "articles.change_article"]
    if publish or publish_at is not None:
        needed.append("articles.publish_article")
    action = (
        Action.SCHEDULE
        if publish_at is not None
        else Action.PUBLISH
        if publish
        else Action.SAVE
    )
    target = article_target(article)
    if article is None:
        target.label = snapshot.value("title", snapshot.source_language)
    with performing(
        action, user=user, targets=[target], permitted=may(user, *needed)
    ) as performed:
        result = saving.article_save(
            article=article,
            snapshot=snapshot,
            user=user,
            note=note,
            kind=kind,
            editorial_date=editorial_date,
            base_revision_id=base_revision_id,
            publish=publish,
        )
        if publish_at is not None:
            publishing.article_schedule(
                article=result.article, publish_at=publish_at, user=user
            )
            result.article.refresh_from_db()
        performed.log_flag = ADDITION if article is None else CHANGE
        target.about(result.article, result.number)
    return result
