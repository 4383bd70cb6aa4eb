"""Revision snapshots: an article in every language as JSON, read back tolerantly.

A snapshot is plain JSON so that it outlives schema changes: reading one fills
in what an older snapshot lacks and ignores what it does not know, and refuses
only data of the wrong shape (``CorruptSnapshot``).
"""

from collections import defaultdict
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from modeltranslation.utils import build_localized_fieldname

from articles.models import (
    LANGUAGE_CODES,
    Article,
    Category,
    Reference,
    RelatedPick,
    Tag,
)
from articles.text.richtext import sanitize_html

SCHEMA = 1
TRANSLATED_FIELDS = ("title", "slug", "summary", "body", "meta_description")
REFERENCE_FIELDS = ("authors", "title", "journal", "details", "pmid", "doi", "url")

CORRUPT = gettext_lazy("Revision %(number)s cannot be read: %(reason)s")
MALFORMED_FIELDS = gettext_lazy("its translated fields are malformed")
MALFORMED_PART = gettext_lazy("its %(part)s are malformed")
CATEGORY_GONE = gettext_lazy(
    "The category '%(name)s' no longer exists; the article has none now."
)
TAG_GONE = gettext_lazy("The tag '%(name)s' no longer exists.")
PICK_GONE = gettext_lazy("The related article '%(title)s' no longer exists.")


class CorruptSnapshot(ValueError):
    """A stored snapshot does not have the shape of an article."""


@dataclass
class Snapshot:
    """The readable content of a revision."""

    fields: dict[str, dict[str, str]]
    source_language: str = settings.LANGUAGE_CODE
    author_line: str = ""
    first_published: date | None = None
    category: dict[str, Any] | None = None
    tags: list[dict[str, Any]] = field(default_factory=list)
    picks: list[dict[str, Any]] = field(default_factory=list)
    references: list[dict[str, str]] = field(default_factory=list)
    # Translation bookkeeping, kept up to date by articles.translations.state:
    segments: list[dict[str, Any]] = field(default_factory=list)
    next_key: int = 1
    source_version: int = 0
    translations: dict[str, dict[str, dict[str, Any]]] = field(default_factory=dict)
    translated_from: dict[str, int] = field(default_factory=dict)

    def value(self, name: str, language: str) -> str:
        return self.fields.get(name, {}).get(language, "")

    def as_json(self) -> dict[str, Any]:
        return {
            "schema": SCHEMA,
            "fields": self.fields,
            "source_language": self.source_language,
            "author_line": self.author_line,
            "first_published": self.first_published.isoformat()
            if self.first_published
            else None,
            "category": self.category,
            "tags": self.tags,
            "picks": self.picks,
            "references": self.references,
            "segments": self.segments,
            "next_key": self.next_key,
            "source_version": self.source_version,
            "translations": self.translations,
            "translated_from": self.translated_from,
        }


def snapshot_of(article: Article) -> Snapshot:
    """The article as it is stored now, with its references, category, tags and picks."""
    category = article.category
    return Snapshot(
        fields={
            name: {
                code: getattr(article, build_localized_fieldname(name, code)) or ""
                for code in LANGUAGE_CODES
            }
            for name in TRANSLATED_FIELDS
        },
        source_language=article.source_language,
        author_line=article.author_line,
        first_published=article.first_published,
        category=category_entry(category) if category else None,
        tags=[tag_entry(tag) for tag in article.tags.all()] if article.pk else [],
        picks=[
            pick_entry(pick.target)
            for pick in article.picks.select_related("target").order_by(
                "position", "pk"
            )
        ]
        if article.pk
        else [],
        references=[reference_entry(ref) for ref in article.references.all()]
        if article.pk
        else [],
    )


def category_entry(category: Category) -> dict[str, Any]:
    return {"id": category.pk, "name": str(category)}


def tag_entry(tag: Tag) -> dict[str, Any]:
    return {"id": tag.pk, "name": str(tag)}


def pick_entry(article: Article) -> dict[str, Any]:
    return {"id": article.pk, "title": str(article)}


def reference_entry(reference: Reference) -> dict[str, str]:
    return {name: getattr(reference, name) or "" for name in REFERENCE_FIELDS}


