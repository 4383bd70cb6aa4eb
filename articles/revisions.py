"""Write operations on an article's history: save, publish, unpublish, restore.

Each runs in one transaction, validates before it writes, and is the same code
whether the admin, a command or a test calls it. Saving makes exactly one
revision when something changed and none when nothing did.
"""

from dataclasses import dataclass, field, replace
from datetime import date, datetime

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.db.models import Max, Min, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from modeltranslation.utils import build_localized_fieldname

from articles.models import LANGUAGE_CODES, Article, Revision
from articles.pagecache import pages_changed
from articles.pipeline.state import progress_summary, snapshot_translation_update
from articles.related import related_refresh
from articles.snapshots import (
    Snapshot,
    snapshot_apply,
    snapshot_of,
    snapshot_prepare,
    snapshot_read,
)

RESTORED_NOTE = gettext_lazy("Restored revision %(number)s.")


class EditConflict(Exception):
    """Someone saved the article after the editor opened it."""

    def __init__(self, base: Revision | None, latest: Revision) -> None:
        self.base = base
        self.latest = latest
        super().__init__(f"revision {latest.number} was saved after the editor's base")


@dataclass
class SaveResult:
    article: Article
    revision: Revision | None
    problems: list[str] = field(default_factory=list)


def _locked(pk: int) -> Article:
    """The article, row-locked until the transaction commits.

    NO KEY UPDATE, unlike FOR UPDATE, still lets other transactions add rows that
    refer to the article (their related lists), so two publishes cannot deadlock.
    """
    return Article.objects.select_for_update(no_key=True).get(pk=pk)


def _user_name(user: AbstractBaseUser | None) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


@transaction.atomic
def article_save(
    *,
    article: Article | None,
    snapshot: Snapshot,
    user: AbstractBaseUser | None,
    note: str,
    kind: str,
    editorial_date: date,
    base_revision_id: int | None,
    publish: bool,
) -> SaveResult:
    """Save a new revision of ``article`` (a new article when None), and publish it if asked.

    ``base_revision_id`` is the revision the editor started from; when another
    revision was saved since, the save is refused with ``EditConflict``. A
    snapshot equal to the latest revision's saves nothing (but may still publish).
    Visitors see a revision only once it is published; the row of an article
    that is not on the site follows its latest draft.
    """
    snapshot, problems = snapshot_prepare(snapshot)
    article = Article() if article is None else _locked(article.pk)
    latest = Revision.objects.filter(pk=article.latest_revision_id).first()
    if latest is not None and latest.pk != base_revision_id:
        base = Revision.objects.filter(pk=base_revision_id, article=article).first()
        raise EditConflict(base, latest)
    previous = snapshot_read(latest.snapshot, number=latest.number) if latest else None
    snapshot, unmatched = snapshot_translation_update(
        previous, snapshot, number=(latest.number + 1) if latest else 1
    )
    snapshot = _with_free_slugs(snapshot, article)
    revision = None
    if previous is None or previous.as_json() != snapshot.as_json():
        problems += unmatched
        if article.pk is None or article.status != Article.Status.PUBLISHED:
            snapshot_apply(snapshot, article=article)
        revision = Revision.objects.create(
            article=article,
            number=(latest.number + 1) if latest else 1,
            snapshot=snapshot.as_json(),
            user=user,
            user_name=_user_name(user),
            editorial_date=editorial_date,
            kind=kind,
            note=note,
            languages=",".join(
                code
                for code in LANGUAGE_CODES
                if snapshot.value("title", code) and snapshot.value("body", code)
            ),
        )
        article.latest_revision = revision
        article.translation_progress = progress_summary(snapshot)
        article.save(update_fields=["latest_revision", "translation_progress"])
    if publish:
        problems += _publish(article, article.latest_revision)
    return SaveResult(article, revision, problems)


