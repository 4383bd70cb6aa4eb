"""Reading a PO file from a translator safely: size, encoding, syntax, duplicates.

polib and Babel accept some broken files silently (an unterminated string
among them), so the text is checked line by line before polib parses it. That
pass also hands polib only what the import uses, in the form polib reads in
linear time: polib grows a comment or a multi-line string by concatenating to
an attribute, which copies it on every line (a 20 MB file of comments took
minutes), and it splits a text wherever ``str.splitlines`` does, U+2028 among
them, while gettext ends a line only at LF.
"""

import re
import tempfile
from collections.abc import Iterator

import polib
from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# The unrolled form of "(?:[^"\\]|\\.)*": the same strings, matched faster.
_STRING = r'"[^"\\]*(?:\\.[^"\\]*)*"'
_MESSAGE_RE = re.compile(
    rf"(?:(msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)[ \t]+)?({_STRING})[ \t]*"
)
# C0 controls other than tab and the CR of a CRLF: msgfmt keeps them in a
# string, but no translation needs one and a database may refuse them.
_CONTROL_RE = re.compile(r"[\x01-\x08\x0b\x0c\x0e-\x1f]|\r(?!\n)")
# Runs of whole lines that are blank or comments polib need not see, a thousand
# at most: the memory of a match grows with its length.
_SKIPPED_RE = re.compile(r"(?:[ \t]*(?:#[^,~\n][^\n]*|#)?\r?\n){1,1000}")
_POLIB_LINE_RE = re.compile(r"\(line (\d+)\)")
_BEFORE_MSGSTR = ("msgctxt", "msgid", "msgid_plural")

TOO_LARGE = gettext_lazy("The file is larger than %(limit)s MB.")
BOM = gettext_lazy(
    "The file starts with a byte order mark (BOM); save it as UTF-8 without BOM."
)
NUL = gettext_lazy("Line %(line)s: the file contains NUL bytes; it is not a PO file.")
CONTROL = gettext_lazy(
    "Line %(line)s: the file contains the control character %(character)s; "
    "it is not a PO file."
)
NOT_UTF8 = gettext_lazy("Line %(line)s: the file is not valid UTF-8 (is it Latin-1?).")
NOT_SYNTAX = gettext_lazy(
    "Line %(line)s: this is not PO syntax (an unterminated string?): %(text)s"
)
OUT_OF_PLACE = gettext_lazy(
    "Line %(line)s: this line is out of place in a PO entry: %(text)s"
)
DUPLICATE = gettext_lazy("Line %(line)s: a duplicate of the entry on line %(first)s.")


class CatalogError(ValueError):
    """A file that cannot be read as a PO catalog; nothing of it was applied."""


def too_large(size: int) -> str | None:
    """Why a file of ``size`` bytes is refused (setting CATALOG_MAX_MB), or None."""
    limit = settings.CATALOG_MAX_MB
    return TOO_LARGE % {"limit": limit} if size > limit * 2**20 else None


