"""Change notes of public revisions as translation segments.

Revisions are immutable, so a note's translation is kept in the snapshots
(``Snapshot.notes``: language -> revision number -> unit), carried from one
revision to the next like the segments' translations. A reader of another
language than the article's gets the translated note or none: never the note
in a language they did not choose.
"""

from collections import defaultdict
from datetime import date

import polib
from django.utils import formats
from django.utils.translation import gettext as _

from articles.models import Revision
from articles.revisions.reader_history import Listed
from articles.translations.po.catalog import article_context

NOTE_PREFIX = "note"


def note_key(number: int) -> str:
    """The segment key of revision ``number``'s change note: ``note3``."""
    return f"{NOTE_PREFIX}{number}"


def note_number(key: str) -> int | None:
    digits = key.removeprefix(NOTE_PREFIX)
    return int(digits) if key.startswith(NOTE_PREFIX) and digits.isdigit() else None


def public_notes(article_ids: list[int]) -> dict[int, list[tuple[int, str, date]]]:
    """The change notes readers are shown, per article: (number, note, month), in
    one query. A restore's prefilled note is not shown and not translated."""
    notes: dict[int, list[tuple[int, str, date]]] = defaultdict(list)
    rows = (
        Revision.objects.filter(article_id__in=article_ids, kind=Revision.Kind.PUBLIC)
        .exclude(note="")
        .only("article_id", "number", "note", "restored_from", "editorial_date")
        .order_by("article_id", "number")
    )
    for revision in rows:
        if note := Listed(revision).reader_note.strip():
            notes[revision.article_id].append(
                (revision.number, note, revision.editorial_date)
            )
    return notes


def note_segments(notes: list[tuple[int, str, date]]) -> dict[str, dict]:
    """The notes as the import matches entries to segments, by key."""
    return {
        note_key(number): {"key": note_key(number), "field": "note", "text": text}
        for number, text, _month in notes
    }


def note_entries(
    slug: str, notes: list[tuple[int, str, date]], units: dict[str, dict]
) -> list[polib.POEntry]:
    """Catalog entries of an article's change notes (``units``: their
    translations, by revision number)."""
    entries = []
    for number, text, month in notes:
        unit = units.get(str(number)) or {}
        entries.append(
            polib.POEntry(
                msgctxt=article_context(slug, note_key(number)),
                msgid=text,
                msgstr=unit.get("text", "") if unit.get("source") == text else "",
                comment=_(
                    "The change note readers see beside the revision of %(month)s."
                )
                % {"month": formats.date_format(month, "YEAR_MONTH_FORMAT")},
                occurrences=[(f"{slug}/notes", str(number))],
            )
        )
    return entries


def notes_in_language(listed: list[Listed], units: dict | None) -> list[Listed]:
    """The reader's list with each note in the reader's language, or none where
    it has no translation (``units``: the note translations by number)."""
    units = units or {}
    shown = []
    for item in listed:
        unit = units.get(str(item.number)) or {}
        translated = (
            unit.get("text", "")
            if unit.get("source") == item.reader_note.strip()
            else ""
        )
        shown.append(Listed(item.revision, item.restored_version, translated))
    return shown
