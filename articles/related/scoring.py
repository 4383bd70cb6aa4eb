"""How the related lists are scored: the weights of the three similarities, the
length of a list, and how many rows of scores are computed at once.

``articles.related.index`` computes the scores, a block of rows at a time so
that memory stays bounded at any corpus size.
"""

from django.conf import settings

WEIGHT_TEXT = 0.6
WEIGHT_TAGS = 0.25
WEIGHT_CATEGORY = 0.15
# Rows of the score matrix computed at once: SCORE_ROWS x articles floats.
SCORE_ROWS = 256


def related_count() -> int:
    """The number of entries a related list holds (setting RELATED_ARTICLES_COUNT)."""
    return int(getattr(settings, "RELATED_ARTICLES_COUNT", 5))
