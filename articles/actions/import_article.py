"""Import articles from the old website's text files."""

from django.contrib.admin.models import ADDITION
from django.contrib.auth.models import User
from django.utils.text import slugify

from articles.actions.base import (
    Action,
    Target,
    actions_batch,
    may,
    performing,
)
from articles.oldsite import importing
from articles.oldsite.parser import ParsedArticle
from articles.related.lists import related_batch

# An import creates, changes and publishes articles.
IMPORT_PERMISSIONS = (
    "articles.add_article",
    "articles.change_article",
    "articles.publish_article",
)


def import_article(
    *, parsed: ParsedArticle, user: User | None, note: str | None = None
) -> importing.ImportResult:
    """Create or update the article a parsed file describes (``importing.article_import``)."""
    target = Target("article", label=parsed.title, slug=slugify(parsed.title))
    with performing(
        Action.IMPORT_ARTICLE,
        user=user,
        targets=[target],
        permitted=may(user, *IMPORT_PERMISSIONS),
    ) as performed:
        result = importing.article_import(parsed=parsed, user=user, note=note)
        if result.outcome == "created":
            performed.log_flag = ADDITION
        latest = result.article.latest_revision
        target.about(result.article, latest.number if latest else None)
    return result


def import_articles(
    *, parsed: list[ParsedArticle], user: User | None
) -> list[importing.ImportResult]:
    """Import every file or, when one is refused, none; related lists refreshed once."""
    with actions_batch(), related_batch():
        return [import_article(parsed=item, user=user) for item in parsed]
