from django.contrib import admin
from django.db import models
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin
from treebeard.admin import TreeAdmin
from treebeard.forms import movenodeform_factory

from articles.models import Article, Category, Reference, RelatedPick, Tag
from articles.related import article_delete, related_refresh


@admin.register(Category)
class CategoryAdmin(TreeAdmin, TranslationAdmin):
    form = movenodeform_factory(Category)
    list_display = ["name", "slug"]


@admin.register(Tag)
class TagAdmin(TranslationAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name_en", "name_nl"]


class ReferenceInline(admin.StackedInline):
    model = Reference
    extra = 0
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    fields = [
        ("number", "pmid", "doi"),
        "authors",
        "title",
        ("journal", "details"),
        "url",
    ]


class RelatedPickInline(admin.TabularInline):
    model = RelatedPick
    fk_name = "article"
    extra = 0
    raw_id_fields = ["target"]
    fields = ["position", "target"]


@admin.register(Article)
class ArticleAdmin(TranslationAdmin):
    list_display = [
        "__str__",
        "status",
        "source_language",
        "category",
        "first_published",
        "last_revised",
    ]
    list_filter = ["status", "source_language", "category"]
    search_fields = ["title_en", "title_nl", "summary_en", "summary_nl"]
    list_select_related = ["category"]
    filter_horizontal = ["tags"]
    inlines = [ReferenceInline, RelatedPickInline]
    fieldsets = [
        (None, {"fields": ["title", "slug", "summary", "body", "meta_description"]}),
        (
            _("Publication"),
            {
                "fields": [
                    "source_language",
                    "status",
                    "first_published",
                    "last_revised",
                    "author_line",
                ]
            },
        ),
        (_("Classification"), {"fields": ["category", "tags"]}),
    ]

    def save_related(self, request, form, formsets, change) -> None:
        # Tags and picks are saved here, after the article itself.
        super().save_related(request, form, formsets, change)
        related_refresh(articles=[form.instance])

    def delete_model(self, request, obj) -> None:
        article_delete(articles=[obj])

    def delete_queryset(self, request, queryset) -> None:
        article_delete(articles=list(queryset))
