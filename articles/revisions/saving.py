"""Saving revisions: one or many articles, each change one revision, made live or not.

Each save runs in one transaction, validates before it writes, and is the same code
whether the admin, a command or a test calls it. Saving makes exactly one
revision when something changed and none when nothing did.
"""

from collections import defaultdict
from dataclasses import dataclass, field, replace
from datetime import date
from typing import NamedTuple

from django.contrib.auth.models import User
from django.db import connection, transaction
from django.db.models import Q
from modeltranslation.utils import build_localized_fieldname

from articles.models import LANGUAGE_CODES, Article, Revision
from articles.public.pagecache import pages_batch, pages_changed
from articles.redirects.recording import article_moves_record, articles_before
from articles.related.lists import related_refresh
from articles.revisions.reader_history import COUNTED, shown_numbers
from articles.revisions.snapshots import (
    Snapshot,
    snapshot_apply_fields,
    snapshot_prepare,
    snapshot_read,
    snapshots_apply_rows,
    snapshots_prepare,
)
from articles.text.rules import free_slug, max_length, slug_of
from articles.translations.state import progress_summary, snapshot_translation_update


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

    @property
    def number(self) -> int | None:
        """The number of the revision saved, or of the latest when none was."""
        latest = self.revision or self.article.latest_revision
        return latest.number if latest is not None else None


def locked_article(pk: int) -> Article:
    """The article, row-locked until the transaction commits.

    NO KEY UPDATE, unlike FOR UPDATE, still lets other transactions add rows that
    refer to the article (their related lists), so two publishes cannot deadlock.
    """
    return Article.objects.select_for_update(no_key=True).get(pk=pk)


def _user_name(user: User | None) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


@dataclass
class ArticleChange:
    """A new version of one article, as ``article_save`` takes it."""

    article: Article | None
    snapshot: Snapshot
    note: str
    kind: str
    editorial_date: date
    base_revision_id: int | None
    publish: bool
    restored_from: int | None = None
    translator: str = ""  # the Last-Translator of an imported catalog


@dataclass
class _Pending:
    """A change on its way: its article under lock, the latest revision and
    its snapshot, and the new snapshot with its translation state."""

    change: ArticleChange
    article: Article
    current: Revision | None
    previous: Snapshot | None
    snapshot: Snapshot
    problems: list[str]
    unmatched: list[str]


class _Counted(NamedTuple):
    """A public revision or restore, as the dates of the reader's page need it."""

    number: int
    kind: str
    restored_from: int | None
    editorial_date: date


@dataclass
class _RowUpdate:
    """What an article's row takes: content (a draft of an article not on the
    site, or the revision going live), the revision going live, or neither
    (only the latest revision and the progress)."""

    article: Article
    shown: Snapshot | None = None
    live: Revision | None = None


@transaction.atomic
def article_save(
    *,
    article: Article | None,
    snapshot: Snapshot,
    user: User | None,
    note: str,
    kind: str,
    editorial_date: date,
    base_revision_id: int | None,
    publish: bool,
    restored_from: int | None = None,
) -> SaveResult:
    """Save a new revision of ``article`` (a new article when None), and publish it if asked.

    ``base_revision_id`` is the revision the editor started from; when another
    revision was saved since, the save is refused with ``EditConflict``. A
    snapshot equal to the latest revision's saves nothing (but may still publish).
    Visitors see a revision only once it is published; the row of an article
    that is not on the site follows its latest draft.
    """
    change = ArticleChange(
        article=article,
        snapshot=snapshot,
        note=note,
        kind=kind,
        editorial_date=editorial_date,
        base_revision_id=base_revision_id,
        publish=publish,
        restored_from=restored_from,
    )
    return articles_save(changes=[change], user=user)[0]


