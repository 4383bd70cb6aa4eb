"""Medical review: reviewers, an article's review record and history, the
requests to review a revision before it goes live, and who has an article open.

Written only by ``articles.actions.review`` and ``articles.editing``.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from articles.models.articles import Article
from articles.models.revisions import Revision


class Reviewer(models.Model):
    """A person who reviews articles medically, named as readers see it."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reviewer",
        help_text=_("Reminders of reviews due go to this account's e-mail address."),
    )
    name = models.CharField(_("name"), max_length=200)
    credentials = models.CharField(
        _("credentials"), max_length=100, blank=True, help_text=_("E.g. MD, PhD.")
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("medical reviewer")
        verbose_name_plural = _("medical reviewers")

    def __str__(self) -> str:
        return f"{self.name}, {self.credentials}" if self.credentials else self.name


class ReviewRecord(models.Model):
    """An article's medical review as it stands: last reviewed, by whom, next due."""

    article = models.OneToOneField(
        Article,
        verbose_name=_("article"),
        on_delete=models.CASCADE,
        related_name="review",
    )
    last_reviewed = models.DateField(
        _("last reviewed"), help_text=_("Month precision.")
    )
    reviewer = models.ForeignKey(
        Reviewer,
        verbose_name=_("reviewer"),
        on_delete=models.PROTECT,
        related_name="records",
    )
    interval_months = models.PositiveSmallIntegerField(
        _("review interval (months)"),
        null=True,
        blank=True,
        help_text=_("Empty: the site's REVIEW_INTERVAL_MONTHS."),
    )
    next_review = models.DateField(_("next review due"), db_index=True)

    class Meta:
        verbose_name = _("review record")
        verbose_name_plural = _("review records")

    def __str__(self) -> str:
        return f"{self.article_id}: {self.last_reviewed:%Y-%m}"


class MedicalReview(models.Model):
    """One medical review of an article, with or without a change of its text.

    Kept as the article's review history; readers' publication and revision
    dates do not follow it.
    """

    article = models.ForeignKey(
        Article,
        verbose_name=_("article"),
        on_delete=models.CASCADE,
        related_name="medical_reviews",
    )
    reviewed_on = models.DateField(_("reviewed"), help_text=_("Month precision."))
    reviewer = models.ForeignKey(
        Reviewer,
        verbose_name=_("reviewer"),
        on_delete=models.PROTECT,
        related_name="reviews",
    )
    revision = models.PositiveIntegerField(_("revision"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        ordering = ["article", "-recorded_at", "-pk"]
        verbose_name = _("medical review")
        verbose_name_plural = _("medical reviews")

    def __str__(self) -> str:
        return f"{self.article_id}: {self.reviewed_on:%Y-%m} {self.reviewer}"


class ReviewRequest(models.Model):
    """A revision an editor submitted for medical review before it goes live."""

    class State(models.TextChoices):
        PENDING = "pending", _("Waiting for review")
        APPROVED = "approved", _("Approved")
        CHANGES_REQUESTED = "changes_requested", _("Changes requested")
        SUPERSEDED = "superseded", _("Replaced by a later submission")

    article = models.ForeignKey(
        Article,
        verbose_name=_("article"),
        on_delete=models.CASCADE,
        related_name="review_requests",
    )
    revision = models.ForeignKey(
        Revision,
        verbose_name=_("revision"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    state = models.CharField(
        _("state"), max_length=32, choices=State.choices, default=State.PENDING
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        ordering = ["submitted_at", "pk"]
        verbose_name = _("review request")
        verbose_name_plural = _("review requests")
        constraints = [
            models.UniqueConstraint(
                fields=["article"],
                condition=models.Q(state="pending"),
                name="review_request_one_pending",
            )
        ]

    def __str__(self) -> str:
        return f"{self.article_id} #{self.revision_id} {self.state}"


class EditingSession(models.Model):
    """That a user has an article open in the editor, as of ``last_seen``."""

    article = models.ForeignKey(
        Article,
        verbose_name=_("article"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    last_seen = models.DateTimeField(_("last seen"), db_index=True)

    class Meta:
        verbose_name = _("editing session")
        verbose_name_plural = _("editing sessions")
        constraints = [
            models.UniqueConstraint(
                fields=["article", "user"], name="editing_session_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.article_id}: {self.user_id}"
