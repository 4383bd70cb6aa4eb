"""The length limits of the fields that catalog entries translate."""

from articles.models import Article, Category
from articles.text.rules import max_length
from articles.translations.po.catalog import parse_context
from articles.translations.state import PLAIN_KEYS


def length_limit(context: str) -> int | None:
    """The most characters the field of the entry ``context`` holds; None: no limit."""
    parsed = parse_context(context)
    if parsed is None:
        return None
    kind, _slug, key = parsed
    if kind == "category":
        return max_length(Category, "name")
    names = {key: name for name, key in PLAIN_KEYS.items() if name != "summary"}
    return max_length(Article, names[key]) if key in names else None
