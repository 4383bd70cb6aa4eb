"""Reads that shape what the public pages show, each in a fixed number of queries."""

from functools import cache

from django.conf import settings
from django.db.models import QuerySet
from django.db.models.fields.json import KeyTransform
from modeltranslation.utils import build_localized_fieldname

from articles.models import (
    LANGUAGE_CODES,
    Article,
    Category,
    Reference,
    RelatedArticle,
    Revision,
    readable_in,
    slug_in_any_language,
)
from articles.public.prepared import PreparedQuery
from articles.revisions.reader_history import COUNTED, Listed, shown_public
from articles.translations.credit import translator_credit


def article_for_page(*, slug: str, language: str) -> Article | None:
    """The published article with this slug in ``language``, with its category
    (and, with the setting SHOW_TRANSLATOR, ``translator_credit``)."""
    found = _page_article(language, settings.SHOW_TRANSLATOR)(slug)
    return found[0] if found else None


@cache
def _page_article(language: str, show_translator: bool) -> PreparedQuery[Article]:
    # Slugs are unique in each language: the one row needs no ordering.
    return PreparedQuery(
        lambda slug: _page_articles(language, show_translator).filter(
            **{build_localized_fieldname("slug", language): slug}
        )[:1],
        (("a",), ("b",)),
    )


# The queries of the article page are built once per language, as a class-based
# view's ``queryset`` is, and narrowed to the page's article per request: their
# joins, conditions and annotations took longer to build than the query to run.
# They are never evaluated themselves, so they hold no rows.


# What the page reads of the article: its text in every language, as the
# links to the other languages depend on it, and none of its editorial state.
_PAGE_FIELDS = (
    *(
        build_localized_fieldname(name, code)
        for name in ("title", "slug", "summary", "body", "meta_description")
        for code in LANGUAGE_CODES
    ),
    *(
        build_localized_fieldname(f"category__{name}", code)
        for name in ("name", "slug")
        for code in LANGUAGE_CODES
    ),
    "status",
    "trashed_at",
    "source_language",
    "source_version",
    "translated_from",
    "first_published",
    "last_revised",
    "author_line",
    "category__path",
    "category__depth",
    "live_revision__number",
    "review__last_reviewed",
    "review__next_review",
    "review__reviewer__name",
    "review__reviewer__credentials",
)


@cache
def _page_articles(language: str, show_translator: bool) -> QuerySet[Article]:
    found = (
        Article.objects.published()
        .select_related("category", "live_revision", "review__reviewer")
        .only(*_PAGE_FIELDS)
        # The change notes' translations, a small part of the live snapshot.
        .annotate(
            reader_notes=KeyTransform(
                language, KeyTransform("notes", "live_revision__snapshot")
            )
        )
    )
    if show_translator:
        found = found.annotate(translator_credit=translator_credit())
    return found


def related_for_page(article: Article, *, language: str) -> list[Article]:
    """The stored related list of ``article`` for ``language``, in order.

    Entries are checked against readability again here, so an article
    unpublished since the list was stored is never offered to a reader.
    """
    return [entry.target for entry in _related_entries(language)(article.pk)]


@cache
def _related_entries(language: str) -> PreparedQuery[RelatedArticle]:
    return PreparedQuery(
        lambda pk: (
            RelatedArticle.objects.filter(
                readable_in(language, "target__"), language=language, article_id=pk
            )
            .select_related("target__category")
            .only(*listed_fields(language, "target__"))
            .order_by("position")
        ),
        ((1,), (2,)),
    )


def listed_fields(language: str, prefix: str = "") -> list[str]:
    """What a listing of articles shows in ``language``, for ``only()``.

    The bodies are the bulk of an article row and a listing never shows them.
    """
    return [
        prefix + "first_published",
        prefix + "last_revised",
        *(
            prefix + build_localized_fieldname(name, language)
            for name in ("title", "slug", "summary", "category__name", "category__slug")
        ),
    ]


def public_revisions(
    article: Article,
    *,
    up_to: Revision | None = None,
    up_to_number: int | None = None,
) -> list[Listed]:
    """The public revisions readers may know of, oldest first.

    These are the public ones up to the live revision (or up to ``up_to``, or to
    the number ``up_to_number`` before it)
    whose changes are in its text (``articles.revisions.reader_history``): drafts saved
    after it, minor corrections and public revisions a restore undid are not
    listed.
    """
    last = up_to or article.live_revision
    if last is None:
        return []
    number = last.number if up_to_number is None else min(last.number, up_to_number)
    return shown_public(_counted_revisions()(article.pk, number))


@cache
def _counted_revisions() -> PreparedQuery[Revision]:
    return PreparedQuery(
        lambda pk, number: (
            Revision.objects.filter(COUNTED, article_id=pk, number__lte=number)
            .only(
                "number",
                "editorial_date",
                "note",
                "languages",
                "article_id",
                "kind",
                "restored_from",
            )
            .order_by("number")
        ),
        ((1, 1_000_001), (2, 1_000_002)),
    )


def page_references(article: Article) -> list[Reference]:
    """The article's references in their numbered order."""
    return _references()(article.pk)


@cache
def _references() -> PreparedQuery[Reference]:
    return PreparedQuery(
        lambda pk: Reference.objects.filter(article_id=pk).order_by("number"),
        ((1,), (2,)),
    )


def article_by_any_slug(*, slug: str) -> Article | None:
    """The published article that uses this slug in any language."""
    return Article.objects.published().filter(slug_in_any_language(slug)).first()


def recent_articles(*, language: str, limit: int = 10) -> list[Article]:
    """The most recently published or revised articles readable in ``language``."""
    return list(
        Article.objects.readable_in(language)
        .recent()
        .select_related("category")
        .only(*listed_fields(language))[:limit]
    )


def category_by_slug(*, slug: str, language: str) -> Category | None:
    return Category.objects.filter(
        **{build_localized_fieldname("slug", language): slug}
    ).first()


def category_articles(category: Category, *, language: str):
    """Articles readable in ``language`` in ``category`` or any category below it."""
    return (
        Article.objects.readable_in(language)
        .filter(category__path__startswith=category.path)
        .select_related("category")
        .only(*listed_fields(language))
        .recent()
    )


def subcategories(category: Category, *, language: str) -> list[Category]:
    """The child categories that have a name and slug in ``language``."""
    return list(
        Category.objects.get_children(category).exclude(
            **{build_localized_fieldname("slug", language) + "__isnull": True}
        )
    )
