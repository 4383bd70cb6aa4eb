"""Write operation for articles read from the old website's text files."""

from dataclasses import dataclass
from typing import Literal

from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _
from modeltranslation.utils import build_localized_fieldname

from articles.models import Article, Category, Reference
from articles.oldsite import ParsedArticle, ParsedReference
from articles.related import related_refresh
from articles.richtext import sanitize_html

Outcome = Literal["created", "updated", "unchanged"]


class ImportRefused(ValueError):
    """The file parses, but importing it would damage an existing article."""


@dataclass(frozen=True)
class ImportResult:
    article: Article
    outcome: Outcome


def _field(name: str, language: str) -> str:
    return build_localized_fieldname(name, language)


@transaction.atomic
def article_import(
    *, parsed: ParsedArticle, refresh_related: bool = True
) -> ImportResult:
    """Create or update the article a parsed file describes, in its source language.

    The article is found again by the slug of its title in the file's language.
    Only that language's fields, the references, category, dates and author line
    are written; translations into other languages are kept as they are. The
    summary and meta description are filled from the first paragraph only when
    empty, since editors may have written better ones.

    The related lists are refreshed unless ``refresh_related`` is false, for a
    caller that imports several files and refreshes once for all of them.
    """
    language = parsed.language
    slug = slugify(parsed.title) or "article"
    article = (
        Article.objects.select_for_update()
        .filter(**{_field("slug", language): slug})
        .first()
    )
    if article is not None and article.source_language != language:
        raise ImportRefused(
            _(
                "%(file)s: '%(title)s' is a translation of an article written in another "
                "language; import that language's file instead"
            )
            % {"file": parsed.filename, "title": parsed.title}
        )
    created = article is None
    if created:
        article = Article(source_language=language, status=Article.Status.PUBLISHED)
    before = _snapshot(article) if not created else None

    setattr(article, _field("title", language), parsed.title)
    setattr(article, _field("slug", language), slug)
    setattr(article, _field("body", language), sanitize_html(parsed.body_html))
    for name, value in (
        ("summary", parsed.summary),
        ("meta_description", parsed.meta_description),
    ):
        if not getattr(article, _field(name, language)):
            setattr(article, _field(name, language), value)
    article.first_published = parsed.first_published
    article.last_revised = parsed.last_revised
    article.author_line = parsed.author_line
    article.category = category_for_path(parsed.category_path, language=language)
    # The untranslated "title" column follows the active language, not the file's.
    article.full_clean(exclude=["title", "category"])
    references = [_reference(ref) for ref in parsed.references]

    if (
        not created
        and before == _snapshot(article)
        and _same_references(article, references)
    ):
        return ImportResult(article, "unchanged")
    article.save()
    if not _same_references(article, references):
        article.references.all().delete()
        for reference in references:
            reference.article = article
        Reference.objects.bulk_create(references)
    if refresh_related:
        related_refresh(articles=[article])
    return ImportResult(article, "created" if created else "updated")


def category_for_path(path: list[str], *, language: str) -> Category | None:
    """The category at ``path`` (names in ``language``), created where missing."""
    name_field = _field("name", language)
    parent: Category | None = None
    for name in path:
        siblings = (
            Category.objects.get_children(parent)
            if parent
            else Category.objects.get_root_nodes()
        )
        node = siblings.filter(**{f"{name_field}__iexact": name}).first()
        if node is None:
            values = {
                name_field: name,
                _field("slug", language): _free_category_slug(name, language),
            }
            node = (
                Category.objects.add_child(parent, values)
                if parent
                else Category.objects.add_root(values)
            )
        parent = node
    return parent


def _free_category_slug(name: str, language: str) -> str:
    base = slugify(name) or "category"
    slug, counter = base, 2
    while Category.objects.filter(**{_field("slug", language): slug}).exists():
        slug, counter = f"{base}-{counter}", counter + 1
    return slug


def _snapshot(article: Article) -> dict[str, object]:
    names = [
        f.attname
        for f in Article._meta.concrete_fields
        if f.attname not in {"updated_at"}
    ]
    return {name: getattr(article, name) for name in names}


def _reference(parsed: ParsedReference) -> Reference:
    return Reference(
        number=parsed.number,
        authors=parsed.authors,
        title=parsed.title,
        journal=parsed.journal,
        details=parsed.details,
        pmid=parsed.pmid,
        doi=parsed.doi,
        url=parsed.url,
    )


_REFERENCE_FIELDS = (
    "number",
    "authors",
    "title",
    "journal",
    "details",
    "pmid",
    "doi",
    "url",
)


def _same_references(article: Article, references: list[Reference]) -> bool:
    if article.pk is None:
        return not references
    current = list(article.references.values_list(*_REFERENCE_FIELDS))
    wanted = [
        tuple(getattr(ref, name) for name in _REFERENCE_FIELDS) for ref in references
    ]
    return current == wanted
