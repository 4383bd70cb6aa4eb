"""A translated field named with its language, as staff read it: "English body".

Written out per language rather than put together, as an adjective of language
takes a form of its own in Dutch ("Engelse tekst", "Nederlandse titel").
"""

from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

FIELD_NAMES = {
    ("title", "en"): gettext_lazy("English title"),
    ("slug", "en"): gettext_lazy("English slug"),
    ("summary", "en"): gettext_lazy("English summary"),
    ("body", "en"): gettext_lazy("English body"),
    ("meta_description", "en"): gettext_lazy("English meta description"),
    ("title", "nl"): gettext_lazy("Dutch title"),
    ("slug", "nl"): gettext_lazy("Dutch slug"),
    ("summary", "nl"): gettext_lazy("Dutch summary"),
    ("body", "nl"): gettext_lazy("Dutch body"),
    ("meta_description", "nl"): gettext_lazy("Dutch meta description"),
}


def field_in_language(name: str, code: str) -> str:
    """The field ``name`` in language ``code``, lower case where the language allows."""
    named = FIELD_NAMES.get((name, code))
    if named is not None:
        return str(named)
    return _("%(field)s (%(language)s)") % {
        "field": name.replace("_", " "),
        "language": translation.get_language_info(code)["name_translated"],
    }


def field_label(name: str, code: str) -> str:
    """The same as a label: capitalised."""
    return capfirst(field_in_language(name, code))
