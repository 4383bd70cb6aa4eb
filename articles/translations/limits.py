"""What the fields that catalog entries translate allow: length, markup."""

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


def plain_text_context(context: str) -> bool:
    """Whether the entry translates a field of text (a title, a name), not HTML."""
    parsed = parse_context(context)
    return parsed is not None and (
        parsed[0] == "category" or parsed[2] in PLAIN_KEYS.values()
    )
