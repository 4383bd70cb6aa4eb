"""Translation memory: the site's translations, offered for identical or near text.

A suggestion says where it comes from and how alike the texts are, and only
texts with the same numbers, citations and links are compared at all: "p = 0.09"
is never offered for "p = 0.05", nor a paragraph citing [2] for one citing [3],
however alike the rest reads.
"""

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

import polib
from django.utils.translation import gettext as _
from rapidfuzz import fuzz, process

from articles.revisions.snapshots import Snapshot
from articles.text.rules import visible_text
from articles.translations.po.catalog import article_context

# How alike a remembered source must be to be offered, and how many of the
# least common words of a text find the remembered texts worth comparing.
MEMORY_CUTOFF = 0.9
MEMORY_KEY_WORDS = 3
MEMORY_CANDIDATES = 20
# The translator comment that marks a suggestion: "memory: <slug>/<key> 93%".
MEMORY_COMMENT = "memory: %(origin)s %(score)s%%"
# How the import knows it: a translator comment line that starts so, however a
# tool spaced or wrapped the rest.
MEMORY_MARK_RE = re.compile(r"\s*memory:")
_WORD = re.compile(r"\w+")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


@dataclass(frozen=True)
class Remembered:
    """A current translation somewhere on the site."""

    source: str
    text: str
    origin: str  # the msgctxt of its segment
    fixed: tuple  # what a suggestion must share with the text: see ``fixed_parts``


@dataclass(frozen=True)
class Suggestion:
    text: str
    source: str  # the remembered source it translates
    origin: str
    score: int  # 100: the same text


def fixed_parts(text: str, links: dict[str, str]) -> tuple:
    """The numbers (citations among them) and link targets of a segment, in order:
    a translation of another text with other ones would say something else."""
    return tuple(_NUMBER.findall(visible_text(text))), tuple(
        links[key] for key in sorted(links, key=lambda key: int(key[1:]))
    )


class Memory:
    """Comparing a text with every remembered one would take hours on a large
    site, so the comparison is limited to the remembered texts that share the
    most of its least common words: a text 90% alike keeps nearly all of them.
    """

    def __init__(self, remembered: Iterable[Remembered]) -> None:
        self.exact: dict[str, list[Remembered]] = defaultdict(list)
        for item in remembered:
            self.exact[item.source].append(item)
        self._sources = list(self.exact)
        self._by_word: dict[str, list[int]] = defaultdict(list)
        for index, source in enumerate(self._sources):
            for word in set(_WORD.findall(source.lower())):
                self._by_word[word].append(index)

    def _same_fixed(self, source: str, fixed: tuple) -> Remembered | None:
        return next((r for r in self.exact.get(source, ()) if r.fixed == fixed), None)

    def suggest(self, text: str, links: dict[str, str]) -> Suggestion | None:
        """The best remembered translation for ``text``, or None."""
        fixed = fixed_parts(text, links)
        if same := self._same_fixed(text, fixed):
            return Suggestion(same.text, same.source, same.origin, 100)
        known = [w for w in set(_WORD.findall(text.lower())) if w in self._by_word]
        key_words = sorted(known, key=lambda w: len(self._by_word[w]))
        shared = Counter(
            index
            for word in key_words[:MEMORY_KEY_WORDS]
            for index in self._by_word[word]
        )
        size = len(text)
        candidates = [
            source
            for index, _count in shared.most_common()
            if abs(len(source := self._sources[index]) - size)
            <= size * (1 - MEMORY_CUTOFF)
            and self._same_fixed(source, fixed)
        ][:MEMORY_CANDIDATES]
        best = process.extractOne(
            text, candidates, scorer=fuzz.ratio, score_cutoff=MEMORY_CUTOFF * 100
        )
        if best is None:
            return None
        found = self._same_fixed(best[0], fixed)
        assert found is not None  # every candidate has one
        # Never 100 for a text that is not the same.
        return Suggestion(found.text, found.source, found.origin, min(int(best[1]), 99))


def site_memory(snapshots: Iterable[Snapshot], language: str) -> Memory:
    """The current translations into ``language`` of the snapshots' segments."""
    remembered = []
    for snapshot in snapshots:
        units = snapshot.translations.get(language, {})
        slug = snapshot.value("slug", snapshot.source_language)
        for segment in snapshot.segments:
            unit = units.get(segment["key"])
            if (
                unit
                and unit.get("text")
                and unit.get("source") == segment["text"]
                and not unit.get("fuzzy")
            ):
                remembered.append(
                    Remembered(
                        segment["text"],
                        unit["text"],
                        article_context(slug, segment["key"]),
                        fixed_parts(segment["text"], segment.get("links") or {}),
                    )
                )
    return Memory(remembered)


def offer(entry: polib.POEntry, suggestion: Suggestion) -> None:
    """Fill an untranslated entry with a suggestion, marked as one: fuzzy, its
    origin and score in a translator comment and the ``#.`` notes, and the source
    it translates as ``#| msgid`` so that a tool shows the difference."""
    entry.msgstr = suggestion.text
    entry.flags.append("fuzzy")
    entry.tcomment = MEMORY_COMMENT % {
        "origin": suggestion.origin,
        "score": suggestion.score,
    }
    if suggestion.source != entry.msgid:
        entry.previous_msgid = suggestion.source
    entry.comment += "\n" + (
        _("Suggested by the translation memory: the translation of %(origin)s.")
        if suggestion.score == 100
        else _(
            "Suggested by the translation memory: %(score)s%% alike, the "
            "translation of %(origin)s."
        )
    ) % {"origin": suggestion.origin, "score": suggestion.score}
