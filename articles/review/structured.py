"""The medical review as schema.org properties, for the article page's JSON-LD."""

from typing import Any

from articles.models import Article
from articles.review.schedule import review_of


def review_structured_data(article: Article) -> dict[str, Any]:
    """``lastReviewed`` and ``reviewedBy`` of the article's page (schema.org
    WebPage); empty when the article was never reviewed.

    The month is given as ISO 8601 year and month, the precision it is kept in.
    """
    record = review_of(article)
    if record is None:
        return {}
    reviewer: dict[str, Any] = {"@type": "Person", "name": record.reviewer.name}
    if record.reviewer.credentials:
        reviewer["honorificSuffix"] = record.reviewer.credentials
    return {
        "lastReviewed": record.last_reviewed.strftime("%Y-%m"),
        "reviewedBy": reviewer,
    }
