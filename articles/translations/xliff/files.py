"""XLIFF 1.2 and 2.0 catalogs for CAT tools, made from and read into the PO catalogs.

The export writes the entries of ``catalog_export`` as units and the import
reads units back as those entries, so an XLIFF file goes through the PO
import's matching, checks, transaction and report. A unit's id is the entry's
``msgctxt`` (in 2.0, which allows no "/" in an id, with ":" instead); its
notes are the ``#.`` comments; a fuzzy entry is a target that needs review, an
outdated one also carries its earlier source as an alternative (1.2
``alt-trans``, 2.0 match), and a memory suggestion is only an alternative.

A file is parsed without loading a DTD, expanding entities or reaching the
network, and one with a DOCTYPE is refused: XLIFF needs none, and entity
declarations are how XML files read other files (XXE) or grow a billion times
in memory.
"""

import re
from dataclasses import dataclass

import polib
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from lxml import etree

from articles.models import LANGUAGE_CODES
from articles.translations.limits import length_limit, plain_text_context
from articles.translations.po.catalog import GENERATOR, memory_note_line
from articles.translations.po.reading import DUPLICATE, CatalogError, too_large
from articles.translations.xliff.codes import (
    XLIFF_12,
    XLIFF_20,
    CodeError,
    citation_codes,
    codes_read,
    codes_write,
)

VERSIONS = ("1.2", "2.0")
MATCHES = "urn:oasis:names:tc:xliff:matches:2.0"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
MEMORY_ORIGIN = "translation memory"
PREVIOUS_ORIGIN = "previous version"
# 1.2 target states of a translation that is not finished ("new" is a target
# that is still the source, or that a tool translated without saying so).
_UNFINISHED_12 = frozenset(
    {
        "needs-translation",
        "needs-adaptation",
        "needs-l10n",
        "needs-review-translation",
        "needs-review-adaptation",
        "needs-review-l10n",
    }
)
# Refused before parsing; a DOCTYPE in another encoding is refused once parsed.
_DECLARATION_RE = re.compile(rb"<!(?:DOCTYPE|ENTITY)")
_POSITION_RE = re.compile(r", line \d+, column \d+$")
_FUZZY_12, _OUTDATED_12 = "needs-review-translation", "needs-translation"
_SUBSTATES_20 = {"fuzzy": f"{GENERATOR}:fuzzy", "outdated": f"{GENERATOR}:outdated"}

DOCTYPE = gettext_lazy(
    "The file declares a DOCTYPE; XLIFF needs none, and entity declarations "
    "are refused (they can read other files or grow without bound)."
)
NOT_XML = gettext_lazy("Line %(line)s: this is not well-formed XML: %(error)s")
NOT_XLIFF = gettext_lazy("The file is not XLIFF 1.2 or 2.0.")
NO_LANGUAGE = gettext_lazy(
    "The file's %(attribute)s (%(value)s) is not a language of this site."
)
SAME_LANGUAGE = gettext_lazy("The file's source and target language are the same.")
NO_ID = gettext_lazy("Line %(line)s: a unit without an id.")


_BOMS = (
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)


def is_xliff(data: bytes) -> bool:
    """Whether the bytes are XML rather than PO: a PO file never starts with "<"."""
    codec = "utf-8"
    for bom, name in _BOMS:
        if data.startswith(bom):
            data, codec = data[len(bom) :], name
            break
    return data[:400].decode(codec, "ignore").lstrip()[:1] == "<"


# Writing


@dataclass(frozen=True)
class _Unit:
    context: str
    source: str
    target: str
    state: str  # "", "translated", "fuzzy" or "outdated"
    note: str
    alternative: tuple[str, str, str] | None  # origin, source, target
    limit: int | None
    plain: bool  # a field of text, not HTML: a title, a name


def xliff_write(
    catalog: polib.POFile, *, source_language: str, version: str = "1.2"
) -> bytes:
    """The entries of a catalog made by ``catalog_export`` as an XLIFF document."""
    units = [_unit(entry) for entry in catalog if entry.msgid and not entry.obsolete]
    target_language = catalog.metadata["Language"]
    if version == "2.0":
        root = _document_20(units, source_language, target_language)
    else:
        root = _document_12(units, source_language, target_language)
    _indent(root, 0)
    declaration = b'<?xml version="1.0" encoding="UTF-8"?>\n'
    body = etree.tostring(root, xml_declaration=False, encoding="UTF-8")
    return declaration + body + b"\n"


def _unit(entry: polib.POEntry) -> _Unit:
    lines = entry.comment.splitlines()
    note = "\n".join(line for line in lines if not memory_note_line(line))
    context = entry.msgctxt or ""
    alternative: tuple[str, str, str] | None = None
    target, state = entry.msgstr, ""
    if any(memory_note_line(line) for line in lines):
        alternative = (MEMORY_ORIGIN, entry.previous_msgid or entry.msgid, target)
        target = ""
    elif entry.fuzzy and entry.previous_msgid:
        alternative = (PREVIOUS_ORIGIN, entry.previous_msgid, target)
        state = "outdated"
    elif target:
        state = "fuzzy" if entry.fuzzy else "translated"
    return _Unit(
        context,
        entry.msgid,
        target,
        state,
        note,
        alternative,
        length_limit(context),
        plain_text_context(context),
    )


