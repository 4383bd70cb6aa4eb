"""Reading a PO file from a translator safely: size, encoding, syntax, duplicates.

polib and Babel accept some broken files silently (an unterminated string
among them), so the text is checked line by line before polib parses it. That
pass also hands polib only what the import uses, in the form polib reads in
linear time: polib grows a comment or a multi-line string by concatenating to
an attribute, which copies it on every line (a 20 MB file of comments took
minutes), and it splits a text wherever ``str.splitlines`` does, U+2028 among
them, while gettext ends a line only at LF.

The whole file is checked before the import writes anything, but its entries
are never in memory at once: the rewritten text goes to a temporary file, a
first parse keeps only each entry's line, context and a digest of its key (for
the duplicates), and the import then parses the entries a chunk of articles at
a time (``CatalogFile.entries``).
"""

import hashlib
import io
import os
import re
import tempfile
from array import array
from collections.abc import Iterable, Iterator
from typing import IO, BinaryIO

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
# The translation memory's mark on a suggestion ("# memory: <slug>/<key> 93%")
# is the one comment besides flags that the import reads.
_SKIPPED_RE = re.compile(
    r"(?:[ \t]*(?:#(?![ \t]*memory:)[^,~\n][^\n]*|#)?\r?\n){1,1000}"
)
_MEMORY_MARK_RE = re.compile(r"#[ \t]*memory:")
_POLIB_LINE_RE = re.compile(r"\(line (\d+)\)")
_BEFORE_MSGSTR = ("msgctxt", "msgid", "msgid_plural")
_BOM = b"\xef\xbb\xbf"
# The file is decoded and rewritten in pieces of about this size, cut at a line end.
_BLOCK = 2**20
# Put before the entries parsed apart, so that polib reads each as it did in the file.
_EMPTY_HEADER = 'msgid ""\nmsgstr ""\n\n'

TOO_LARGE = gettext_lazy("The file is larger than %(limit)s MB.")
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


class CatalogFile:
    """A checked PO file whose entries are parsed when asked for, a few at a time.

    ``metadata`` is the header; ``contexts()`` the (number, line, msgctxt) of each
    entry that is not obsolete and has a msgid, in the order of the file.
    Close it (or use it as a context manager) to remove its temporary files.
    """

    def __init__(self, rewritten: IO[str], index: "_Index") -> None:
        self._rewritten = rewritten
        self._scratch = tempfile.NamedTemporaryFile(  # noqa: SIM115
            "w+", encoding="utf-8", suffix=".po"
        )
        self.metadata: dict[str, str] = index.metadata
        self._index = index
        self._offsets = _offsets(rewritten.name, index.starts)

    def __enter__(self) -> "CatalogFile":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self._rewritten.close()
        self._scratch.close()

    def contexts(self) -> Iterator[tuple[int, int, str]]:
        index = self._index
        for number, head, tail in zip(
            index.usable, index.heads, index.tails, strict=True
        ):
            context = index.parts[tail]
            if head >= 0:
                context = f"{index.parts[head]}/{context}"
            yield number, index.starts[number], context

    def entries(self, numbers: Iterable[int]) -> list[polib.POEntry]:
        """The entries ``numbers`` (of ``contexts``), in that order, with their lines."""
        numbers = list(numbers)
        later = [n for n in numbers if n]
        parsed = dict(zip(later, self._parse(later, _EMPTY_HEADER), strict=True))
        if 0 in numbers:  # the file's first entry is read as polib reads a file
            parsed[0] = self._parse([0], "")[0]
        for number, entry in parsed.items():
            entry.linenum = self._index.starts[number]
        return [parsed[number] for number in numbers]

    def _parse(self, numbers: list[int], prefix: str) -> list[polib.POEntry]:
        if not numbers:
            return []
        with open(self._rewritten.name, "rb") as source:
            parts = []
            for number in numbers:
                source.seek(self._offsets[number])
                parts.append(
                    source.read(self._offsets[number + 1] - self._offsets[number])
                )
        self._scratch.seek(0)
        self._scratch.truncate()
        self._scratch.write(prefix + b"".join(parts).decode("utf-8"))
        self._scratch.flush()
        entries = list(polib.pofile(self._scratch.name, encoding="utf-8", wrapwidth=78))
        assert len(entries) == len(numbers)  # one entry from one entry's lines
        return entries


