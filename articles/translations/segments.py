"""Splitting an article into translation segments, and putting translations back.

A plain field is one segment; the body is one segment per block (paragraph,
heading, list item, quote). Inside a segment, links are reduced to
``<a id="a1">…</a>`` so that translators see and keep the link but cannot
change where it points; the other inline elements carry no attributes.
"""

import re
from dataclasses import dataclass, field

from articles.text.html import pieces, tag_of

PLAIN_FIELDS = ("title", "summary", "meta_description")
SEGMENT_BLOCKS = frozenset({"p", "h2", "h3", "h4", "li", "blockquote"})
CONTAINERS = frozenset({"ul", "ol"})
STRUCTURE = SEGMENT_BLOCKS | CONTAINERS

REDUCED_LINK_RE = re.compile(r'<a id="(a\d+)">')


@dataclass(frozen=True)
class Block:
    """A translatable block of a body: its element and inner HTML."""

    kind: str
    html: str


@dataclass
class Layout:
    """A body as literal HTML around its blocks, to put translated blocks back into."""

    parts: list[str] = field(default_factory=list)  # len(blocks) + 1 literal parts
    blocks: list[Block] = field(default_factory=list)

    def fill(self, inner: list[str]) -> str:
        """The body with each block's inner HTML replaced by ``inner``, in order."""
        out = [self.parts[0]]
        for html, literal in zip(inner, self.parts[1:], strict=True):
            out += [html, literal]
        return "".join(out)


def split_body(html: str) -> Layout:
    """Split sanitized body HTML into its translatable blocks and the HTML between them."""
    tokens = pieces(html)
    layout = Layout()
    literal: list[str] = []

    def emit(kind: str, inner: list[str]) -> None:
        layout.parts.append("".join(literal))
        layout.blocks.append(Block(kind, "".join(inner)))
        literal.clear()

    index = 0
    while index < len(tokens):
        token = tokens[index]
        tag = tag_of(token)
        name = tag[1] if tag else ""
        opening = tag is not None and not tag[0]
        if opening and name in SEGMENT_BLOCKS:
            end = _closing(tokens, index, name)
            inner = tokens[index + 1 : end]
            literal.append(token)
            if name == "blockquote" and _starts_with_block(inner):
                index += 1  # a quote of paragraphs: each paragraph is a block
                continue
            emit(name, inner)
            literal.extend(tokens[end : end + 1])
            index = end + 1
        elif (not tag and token.strip()) or (opening and name not in STRUCTURE):
            # Loose inline content between blocks is translated as a paragraph.
            end = index
            while (
                end < len(tokens)
                and (tag_of(tokens[end]) or (False, ""))[1] not in STRUCTURE
            ):
                end += 1
            emit("p", tokens[index:end])
            index = end
        else:
            literal.append(token)
            index += 1
    layout.parts.append("".join(literal))
    return layout


def _starts_with_block(inner: list[str]) -> bool:
    for token in inner:
        if not token.strip():
            continue
        tag = tag_of(token)
        return bool(tag and not tag[0] and tag[1] in SEGMENT_BLOCKS | CONTAINERS)
    return False


def _closing(tokens: list[str], start: int, kind: str) -> int:
    """The index of the tag that closes the element opened at ``start``."""
    depth = 0
    for index in range(start, len(tokens)):
        tag = tag_of(tokens[index])
        if tag and tag[1] == kind:
            depth += -1 if tag[0] else 1
            if depth == 0:
                return index
    return len(tokens)


def reduce_links(html: str) -> tuple[str, dict[str, str]]:
    """Replace each link's opening tag by ``<a id="aN">``; return the text and the originals."""
    links: dict[str, str] = {}

    out = []
    for piece in pieces(html):
        if tag_of(piece) == (False, "a"):
            key = f"a{len(links) + 1}"
            links[key] = piece
            piece = f'<a id="{key}">'
        out.append(piece)
    return "".join(out), links


def expand_links(text: str, links: dict[str, str]) -> str:
    """Put the original link tags back in place of ``<a id="aN">``."""
    return REDUCED_LINK_RE.sub(lambda match: links.get(match.group(1), ""), text)
