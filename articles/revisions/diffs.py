"""What changed between two revisions: word-level, markup and links included.

HTML is split into words and tags, and tags are shown as text, so a changed
link URL or an added ``<em>`` is as visible as a changed word.
"""

import difflib
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from articles.revisions.snapshots import REFERENCE_FIELDS, TRANSLATED_FIELDS, Snapshot
from articles.text.html import diff_tokens, pieces, tag_of

# The elements that end a block of a body: a diff compares a body block by block.
_BLOCK_ENDS = frozenset({"p", "h2", "h3", "h4", "ul", "ol", "blockquote"})
FIELD_LABELS = {
    "title": _("Title"),
    "slug": _("Slug"),
    "summary": _("Summary"),
    "body": _("Body"),
    "meta_description": _("Meta description"),
}


@dataclass
class Change:
    """One changed part of the article, with its diff as HTML."""

    label: str
    diff: SafeString
    language: str = ""


@dataclass
class ReferenceChange:
    number: int
    kind: str  # "added", "removed" or "changed"
    diff: SafeString


@dataclass
class SnapshotDiff:
    fields: list[Change] = field(default_factory=list)
    references: list[ReferenceChange] = field(default_factory=list)
    others: list[Change] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.fields or self.references or self.others)


def word_diff(old: str, new: str) -> SafeString:
    """``old`` and ``new`` as one text with deletions in <del> and insertions in <ins>.

    A short unchanged stretch between two changes (a space, "a", "of") is shown
    as part of one larger change, so a reworded phrase reads as a phrase instead
    of alternating word by word.
    """
    before, after = diff_tokens(old), diff_tokens(new)
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    runs: list[tuple[bool, list[str], list[str]]] = []  # (changed, old part, new part)
    opcodes = matcher.get_opcodes()
    for index, (op, i1, i2, j1, j2) in enumerate(opcodes):
        changed = op != "equal"
        between = 0 < index < len(opcodes) - 1
        if not changed and between and _negligible(before[i1:i2]):
            changed = True
        if runs and changed and runs[-1][0]:
            runs[-1][1].extend(before[i1:i2])
            runs[-1][2].extend(after[j1:j2])
        else:
            runs.append((changed, list(before[i1:i2]), list(after[j1:j2])))
    out = []
    for changed, removed, added in runs:
        if not changed:
            out.append(_show(removed))
            continue
        if removed:
            out.append(f"<del>{_show(removed)}</del>")
        if added:
            out.append(f"<ins>{_show(added)}</ins>")
    return mark_safe("".join(out))  # every token is escaped in _show


def _negligible(tokens: list[str]) -> bool:
    """Whether an unchanged stretch is too small to break a change in two."""
    return sum(len(token.strip()) for token in tokens) <= 3 and not any(
        token.startswith("<") for token in tokens
    )


def blocks_diff(old: str, new: str) -> SafeString:
    """A word diff of an article body, block by block, with unchanged blocks folded."""
    before, after = _blocks(old), _blocks(new)
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    out = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            folded = ngettext(
                "… %(count)s unchanged block …",
                "… %(count)s unchanged blocks …",
                i2 - i1,
            ) % {"count": i2 - i1}
            out.append(f'<div class="unchanged">{escape(folded)}</div>')
        elif op == "replace" and i2 - i1 == j2 - j1:
            out += [
                f"<div>{word_diff(a, b)}</div>"
                for a, b in zip(before[i1:i2], after[j1:j2], strict=True)
            ]
        else:
            joined = word_diff("\n".join(before[i1:i2]), "\n".join(after[j1:j2]))
            out.append(f"<div>{joined}</div>")
    return mark_safe("".join(out))  # the parts are escaped by word_diff


def _blocks(html: str) -> list[str]:
    blocks, current = [], ""
    for piece in pieces(html):
        current += piece
        tag = tag_of(piece)
        if tag is not None and tag[0] and tag[1] in _BLOCK_ENDS:
            blocks.append(current)
            current = ""
    blocks.append(current)
    return [block.strip() for block in blocks if block.strip()]


def _show(tokens: list[str]) -> str:
    return "".join(
        f'<code class="markup">{escape(token)}</code>'
        if token.startswith("<")
        else escape(token)
        for token in tokens
    )


def snapshot_diff(old: Snapshot, new: Snapshot) -> SnapshotDiff:
    """Every difference between two snapshots, per field and language."""
    result = SnapshotDiff()
    languages = [code for code, _name in settings.LANGUAGES]
    for name in TRANSLATED_FIELDS:
        for code in languages:
            before, after = old.value(name, code), new.value(name, code)
            if before != after:
                show = blocks_diff if name == "body" else word_diff
                result.fields.append(
                    Change(str(FIELD_LABELS[name]), show(before, after), code)
                )
    for number in range(1, max(len(old.references), len(new.references)) + 1):
        before = _reference_text(old.references, number)
        after = _reference_text(new.references, number)
        if before == after:
            continue
        kind = "added" if not before else "removed" if not after else "changed"
        result.references.append(
            ReferenceChange(number, kind, word_diff(before, after))
        )
    pairs = [
        (_("Category"), _name_of(old.category), _name_of(new.category)),
        (_("Tags"), _names(old.tags, "name"), _names(new.tags, "name")),
        (_("Related articles"), _names(old.picks, "title"), _names(new.picks, "title")),
        (_("Author line"), old.author_line, new.author_line),
        (_("Source language"), old.source_language, new.source_language),
        (
            _("First published"),
            old.first_published.isoformat() if old.first_published else "",
            new.first_published.isoformat() if new.first_published else "",
        ),
    ]
    for label, before, after in pairs:
        if before != after:
            result.others.append(Change(str(label), word_diff(before, after)))
    return result


def _reference_text(references: list[dict[str, str]], number: int) -> str:
    if number > len(references):
        return ""
    reference = references[number - 1]
    return " | ".join(
        reference.get(name, "") for name in REFERENCE_FIELDS if reference.get(name)
    )


def _name_of(entry: dict | None) -> str:
    return str(entry.get("name", "")) if entry else ""


def _names(entries: list[dict], key: str) -> str:
    return ", ".join(str(entry.get(key, "")) for entry in entries)
