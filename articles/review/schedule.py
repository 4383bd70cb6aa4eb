"""When an article's medical review falls due, and which articles are due now."""

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.db.models import QuerySet

from articles.models import Article, Category, ReviewRecord


def add_months(month: date, months: int) -> date:
    """The first of the month ``months`` after ``month``."""
    index = month.year * 12 + month.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def this_month(today: date) -> date:
    return today.replace(day=1)


def interval_of(record: ReviewRecord | None) -> int:
    """The months between reviews of the article: its own interval, else the site's."""
    if record is not None and record.interval_months:
        return record.interval_months
    return settings.REVIEW_INTERVAL_MONTHS


def review_of(article: Article) -> ReviewRecord | None:
    """The article's review record, or None if it was never reviewed."""
    try:
        return article.review
    except ReviewRecord.DoesNotExist:
        return None


@dataclass(frozen=True)
class DueRow:
    """An article of the review-due report; ``record`` None: never reviewed."""

    article: Article
    record: ReviewRecord | None


def due_records(
    *, today: date, category: Category | None = None, reviewer: int | None = None
) -> QuerySet[ReviewRecord]:
    """Reviews due this month or earlier of articles on the site, oldest first;
    with ``category``, of the articles in it or in its subcategories."""
    records = ReviewRecord.objects.filter(
        next_review__lte=this_month(today),
        article__status=Article.Status.PUBLISHED,
        article__trashed_at__isnull=True,
    )
    if category is not None:
        records = records.filter(article__category__path__startswith=category.path)
    if reviewer is not None:
        records = records.filter(reviewer_id=reviewer)
    return records.select_related("article__category", "reviewer").order_by(
        "next_review", "last_reviewed", "article_id"
    )


def never_reviewed(*, category: Category | None = None) -> QuerySet[Article]:
    """Articles on the site that no one has reviewed yet, oldest first."""
    articles = Article.objects.published().filter(review__isnull=True)
    if category is not None:
        articles = articles.filter(category__path__startswith=category.path)
    return articles.select_related("category").order_by("first_published", "pk")


def due_rows(
    *, today: date, category: Category | None = None, reviewer: int | None = None
) -> list[DueRow]:
    """The report: never-reviewed articles first (unless a reviewer is chosen),
    then reviews due, oldest first."""
    rows = []
    if reviewer is None:
        rows += [DueRow(a, None) for a in never_reviewed(category=category)]
    rows += [
        DueRow(r.article, r)
        for r in due_records(today=today, category=category, reviewer=reviewer)
    ]
    return rows


def due_count(*, today: date) -> int:
    """How many articles the review-due report lists."""
    return due_records(today=today).count() + never_reviewed().count()
