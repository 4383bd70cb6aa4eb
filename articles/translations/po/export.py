"""Export of article content to a PO catalog for translators."""

import re
from collections import Counter, defaultdict
from collections.abc import Iterable

import polib
from django.utils.translation import gettext as _
from modeltranslation.utils import build_localized_fieldname
from rapidfuzz import fuzz, process

from articles.models import LANGUAGE_CODES, Article, ArticleQuerySet, Category
from articles.revisions.snapshots import Snapshot, snapshot_read
from articles.translations.po.catalog import article_context, category_context, header
from articles.translations.state import PLAIN_KEYS, TranslationProgress

KIND_NAMES = {
    "text": None,
    "p": "paragraph",
    "h2": "heading",
    "h3": "heading",
    "h4": "heading",
    "li": "list item",
    "blockquote": "quote",
}
FIELD_NAMES = {value: key for key, value in PLAIN_KEYS.items()}


# How alike a remembered source must be to be offered, and how many of the
# least common words of a text find the remembered texts worth comparing.
MEMORY_CUTOFF = 0.9
MEMORY_KEY_WORDS = 3
MEMORY_CANDIDATES = 20
_WORD = re.compile(r"\w+")


class Memory:
    """Translations of segments anywhere on the site, to offer for identical or near text.

    Comparing a text with every remembered one would take hours on a large
    site, so the comparison is limited to the remembered texts that share the
    most of its least common words: a text 90% alike keeps nearly all of them.
    """

    def __init__(self, exact: dict[str, str]) -> None:
        self.exact = exact
        self._sources = list(exact)
        self._by_word: dict[str, list[int]] = defaultdict(list)
        for index, source in enumerate(self._sources):
            for word in set(_WORD.findall(source.lower())):
                self._by_word[word].append(index)

    def suggest(self, text: str) -> str | None:
        if text in self.exact:
            return self.exact[text]
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
        ][:MEMORY_CANDIDATES]
        best = process.extractOne(
            text, candidates, scorer=fuzz.ratio, score_cutoff=MEMORY_CUTOFF * 100
        )
        return self.exact[best[0]] if best else None


def _memory(snapshots: Iterable[Snapshot], language: str) -> Memory:
    exact: dict[str, str] = {}
    for snapshot in snapshots:
        units = snapshot.translations.get(language, {})
        for segment in snapshot.segments:
            unit = units.get(segment["key"])
            if (
                unit
                and unit.get("text")
                and unit.get("source") == segment["text"]
                and not unit.get("fuzzy")
            ):
                exact.setdefault(segment["text"], unit["text"])
    return Memory(exact)


def catalog_export(
    *,
    language: str,
    articles: ArticleQuerySet | None = None,
    needs_work: bool = False,
) -> polib.POFile:
    """A PO catalog of the articles (all when None) to translate into ``language``.

    Articles written in ``language`` have nothing to translate and are left out;
    with ``needs_work`` so are those already completely translated.
    """
    chosen = (
        (articles if articles is not None else Article.objects.all())
        .present()
        .exclude(source_language=language)
    )
    # The rows give addresses and progress; the text comes from the snapshots.
    rows = list(
        chosen.select_related(None)
        .select_related("latest_revision")
        .only(
            "source_language",
            "translation_progress",
            "latest_revision",
            *(build_localized_fieldname("slug", code) for code in LANGUAGE_CODES),
        )
        .order_by("pk")
    )
    snapshots = {
        row.pk: snapshot_read(
            row.latest_revision.snapshot, number=row.latest_revision.number
        )
        for row in rows
        if row.latest_revision is not None
    }
    everything = (
        Article.objects.present()
        .exclude(source_language=language)
        .exclude(pk__in=snapshots)
    )
    others = (
        snapshot_read(r.latest_revision.snapshot)
        for r in everything.select_related("latest_revision").filter(
            latest_revision__isnull=False
        )
        if r.latest_revision is not None
    )
    memory = _memory([*snapshots.values(), *others], language)
    # Unwrapped: one msgid per line keeps repository diffs to the changed entries,
    # and polib's wrapping would take most of the export time.
    catalog = polib.POFile(wrapwidth=0)
    catalog.metadata = header(language)
    category_ids: set[int] = set()
    for row in rows:
        snapshot = snapshots.get(row.pk)
        if snapshot is None:
            continue
        progress = TranslationProgress.from_json(row.translation_progress.get(language))
        if needs_work and progress and progress.complete:
            continue
        catalog.extend(_article_entries(row, snapshot, language, memory))
        if snapshot.category and (category_id := snapshot.category.get("id")):
            category_ids.add(category_id)
    catalog.extend(_category_entries(category_ids, language))
    return catalog


def _article_entries(
    article: Article, snapshot: Snapshot, language: str, memory: Memory
) -> list[polib.POEntry]:
    source = snapshot.source_language
    slug = snapshot.value("slug", source)
    title = snapshot.value("title", source)
    units = snapshot.translations.get(language, {})
    url = article.url_in(source) if article.slug_in(source) else ""
    body = [s for s in snapshot.segments if s["field"] == "body"]
    entries = []
    for segment in snapshot.segments:
        unit = units.get(segment["key"]) or {}
        entry = polib.POEntry(
            msgctxt=article_context(slug, segment["key"]),
            msgid=segment["text"],
            msgstr=unit.get("text", ""),
        )
        if segment["field"] == "body":
            position = body.index(segment) + 1
            where = _("body, %(kind)s %(position)s of %(count)s") % {
                "kind": KIND_NAMES.get(segment["kind"], segment["kind"]),
                "position": position,
                "count": len(body),
            }
            entry.occurrences = [(f"{slug}/body", str(position))]
        else:
            where = segment["field"].replace("_", " ")
            entry.occurrences = [(f"{slug}/{segment['field']}", "1")]
        entry.comment = "\n".join(
            [
                _("Article: %(title)s") % {"title": title},
                _("Where: %(where)s") % {"where": where},
            ]
            + ([_("Page: %(url)s") % {"url": url}] if url else [])
        )
        if unit.get("text") and (
            unit.get("source") != segment["text"] or unit.get("fuzzy")
        ):
            entry.flags.append("fuzzy")
            if unit.get("source") and unit.get("source") != segment["text"]:
                entry.previous_msgid = unit["source"]
        elif not unit.get("text"):
            suggestion = memory.suggest(segment["text"])
            if suggestion:
                entry.msgstr = suggestion
                entry.flags.append("fuzzy")
                entry.comment += "\n" + _("Suggested by the translation memory.")
        entries.append(entry)
    return entries


def _category_entries(ids: set[int], language: str) -> list[polib.POEntry]:
    """The names of the articles' categories and of their ancestors."""
    paths = Category.objects.filter(pk__in=ids).values_list("path", flat=True)
    prefixes = {prefix for path in paths for prefix in Category.lineage_paths(path)}
    entries = []
    for node in Category.objects.filter(path__in=prefixes).order_by("path"):
        source = next(
            (code for code in LANGUAGE_CODES if code != language and _name(node, code)),
            None,
        )
        if source is None:
            continue
        slug = getattr(node, build_localized_fieldname("slug", source))
        entries.append(
            polib.POEntry(
                msgctxt=category_context(slug),
                msgid=_name(node, source),
                msgstr=_name(node, language),
                comment=_("Category name"),
                occurrences=[(f"category/{slug}", "1")],
            )
        )
    return entries


def _name(node: Category, language: str) -> str:
    return getattr(node, build_localized_fieldname("name", language)) or ""
