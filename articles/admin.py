from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin
from treebeard.admin import TreeAdmin
from treebeard.forms import movenodeform_factory

from articles.models import Article, Category, Reference, RelatedPick, Tag


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
