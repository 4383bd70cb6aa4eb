"""Translation state: which segments an article has, and how far each language is.

The state lives in every revision's snapshot, so history, compare and restore
cover translations too. ``snapshot_translation_update`` is called for every
save and keeps it consistent:

- the source language's segments get stable keys; an unchanged segment keeps
  its key when others are inserted, changed or removed;
- a translation whose source text changed since is outdated (fuzzy);
- a target field edited directly (in the admin) becomes the translation of the
  segments whose text the editor changed;
- a language whose every segment is translated and current gets its fields
  rebuilt from the segments; until then its previous complete version stays,
  marked with the source version it translates.

A language's state is one ``TranslationProgress``; ``is_outdated`` is the one
definition of an outdated translation, used by the reader's notice, the admin
filter and list, the translation dashboard and the export.
"""

import difflib
from dataclasses import dataclass, replace

from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from articles.models import LANGUAGE_CODES
from articles.revisions.snapshots import Snapshot
from articles.text.richtext import sanitize_html
from articles.translations.segments import (
    PLAIN_FIELDS,
    expand_links,
    reduce_links,
    split_body,
)

PLAIN_KEYS = {"title": "title", "summary": "summary", "meta_description": "meta"}
BODY_MISMATCH = _(
    "The %(language)s body no longer has the same blocks as the original; its "
    "paragraphs could not be matched to the original's and were not taken as translations."
)


@dataclass(frozen=True)
class TranslationProgress:
    """How far one language's translation of an article is.

    ``translated`` segments translate their current source text, ``fuzzy`` ones
    an earlier text, the rest are untranslated. ``outdated``: see ``is_outdated``.
    Stored per language in ``Article.translation_progress`` (``as_json``).
    """

    segments: int
    translated: int
    fuzzy: int
    outdated: bool

    @property
    def complete(self) -> bool:
        return self.segments > 0 and self.translated == self.segments

    @property
    def untranslated(self) -> int:
        return self.segments - self.translated - self.fuzzy

    def as_json(self) -> dict[str, int | bool]:
        return {
            "segments": self.segments,
            "translated": self.translated,
            "fuzzy": self.fuzzy,
            "outdated": self.outdated,
        }

    @classmethod
    def from_json(cls, data: object) -> "TranslationProgress | None":
        """The progress ``as_json`` stored; None where there is none."""
        if not isinstance(data, dict):
            return None
        return cls(
            segments=int(data.get("segments", 0)),
            translated=int(data.get("translated", 0)),
            fuzzy=int(data.get("fuzzy", 0)),
            outdated=bool(data.get("outdated", False)),
        )


def is_outdated(
    translated_from: dict[str, int], source_version: int, language: str
) -> bool:
    """Whether the ``language`` version translates an earlier text of the original.

    An outdated translation was complete once (``translated_from`` records the
    source version it translates) and the source's segments changed since, so
    readers see that version with a notice until every segment is translated
    again. A language never translated completely is not outdated: it is
    untranslated, and has no version readers could see.
    """
    return translated_from.get(language, source_version) < source_version


def source_units(
    snapshot: Snapshot, language: str | None = None
) -> list[dict[str, object]]:
    """The segments of one language's fields, without keys, in reading order."""
    language = language or snapshot.source_language
    units: list[dict[str, object]] = []
    for name in PLAIN_FIELDS:
        text = snapshot.value(name, language).strip()
        if text:
            units.append({"field": name, "kind": "text", "text": text, "links": {}})
    for block in _body_blocks(snapshot.value("body", language)):
        text, links = reduce_links(block.html.strip())
        units.append(
            {"field": "body", "kind": block.kind, "text": text, "links": links}
        )
    return units


def _body_blocks(html: str) -> list:
    """The body's blocks that hold text: empty ones are not segments."""
    return [block for block in split_body(html).blocks if block.html.strip()]


def _with_keys(
    previous: list[dict], units: list[dict], next_key: int
) -> tuple[list[dict], int]:
    """Give each unit the key of the segment it continues, or a new one."""
    keyed = []
    for unit in units:
        if unit["field"] != "body":
            keyed.append({**unit, "key": PLAIN_KEYS[unit["field"]]})
    old_body = [segment for segment in previous if segment.get("field") == "body"]
    new_body = [unit for unit in units if unit["field"] == "body"]
    matcher = difflib.SequenceMatcher(
        None,
        [s.get("text") for s in old_body],
        [u["text"] for u in new_body],
        autojunk=False,
    )
    body: list[dict] = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        reused = (
            [s["key"] for s in old_body[i1:i2]] if op in {"equal", "replace"} else []
        )
        for offset, unit in enumerate(new_body[j1:j2]):
            if offset < len(reused):
                key = reused[offset]
            else:
                key, next_key = f"b{next_key}", next_key + 1
            body.append({**unit, "key": key})
    return keyed + body, next_key


