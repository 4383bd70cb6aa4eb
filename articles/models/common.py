"""What the content models share: the languages, per-language uniqueness, months."""

from datetime import date

from django.conf import settings
from django.db import models
from modeltranslation.utils import build_localized_fieldname

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]


def unique_per_language(model_name: str, field: str) -> list[models.BaseConstraint]:
    """One unique constraint per language column of a translated field.

    Empty values are stored as NULL, so articles without a version in a
    language do not collide.
    """
    return [
        models.UniqueConstraint(
            fields=[build_localized_fieldname(field, code)],
            name=f"{model_name}_{field}_{code}_unique",
        )
        for code in LANGUAGE_CODES
    ]


def empty_slugs_to_null(instance: models.Model) -> None:
    for code in LANGUAGE_CODES:
        name = build_localized_fieldname("slug", code)
        if not getattr(instance, name):
            setattr(instance, name, None)


def first_of_month(value: date | None) -> date | None:
    """Editorial dates are kept to the month."""
    return value.replace(day=1) if value else None
