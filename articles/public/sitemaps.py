"""The sitemap: every readable article and category page, in each of its languages.

Each address carries ``xhtml:link`` alternates for every language the page is
readable in, plus ``x-default``. Django's own ``x_default`` drops the language
prefix from the default language's address, which this site does not serve
(every address carries its language), so ``x-default`` names the version in
the article's source language, or the first readable one.
"""

from datetime import date

from django.contrib.sitemaps import Sitemap
from django.db.models import BooleanField, ExpressionWrapper, Max, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils.translation import get_language
from modeltranslation.utils import build_localized_fieldname

from articles.models import LANGUAGE_CODES, LISTED_ON, Article, Category, readable_in


def _readable(code: str) -> str:
    return f"readable_{code}"


class _AlternatesSitemap(Sitemap):
    """A sitemap in every language a page is readable in, with its own ``x-default``."""

    i18n = True
    alternates = True

    def languages_of(self, item) -> list[str]:
        raise NotImplementedError

    def default_language(self, item) -> str:
        return self.languages_of(item)[0]

    def get_languages_for_item(self, item) -> list[str]:
        return self.languages_of(item)

    def get_urls(self, page=1, site=None, protocol=None):
        urls = super().get_urls(page=page, site=site, protocol=protocol)
        for url in urls:
            item, _code = url["item"]
            default = self.default_language(item)
            url["alternates"].extend(
                {"location": alternate["location"], "lang_code": "x-default"}
                for alternate in list(url["alternates"])
                if alternate["lang_code"] == default
            )
        return urls


class ArticleSitemap(_AlternatesSitemap):
    """Published articles, in the languages they are readable in."""

    def items(self) -> list[Article]:
        listed = [
            "pk",
            "source_language",
            "first_published",
            "last_revised",
            *(build_localized_fieldname("slug", code) for code in LANGUAGE_CODES),
        ]
        return list(
            Article.objects.published()
            .annotate(
                **{
                    _readable(code): ExpressionWrapper(
                        readable_in(code), output_field=BooleanField()
                    )
                    for code in LANGUAGE_CODES
                }
            )
            .filter(Q(*(readable_in(code) for code in LANGUAGE_CODES), _connector="OR"))
            .only(*listed)
            .order_by("pk")
        )

    def languages_of(self, item: Article) -> list[str]:
        return [code for code in LANGUAGE_CODES if getattr(item, _readable(code))]

    def default_language(self, item: Article) -> str:
        languages = self.languages_of(item)
        return (
            item.source_language if item.source_language in languages else languages[0]
        )

    def location(self, item: Article) -> str:
        return item.url_in(get_language())

    def lastmod(self, item: Article) -> date | None:
        """The editorial date of the latest public revision the reader sees."""
        return item.last_revised or item.first_published


class CategorySitemap(_AlternatesSitemap):
    """Category listings with a slug in a language, dated by their latest article."""

    def items(self) -> list[Category]:
        latest = (
            Article.objects.published()
            .filter(category__path__startswith=OuterRef("path"))
            .annotate(listed_on=LISTED_ON)
            .values("listed_on")
            .order_by("-listed_on")[:1]
        )
        return list(
            Category.objects.filter(
                Q(
                    *(
                        Q(
                            **{
                                build_localized_fieldname("slug", code)
                                + "__isnull": False
                            }
                        )
                        for code in LANGUAGE_CODES
                    ),
                    _connector="OR",
                )
            )
            .annotate(latest=Subquery(latest))
            .order_by("path")
        )

    def languages_of(self, item: Category) -> list[str]:
        return [code for code in LANGUAGE_CODES if item.url_in(code)]

    def location(self, item: Category) -> str:
        # Items come in the languages they have a slug in (languages_of).
        return item.url_in(get_language()) or ""

    def lastmod(self, item: Category) -> date | None:
        return item.latest  # annotated in items()


class IndexSitemap(_AlternatesSitemap):
    """The home page and the indexes, in every language."""

    latest: date | None = None

    def items(self) -> list[str]:
        self.latest = Article.objects.published().aggregate(latest=Max(LISTED_ON))[
            "latest"
        ]
        return ["articles:home", "articles:category_index", "articles:a_to_z"]

    def languages_of(self, item: str) -> list[str]:
        return list(LANGUAGE_CODES)

    def location(self, item: str) -> str:
        return reverse(item)

    def lastmod(self, item: str) -> date | None:
        return self.latest


SITEMAPS: dict[str, type[Sitemap] | Sitemap] = {
    "pages": IndexSitemap,
    "articles": ArticleSitemap,
    "categories": CategorySitemap,
}