class _Index(polib.POFile):
    """What a first parse keeps of a file: its header, each entry's first line,
    the contexts of the usable entries and the first duplicate, not the entries.

    A context is kept as the two halves around its last "/", each stored once
    (``slug/b3``: a slug per article, a key shared by many): a few bytes an entry.
    """

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.starts = array("q")  # the first line of every entry
        self.usable = array("q")  # the numbers of the entries the import reads
        self.heads, self.tails = array("l"), array("l")  # indices into parts; -1: none
        self.parts: list[str] = []
        self.duplicate: tuple[int, int] | None = None
        self._part_numbers: dict[str, int] = {}
        self._seen: dict[bytes, int] = {}
        self._header = False

    def append(self, entry: polib.POEntry) -> None:
        number, line = len(self.starts), entry.linenum or 0
        self.starts.append(line)
        if entry.obsolete:
            return
        if entry.msgid == "" and not self._header:
            self._header = True
            super().append(entry)  # polib takes the header from it
            return
        context = entry.msgctxt
        key = hashlib.blake2b(
            (b"\x00" if context is None else b"\x01" + context.encode() + b"\x04")
            + entry.msgid.encode(),
            digest_size=16,
        ).digest()
        first = self._seen.setdefault(key, line)
        if first != line and self.duplicate is None:
            self.duplicate = (line, first)
        if entry.msgid:
            head, slash, tail = (context or "").rpartition("/")
            self.usable.append(number)
            self.heads.append(self._part(head) if slash else -1)
            self.tails.append(self._part(tail))

    def _part(self, text: str) -> int:
        number = self._part_numbers.setdefault(text, len(self.parts))
        if number == len(self.parts):
            self.parts.append(text)
        return number


def catalog_open(data: bytes | BinaryIO, *, filename: str = "") -> CatalogFile:
    """Check a PO file (its bytes or the file), or raise CatalogError saying what is
    wrong and where.

    Comments other than flags and an entry's first memory mark are not kept (the
    import never uses them); an entry's line is its first, comments included, as
    polib counts it.
    """
    source = io.BytesIO(data) if isinstance(data, bytes) else data
    source.seek(0, os.SEEK_END)
    if refusal := too_large(source.tell()):
        raise CatalogError(refusal)
    source.seek(0)
    # Windows tools write a byte order mark; gettext and Weblate read past it.
    start = len(_BOM) if source.read(len(_BOM)) == _BOM else 0
    _check_text(source, start)
    # polib splits a text with str.splitlines but reads a file by its lines,
    # which end at LF only once bare CRs are refused: it gets a file.
    rewritten = tempfile.NamedTemporaryFile("w+", encoding="utf-8", suffix=".po")  # noqa: SIM115
    try:
        rewritten.writelines(_polib_lines(source, start))
        rewritten.flush()
        try:
            index = polib.pofile(
                rewritten.name, encoding="utf-8", wrapwidth=78, klass=_Index
            )
        except (OSError, ValueError) as error:
            found = _POLIB_LINE_RE.search(str(error))
            if found is None:
                raise CatalogError(
                    _("The file is not a PO catalog: %(error)s")
                    % {"error": str(error).replace(rewritten.name, filename)}
                ) from None
            number = int(found.group(1))
            raise CatalogError(
                OUT_OF_PLACE
                % {"line": number, "text": _line_at(source, start, number)[:80]}
            ) from None
        assert isinstance(index, _Index)
        _check_header(index)
        if index.duplicate:
            line, first = index.duplicate
            raise CatalogError(DUPLICATE % {"line": line, "first": first})
        index._seen.clear()
        index._part_numbers.clear()
        return CatalogFile(rewritten, index)
    except BaseException:
        rewritten.close()
        raise


