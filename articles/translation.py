from modeltranslation.translator import TranslationOptions, register

from articles.models import Article, Category, Tag


@register(Category)
class CategoryTranslationOptions(TranslationOptions):
    fields = ("name", "slug")
    empty_values = {"slug": None}


@register(Tag)
class TagTranslationOptions(TranslationOptions):
    fields = ("name", "slug")
    empty_values = {"slug": None}


@register(Article)
class ArticleTranslationOptions(TranslationOptions):
    fields = ("title", "slug", "summary", "body", "meta_description")
    empty_values = {"slug": None}