def _document_12(units: list[_Unit], source: str, target: str) -> etree._Element:
    q = _qualified(XLIFF_12)
    root = etree.Element(q("xliff"), nsmap={None: XLIFF_12}, version="1.2")
    file = etree.SubElement(
        root,
        q("file"),
        {
            "original": "articles",
            "source-language": source,
            "target-language": target,
            "datatype": "html",
            "date": timezone.now().strftime("%Y-%m-%dT%H:%M:%SZ"),
        },
    )
    header = etree.SubElement(file, q("header"))
    etree.SubElement(header, q("tool"), {"tool-id": GENERATOR, "tool-name": GENERATOR})
    body = etree.SubElement(file, q("body"))
    for unit in units:
        element = etree.SubElement(body, q("trans-unit"), id=unit.context)
        element.set("resname", unit.context)
        element.set(XML_SPACE, "preserve")
        if unit.limit:
            element.set("maxwidth", str(unit.limit))
            element.set("size-unit", "char")
        _content(
            etree.SubElement(element, q("source")), unit.source, XLIFF_12, unit.plain
        )
        # An untranslated unit's target is a copy of its source, state "new":
        # OmegaT's XLIFF filter translates only units that have a target.
        target_node = etree.SubElement(element, q("target"))
        _content(target_node, unit.target or unit.source, XLIFF_12, unit.plain)
        target_node.set(
            "state",
            {"fuzzy": _FUZZY_12, "outdated": _OUTDATED_12, "": "new"}.get(
                unit.state, "translated"
            ),
        )
        if unit.note:
            etree.SubElement(element, q("note"), {"from": "developer"}).text = unit.note
        if unit.alternative:
            origin, old_source, old_target = unit.alternative
            alternative = etree.SubElement(element, q("alt-trans"), origin=origin)
            alternative.set(
                "alttranstype",
                "proposal" if origin == MEMORY_ORIGIN else "previous-version",
            )
            _content(
                etree.SubElement(alternative, q("source")),
                old_source,
                XLIFF_12,
                unit.plain,
            )
            _content(
                etree.SubElement(alternative, q("target")),
                old_target,
                XLIFF_12,
                unit.plain,
            )
    return root


def _document_20(units: list[_Unit], source: str, target: str) -> etree._Element:
    q, m = _qualified(XLIFF_20), _qualified(MATCHES)
    root = etree.Element(
        q("xliff"),
        nsmap={None: XLIFF_20, "mtc": MATCHES},
        version="2.0",
        srcLang=source,
        trgLang=target,
    )
    file = etree.SubElement(root, q("file"), id="articles", original="articles")
    for unit in units:
        element = etree.SubElement(
            file, q("unit"), id=unit.context.replace("/", ":"), name=unit.context
        )
        element.set(XML_SPACE, "preserve")
        if unit.alternative:
            origin, old_source, old_target = unit.alternative
            matches = etree.SubElement(element, m("matches"))
            match = etree.SubElement(
                matches, m("match"), ref="#s1", type="tm", origin=origin
            )
            _content(
                etree.SubElement(match, q("source")), old_source, XLIFF_20, unit.plain
            )
            _content(
                etree.SubElement(match, q("target")), old_target, XLIFF_20, unit.plain
            )
        if unit.note:
            notes = etree.SubElement(element, q("notes"))
            etree.SubElement(notes, q("note"), category="context").text = unit.note
        segment = etree.SubElement(element, q("segment"), id="s1")
        if unit.target:
            segment.set(
                "state", "translated" if unit.state == "translated" else "initial"
            )
            if unit.state in _SUBSTATES_20:
                segment.set("subState", _SUBSTATES_20[unit.state])
        _content(
            etree.SubElement(segment, q("source")), unit.source, XLIFF_20, unit.plain
        )
        if unit.target:
            _content(
                etree.SubElement(segment, q("target")),
                unit.target,
                XLIFF_20,
                unit.plain,
            )
    return root


def _content(element: etree._Element, text: str, namespace: str, plain: bool) -> None:
    try:
        codes_write(element, text, namespace, plain=plain)
    except CodeError:
        # No checked text has crossed tags; should one, it goes as plain text.
        for child in list(element):
            element.remove(child)
        element.text = text


def _qualified(namespace: str):
    return lambda local: f"{{{namespace}}}{local}"


_TEXT_ELEMENTS = frozenset({"source", "target", "note", "context", "tool"})


def _indent(element: etree._Element, level: int) -> None:
    """Indent the structure, never the text of a source, target or note."""
    if etree.QName(element).localname in _TEXT_ELEMENTS or not len(element):
        return
    inside = "\n" + "  " * (level + 1)
    element.text = inside
    for child in element:
        _indent(child, level + 1)
        child.tail = inside
    element[-1].tail = "\n" + "  " * level


# Reading


