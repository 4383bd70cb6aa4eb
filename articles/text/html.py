"""The one tokenizer of HTML fragments: tags and the text between them.

Segments, translation checks, diffs, citations and text similarity all read
HTML through ``pieces``. It reads markup as an HTML parser does: ``<`` before a
letter, ``/``, ``!`` or ``?`` starts a tag, which may lack its ``>`` in a
translator's text, and a quoted attribute value may hold ``<`` or ``>``. A lone
``<`` is text. Joining the pieces gives the input back unchanged.
"""

import html as entities
import re

_PIECE_RE = re.compile(r"""<[a-zA-Z/!?](?:"[^"]*"|'[^']*'|[^<>"'])*>?|<|[^<]+""")
_NAME_RE = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)")
_WORD_RE = re.compile(r"\s+|\w+|[^\w\s]")


def pieces(markup: str) -> list[str]:
    """``markup`` as tags (comments and declarations included) and runs of text."""
    return _PIECE_RE.findall(markup)


def is_markup(piece: str) -> bool:
    """Whether a piece is a tag, comment or declaration rather than text."""
    return len(piece) > 1 and piece[0] == "<" and piece[1] != "<"


def tag_of(piece: str) -> tuple[bool, str] | None:
    """``(closing, name)`` of an element's tag, the name in lower case; None otherwise."""
    match = _NAME_RE.match(piece)
    if match is None:
        return None
    return match.group(1) == "/", match.group(2).lower()


def html_parts(markup: str) -> list[str]:
    """``markup`` as text and markup in turn: text at even indexes, markup at odd."""
    parts = [""]
    for piece in pieces(markup):
        if is_markup(piece):
            parts += [piece, ""]
        else:
            parts[-1] += piece
    return parts


def plain_text(markup: str, between: str = "") -> str:
    """The text of ``markup`` with its entities read, tags replaced by ``between``."""
    parts = html_parts(markup)
    parts[1::2] = [between] * (len(parts) // 2)
    return entities.unescape("".join(parts))


def diff_tokens(markup: str) -> list[str]:
    """Tags whole, text as words, runs of space and single other characters."""
    tokens: list[str] = []
    for piece in pieces(markup):
        if is_markup(piece):
            tokens.append(piece)
        else:
            tokens += _WORD_RE.findall(piece)
    return tokens
