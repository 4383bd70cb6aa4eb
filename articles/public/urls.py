from django.urls import path
from django.utils.translation import gettext_lazy as _

from articles.public import views

app_name = "articles"

urlpatterns = [
    path("", views.home, name="home"),
    path(_("articles/<slug:slug>/"), views.article, name="article"),
    path(
        _("articles/<slug:slug>/versions/<int:number>/"),
        views.article_version,
        name="article_version",
    ),
    path(_("category/<slug:slug>/"), views.category, name="category"),
]
