"""Credit for translators: the Last-Translator of an imported catalog.

The header is the translator's own text, so it is checked like any stored text
and cut to nothing rather than stored when it breaks a rule.
"""

from babel import Locale
from django.db.models import OuterRef, Subquery
from django.utils.translation import gettext_lazy

from articles.models import Revision
from articles.text.rules import (
    bidi_problem,
    control_problem,
    is_invisible,
    length_problem,
)

# What tools write before anyone fills the header in.
_PLACEHOLDERS = frozenset({"FULL NAME <EMAIL@ADDRESS>", "FULL NAME"})
TRANSLATOR_NOT_RECORDED = gettext_lazy(
    "The Last-Translator header was not recorded: %(reason)s."
)


def catalog_translator(
    metadata: dict[str, str], language: str
) -> tuple[str, str | None]:
    """The Last-Translator of a catalog (its header ``metadata``) in ``language`` (one of the site's) to
    record, "" for none or a placeholder, and why it was not recorded when it
    breaks the text rules."""
    value = " ".join((metadata.get("Last-Translator") or "").split())
    team = f"{Locale.parse(language).english_name} translators"
    if is_invisible(value) or value in _PLACEHOLDERS or value == team:
        return "", None
    problem = (
        control_problem(value)
        or bidi_problem(value)
        or length_problem(Revision, "translator", value)
    )
    if problem:
        return "", str(TRANSLATOR_NOT_RECORDED % {"reason": problem})
    return value, None


def credit_name(translator: str) -> str:
    """The name readers see: the Last-Translator without its e-mail address."""
    name = translator.split("<", 1)[0].strip()
    return name or ("" if "@" in translator else translator)


def translator_credit() -> Subquery:
    """For an article query: the Last-Translator of the latest import up to its
    live revision, which translated the text readers of the translation see.

    An article is translated into one language, the other one, so an import's
    revision needs no language of its own.
    """
    return Subquery(
        Revision.objects.filter(
            article=OuterRef("pk"), number__lte=OuterRef("live_revision__number")
        )
        .exclude(translator="")
        .order_by("-number")
        .values("translator")[:1]
    )