def xliff_read(data: bytes, *, filename: str = "") -> polib.POFile:
    """An XLIFF file's units as the entries of a PO catalog, for the import.

    The catalog's Language is the file's target language; ``entry.linenum`` is
    the line of the unit. Raises CatalogError saying what is wrong and where.
    """
    if refusal := too_large(len(data)):
        raise CatalogError(refusal)
    if _DECLARATION_RE.search(data):
        raise CatalogError(DOCTYPE)
    parser = etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        remove_pis=True,
        remove_comments=True,
        huge_tree=False,
    )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as error:
        message = _POSITION_RE.sub("", error.msg)
        raise CatalogError(NOT_XML % {"line": error.lineno, "error": message}) from None
    tree = root.getroottree()
    if tree.docinfo.doctype or tree.docinfo.internalDTD is not None:
        raise CatalogError(DOCTYPE)
    if any(isinstance(node, etree._Entity) for node in root.iter()):
        raise CatalogError(DOCTYPE)
    namespace = etree.QName(root).namespace
    if etree.QName(root).localname != "xliff" or namespace not in {XLIFF_12, XLIFF_20}:
        raise CatalogError(NOT_XLIFF)
    catalog = polib.POFile(wrapwidth=0)
    try:
        if namespace == XLIFF_12:
            languages = _read_12(root, catalog)
        else:
            languages = _read_20(root, catalog)
    except CodeError as error:
        raise CatalogError(str(error)) from None
    for attribute, value in languages.items():
        if value not in LANGUAGE_CODES:
            raise CatalogError(
                NO_LANGUAGE % {"attribute": attribute, "value": value or _("missing")}
            )
    source, target = languages.values()
    if source == target:
        raise CatalogError(SAME_LANGUAGE)
    catalog.metadata = {
        "Language": target,
        "Content-Type": "text/plain; charset=UTF-8",
    }
    _check_duplicates(catalog)
    return catalog


def _language(value: str | None) -> str:
    return (value or "").replace("-", "_").split("_")[0].lower()


def _read_12(root: etree._Element, catalog: polib.POFile) -> dict[str, str]:
    q = _qualified(XLIFF_12)
    languages = {"source-language": "", "target-language": ""}
    for file in root.iterchildren(q("file")):
        for attribute in languages:
            languages[attribute] = languages[attribute] or _language(
                file.get(attribute)
            )
        for unit in file.iter(q("trans-unit")):
            source = unit.find(q("source"))
            target = unit.find(q("target"))
            if source is None:
                continue
            state = target.get("state", "") if target is not None else ""
            catalog.append(
                _entry(
                    unit,
                    unit.get("id"),
                    source,
                    target,
                    fuzzy=state in _UNFINISHED_12,
                )
            )
    return languages


def _read_20(root: etree._Element, catalog: polib.POFile) -> dict[str, str]:
    q = _qualified(XLIFF_20)
    languages = {
        "srcLang": _language(root.get("srcLang")),
        "trgLang": _language(root.get("trgLang")),
    }
    for unit in root.iter(q("unit")):
        code = unit.get("id")
        plain = plain_text_context((code or "").replace(":", "/"))
        sources, targets, fuzzy, missing = [], [], False, False
        # A tool may split a unit into segments, with ignorable text between.
        for part in unit.iterchildren(q("segment"), q("ignorable")):
            source = part.find(q("source"))
            target = part.find(q("target"))
            citations = citation_codes(source) if source is not None else {}
            if source is not None:
                sources.append(codes_read(source, citations, plain=plain))
            else:
                sources.append("")
            if target is not None:
                targets.append(codes_read(target, citations, plain=plain))
                fuzzy = fuzzy or part.get("state") == "initial"
            elif etree.QName(part).localname == "ignorable":
                targets.append(sources[-1])
            else:
                missing = True
        entry = polib.POEntry(
            msgctxt=(code or "").replace(":", "/"),
            msgid="".join(sources),
            msgstr="" if missing else "".join(targets),
            flags=["fuzzy"] if fuzzy and not missing else [],
        )
        _place(entry, unit, code)
        catalog.append(entry)
    return languages


def _entry(unit, code, source, target, *, fuzzy: bool) -> polib.POEntry:
    citations = citation_codes(source)
    plain = plain_text_context(code or "")
    original = codes_read(source, citations, plain=plain)
    text = codes_read(target, citations, plain=plain) if target is not None else ""
    if text == original and target is not None and target.get("state") == "new":
        text = ""  # the copy of the source an untranslated unit is written with
    entry = polib.POEntry(
        msgctxt=code or "",
        msgid=original,
        msgstr=text,
        flags=["fuzzy"] if fuzzy and text else [],
    )
    _place(entry, unit, code)
    return entry


def _place(entry: polib.POEntry, unit: etree._Element, code: str | None) -> None:
    if not code:
        raise CatalogError(NO_ID % {"line": unit.sourceline})
    entry.linenum = unit.sourceline or 0


def _check_duplicates(catalog: polib.POFile) -> None:
    seen: dict[str | None, int | None] = {}
    for entry in catalog:
        if entry.msgctxt in seen:
            raise CatalogError(
                DUPLICATE % {"line": entry.linenum, "first": seen[entry.msgctxt]}
            )
        seen[entry.msgctxt] = entry.linenum