def _offsets(path: str, starts: array) -> array:
    """Where in the file each entry's first line begins, and the file's end."""
    offsets = array("q")
    wanted = iter(starts)
    line = next(wanted, None)
    position = 0
    with open(path, "rb") as source:
        for number, text in enumerate(source, start=1):
            while line is not None and line <= number:
                offsets.append(position)
                line = next(wanted, None)
            position += len(text)
    while line is not None:
        offsets.append(position)
        line = next(wanted, None)
    offsets.append(position)
    return offsets


def _blocks(source: BinaryIO, start: int) -> Iterator[bytes]:
    """The file from ``start`` in pieces of about ``_BLOCK`` bytes, each ending
    at a line end (where a UTF-8 character never is)."""
    source.seek(start)
    while block := source.read(_BLOCK):
        yield block if block.endswith(b"\n") else block + source.readline()


def _check_text(source: BinaryIO, start: int) -> None:
    """No NUL byte, then UTF-8 throughout, then no control characters: the
    file's first fault of the first kind it has is the one reported."""
    line, bad, control = 1, None, None
    for block in _blocks(source, start):
        if (nul := block.find(b"\x00")) != -1:
            raise CatalogError(NUL % {"line": line + block.count(b"\n", 0, nul)})
        if bad is None:
            try:
                text = block.decode("utf-8")
            except UnicodeDecodeError as error:
                bad = line + block.count(b"\n", 0, error.start)
            else:
                if control is None and (found := _CONTROL_RE.search(text)):
                    control = (
                        line + text.count("\n", 0, found.start()),
                        f"U+{ord(found.group()[0]):04X}",
                    )
        line += block.count(b"\n")
    if bad is not None:
        raise CatalogError(NOT_UTF8 % {"line": bad})
    if control:
        raise CatalogError(CONTROL % {"line": control[0], "character": control[1]})


def _line_at(source: BinaryIO, start: int, number: int) -> str:
    """Line ``number`` of the file, as gettext counts lines: ended by LF."""
    source.seek(start)
    for count, line in enumerate(source, start=1):
        if count == number:
            return line.rstrip(b"\n").removesuffix(b"\r").decode("utf-8")
    return ""


def _polib_lines(source: BinaryIO, start: int) -> Iterator[str]:
    """The file from ``start`` checked line by line, rewritten for polib with the
    same line numbers, a block at a time.

    A message's continuation lines are joined to its keyword line (the escapes of
    a string never span its quotes), the first comment line of an entry becomes
    an empty ``#`` so that the entry starts where it did, and other comments
    become empty lines. Flags, an entry's first memory mark and obsolete entries
    stay.
    """
    pending: list[str] = []  # a keyword line's prefix and keyword, then its strings
    pending_obsolete = False
    deferred = 0  # lines after a pending keyword line, written once it is complete
    last_keyword = ""
    comment_opens = True
    marked = False  # whether the entry's memory mark is written

    def flush() -> Iterator[str]:
        nonlocal deferred
        if pending:
            yield f'{pending[0]} "{"".join(pending[1:])}"\n'
            pending.clear()
        if deferred:
            yield "\n" * deferred
            deferred = 0

    number = 1
    for text in (block.decode("utf-8") for block in _blocks(source, start)):
        position = 0
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
                                "text": _line_at(source, start, number + before)[:80],
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
                    raise CatalogError(
                        OUT_OF_PLACE % {"line": number, "text": line[:80]}
                    )
                yield from flush()
                if message.startswith("#,"):
                    yield message + "\n"
                elif not marked and _MEMORY_MARK_RE.match(message):
                    yield message + "\n"
                    marked = True
                else:
                    yield "#\n" if comment_opens else "\n"
                comment_opens = False
            elif (found := _MESSAGE_RE.fullmatch(message)) is None:
                raise CatalogError(NOT_SYNTAX % {"line": number, "text": line[:80]})
            elif keyword := found.group(1):
                yield from flush()
                pending[:] = [
                    ("#~ " if obsolete else "") + keyword,
                    found.group(2)[1:-1],
                ]
                pending_obsolete, last_keyword, comment_opens = obsolete, keyword, True
                marked = False
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
