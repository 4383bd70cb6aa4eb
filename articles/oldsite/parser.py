"""Parser for the plain-text article format of the clinic's old website.

A file holds, separated by blank lines: the breadcrumb ``Home > section > … >
title``, the title, body paragraphs and section headings, the date/author line
(``August 2010, <author>, revision feb 2014``), the numbered references
``[n] Authors | Title | Journal | details`` and an optional "Related articles"
footer, which is ignored. Parsing writes nothing; every problem is reported as
``file:line: message``.
"""

import re
from datetime import date

import py3langid
from babel.dates import get_month_names
from django.conf import settings
from django.utils.translation import gettext_lazy

from articles.models import Article, Category, Reference
from articles.oldsite.parsed import (
    OldSiteFormatError,
    ParsedArticle,
    ParsedBlock,
    ParsedReference,
)
from articles.text.richtext import citation_markers, citation_numbers
from articles.text.rules import (
    CONTROL_CHARACTER,
    bidi_problem,
    char_name,
    control_position,
    length_problem,
    max_length,
    slug_of,
    strip_invisible,
)

LANGUAGES = ("en", "nl")
FOOTERS = {"related articles", "gerelateerde artikelen"}
REVISION_WORDS = r"revision|revised|rev\.|revisie|herzien|herziening|bijgewerkt"
HEADING_MAX_WORDS = 15
# Categories below "Home"; the clinic's deepest path has three.
CATEGORY_MAX_DEPTH = 10

FILE_TOO_LARGE = gettext_lazy(
    "the file is larger than %(limit)s KB (setting OLDSITE_MAX_KB); an article "
    "of the old site is far smaller"
)
BREADCRUMB_TOO_DEEP = gettext_lazy(
    "the breadcrumb has %(depth)s categories; at most %(limit)s are allowed"
)
TITLE_WITHOUT_SLUG = gettext_lazy(
    "the title '%(title)s' gives no address: it needs letters or digits (a-z, 0-9)"
)
UNDECODABLE_BYTE = gettext_lazy(
    "the file is not UTF-8 text (byte 0x%(byte)02x cannot be decoded)"
)
EMPTY_FILE = gettext_lazy("the file is empty")
NO_BREADCRUMB = gettext_lazy(
    "expected the breadcrumb 'Home > section > … > title', found '%(text)s'"
)
NO_TITLE = gettext_lazy("no title: expected the title after the breadcrumb")
NO_BODY_OR_DATE = gettext_lazy("no body text and no date line after the title")
NO_BODY = gettext_lazy("no body text between the title and the date line")
CITATION_WITHOUT_REFERENCE = gettext_lazy(
    "citation [%(number)s] has no reference %(number)s "
    "(the file has %(count)s references)"
)
DATE_LINE_UNREADABLE = gettext_lazy(
    "unreadable date line: expected 'August 2010, author, revision feb 2014', "
    "found '%(text)s'"
)
REVISED_BEFORE_PUBLISHED = gettext_lazy(
    "unreadable date line: the revision is earlier than the first publication"
)
NOT_A_MONTH = gettext_lazy(
    "unreadable date line: '%(name)s' is not a month name in English or Dutch"
)
IMPLAUSIBLE_YEAR = gettext_lazy(
    "unreadable date line: %(year)s is not a plausible year"
)
REFERENCE_EXPECTED = gettext_lazy(
    "expected a numbered reference '[n] Authors | Title | Journal | details', "
    "found '%(text)s'"
)
REFERENCE_OUT_OF_ORDER = gettext_lazy(
    "reference [%(number)s] is out of order: expected [%(expected)s]"
)
REFERENCE_PARTS = gettext_lazy(
    "reference [%(number)s] does not parse: expected 'Authors | Title | "
    "Journal | details' (4 parts separated by '|'), found %(count)s part(s)"
)

_REFERENCE_RE = re.compile(r"^\[(\d+)\]\s*(.*)$", re.DOTALL)
_DATE_RE = re.compile(
    r"^(?P<month>[^\W\d_]+\.?)\s+(?P<year>\d{4})\s*(?:,\s*(?P<rest>.*))?$"
)
_REVISION_RE = re.compile(
    rf"(?:^|,)\s*(?:{REVISION_WORDS})\s+(?P<month>[^\W\d_]+\.?)\s+(?P<year>\d{{4}})\s*$",
    re.IGNORECASE,
)
_PMID_RE = re.compile(r"\s*\bPMID:?\s*(\d{1,12})\.?", re.IGNORECASE)
_DOI_RE = re.compile(r"\s*\bdoi:?\s*(10\.\d{4,9}/\S+?)\.?(?=\s|$)", re.IGNORECASE)
_URL_RE = re.compile(r"\s*(https?://\S+)")
_LINE_END_RE = re.compile(r"\r\n?|\n")


