"""The admin home's counts of reviews due and revisions waiting for review."""

from django import template
from django.utils import timezone

from articles.models import ReviewRequest
from articles.review.schedule import due_count

register = template.Library()


@register.simple_tag
def review_due_count() -> int:
    return due_count(today=timezone.localdate())


@register.simple_tag
def review_waiting_count() -> int:
    return ReviewRequest.objects.filter(
        state=ReviewRequest.State.PENDING, article__trashed_at__isnull=True
    ).count()
