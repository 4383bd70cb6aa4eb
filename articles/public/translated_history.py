"""The dates line and revision list of a translated page: those of the source
revision its text translates, with the notes in the reader's language."""

from articles.models import Article
from articles.public import selectors
from articles.revisions.reader_history import Listed, reader_dates
from articles.revisions.snapshots import Snapshot
from articles.translations.notes import notes_in_language


def translated_from(
    source_version: int, translated: dict[str, int], language: str
) -> int | None:
    """The source revision an outdated translation into ``language`` translates,
    or None when it is current."""
    number = translated.get(language, source_version)
    return number if number < source_version else None


def live_history(article: Article, *, language: str) -> list[Listed]:
    """The revisions the page in ``language`` lists; on a translated page whose
    original was revised since, also sets the article's dates to those of the
    text shown (after an English-only revision the Dutch page keeps its date)."""
    if language == article.source_language:
        return selectors.public_revisions(article)
    number = translated_from(article.source_version, article.translated_from, language)
    history = selectors.public_revisions(article, up_to_number=number)
    if number is not None:
        article.first_published, article.last_revised = reader_dates(
            article.first_published, history
        )
    return notes_in_language(history, getattr(article, "reader_notes", None))


def version_history(
    history: list[Listed], snapshot: Snapshot, *, language: str
) -> list[Listed]:
    """``history`` of an earlier version as a reader of ``language`` sees it."""
    if language == snapshot.source_language:
        return history
    number = translated_from(
        snapshot.source_version, snapshot.translated_from, language
    )
    if number is not None:
        history = [item for item in history if item.number <= number]
    return notes_in_language(history, snapshot.notes.get(language))