def snapshot_read(data: Any, *, number: int | str = "?") -> Snapshot:
    """Read stored JSON into a Snapshot, tolerating missing and unknown keys."""

    def corrupt(reason: str) -> CorruptSnapshot:
        return CorruptSnapshot(CORRUPT % {"number": number, "reason": reason})

    if not isinstance(data, dict):
        raise corrupt(_("it is not a JSON object"))
    fields = data.get("fields", {})
    if not isinstance(fields, dict) or not all(
        isinstance(values, dict) and all(isinstance(v, str) for v in values.values())
        for values in fields.values()
    ):
        raise corrupt(str(MALFORMED_FIELDS))
    lists = {key: data.get(key) or [] for key in ("tags", "picks", "references")}
    for key, items in lists.items():
        if not isinstance(items, list) or not all(
            isinstance(item, dict) for item in items
        ):
            raise corrupt(MALFORMED_PART % {"part": key})
    category = data.get("category")
    if category is not None and not isinstance(category, dict):
        raise corrupt(_("its category is malformed"))
    segments = data.get("segments") or []
    translations = data.get("translations") or {}
    translated_from = data.get("translated_from") or {}
    if (
        not isinstance(segments, list)
        or not all(isinstance(item, dict) and "key" in item for item in segments)
        or not isinstance(translations, dict)
        or not all(isinstance(units, dict) for units in translations.values())
        or not isinstance(translated_from, dict)
    ):
        raise corrupt(_("its translation segments are malformed"))
    try:
        first_published = (
            date.fromisoformat(data["first_published"])
            if data.get("first_published")
            else None
        )
        next_key = int(data.get("next_key") or 1)
        source_version = int(data.get("source_version") or 0)
    except (TypeError, ValueError):
        raise corrupt(_("its dates or counters are malformed")) from None
    fields = {name: dict(fields.get(name, {})) for name in TRANSLATED_FIELDS}
    # A revision stored before its bodies were sanitized everywhere is shown,
    # compared and restored as the page would render it.
    fields["body"] = {
        code: sanitize_html(html) for code, html in fields["body"].items()
    }
    return Snapshot(
        fields=fields,
        source_language=str(data.get("source_language") or settings.LANGUAGE_CODE),
        author_line=str(data.get("author_line") or ""),
        first_published=first_published,
        category=category,
        tags=lists["tags"],
        picks=lists["picks"],
        references=[
            {name: str(item.get(name) or "") for name in REFERENCE_FIELDS}
            for item in lists["references"]
        ],
        segments=segments,
        next_key=next_key,
        source_version=source_version,
        translations=translations,
        translated_from=translated_from,
    )


def snapshot_prepare(snapshot: Snapshot) -> tuple[Snapshot, list[str]]:
    """The snapshot with sanitized bodies and without what no longer exists.

    Returns it and a message for each category, tag or pick left out.
    """
    return snapshots_prepare([snapshot])[0]


def snapshots_prepare(
    snapshots: list[Snapshot],
) -> list[tuple[Snapshot, list[str]]]:
    """``snapshot_prepare`` for many snapshots, with the same three queries for all."""
    category_ids = set(
        Category.objects.filter(
            pk__in=[s.category.get("id") for s in snapshots if s.category]
        ).values_list("pk", flat=True)
    )
    tag_ids = set(
        Tag.objects.filter(
            pk__in=[t.get("id") for s in snapshots for t in s.tags]
        ).values_list("pk", flat=True)
    )
    pick_ids = set(
        Article.objects.filter(
            pk__in=[p.get("id") for s in snapshots for p in s.picks]
        ).values_list("pk", flat=True)
    )
    return [
        _prepared(snapshot, category_ids, tag_ids, pick_ids) for snapshot in snapshots
    ]


