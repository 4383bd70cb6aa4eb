"""Atom feeds of the latest articles, per language and per category."""

from datetime import UTC, date, datetime, time

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from articles.models import Article, Category
from articles.public import selectors

FEED_ITEMS = 20


def _moment(value: date | None) -> datetime | None:
    """Editorial dates are months; a feed wants a moment."""
    if value is None:
        return None
    return datetime.combine(value, time.min, tzinfo=UTC)


class LatestArticlesFeed(Feed):
    """The articles most recently published or revised in the reader's language."""

    feed_type = Atom1Feed

    def get_object(self, request: HttpRequest, *args, **kwargs) -> Category | None:
        return None

    def title(self, obj: Category | None) -> str:
        return str(settings.SITE_NAME)

    def subtitle(self, obj: Category | None) -> str:
        return _("The latest articles")

    def link(self, obj: Category | None) -> str:
        return reverse("articles:home")

    def feed_url(self, obj: Category | None) -> str:
        return reverse("articles:feed")

    def items(self, obj: Category | None) -> list[Article]:
        return selectors.recent_articles(language=get_language(), limit=FEED_ITEMS)

    def item_title(self, item: Article) -> str:
        return item.title

    def item_description(self, item: Article) -> str:
        return item.summary

    def item_link(self, item: Article) -> str:
        return item.get_absolute_url()

    def item_pubdate(self, item: Article) -> datetime | None:
        return _moment(item.first_published)

    def item_updateddate(self, item: Article) -> datetime | None:
        return _moment(item.last_revised or item.first_published)

    def item_categories(self, item: Article) -> list[str]:
        return [item.category.name] if item.category and item.category.name else []


class CategoryFeed(LatestArticlesFeed):
    """The latest articles of a category and the categories under it."""

    def get_object(self, request: HttpRequest, *args, **kwargs) -> Category:
        node = selectors.category_by_slug(slug=kwargs["slug"], language=get_language())
        if node is None:
            raise Http404
        return node

    def title(self, obj: Category | None) -> str:
        assert obj is not None
        return f"{obj.name} · {settings.SITE_NAME}"

    def subtitle(self, obj: Category | None) -> str:
        assert obj is not None
        return _("The latest articles in %(category)s") % {"category": obj.name}

    def link(self, obj: Category | None) -> str:
        assert obj is not None
        return obj.get_absolute_url()

    def feed_url(self, obj: Category | None) -> str:
        assert obj is not None
        return reverse("articles:category_feed", kwargs={"slug": obj.slug})

    def items(self, obj: Category | None) -> list[Article]:
        assert obj is not None
        return list(
            selectors.category_articles(obj, language=get_language())[:FEED_ITEMS]
        )
