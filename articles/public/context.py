"""Template context of the public pages' header."""

import logging

from django.db import DatabaseError
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language

from articles.models import Category
from articles.public.navigation import menu_categories

logger = logging.getLogger(__name__)


def _menu() -> list[Category]:
    try:
        return menu_categories(language=get_language())
    except DatabaseError as error:
        # The busy-database page renders the header too: without its menu.
        logger.warning("The header menu could not be read (%r)", error)
        return []


def menu(request: HttpRequest) -> dict[str, object]:
    """The header's top categories, read only by a page that shows the header."""
    return {"menu_categories": SimpleLazyObject(_menu)}
