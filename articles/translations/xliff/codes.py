"""A segment's text as XLIFF content with protected inline codes, and back.

In the catalogs a segment is HTML in its reduced form: ``<a id="a1">…</a>``,
``<em>``, ``<br>``, ``[n]`` citations and escaped text. In XLIFF each tag pair
becomes a paired code (``<g>`` in 1.2, ``<pc>`` in 2.0) and each ``<br>`` and
citation a placeholder (``<x/>``, ``<ph/>``) that CAT tools show as a tag the
translator moves but cannot edit. A code's id says what it stands for (``a1``,
``em2``, ``br1``, ``c3``), so the HTML read back from a target is the one the
PO route would give, and the import's checks judge it alike.
"""

import html
import re

from django.utils.translation import gettext_lazy
from lxml import etree

from articles.text.html import html_parts, tag_of
from articles.text.richtext import CITATION_RE, escape_text
from articles.translations.segments import REDUCED_LINK_RE

XLIFF_12 = "urn:oasis:names:tc:xliff:document:1.2"
XLIFF_20 = "urn:oasis:names:tc:xliff:document:2.0"

_ID_RE = re.compile(r"([a-z]+)(\d+)")
_PAIRED = frozenset({"a", "em", "strong", "sup", "sub", "ul", "ol", "li"})
_CTYPES = {
    "a": "link",
    "em": "italic",
    "strong": "bold",
    "sup": "x-html-sup",
    "sub": "x-html-sub",
}
_TYPES_20 = {"a": ("link", None), "em": ("fmt", "xlf:i"), "strong": ("fmt", "xlf:b")}

UNKNOWN_ELEMENT = gettext_lazy(
    "Line %(line)s: the inline element <%(name)s> is not one this site writes "
    "(its codes are <g> and <x/> in XLIFF 1.2, <pc> and <ph/> in 2.0)."
)


class CodeError(ValueError):
    """Inline content that cannot stand for a segment's text."""


def codes_write(
    parent: etree._Element, text: str, namespace: str, *, plain: bool = False
) -> None:
    """Fill ``parent`` (a source or target) with the segment ``text`` as XLIFF.

    A ``plain`` text (a title, a name) holds no entities: its "&" is an "&".
    Raises CodeError for tags that do not pair up, which no checked text has.
    """
    stack: list[tuple[etree._Element, str]] = [(parent, "")]
    counts: dict[str, int] = {}
    cursor: tuple[etree._Element, str] = (parent, "text")
    paired, standalone = ("g", "x") if namespace == XLIFF_12 else ("pc", "ph")

    def add_text(value: str) -> None:
        if not value:
            return
        element, slot = cursor
        value = value if plain else html.unescape(value)
        if slot == "text":
            element.text = (element.text or "") + value
        else:
            element.tail = (element.tail or "") + value

    def code(name: str) -> str:
        counts[name] = counts.get(name, 0) + 1
        return f"{name}{counts[name]}"

    for index, part in enumerate(html_parts(text)):
        if index % 2 == 0:
            for number, piece in enumerate(CITATION_RE.split(part)):
                if number % 2 == 0:
                    add_text(piece)
                    continue
                element = etree.SubElement(stack[-1][0], _name(namespace, standalone))
                element.set("id", code("c"))
                _describe_citation(element, f"[{piece}]", namespace)
                cursor = (element, "tail")
            continue
        closing, tag = tag_of(part) or (False, "")
        if tag not in _PAIRED | {"br"} or (tag == "br" and closing):
            raise CodeError(part)
        if closing:
            if len(stack) == 1 or stack[-1][1] != tag:
                raise CodeError(part)
            cursor = (stack.pop()[0], "tail")
        elif tag == "br":
            element = etree.SubElement(stack[-1][0], _name(namespace, standalone))
            element.set("id", code("br"))
            _describe_break(element, namespace)
            cursor = (element, "tail")
        else:
            link = REDUCED_LINK_RE.fullmatch(part)
            if (tag == "a") != bool(link) or (not link and part != f"<{tag}>"):
                raise CodeError(part)
            element = etree.SubElement(stack[-1][0], _name(namespace, paired))
            element.set("id", link.group(1) if link else code(tag))
            _describe_pair(element, tag, namespace)
            stack.append((element, tag))
            cursor = (element, "text")
    if len(stack) > 1:
        raise CodeError(stack[-1][1])


def codes_read(
    element: etree._Element,
    source: dict[str, str] | None = None,
    *,
    plain: bool = False,
) -> str:
    """The segment text that a source or target element stands for (``plain``:
    without escaping, as ``codes_write`` has it).

    ``source`` maps the citation codes of the unit's source to their text, so a
    target's ``<x id="c1"/>`` is the citation the source has there. Raises
    CodeError for an element that is no code of ours.
    """
    citations = source or {}
    escape = (lambda text: text) if plain else escape_text
    out = [escape(element.text or "")]
    for child in element:
        name = etree.QName(child).localname
        code = child.get("id", "")
        kind = _ID_RE.fullmatch(code)
        tag = kind.group(1) if kind else ""
        if name in {"g", "pc"}:
            inner = codes_read(child, citations, plain=plain)
            if tag in _PAIRED:
                opening = f'<a id="{code}">' if tag == "a" else f"<{tag}>"
                out.append(f"{opening}{inner}</{tag}>")
            else:
                out.append(inner)  # a tool's own pair: its text without the tag
        elif name in {"x", "ph"}:
            if tag == "br":
                out.append("<br>")
            elif tag == "c":
                equivalent = child.get("equiv-text") or child.get("equiv") or ""
                fallback = equivalent if CITATION_RE.fullmatch(equivalent) else ""
                out.append(citations.get(code, fallback))
        elif name == "mrk":
            out.append(codes_read(child, citations, plain=plain))  # its text
        else:
            raise CodeError(
                str(UNKNOWN_ELEMENT % {"line": child.sourceline, "name": name})
            )
        out.append(escape(child.tail or ""))
    return "".join(out)


def citation_codes(element: etree._Element) -> dict[str, str]:
    """The citation codes of a source element and the citations they stand for."""
    found = {}
    for child in element.iter():
        code = child.get("id", "")
        equivalent = child.get("equiv-text") or child.get("equiv") or ""
        if code.startswith("c") and CITATION_RE.fullmatch(equivalent):
            found[code] = equivalent
    return found


def _name(namespace: str, local: str) -> str:
    return f"{{{namespace}}}{local}"


def _describe_pair(element: etree._Element, tag: str, namespace: str) -> None:
    if namespace == XLIFF_12:
        element.set("ctype", _CTYPES.get(tag, f"x-html-{tag}"))
        return
    kind, sub = _TYPES_20.get(tag, ("fmt", None))
    element.set("type", kind)
    if sub:
        element.set("subType", sub)
    element.set("dispStart", f"<{tag}>")
    element.set("dispEnd", f"</{tag}>")


def _describe_break(element: etree._Element, namespace: str) -> None:
    if namespace == XLIFF_12:
        element.set("ctype", "lb")
    else:
        element.set("type", "fmt")
        element.set("subType", "xlf:lb")
        element.set("equiv", "\n")


def _describe_citation(element: etree._Element, marker: str, namespace: str) -> None:
    if namespace == XLIFF_12:
        element.set("ctype", "x-citation")
        element.set("equiv-text", marker)
    else:
        element.set("type", "other")
        element.set("equiv", marker)
        element.set("disp", marker)
