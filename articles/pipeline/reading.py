"""Reading a PO file from a translator safely: size, encoding, syntax, duplicates.

polib and Babel accept some broken files silently (an unterminated string
among them), so the text is checked line by line before polib parses it.
"""

import re

import polib
from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# The unrolled form of "(?:[^"\\]|\\.)*": the same strings, matched faster.
_STRING = r'"[^"\\]*(?:\\.[^"\\]*)*"'
_LINE_RE = re.compile(
    rf"^\s*(?:#.*|(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)\s+{_STRING}|{_STRING})?\s*$"
)
TOO_LARGE = gettext_lazy("The file is larger than %(limit)s MB.")


class CatalogError(ValueError):
    """A file that cannot be read as a PO catalog; nothing of it was applied."""


def too_large(size: int) -> str | None:
    """Why a file of ``size`` bytes is refused (setting CATALOG_MAX_MB), or None."""
    limit = settings.CATALOG_MAX_MB
    return TOO_LARGE % {"limit": limit} if size > limit * 2**20 else None


def catalog_read(data: bytes, *, filename: str = "") -> polib.POFile:
    """Parse a PO file's bytes, or raise CatalogError saying what is wrong and where."""
    if refusal := too_large(len(data)):
        raise CatalogError(refusal)
    if data.startswith(b"\xef\xbb\xbf"):
        raise CatalogError(
            _(
                "The file starts with a byte order mark (BOM); save it as UTF-8 without BOM."
            )
        )
    if b"\x00" in data:
        line = data.count(b"\n", 0, data.index(b"\x00")) + 1
        raise CatalogError(
            _("Line %(line)s: the file contains NUL bytes; it is not a PO file.")
            % {"line": line}
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise CatalogError(
            _("Line %(line)s: the file is not valid UTF-8 (is it Latin-1?).")
            % {"line": line}
        ) from None
    for number, line in enumerate(text.splitlines(), start=1):
        # Comments are most of a catalog's lines and always valid.
        if not line.startswith("#") and not _LINE_RE.match(line):
            raise CatalogError(
                _(
                    "Line %(line)s: this is not PO syntax (an unterminated string?): %(text)s"
                )
                % {"line": number, "text": line[:80]}
            )
    try:
        catalog = polib.pofile(text if "\n" in text else text + "\n", wrapwidth=78)
    except (OSError, ValueError) as error:
        raise CatalogError(
            _("The file is not a PO catalog: %(error)s") % {"error": error}
        ) from None
    if not catalog.metadata:
        raise CatalogError(_('The catalog has no header entry (msgid "").'))
    charset = catalog.metadata.get("Content-Type", "").lower()
    if "charset=" in charset and "charset=utf-8" not in charset:
        raise CatalogError(
            _("The catalog must be UTF-8; its header says %(value)s.")
            % {"value": charset}
        )
    seen: dict[tuple[str | None, str], int] = {}
    for entry in catalog:
        if entry.obsolete:
            continue
        key = (entry.msgctxt, entry.msgid)
        if key in seen:
            raise CatalogError(
                _("Line %(line)s: a duplicate of the entry on line %(first)s.")
                % {"line": entry.linenum, "first": seen[key]}
            )
        seen[key] = entry.linenum
    return catalog