@transaction.atomic
def articles_save(
    *, changes: list[ArticleChange], user: User | None
) -> list[SaveResult]:
    """Save each change as ``article_save`` would, in order, with queries per batch.

    For operations that change many articles at once (a catalog import): the
    number of queries does not grow with the number of changes, except one
    update per article row. Each article appears at most once.
    """
    prepared = snapshots_prepare([change.snapshot for change in changes])
    articles = _locked_all(changes)
    latest = Revision.objects.in_bulk(
        [
            article.latest_revision_id
            for article in articles
            if article.latest_revision_id
        ]
    )
    pending = []
    for change, article, (snapshot, problems) in zip(
        changes, articles, prepared, strict=True
    ):
        current = latest.get(article.latest_revision_id)
        if current is not None and current.pk != change.base_revision_id:
            base = (
                Revision.objects.filter(
                    pk=change.base_revision_id, article=article
                ).first()
                if change.base_revision_id is not None
                else None
            )
            raise EditConflict(base, current)
        previous = (
            snapshot_read(current.snapshot, number=current.number) if current else None
        )
        snapshot, unmatched = snapshot_translation_update(
            previous, snapshot, number=(current.number + 1) if current else 1
        )
        pending.append(
            _Pending(change, article, current, previous, snapshot, problems, unmatched)
        )
    slugs = _SlugRows([item.snapshot for item in pending])
    results, updates, revisions = [], [], []
    for item in pending:
        change, article, current = item.change, item.article, item.current
        problems = item.problems
        snapshot = slugs.free(item.snapshot, article)
        changed = item.previous is None or item.previous.as_json() != snapshot.as_json()
        update = _RowUpdate(article)
        if changed:
            problems += item.unmatched
            if article.pk is None or article.status != Article.Status.PUBLISHED:
                update.shown = snapshot
            revision = Revision(
                article=article,
                number=(current.number + 1) if current else 1,
                snapshot=snapshot.as_json(),
                user=user,
                user_name=_user_name(user),
                editorial_date=change.editorial_date,
                kind=change.kind,
                note=change.note,
                restored_from=change.restored_from,
                translator=change.translator,
                languages=",".join(
                    code
                    for code in LANGUAGE_CODES
                    if snapshot.value("title", code) and snapshot.value("body", code)
                ),
            )
            revisions.append(revision)
            article.translation_progress = progress_summary(snapshot)
        else:
            revision = None
        if change.publish and not (
            article.live_revision_id == (current.pk if current else None)
            and not changed
            and article.status == Article.Status.PUBLISHED
        ):
            # An unchanged snapshot equals the latest revision's: publish either.
            update.shown, update.live = snapshot, revision or current
        if update.shown is not None:
            slugs.shown(update.shown, article)
        if changed or update.live is not None:
            updates.append(update)
        results.append(SaveResult(article, revision, problems))
    for update in updates:
        if update.article.pk is None:
            # A new article needs its row before its first revision.
            snapshot_apply_fields(update.shown, article=update.article)
            update.article.save()
    Revision.objects.bulk_create(revisions)
    for result in results:
        if result.revision is not None:
            result.article.latest_revision = result.revision
    _rows_write(updates)
    return results


def _locked_all(changes: list[ArticleChange]) -> list[Article]:
    """The changed articles, read again and locked as ``locked_article`` does; new ones
    unsaved."""
    ids = [change.article.pk for change in changes if change.article is not None]
    # In one order, so that two batches cannot each hold a lock the other waits for.
    rows = {
        article.pk: article
        for article in Article.objects.select_for_update(no_key=True)
        .filter(pk__in=ids)
        .order_by("pk")
    }
    if len(rows) < len(ids):
        raise Article.DoesNotExist("An article to save no longer exists.")
    return [
        rows[change.article.pk] if change.article is not None else Article()
        for change in changes
    ]


def _prefix_range(name: str, prefix: str) -> Q:
    """A range holding every value that starts with ``prefix``, which an index serves.

    SQLite's LIKE ignores case and so cannot use the slug's index: without the
    range every save would read the whole table. Its text order is that of the
    code points, so the range holds exactly the values with that prefix.
    PostgreSQL's LIKE uses the pattern index Django creates beside the slug's.
    """
    if connection.vendor != "sqlite":
        return Q()
    return Q(**{f"{name}__gte": prefix, f"{name}__lt": prefix + "\U0010ffff"})