def _month_numbers() -> dict[str, int]:
    names: dict[str, int] = {"sept": 9}
    for locale in LANGUAGES:
        for width in ("wide", "abbreviated"):
            for number, name in get_month_names(width, "format", locale).items():
                names[name.lower().rstrip(".")] = number
    return names


MONTHS = _month_numbers()


def parse_file(path: str, *, language: str | None = None) -> ParsedArticle:
    """Read and parse one file."""
    limit = settings.OLDSITE_MAX_KB * 1024
    with open(path, "rb") as handle:
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise OldSiteFormatError(
            path, 1, str(FILE_TOO_LARGE % {"limit": settings.OLDSITE_MAX_KB})
        )
    return parse_bytes(data, filename=path, language=language)


def parse_bytes(
    data: bytes, *, filename: str, language: str | None = None
) -> ParsedArticle:
    """Parse one file's bytes; ``language`` is detected from the text when not given."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise OldSiteFormatError(
            filename,
            line,
            UNDECODABLE_BYTE % {"byte": data[error.start]},
        ) from None
    text = text.removeprefix("\ufeff")
    position = control_position(text)
    if position is not None:
        raise OldSiteFormatError(
            filename,
            len(_lines(text[:position])),
            str(CONTROL_CHARACTER % {"char": char_name(text[position])}),
        )
    for line, raw in enumerate(_lines(text), start=1):
        if problem := bidi_problem(raw):
            raise OldSiteFormatError(filename, line, problem)
    return _Parser(filename, text).parse(language)


class _Parser:
    def __init__(self, filename: str, text: str) -> None:
        self.filename = filename
        self.blocks = _blocks(text)

    def error(self, line: int, message: str) -> OldSiteFormatError:
        return OldSiteFormatError(self.filename, line, message)

    def check_length(self, line: int, model, name: str, value: str) -> None:
        if problem := length_problem(model, name, value):
            raise self.error(line, problem)

    def parse(self, language: str | None) -> ParsedArticle:
        blocks = self.blocks
        if not blocks:
            raise self.error(1, str(EMPTY_FILE))
        line, breadcrumb = blocks[0]
        parts = [strip_invisible(part) for part in breadcrumb.split(">")]
        if len(parts) < 2 or not all(parts):
            raise self.error(
                line,
                NO_BREADCRUMB % {"text": _shorten(breadcrumb)},
            )
        title_line, title = blocks[1] if len(blocks) > 1 else (line, "")
        if not title or _looks_like_body(title) or _REFERENCE_RE.match(title):
            raise self.error(title_line, str(NO_TITLE))
        self.check_length(title_line, Article, "title", title)
        if not slug_of(title, max_length(Article, "slug")):
            raise self.error(
                title_line, str(TITLE_WITHOUT_SLUG % {"title": _shorten(title)})
            )
        if len(parts) - 2 > CATEGORY_MAX_DEPTH:
            raise self.error(
                line,
                str(
                    BREADCRUMB_TOO_DEEP
                    % {"depth": len(parts) - 2, "limit": CATEGORY_MAX_DEPTH}
                ),
            )
        for name in parts[1:-1]:
            self.check_length(line, Category, "name", name)

        rest = blocks[2:]
        footer = next(
            (
                i
                for i, (_n, text) in enumerate(rest)
                if text.rstrip(":").lower() in FOOTERS
            ),
            None,
        )
        if footer is not None:
            rest = rest[:footer]
        start = next(
            (i for i, (_n, text) in enumerate(rest) if _REFERENCE_RE.match(text)), None
        )
        references = self.references(rest[start:]) if start is not None else []
        body_and_date = rest[:start] if start is not None else rest
        if not body_and_date:
            raise self.error(title_line, str(NO_BODY_OR_DATE))
        date_line, date_text = body_and_date[-1]
        first_published, last_revised, author_line = self.date_line(
            date_line, date_text
        )
        self.check_length(date_line, Article, "author_line", author_line)
        blocks_out = [_block(line, text) for line, text in body_and_date[:-1]]
        if not any(block.kind == "p" for block in blocks_out):
            raise self.error(date_line, str(NO_BODY))
        for block in blocks_out:
            for number in citation_markers(block.html):
                if not 1 <= number <= len(references):
                    raise self.error(
                        block.line,
                        CITATION_WITHOUT_REFERENCE
                        % {"number": number, "count": len(references)},
                    )
        return ParsedArticle(
            filename=self.filename,
            language=language or _detect_language(title, blocks_out),
            category_path=parts[1:-1],
            title=title,
            title_line=title_line,
            blocks=blocks_out,
            first_published=first_published,
            last_revised=last_revised,
            author_line=author_line,
            references=references,
        )

    def date_line(self, line: int, text: str) -> tuple[date, date | None, str]:
        expected = DATE_LINE_UNREADABLE % {"text": _shorten(text)}
        match = _DATE_RE.match(text)
        if not match:
            raise self.error(line, expected)
        first = self.month(line, match["month"], match["year"])
        rest = match["rest"] or ""
        revised = None
        revision = _REVISION_RE.search(rest)
        if revision:
            revised = self.month(line, revision["month"], revision["year"])
            rest = rest[: revision.start()]
            if revised < first:
                raise self.error(
                    line,
                    str(REVISED_BEFORE_PUBLISHED),
                )
        author = re.sub(r"\s+,", ",", " ".join(rest.split())).strip(" ,")
        author = strip_invisible(author).strip(" ,")
        return first, revised, author

    def month(self, line: int, name: str, year: str) -> date:
        number = MONTHS.get(name.lower().rstrip("."))
        if number is None:
            raise self.error(
                line,
                NOT_A_MONTH % {"name": name},
            )
        if not 1900 <= int(year) <= 2100:
            raise self.error(
                line,
                IMPLAUSIBLE_YEAR % {"year": year},
            )
        return date(int(year), number, 1)

    def references(self, blocks: list[tuple[int, str]]) -> list[ParsedReference]:
        parsed: list[ParsedReference] = []
        for line, text in blocks:
            match = _REFERENCE_RE.match(text)
            if not match:
                raise self.error(
                    line,
                    REFERENCE_EXPECTED % {"text": _shorten(text)},
                )
            number = int(match[1])
            if number != len(parsed) + 1:
                raise self.error(
                    line,
                    REFERENCE_OUT_OF_ORDER
                    % {"number": number, "expected": len(parsed) + 1},
                )
            fields = [strip_invisible(part) for part in match[2].split("|")]
            if len(fields) != 4 or not fields[0] or not fields[1]:
                raise self.error(
                    line,
                    REFERENCE_PARTS % {"number": number, "count": len(fields)},
                )
            authors, title, journal, details = fields
            pmid, details = _extract(_PMID_RE, details)
            doi, details = _extract(_DOI_RE, details)
            url, details = _extract(_URL_RE, details)
            reference = ParsedReference(
                number, authors, title, journal, details.strip(), pmid, doi, url
            )
            for name in ("journal", "details", "pmid", "doi", "url"):
                self.check_length(line, Reference, name, getattr(reference, name))
            parsed.append(reference)
        return parsed


def _lines(text: str) -> list[str]:
    """The lines as editors and grep count them: CR, LF or CRLF end one."""
    return _LINE_END_RE.split(text)


def _blocks(text: str) -> list[tuple[int, str]]:
    """Runs of non-blank lines, each joined into one line, with its first line number.

    A line of invisible characters only is blank.
    """
    blocks: list[tuple[int, str]] = []
    current: list[str] = []
    start = 0
    for number, raw in enumerate(_lines(text), start=1):
        line = strip_invisible(raw)
        if line:
            if not current:
                start = number
            current.append(line)
        elif current:
            blocks.append((start, " ".join(current)))
            current = []
    if current:
        blocks.append((start, " ".join(current)))
    return [(line, " ".join(text.split())) for line, text in blocks]


def _looks_like_body(text: str) -> bool:
    """Whether a block reads as running text rather than a heading or title."""
    return (
        len(text.split()) > HEADING_MAX_WORDS
        or bool(citation_numbers(text))
        or text.rstrip()[-1] in ".,;:!…"
    )


def _block(line: int, text: str) -> ParsedBlock:
    return ParsedBlock("p" if _looks_like_body(text) else "h2", text, line)


def _detect_language(title: str, blocks: list[ParsedBlock]) -> str:
    text = " ".join([title, *(block.text for block in blocks)])
    language, _score = py3langid.classify(text)
    return language if language in LANGUAGES else LANGUAGES[0]


def _extract(pattern: re.Pattern[str], text: str) -> tuple[str, str]:
    match = pattern.search(text)
    if not match:
        return "", text
    return match[1], text[: match.start()] + text[match.end() :]


def _shorten(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