def _prepared(
    snapshot: Snapshot, category_ids: set[int], tag_ids: set[int], pick_ids: set[int]
) -> tuple[Snapshot, list[str]]:
    problems = []
    category = snapshot.category
    if category and category.get("id") not in category_ids:
        problems.append(CATEGORY_GONE % {"name": category.get("name", "?")})
        category = None
    problems += [
        TAG_GONE % {"name": t.get("name", "?")}
        for t in snapshot.tags
        if t.get("id") not in tag_ids
    ]
    problems += [
        PICK_GONE % {"title": p.get("title", "?")}
        for p in snapshot.picks
        if p.get("id") not in pick_ids
    ]
    # Every field in every language, so that equal content compares equal.
    fields = {
        name: {code: snapshot.value(name, code) for code in LANGUAGE_CODES}
        for name in TRANSLATED_FIELDS
    }
    fields["body"] = {
        code: sanitize_html(html) for code, html in fields["body"].items()
    }
    pruned = replace(
        snapshot,
        fields=fields,
        category=category,
        # Tags are a set: a stable order keeps equal snapshots equal.
        tags=sorted(
            (t for t in snapshot.tags if t.get("id") in tag_ids),
            key=lambda t: t["id"],
        ),
        picks=[p for p in snapshot.picks if p.get("id") in pick_ids],
    )
    return pruned, problems


def snapshot_apply_fields(snapshot: Snapshot, *, article: Article) -> None:
    """Set the article's own fields from a prepared snapshot, without saving."""
    for name in TRANSLATED_FIELDS:
        for code in LANGUAGE_CODES:
            setattr(
                article,
                build_localized_fieldname(name, code),
                snapshot.value(name, code),
            )
    article.source_language = snapshot.source_language
    article.author_line = snapshot.author_line
    article.first_published = snapshot.first_published
    article.source_version = snapshot.source_version
    article.translated_from = snapshot.translated_from
    article.category_id = snapshot.category.get("id") if snapshot.category else None


def snapshots_apply_rows(items: list[tuple[Snapshot, Article]]) -> set[int]:
    """Write prepared snapshots into their (saved) articles' references, tags and picks.

    Rows are compared first and only an article's differing kind is rewritten:
    publishing a translation leaves the references, tags and picks as they are.
    Returns the ids of the articles whose tags or picks changed.
    """
    ids = [article.pk for _snapshot, article in items]
    references: dict[int, list[dict[str, object]]] = defaultdict(list)
    for row in Reference.objects.filter(article_id__in=ids).values(
        "article_id", "number", *REFERENCE_FIELDS
    ):
        references[row.pop("article_id")].append(row)
    tags: dict[int, set[int]] = defaultdict(set)
    tag_rows = Article.tags.through.objects
    for article_id, tag_id in tag_rows.filter(article_id__in=ids).values_list(
        "article_id", "tag_id"
    ):
        tags[article_id].add(tag_id)
    picks: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for article_id, target_id, position in (
        RelatedPick.objects.filter(article_id__in=ids)
        .order_by("article_id", "position", "pk")
        .values_list("article_id", "target_id", "position")
    ):
        picks[article_id].append((target_id, position))
    new_references, new_tags, new_picks = {}, {}, {}
    for snapshot, article in items:
        wanted_references = [
            {"number": number, **values}
            for number, values in enumerate(snapshot.references, start=1)
        ]
        if references[article.pk] != wanted_references:
            new_references[article.pk] = wanted_references
        wanted_tags = {t["id"] for t in snapshot.tags}
        if tags[article.pk] != wanted_tags:
            new_tags[article.pk] = wanted_tags
        wanted_picks = [
            (p["id"], position)
            for position, p in enumerate(snapshot.picks)
            if p["id"] != article.pk
        ]
        if picks[article.pk] != wanted_picks:
            new_picks[article.pk] = wanted_picks
    Reference.objects.filter(article_id__in=list(new_references)).delete()
    Reference.objects.bulk_create(
        Reference(article_id=article_id, **values)
        for article_id, wanted in new_references.items()
        for values in wanted
    )
    tag_rows.filter(article_id__in=list(new_tags)).delete()
    tag_rows.bulk_create(
        tag_rows.model(article_id=article_id, tag_id=tag_id)
        for article_id, tag_ids in new_tags.items()
        for tag_id in sorted(tag_ids)
    )
    RelatedPick.objects.filter(article_id__in=list(new_picks)).delete()
    RelatedPick.objects.bulk_create(
        RelatedPick(article_id=article_id, target_id=target_id, position=position)
        for article_id, wanted in new_picks.items()
        for target_id, position in wanted
    )
    return set(new_tags) | set(new_picks)
