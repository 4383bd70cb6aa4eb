"""Publishing, scheduling, unpublishing and restoring an article's revisions.

Each runs in one transaction and is the same code whether the admin, a
command or a test calls it; nothing here changes or deletes a revision.
"""

from datetime import date, datetime

from django.contrib.auth.models import User
from django.db import transaction
from django.utils.translation import gettext as _

from articles.models import Article, Revision
from articles.public.pagecache import pages_changed
from articles.related.lists import related_refresh
from articles.revisions.reader_history import RESTORED_NOTE
from articles.revisions.saving import (
    SaveResult,
    article_save,
    locked_article,
    publish_revision,
)
from articles.revisions.snapshots import Snapshot, snapshot_of, snapshot_read


@transaction.atomic
def article_publish(*, article: Article, user: User | None) -> list[str]:
    """Make the latest revision the one visitors see."""
    article = locked_article(article.pk)
    if article.latest_revision is None:
        raise ValueError(_("The article has no revision to publish."))
    return publish_revision(article, article.latest_revision)


@transaction.atomic
def article_schedule(
    *, article: Article, publish_at: datetime, user: User | None
) -> None:
    """Have the latest revision published at ``publish_at`` by ``publish_scheduled``."""
    article = locked_article(article.pk)
    article.scheduled_revision = article.latest_revision
    article.publish_at = publish_at
    article.save(update_fields=["scheduled_revision", "publish_at", "updated_at"])


def articles_due(*, now: datetime) -> list[int]:
    """The articles whose scheduled revision's time has come."""
    due = Article.objects.present().filter(
        publish_at__lte=now, scheduled_revision__isnull=False
    )
    return list(due.values_list("pk", flat=True))


@transaction.atomic
def article_publish_due(*, pk: int, now: datetime) -> Article | None:
    """Publish the article's scheduled revision if its time has come; None if not (now)."""
    article = (
        Article.objects.select_for_update(no_key=True)
        .present()
        .filter(pk=pk, publish_at__lte=now, scheduled_revision__isnull=False)
        .first()
    )
    if article is not None:
        assert article.scheduled_revision is not None  # filtered on it
        publish_revision(article, article.scheduled_revision)
    return article


@transaction.atomic
def article_unpublish(*, article: Article, user: User | None) -> None:
    """Take the article off the site; its history and content stay."""
    article = locked_article(article.pk)
    article.status = Article.Status.DRAFT
    article.save(update_fields=["status", "updated_at"])
    related_refresh(articles=[article])
    pages_changed([article.pk])


def article_restore(
    *,
    article: Article,
    revision: Revision,
    user: User | None,
    kind: str,
    editorial_date: date,
    note: str = "",
    publish: bool = False,
) -> SaveResult:
    """Save a new revision equal to an earlier one; nothing is deleted.

    The new revision records the one it restores, so the reader's history
    leaves out the public revisions it undid (``articles.revisions.reader_history``).

    What no longer exists (a deleted category, tag or picked article) is left
    out and reported in the result's problems. A corrupt snapshot raises
    ``CorruptSnapshot`` before anything is written.
    """
    snapshot = snapshot_read(revision.snapshot, number=revision.number)
    return article_save(
        article=article,
        snapshot=snapshot,
        user=user,
        note=note or RESTORED_NOTE % {"number": revision.number},
        kind=kind,
        editorial_date=editorial_date,
        base_revision_id=article.latest_revision_id,
        publish=publish,
        restored_from=revision.number,
    )


def article_snapshot(article: Article) -> Snapshot:
    """What the next revision of ``article`` starts from: its latest revision, else its row."""
    if article.latest_revision is not None:
        return snapshot_read(
            article.latest_revision.snapshot, number=article.latest_revision.number
        )
    return snapshot_of(article)