def progress(snapshot: Snapshot, language: str) -> TranslationProgress:
    """How many of the article's segments are translated into ``language``."""
    units = snapshot.translations.get(language, {})
    translated = fuzzy = 0
    for segment in snapshot.segments:
        unit = units.get(segment["key"])
        if not unit or not unit.get("text"):
            continue
        if unit.get("source") == segment["text"] and not unit.get("fuzzy"):
            translated += 1
        else:
            fuzzy += 1
    return TranslationProgress(
        segments=len(snapshot.segments),
        translated=translated,
        fuzzy=fuzzy,
        outdated=is_outdated(
            snapshot.translated_from, snapshot.source_version, language
        ),
    )


def progress_summary(snapshot: Snapshot) -> dict[str, dict[str, int | bool]]:
    """Per target language, its ``TranslationProgress`` as stored on the article."""
    return {
        language: progress(snapshot, language).as_json()
        for language in LANGUAGE_CODES
        if language != snapshot.source_language
    }


def snapshot_translation_update(
    previous: Snapshot | None, snapshot: Snapshot, *, number: int
) -> tuple[Snapshot, list[str]]:
    """The snapshot with its translation state brought up to date for revision ``number``.

    Returns it and a message for each direct edit that could not be matched.
    """
    problems: list[str] = []
    before = previous.segments if previous else []
    segments, next_key = _with_keys(
        before,
        source_units(snapshot),
        max(previous.next_key if previous else 1, snapshot.next_key),
    )
    changed = [(s["key"], s["text"]) for s in segments] != [
        (s.get("key"), s.get("text")) for s in before
    ]
    source_version = number if changed or previous is None else previous.source_version
    updated = replace(
        snapshot,
        segments=segments,
        next_key=next_key,
        source_version=source_version,
        # What the caller's snapshot says wins; what it does not mention is kept.
        translations={
            language: {
                **(previous.translations.get(language, {}) if previous else {}),
                **snapshot.translations.get(language, {}),
            }
            for language in {
                *snapshot.translations,
                *(previous.translations if previous else {}),
            }
        },
        translated_from={
            **(previous.translated_from if previous else {}),
            **snapshot.translated_from,
        },
    )
    for language in LANGUAGE_CODES:
        if language == snapshot.source_language:
            continue
        problems += _take_direct_edits(previous, updated, language)
        if progress(updated, language).complete:
            _assemble(updated, language)
    return updated, problems


def _take_direct_edits(
    previous: Snapshot | None, snapshot: Snapshot, language: str
) -> list[str]:
    """Record target text edited outside the pipeline as the translation of its segments."""
    names = (*PLAIN_FIELDS, "body")
    if previous is not None and all(
        previous.value(name, language) == snapshot.value(name, language)
        for name in names
    ):
        return []
    units = snapshot.translations.setdefault(language, {})
    old_target = _units_by_key(previous, language) if previous else {}
    new_target = _units_by_key(snapshot, language)
    if new_target is None:
        return [str(BODY_MISMATCH % {"language": language})]
    for segment in snapshot.segments:
        text = new_target.get(segment["key"])
        if text and text != (old_target or {}).get(segment["key"]):
            units[segment["key"]] = {
                "source": segment["text"],
                "text": text,
                "fuzzy": False,
            }
    if progress(snapshot, language).complete:
        snapshot.translated_from[language] = snapshot.source_version
    return []


def _units_by_key(snapshot: Snapshot, language: str) -> dict[str, str] | None:
    """The target text of each of the snapshot's segments, or None if the body does not match."""
    texts: dict[str, str] = {}
    for name, key in PLAIN_KEYS.items():
        texts[key] = snapshot.value(name, language).strip()
    blocks = [
        reduce_links(block.html.strip())[0]
        for block in _body_blocks(snapshot.value("body", language))
    ]
    body_keys = [s["key"] for s in snapshot.segments if s["field"] == "body"]
    if blocks and len(blocks) != len(body_keys):
        return None
    texts.update(zip(body_keys, blocks, strict=False))
    return texts


def _assemble(snapshot: Snapshot, language: str) -> None:
    """Rebuild a language's fields from its (complete) segment translations."""
    units = snapshot.translations[language]
    fields = {name: dict(values) for name, values in snapshot.fields.items()}
    for name in PLAIN_FIELDS:
        key = PLAIN_KEYS[name]
        fields.setdefault(name, {})[language] = (
            units[key]["text"]
            if key in units and any(s["key"] == key for s in snapshot.segments)
            else ""
        )
    layout = split_body(snapshot.value("body", snapshot.source_language))
    body_segments = iter(s for s in snapshot.segments if s["field"] == "body")
    inner = []
    for block in layout.blocks:
        if not block.html.strip():
            inner.append(block.html)
            continue
        segment = next(body_segments)
        inner.append(
            expand_links(units[segment["key"]]["text"], segment.get("links", {}))
        )
    # The translations are the translators' text: the body they make is HTML
    # like any other and is sanitized where it is put together.
    fields.setdefault("body", {})[language] = sanitize_html(layout.fill(inner))
    if not fields.get("slug", {}).get(language):
        fields.setdefault("slug", {})[language] = slugify(fields["title"][language])
    snapshot.fields = fields
    snapshot.translated_from[language] = snapshot.source_version
