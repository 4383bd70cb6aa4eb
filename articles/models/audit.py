"""The audit log: one append-only entry per action, done or refused.

Written only by ``articles.actions`` (and a login lock-out); nothing changes
or removes an entry, through the ORM or the admin.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from articles.models.articles import slug_in_any_language

SYSTEM = "system"
APPEND_ONLY = "Audit entries are append-only."


class AuditEntryQuerySet(models.QuerySet["AuditEntry"]):
    def update(self, **kwargs) -> int:
        raise ValueError(APPEND_ONLY)

    def delete(self):
        raise ValueError(APPEND_ONLY)

    def about_article(self, slug: str) -> "AuditEntryQuerySet":
        """Entries about the article with this slug, in any language, then or now."""
        return self.filter(
            models.Q(article_slug=slug) | slug_in_any_language(slug, "article__")
        )


class AuditEntry(models.Model):
    """Who did what to which object, when, and whether it was done or refused."""

    class Action(models.TextChoices):
        SAVE = "save", _("save")
        PUBLISH = "publish", _("publish")
        UNPUBLISH = "unpublish", _("unpublish")
        SCHEDULE = "schedule", _("schedule")
        RESTORE = "restore", _("restore")
        DELETE = "delete", _("delete")
        UNTRASH = "untrash", _("restore from the trash")
        EMPTY_TRASH = "empty_trash", _("remove from the trash for good")
        IMPORT_ARTICLE = "import_article", _("import article")
        IMPORT_CATALOG = "import_catalog", _("import catalog")
        CHANGE_CATEGORY = "change_category", _("change category")
        CHANGE_TAG = "change_tag", _("change tag")
        DELETE_CATEGORY = "delete_category", _("delete category")
        DELETE_TAG = "delete_tag", _("delete tag")
        EDIT_TRANSLATION = "edit_translation", _("edit translation")
        LOCKOUT = "lockout", _("login lock-out")

    class Outcome(models.TextChoices):
        DONE = "done", _("done")
        REFUSED = "refused", _("refused")

    created_at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    username = models.CharField(_("account"), max_length=150)
    user_display = models.CharField(_("name"), max_length=300)
    action = models.CharField(_("action"), max_length=32, choices=Action.choices)
    object_type = models.CharField(_("object type"), max_length=32)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    object_label = models.CharField(_("object"), max_length=300, blank=True)
    # No database constraint: an entry outlives the article it is about.
    article = models.ForeignKey(
        "articles.Article",
        verbose_name=_("article"),
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    article_slug = models.CharField(_("article slug"), max_length=255, blank=True)
    revision = models.PositiveIntegerField(_("revision"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome.choices)
    reason = models.TextField(_("reason"), blank=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("site history entry")
        verbose_name_plural = _("site history")

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.username} {self.action}"

    def save(self, *args, **kwargs) -> None:
        if not self._state.adding:
            raise ValueError(APPEND_ONLY)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError(APPEND_ONLY)