def catalog_read(data: bytes, *, filename: str = "") -> polib.POFile:
    """Parse a PO file's bytes, or raise CatalogError saying what is wrong and where.

    Comments other than flags are not kept (the import never uses them);
    ``entry.linenum`` is the entry's first line, comments included, as polib
    counts it.
    """
    if refusal := too_large(len(data)):
        raise CatalogError(refusal)
    if data.startswith(b"\xef\xbb\xbf"):
        raise CatalogError(BOM)
    if b"\x00" in data:
        raise CatalogError(
            NUL % {"line": data.count(b"\n", 0, data.index(b"\x00")) + 1}
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise CatalogError(NOT_UTF8 % {"line": line}) from None
    if control := _CONTROL_RE.search(text):
        raise CatalogError(
            CONTROL
            % {
                "line": text.count("\n", 0, control.start()) + 1,
                "character": f"U+{ord(control.group()[0]):04X}",
            }
        )
    # polib splits a text with str.splitlines but reads a file by its lines,
    # which end at LF only once bare CRs are refused: it gets a file.
    with tempfile.NamedTemporaryFile("w", encoding="utf-8", suffix=".po") as handle:
        handle.writelines(_polib_lines(text))
        handle.flush()
        try:
            catalog = polib.pofile(handle.name, encoding="utf-8", wrapwidth=78)
        except (OSError, ValueError) as error:
            found = _POLIB_LINE_RE.search(str(error))
            if found is None:
                raise CatalogError(
                    _("The file is not a PO catalog: %(error)s")
                    % {"error": str(error).replace(handle.name, filename)}
                ) from None
            number = int(found.group(1))
            raise CatalogError(
                OUT_OF_PLACE % {"line": number, "text": _line_at(text, number)[:80]}
            ) from None
    catalog.fpath = None  # type: ignore[assignment]  # polib reads None as no file
    _check_header(catalog)
    _check_duplicates(catalog)
    return catalog


def _lines(text: str) -> Iterator[str]:
    """The lines of a PO text as gettext sees them: ended by LF (or CRLF) only."""
    start = 0
    while (end := text.find("\n", start)) != -1:
        yield text[start : end - 1 if text[end - 1 : end] == "\r" else end]
        start = end + 1
    if start < len(text):
        yield text[start:]


def _line_at(text: str, number: int) -> str:
    for count, line in enumerate(_lines(text), start=1):
        if count == number:
            return line
    return ""


def _polib_lines(text: str) -> Iterator[str]:
    """The text checked line by line, rewritten for polib with the same line numbers.

    A message's continuation lines are joined to its keyword line (the escapes of
    a string never span its quotes), the first comment line of an entry becomes
    an empty ``#`` so that the entry starts where it did, and other comments
    become empty lines. Flags and obsolete entries stay.
    """
    pending: list[str] = []  # a keyword line's prefix and keyword, then its strings
    pending_obsolete = False
    deferred = 0  # lines after a pending keyword line, written once it is complete
    last_keyword = ""
    comment_opens = True

    def flush() -> Iterator[str]:
        nonlocal deferred
        if pending:
            yield f'{pending[0]} "{"".join(pending[1:])}"\n'
            pending.clear()
        if deferred:
            yield "\n" * deferred
            deferred = 0

    position, number = 0, 1
    while position < len(text):
        if run := _SKIPPED_RE.match(text, position):
            # Blank lines and comments by the thousand: in one step each run.
            count = text.count("\n", position, run.end())
            comment = text.find("#", position, run.end())
            if comment == -1 and pending:
                deferred += count
            elif comment == -1:
                yield "\n" * count
            else:
                before = text.count("\n", position, comment)
                if last_keyword in _BEFORE_MSGSTR:
                    raise CatalogError(
                        OUT_OF_PLACE
                        % {
                            "line": number + before,
                            "text": _line_at(text, number + before)[:80],
                        }
                    )
                yield from flush()
                yield "\n" * before
                yield "#\n" if comment_opens else "\n"
                yield "\n" * (count - before - 1)
                comment_opens = False
            position, number = run.end(), number + count
            continue
        end = text.find("\n", position)
        end = len(text) if end == -1 else end
        line = text[position : end - 1 if text[end - 1 : end] == "\r" else end]
        position = end + 1
        stripped = line.lstrip(" \t")
        obsolete = stripped.startswith("#~") and not stripped.startswith("#~|")
        message = stripped[2:].lstrip(" \t") if obsolete else stripped
        if not message or (obsolete and message.startswith("#")):
            if pending:
                deferred += 1
            else:
                yield "\n"
        elif message.startswith("#"):
            if last_keyword in _BEFORE_MSGSTR:
                raise CatalogError(OUT_OF_PLACE % {"line": number, "text": line[:80]})
            yield from flush()
            if message.startswith("#,"):
                yield message + "\n"
            else:
                yield "#\n" if comment_opens else "\n"
            comment_opens = False
        elif (found := _MESSAGE_RE.fullmatch(message)) is None:
            raise CatalogError(NOT_SYNTAX % {"line": number, "text": line[:80]})
        elif keyword := found.group(1):
            yield from flush()
            pending[:] = [("#~ " if obsolete else "") + keyword, found.group(2)[1:-1]]
            pending_obsolete, last_keyword, comment_opens = obsolete, keyword, True
        elif pending and pending_obsolete == obsolete:
            pending.append(found.group(2)[1:-1])
            deferred += 1
            comment_opens = True
        else:
            raise CatalogError(OUT_OF_PLACE % {"line": number, "text": line[:80]})
        number += 1
    yield from flush()


def _check_header(catalog: polib.POFile) -> None:
    if not catalog.metadata:
        raise CatalogError(_('The catalog has no header entry (msgid "").'))
    charset = catalog.metadata.get("Content-Type", "").lower()
    if "charset=" in charset and "charset=utf-8" not in charset:
        raise CatalogError(
            _("The catalog must be UTF-8; its header says %(value)s.")
            % {"value": charset}
        )


def _check_duplicates(catalog: polib.POFile) -> None:
    seen: dict[tuple[str | None, str], int | None] = {}
    for entry in catalog:
        if entry.obsolete:
            continue
        key = (entry.msgctxt, entry.msgid)
        if key in seen:
            raise CatalogError(DUPLICATE % {"line": entry.linenum, "first": seen[key]})
        seen[key] = entry.linenum
