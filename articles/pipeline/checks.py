"""Quality checks of one translated segment against its source."""

import re
from collections import Counter

from django.utils.translation import gettext as _

from articles.richtext import citation_numbers
from articles.textrules import translation_text_problem

_TAG_RE = re.compile(r"</?[a-zA-Z][^>]*>")
# Inline markup a translation may carry: what the source has, in its reduced form.
_REDUCED_RE = re.compile(
    r'^(?:<a id="a\d+">|</a>|</?(?:em|strong|sup|sub|ul|ol|li)>|<br\s*/?>)$'
)


def translation_problem(source: str, translation: str) -> str | None:
    """Why the translation cannot replace the source, or None when it can."""
    if problem := translation_text_problem(source, translation):
        return problem
    if source.strip() and not translation.strip():
        return _("the translation is empty")
    wanted, found = (
        Counter(citation_numbers(source)),
        Counter(citation_numbers(translation)),
    )
    if wanted != found:
        missing = sorted((wanted - found).elements())
        extra = sorted((found - wanted).elements())
        if missing:
            return _("the citation %(marker)s of the source is missing") % {
                "marker": " ".join(f"[{n}]" for n in missing)
            }
        return _("the citation %(marker)s is not in the source") % {
            "marker": " ".join(f"[{n}]" for n in extra)
        }
    tags = _TAG_RE.findall(translation)
    for tag in tags:
        if not _REDUCED_RE.match(tag):
            return _("the markup %(tag)s is not allowed") % {"tag": tag}
    wanted_tags, found_tags = Counter(_TAG_RE.findall(source)), Counter(tags)
    if wanted_tags != found_tags:
        missing = sorted((wanted_tags - found_tags).elements())
        if missing:
            return _("the markup %(tag)s of the source is missing") % {
                "tag": " ".join(missing)
            }
        extra = sorted((found_tags - wanted_tags).elements())
        return _("the markup %(tag)s is not in the source") % {"tag": " ".join(extra)}
    return None
