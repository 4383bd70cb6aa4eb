"""Test data built through the same code paths the product uses."""

from datetime import date
from pathlib import Path

from django.utils.text import slugify

from articles.imports import category_for_path
from articles.models import Article, Category, Reference

SAMPLE = (
    Path(__file__).resolve().parent.parent
    / "articles"
    / "demo"
    / "ldn-neuropathic-pain.en.txt"
)


def make_category(
    path: tuple[str, ...] = ("English articles", "Treatment"), **names: str
) -> Category:
    """A category path in English; ``names`` adds translations to the leaf (name_nl=…)."""
    category = category_for_path(list(path), language="en")
    for field, value in names.items():
        setattr(category, field, value)
    category.save()
    return category


def make_article(
    *,
    title_en: str = "Capsaicin for nerve pain",
    title_nl: str = "",
    references: int = 1,
    status: str = Article.Status.PUBLISHED,
    category: Category | None = None,
    **fields,
) -> Article:
    """A published article with a body citing each of its ``references``."""
    markers = " ".join(f"[{n}]" for n in range(1, references + 1))
    fields.setdefault("slug_en", slugify(title_en))
    fields.setdefault("body_en", f"<h2>Evidence</h2><p>Capsaicin works. {markers}</p>")
    if title_nl:
        fields.setdefault("slug_nl", slugify(title_nl))
        fields.setdefault(
            "body_nl", f"<h2>Bewijs</h2><p>Capsaïcine werkt. {markers}</p>"
        )
    fields.setdefault("first_published", date(2010, 8, 1))
    article = Article.objects.create(
        title_en=title_en, title_nl=title_nl, status=status, category=category, **fields
    )
    Reference.objects.bulk_create(
        Reference(
            article=article,
            number=n,
            authors=f"Author{n} A.",
            title=f"Study number {n}.",
            journal="Pain.",
            details=f"20{n % 90:02d};1(1):1-{n}.",
        )
        for n in range(1, references + 1)
    )
    return article