class _SlugRows:
    """The slugs of the rows that could collide with the snapshots' slugs, kept
    up to date while a batch is saved in order, so that each article's slug
    is free of the others' as if each were saved on its own."""

    names = {code: build_localized_fieldname("slug", code) for code in LANGUAGE_CODES}
    limit = max_length(Article, "slug")

    def __init__(self, snapshots: list[Snapshot]) -> None:
        prefixes = Q()
        for snapshot in snapshots:
            for code, name in self.names.items():
                if slug := self.fit(snapshot.value("slug", code)):
                    # A number may replace the end of a slug at the limit.
                    cut = slug[: self.limit - len("-9999")]
                    prefixes |= Q(**{f"{name}__startswith": cut}) & _prefix_range(
                        name, cut
                    )
        self.rows: dict[object, dict[str, str | None]] = {}
        if prefixes:
            for row in Article.objects.filter(prefixes).values(
                "pk", *self.names.values()
            ):
                pk = row.pop("pk")
                self.rows[pk] = {code: row[name] for code, name in self.names.items()}

    def free(self, snapshot: Snapshot, article: Article) -> Snapshot:
        """The snapshot with a number added to any slug another article already uses."""
        slugs = {code: snapshot.value("slug", code) for code in LANGUAGE_CODES}
        if not any(slugs.values()):
            return snapshot
        own = self._key(article)
        fields = {name: dict(values) for name, values in snapshot.fields.items()}
        for code, slug in slugs.items():
            if not slug:
                continue
            taken = {row[code] for key, row in self.rows.items() if key != own}
            fields["slug"][code] = free_slug(
                self.fit(slug), taken=taken.__contains__, limit=self.limit
            )
        return replace(snapshot, fields=fields)

    def fit(self, slug: str) -> str:
        """The slug within the column's length (one derived from a title may not be)."""
        return slug_of(slug, self.limit) if len(slug) > self.limit else slug

    def shown(self, snapshot: Snapshot, article: Article) -> None:
        """Record that the article's row takes this snapshot's slugs."""
        self.rows[self._key(article)] = {
            code: snapshot.value("slug", code) or None for code in LANGUAGE_CODES
        }

    @staticmethod
    def _key(article: Article) -> object:
        return article.pk if article.pk is not None else id(article)


def _rows_write(updates: list[_RowUpdate]) -> None:
    """Write each article's row and related rows; refresh what publishing affects."""
    live = [update for update in updates if update.live is not None]
    counted: dict[int, list[_Counted]] = defaultdict(list)
    for article_id, number, kind, restored_from, editorial_date in (
        Revision.objects.filter(COUNTED, article_id__in=[u.article.pk for u in live])
        .order_by("article_id", "number")
        .values_list("article_id", "number", "kind", "restored_from", "editorial_date")
    ):
        counted[article_id].append(
            _Counted(number, kind, restored_from, editorial_date)
        )
    before = {u.article.pk: _listed_content(u.article) for u in live}
    addresses = articles_before(update.article for update in updates)
    for update in updates:
        article = update.article
        if update.shown is not None:
            snapshot_apply_fields(update.shown, article=article)
        if update.live is not None:
            assert update.shown is not None  # what goes live is shown
            _go_live(article, update.live, update.shown, counted[article.pk])
        if update.shown is None:
            article.save(update_fields=["latest_revision", "translation_progress"])
        else:
            article.save()
    article_moves_record(addresses, [update.article for update in updates])
    regrouped = snapshots_apply_rows(
        [(update.shown, update.article) for update in updates if update.shown]
    )
    # The pages of the published articles and of the lists refreshed for them,
    # looked up once.
    with pages_batch():
        for language in LANGUAGE_CODES:
            changed = [
                update.article.pk
                for update in live
                if update.article.pk in regrouped
                or _listed_content(update.article)[language]
                != before[update.article.pk][language]
            ]
            if changed:
                related_refresh(articles=changed, languages=[language])
        pages_changed([update.article.pk for update in live])


def _listed_content(article: Article) -> dict[str, tuple]:
    """Per language, what of the article's row the related lists in it depend on."""
    shared = (article.status, article.category_id)
    return {
        code: (
            *shared,
            *(
                getattr(article, build_localized_fieldname(name, code))
                for name in ("title", "slug", "summary", "body")
            ),
        )
        for code in LANGUAGE_CODES
    }


def _go_live(
    article: Article,
    revision: Revision,
    snapshot: Snapshot,
    counted: list[_Counted],
) -> None:
    """Set the article's publishing fields for ``revision`` (``counted``: its
    public revisions and restores, by number)."""
    article.live_revision = revision
    article.status = Article.Status.PUBLISHED
    if article.scheduled_revision_id and revision.pk >= article.scheduled_revision_id:
        article.scheduled_revision, article.publish_at = None, None
    upto = [row for row in counted if row.number <= revision.number]
    dates = {row.number: row.editorial_date for row in upto}
    shown = [dates[number] for number in shown_numbers(row[:3] for row in upto)[0]]
    # An article older than its history (imported) records its first publication.
    recorded = [d for d in (snapshot.first_published, min(shown, default=None)) if d]
    article.first_published = min(recorded) if recorded else revision.editorial_date
    last = max(shown, default=None)
    article.last_revised = last if last and last > article.first_published else None


def publish_revision(article: Article, revision: Revision) -> list[str]:
    if (
        article.live_revision_id == revision.pk
        and article.status == Article.Status.PUBLISHED
    ):
        return []
    snapshot, problems = snapshot_prepare(
        snapshot_read(revision.snapshot, number=revision.number)
    )
    _rows_write([_RowUpdate(article, shown=snapshot, live=revision)])
    return problems
