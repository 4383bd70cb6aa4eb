"""Export of article content to a PO catalog for translators."""

from collections.abc import Iterator
from itertools import chain
from typing import Protocol

import polib
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from modeltranslation.utils import build_localized_fieldname

from articles.models import LANGUAGE_CODES, Article, ArticleQuerySet, Category
from articles.revisions.snapshots import Snapshot, snapshot_read
from articles.translations.context import heading_line, headings_above, page_address
from articles.translations.memory import Memory, offer, site_memory
from articles.translations.notes import note_entries, public_notes
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
# Articles read and written at a time: the queries are per chunk, and only a
# chunk's snapshots are in memory at once.
CHUNK = 200


def catalog_export(
    *,
    language: str,
    articles: ArticleQuerySet | None = None,
    needs_work: bool = False,
) -> polib.POFile:
    """A PO catalog of the articles (all when None) to translate into ``language``.

    Articles written in ``language`` have nothing to translate and are left out;
    with ``needs_work`` so are those already completely translated. The whole
    catalog in memory: a whole-site file is better written by ``catalog_write``.
    """
    # Unwrapped: one msgid per line keeps repository diffs to the changed entries,
    # and polib's wrapping would take most of the export time.
    catalog = polib.POFile(wrapwidth=0)
    catalog.metadata = header(language)
    catalog.extend(
        catalog_entries(language=language, articles=articles, needs_work=needs_work)
    )
    return catalog


class TextSink(Protocol):
    """Where a catalog is written: a text file, or a download's parts."""

    def write(self, text: str, /) -> int: ...


def catalog_write(
    out: TextSink,
    *,
    language: str,
    articles: ArticleQuerySet | None = None,
    needs_work: bool = False,
) -> int:
    """Write the catalog of ``catalog_export`` to ``out`` as it is made, the same
    text as polib writes; returns the number of entries."""
    head = polib.POFile(wrapwidth=0)
    head.metadata = header(language)
    out.write(str(head))
    count = 0
    for entry in catalog_entries(
        language=language, articles=articles, needs_work=needs_work
    ):
        out.write("\n" + entry.__unicode__(wrapwidth=0))
        count += 1
    return count


def catalog_entries(
    *,
    language: str,
    articles: ArticleQuerySet | None = None,
    needs_work: bool = False,
) -> Iterator[polib.POEntry]:
    """The entries of ``catalog_export`` in order, made a chunk of articles at a
    time: only one chunk's snapshots are in memory at once."""
    present = Article.objects.present().exclude(source_language=language)
    chosen = (
        (articles if articles is not None else Article.objects.all())
        .present()
        .exclude(source_language=language)
    )
    # The memory holds the chosen articles' translations first, then the others'.
    others = present.exclude(pk__in=chosen.values("pk"))
    memory = site_memory(
        chain(_snapshots(chosen), _snapshots(others) if articles is not None else ()),
        language,
    )
    category_ids: set[int] = set()
    for rows in _chunks(
        chosen.select_related(None)
        .select_related("latest_revision")
        .filter(latest_revision__isnull=False)
        .only(
            "source_language",
            "translation_progress",
            "latest_revision",
            *(build_localized_fieldname("slug", code) for code in LANGUAGE_CODES),
        )
    ):
        notes = public_notes([row.pk for row in rows])
        for row in rows:
            assert row.latest_revision is not None  # filtered above
            snapshot = snapshot_read(
                row.latest_revision.snapshot, number=row.latest_revision.number
            )
            progress = TranslationProgress.from_json(
                row.translation_progress.get(language)
            )
            if needs_work and progress and progress.complete:
                continue
            yield from _article_entries(row, snapshot, language, memory)
            yield from note_entries(
                snapshot.value("slug", snapshot.source_language),
                notes.get(row.pk, []),
                snapshot.notes.get(language, {}),
            )
            if snapshot.category and (category_id := snapshot.category.get("id")):
                category_ids.add(category_id)
    yield from _category_entries(category_ids, language)


def _chunks(rows: QuerySet, size: int | None = None) -> Iterator[list]:
    """The rows by primary key, ``size`` (``CHUNK``) at a time."""
    size = size or CHUNK
    last = 0
    while True:
        chunk = list(rows.filter(pk__gt=last).order_by("pk")[:size])
        if chunk:
            yield chunk
        if len(chunk) < size:
            return
        last = chunk[-1].pk


def _snapshots(articles: ArticleQuerySet) -> Iterator[Snapshot]:
    """The articles' latest snapshots in the order of their keys, a chunk at a time."""
    for rows in _chunks(
        articles.select_related(None)
        .select_related("latest_revision")
        .filter(latest_revision__isnull=False)
        .only("latest_revision", "latest_revision__snapshot", "latest_revision__number")
    ):
        for row in rows:
            revision = row.latest_revision
            yield snapshot_read(revision.snapshot, number=revision.number)


def _article_entries(
    article: Article, snapshot: Snapshot, language: str, memory: Memory
) -> list[polib.POEntry]:
    source = snapshot.source_language
    slug = snapshot.value("slug", source)
    title = snapshot.value("title", source)
    units = snapshot.translations.get(language, {})
    url = page_address(article.url_in(source)) if article.slug_in(source) else ""
    body = [s for s in snapshot.segments if s["field"] == "body"]
    headings = headings_above(snapshot.segments)
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
            + (
                [heading_line(headings[key])]
                if (key := segment["key"]) in headings
                else []
            )
            + ([_("Page: %(url)s") % {"url": url}] if url else [])
        )
        if unit.get("text") and (
            unit.get("source") != segment["text"] or unit.get("fuzzy")
        ):
            entry.flags.append("fuzzy")
            if unit.get("source") and unit.get("source") != segment["text"]:
                entry.previous_msgid = unit["source"]
        elif not unit.get("text"):
            suggestion = memory.suggest(segment["text"], segment.get("links") or {})
            if suggestion:
                offer(entry, suggestion)
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
