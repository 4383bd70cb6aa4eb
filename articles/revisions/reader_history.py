"""Which public revisions describe the text readers see, once restores are counted.

Restoring revision n brings back the text of n, so the public revisions saved
between n and the restore no longer describe anything on the page: readers get
the dates line and the list of notes as they were at n. The undone revisions
are not changed (revisions are immutable); the restore records ``restored_from``
and the list is derived from it. A restore saved as a public revision is listed
too, as "Restored the version of <month>", and its month becomes the revised
date; a restore saved as a minor correction lists nothing of its own, so the
page says "revised <month of n>", which is how old the text on it is.
"""

from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db.models import Case, F, JSONField, Q, When
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from articles.models import LANGUAGE_CODES, Article, Revision

# The admin's prefilled note of a restore, for its history (readers never see it).
RESTORED_NOTE = _("Restored revision %(number)s.")
# The revisions the reader's history is derived from (with those up to the one shown).
COUNTED = Q(kind=Revision.Kind.PUBLIC) | Q(restored_from__isnull=False)


@dataclass(frozen=True)
class Listed:
    """A public revision as the reader's list shows it.

    ``restored_version``: for a restore, the latest public revision of the
    version it brought back (None when that version had none).
    """

    revision: Revision
    restored_version: Revision | None = None

    @property
    def number(self) -> int:
        return self.revision.number

    @property
    def editorial_date(self) -> date:
        return self.revision.editorial_date

    @property
    def languages(self) -> str:
        return self.revision.languages

    @property
    def restored_from(self) -> int | None:
        return self.revision.restored_from

    @property
    def reader_note(self) -> str:
        """The change note, except a restore's prefilled one: readers do not know
        revision numbers."""
        note, restored = self.revision.note, self.revision.restored_from
        if restored is not None and _is_default_restore_note(note, restored):
            return ""
        return note


def shown_numbers(
    rows: Iterable[tuple[int, str, int | None]],
) -> tuple[list[int], dict[int, int]]:
    """The public revisions whose changes are in the text of the last of ``rows``.

    ``rows``: ``(number, kind, restored_from)`` of an article's public revisions
    and restores (``COUNTED``) up to the one shown, by number. Returns the
    numbers listed, oldest first, and for each listed restore the listed public
    revision of the version it restored.
    """
    numbers: list[int] = []
    tails: list[int | None] = []
    before: dict[int, int | None] = {}
    restored: dict[int, int] = {}
    tail: int | None = None
    for number, kind, restored_from in rows:
        if restored_from is not None:
            at = bisect_right(numbers, restored_from)
            tail = tails[at - 1] if at else None
            if tail is not None and kind == Revision.Kind.PUBLIC:
                restored[number] = tail
        if kind == Revision.Kind.PUBLIC:
            before[number], tail = tail, number
        numbers.append(number)
        tails.append(tail)
    shown = []
    while tail is not None:
        shown.append(tail)
        tail = before[tail]
    return shown[::-1], restored


def shown_public(revisions: Iterable[Revision]) -> list[Listed]:
    """``shown_numbers`` of ``revisions``, as the reader's list shows them."""
    by_number = {revision.number: revision for revision in revisions}
    shown, restored = shown_numbers(
        (r.number, r.kind, r.restored_from) for r in by_number.values()
    )
    return [
        Listed(
            by_number[number],
            by_number[restored[number]] if number in restored else None,
        )
        for number in shown
    ]


def _is_default_restore_note(note: str, number: int) -> bool:
    """Whether ``note`` is the prefilled "Restored revision n." in any language."""
    defaults = set()
    for code in LANGUAGE_CODES:
        with translation.override(code):
            defaults.add(str(RESTORED_NOTE % {"number": number}))
    return note.strip() in defaults


def reader_dates(
    recorded: date | None, public: list[Listed]
) -> tuple[date | None, date | None]:
    """First publication and last public revision, as the reader's dates line shows them."""
    editorial = [r.editorial_date for r in public]
    first = min([d for d in (recorded, *editorial) if d], default=None)
    last = max(editorial, default=None)
    return first, last if last and first and last > first else None


@dataclass(frozen=True)
class ReaderView:
    """What the reader's page says about an article's history."""

    first_published: date | None
    last_revised: date | None
    revisions: list[Listed]


def revision_with_history(
    article: Article, number: int
) -> tuple[Revision | None, list[Revision]]:
    """Revision ``number`` of ``article`` and the revisions (``COUNTED``, up to the
    latest) its reader's history comes from, in one query: only the asked
    revision's snapshot is read."""
    latest = article.latest_revision.number if article.latest_revision else 0
    rows = list(
        Revision.objects.filter(article=article)
        .filter(Q(number=number) | (COUNTED & Q(number__lte=latest)))
        .defer("snapshot")
        .annotate(
            asked_snapshot=Case(
                When(number=number, then=F("snapshot")), output_field=JSONField()
            )
        )
        .order_by("number")
    )
    asked = next((r for r in rows if r.number == number), None)
    if asked is not None:
        asked.snapshot = asked.asked_snapshot
    counted: list[Revision] = [
        r
        for r in rows
        if r.number <= latest
        and (r.kind == Revision.Kind.PUBLIC or r.restored_from is not None)
    ]
    return asked, counted


def after_restore(
    article: Article,
    revision: Revision,
    counted: list[Revision],
    *,
    recorded: date | None,
    kind: str,
    editorial_date: date,
) -> ReaderView:
    """What readers will see once a restore of ``revision`` saved as ``kind`` is
    published (``counted``: from ``revision_with_history``; ``recorded``: the
    restored snapshot's first-publication month)."""
    latest = article.latest_revision
    restore = Revision(
        number=(latest.number if latest else 0) + 1,
        kind=kind,
        restored_from=revision.number,
        editorial_date=editorial_date.replace(day=1),
        note="",
    )
    shown = shown_public([*counted, restore])
    return ReaderView(*reader_dates(recorded, shown), shown)
