"""What a catalog tells a translator about where a segment stands: the headings
above it and the page's full address."""

from django.conf import settings
from django.utils.translation import gettext as _

from articles.text.rules import visible_text

_LEVELS = {"h2": 2, "h3": 3, "h4": 4}


def headings_above(segments: list[dict]) -> dict[str, str]:
    """For each body segment under a heading, the headings it sits under
    ("Treatment › Dosage"), by segment key."""
    open_headings: list[tuple[int, str]] = []
    found: dict[str, str] = {}
    for segment in segments:
        if segment["field"] != "body":
            continue
        level = _LEVELS.get(segment["kind"])
        if level is not None:
            open_headings = [(n, text) for n, text in open_headings if n < level]
        if open_headings:
            found[segment["key"]] = " › ".join(text for _n, text in open_headings)
        if level is not None:
            open_headings.append((level, visible_text(segment["text"]).strip()))
    return found


def heading_line(heading: str) -> str:
    return _("Under the heading: %(heading)s") % {"heading": heading}


def page_address(path: str) -> str:
    """The page's address as readers reach it (setting SITE_URL)."""
    return settings.SITE_URL + path
