from django.urls import path
from django.utils.translation import gettext_lazy as _

from articles.public import index_views, views
from articles.public.feeds import CategoryFeed, LatestArticlesFeed
from articles.public.pagecache import public_page
from articles.search.views import search

app_name = "articles"

urlpatterns = [
    path("", views.home, name="home"),
    path(_("articles/<slug:slug>/"), views.article, name="article"),
    path(
        _("articles/<slug:slug>/versions/<int:number>/"),
        views.article_version,
        name="article_version",
    ),
    path(_("category/"), index_views.category_index, name="category_index"),
    path(_("category/<slug:slug>/"), views.category, name="category"),
    path(_("search/"), search, name="search"),
    path(
        _("category/<slug:slug>/feed/"),
        public_page()(CategoryFeed()),
        name="category_feed",
    ),
    path("a-z/", index_views.a_to_z, name="a_to_z"),
    path("feed/", public_page()(LatestArticlesFeed()), name="feed"),
]
