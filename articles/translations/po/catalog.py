"""What PO catalogs of article content have in common: entry contexts and the header."""

from babel import Locale
from babel.messages.plurals import get_plural
from django.utils import timezone

GENERATOR = "clinic_cms"
CATEGORY_PREFIX = "category"


def article_context(slug: str, key: str) -> str:
    """msgctxt of an article segment: the article's slug in its source language and the key."""
    return f"{slug}/{key}"


def category_context(slug: str) -> str:
    return f"{CATEGORY_PREFIX}/{slug}/name"


def parse_context(context: str) -> tuple[str, str, str] | None:
    """("article", slug, key) or ("category", slug, "name"); None when it is neither."""
    parts = context.split("/")
    if (
        len(parts) == 3
        and parts[0] == CATEGORY_PREFIX
        and parts[2] == "name"
        and parts[1]
    ):
        return "category", parts[1], "name"
    if len(parts) == 2 and all(parts):
        return "article", parts[0], parts[1]
    return None


def header(language: str) -> dict[str, str]:
    """A complete PO header for a catalog in ``language``."""
    now = timezone.now().strftime("%Y-%m-%d %H:%M%z")
    name = Locale.parse(language).english_name or language
    return {
        "Project-Id-Version": f"{GENERATOR} articles",
        "Report-Msgid-Bugs-To": "",
        "POT-Creation-Date": now,
        "PO-Revision-Date": now,
        "Last-Translator": f"{name} translators",
        "Language-Team": name,
        "Language": language,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": get_plural(language).plural_forms,
        "X-Generator": GENERATOR,
    }