def _with_free_slugs(snapshot: Snapshot, article: Article) -> Snapshot:
    """The snapshot with a number added to any slug another article already uses."""
    names = {code: build_localized_fieldname("slug", code) for code in LANGUAGE_CODES}
    slugs = {code: snapshot.value("slug", code) for code in LANGUAGE_CODES}
    if not any(slugs.values()):
        return snapshot
    prefixes = Q()
    for code, slug in slugs.items():
        if slug:
            prefixes |= Q(**{f"{names[code]}__startswith": slug})
    taken = {code: set() for code in LANGUAGE_CODES}
    for row in (
        Article.objects.exclude(pk=article.pk).filter(prefixes).values(*names.values())
    ):
        for code, name in names.items():
            taken[code].add(row[name])
    fields = {name: dict(values) for name, values in snapshot.fields.items()}
    for code, slug in slugs.items():
        if slug and slug in taken[code]:
            counter = 2
            while f"{slug}-{counter}" in taken[code]:
                counter += 1
            fields["slug"][code] = f"{slug}-{counter}"
    return replace(snapshot, fields=fields)


def _publish(article: Article, revision: Revision) -> list[str]:
    if (
        article.live_revision_id == revision.pk
        and article.status == Article.Status.PUBLISHED
    ):
        return []
    snapshot, problems = snapshot_prepare(
        snapshot_read(revision.snapshot, number=revision.number)
    )
    snapshot_apply(snapshot, article=article)
    article.live_revision = revision
    article.status = Article.Status.PUBLISHED
    if article.scheduled_revision_id and revision.pk >= article.scheduled_revision_id:
        article.scheduled_revision, article.publish_at = None, None
    dates = (
        Revision.objects.filter(article=article)
        .up_to(revision)
        .public()
        .aggregate(first=Min("editorial_date"), last=Max("editorial_date"))
    )
    # An article older than its history (imported) records its first publication.
    recorded = [d for d in (snapshot.first_published, dates["first"]) if d]
    article.first_published = min(recorded) if recorded else revision.editorial_date
    last = dates["last"]
    article.last_revised = last if last and last > article.first_published else None
    article.save()
    related_refresh(articles=[article])
    pages_changed([article.pk])
    return problems


@transaction.atomic
def article_publish(*, article: Article, user: AbstractBaseUser | None) -> list[str]:
    """Make the latest revision the one visitors see."""
    article = _locked(article.pk)
    if article.latest_revision is None:
        raise ValueError(_("The article has no revision to publish."))
    return _publish(article, article.latest_revision)


@transaction.atomic
def article_schedule(
    *, article: Article, publish_at: datetime, user: AbstractBaseUser | None
) -> None:
    """Have the latest revision published at ``publish_at`` by ``publish_scheduled``."""
    article = _locked(article.pk)
    article.scheduled_revision = article.latest_revision
    article.publish_at = publish_at
    article.save(update_fields=["scheduled_revision", "publish_at", "updated_at"])


def articles_publish_due(*, now: datetime) -> list[Article]:
    """Publish every scheduled revision whose time has come, each in its own transaction."""
    published = []
    due = Article.objects.filter(publish_at__lte=now, scheduled_revision__isnull=False)
    for pk in due.values_list("pk", flat=True):
        with transaction.atomic():
            article = (
                Article.objects.select_for_update(no_key=True)
                .filter(pk=pk, publish_at__lte=now, scheduled_revision__isnull=False)
                .first()
            )
            if article is not None:
                _publish(article, article.scheduled_revision)
                published.append(article)
    return published


@transaction.atomic
def article_unpublish(*, article: Article, user: AbstractBaseUser | None) -> None:
    """Take the article off the site; its history and content stay."""
    article = _locked(article.pk)
    article.status = Article.Status.DRAFT
    article.save(update_fields=["status", "updated_at"])
    related_refresh(articles=[article])
    pages_changed([article.pk])


def article_restore(
    *,
    article: Article,
    revision: Revision,
    user: AbstractBaseUser | None,
    kind: str,
    editorial_date: date,
    note: str = "",
    publish: bool = False,
) -> SaveResult:
    """Save a new revision equal to an earlier one; nothing is deleted.

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
    )


def article_snapshot(article: Article) -> Snapshot:
    """What the next revision of ``article`` starts from: its latest revision, else its row."""
    if article.latest_revision is not None:
        return snapshot_read(
            article.latest_revision.snapshot, number=article.latest_revision.number
        )
    return snapshot_of(article)
