"""Demo content: the clinic's sample article and a few short articles, in English and Dutch.

Each article is an English file in the old website's format with a Dutch
translation beside it (``<name>.en.txt`` / ``<name>.nl.txt``) in the same format.
"""

from dataclasses import dataclass
from pathlib import Path

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.text import slugify

from articles.imports import article_import
from articles.models import Article, Category, RelatedPick, Tag
from articles.oldsite import ParsedArticle, parse_file
from articles.related import related_refresh
from articles.richtext import citation_numbers, sanitize_html

DEMO_DIR = Path(__file__).resolve().parent / "demo"
DEMO_USERNAME = "demo"
DEMO_PASSWORD = "clinic-demo"  # published in the README; a demo database only

# Tags per demo file, as (English, Dutch) names.
TAGS = {
    "ldn-neuropathic-pain": [
        ("naltrexone", "naltrexon"),
        ("neuroinflammation", "neuro-inflammatie"),
        ("fibromyalgia", "fibromyalgie"),
    ],
    "palmitoylethanolamide-nerve-pain": [
        ("palmitoylethanolamide", "palmitoylethanolamide"),
        ("neuroinflammation", "neuro-inflammatie"),
    ],
    "topical-creams-neuropathic-pain": [
        ("topical treatment", "lokale behandeling"),
        ("amitriptyline", "amitriptyline"),
    ],
}
# Editors' picks per demo file, in order.
PICKS = {
    "ldn-neuropathic-pain": [
        "palmitoylethanolamide-nerve-pain",
        "topical-creams-neuropathic-pain",
    ],
    "palmitoylethanolamide-nerve-pain": ["ldn-neuropathic-pain"],
    "topical-creams-neuropathic-pain": ["palmitoylethanolamide-nerve-pain"],
}


class DemoContentError(ValueError):
    """A demo translation does not match its English original."""


@dataclass(frozen=True)
class DemoResult:
    articles: list[Article]
    username: str
    password: str


@transaction.atomic
def demo_load() -> DemoResult:
    """Load (or bring back up to date) every demo article, its translation, tags and picks."""
    loaded: dict[str, Article] = {}
    for english in sorted(DEMO_DIR.glob("*.en.txt")):
        name = english.name.removesuffix(".en.txt")
        original = parse_file(str(english), language="en")
        article = article_import(parsed=original, refresh_related=False).article
        dutch = english.with_name(f"{name}.nl.txt")
        if dutch.exists():
            _attach_translation(
                article, original, parse_file(str(dutch), language="nl")
            )
        loaded[name] = article
    for name, article in loaded.items():
        article.tags.set([_tag(en, nl) for en, nl in TAGS.get(name, [])])
        RelatedPick.objects.filter(article=article).delete()
        RelatedPick.objects.bulk_create(
            RelatedPick(article=article, target=loaded[target], position=position)
            for position, target in enumerate(PICKS.get(name, []))
            if target in loaded
        )
    related_refresh(articles=loaded.values())
    return DemoResult(list(loaded.values()), DEMO_USERNAME, _demo_user())


def _attach_translation(
    article: Article, original: ParsedArticle, translated: ParsedArticle
) -> None:
    """Store a Dutch file as the translation of its English original, after checking it fits."""
    kinds = [(block.kind, citation_numbers(block.text)) for block in original.blocks]
    if kinds != [
        (block.kind, citation_numbers(block.text)) for block in translated.blocks
    ]:
        raise DemoContentError(
            f"{translated.filename}: blocks or citations differ from the original"
        )
    if original.references != translated.references:
        raise DemoContentError(
            f"{translated.filename}: references differ from the original"
        )
    values = {
        "title_nl": translated.title,
        "slug_nl": slugify(translated.title),
        "body_nl": sanitize_html(translated.body_html),
        "summary_nl": article.summary_nl or translated.summary,
        "meta_description_nl": article.meta_description_nl
        or translated.meta_description,
    }
    if any(getattr(article, name) != value for name, value in values.items()):
        for name, value in values.items():
            setattr(article, name, value)
        article.save()
    nodes = (
        [*Category.objects.get_ancestors(article.category), article.category]
        if article.category
        else []
    )
    for node, name in zip(nodes, translated.category_path, strict=False):
        if not node.name_nl:
            node.name_nl, node.slug_nl = name, slugify(name)
            node.save()


def _tag(english: str, dutch: str) -> Tag:
    tag, _created = Tag.objects.get_or_create(
        slug_en=slugify(english),
        defaults={"name_en": english, "name_nl": dutch, "slug_nl": slugify(dutch)},
    )
    return tag


def _demo_user() -> str:
    user, _created = get_user_model().objects.get_or_create(username=DEMO_USERNAME)
    user.is_staff = user.is_superuser = True
    user.set_password(DEMO_PASSWORD)
    user.save()
    return DEMO_PASSWORD
