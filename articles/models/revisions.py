"""Revisions: immutable snapshots of an article, and the ORM paths that refuse to change them."""

from collections.abc import Collection, Iterable

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from articles.models.articles import Article
from articles.models.common import (
    first_of_month,
)

REVISIONS_IMMUTABLE = (
    "Revisions are immutable. A change is saved as a new revision; only "
    "emptying the trash (articles.trash) deletes the revisions of its articles."
)


class RevisionImmutable(ValueError):
    """An attempt to change or delete a saved revision."""

    def __init__(self) -> None:
        super().__init__(REVISIONS_IMMUTABLE)


class RevisionQuerySet(models.QuerySet["Revision"]):
    """Creates and reads revisions; every ORM path that changes or deletes them raises.

    Deleting an article is refused too while it has revisions (``on_delete``
    PROTECT), so that they cannot go by cascade; ``purge`` is the one way out.
    """

    # The stubs type the result by the queryset's type variable, not the model.
    def bulk_create(  # type: ignore[override]
        self: "RevisionQuerySet[Revision, Revision]",
        objs: Iterable["Revision"],
        batch_size: int | None = None,
        ignore_conflicts: bool = False,
        update_conflicts: bool = False,
        update_fields: Collection[str] | None = None,
        unique_fields: Collection[str] | None = None,
    ) -> list["Revision"]:
        """Create new revisions as ``Revision.save`` would, many in one query."""
        objs = list(objs)
        for revision in objs:
            if revision.pk is not None:
                raise RevisionImmutable
            revision.editorial_date = first_of_month(revision.editorial_date)
        return super().bulk_create(
            objs,
            batch_size=batch_size,
            ignore_conflicts=ignore_conflicts,
            update_conflicts=update_conflicts,
            update_fields=update_fields,
            unique_fields=unique_fields,
        )

    def update(self, **kwargs) -> int:
        raise RevisionImmutable

    def bulk_update(self, objs, fields, batch_size=None) -> int:
        raise RevisionImmutable

    def delete(self) -> tuple[int, dict[str, int]]:
        raise RevisionImmutable

    def purge(self) -> tuple[int, dict[str, int]]:
        """Delete these revisions; only those of articles in the trash, as it is emptied."""
        if self.filter(article__trashed_at__isnull=True).exists():
            raise RevisionImmutable
        return super().delete()

    def public(self) -> "RevisionQuerySet":
        return self.filter(kind=Revision.Kind.PUBLIC)

    def up_to(self, revision: "Revision | None") -> "RevisionQuerySet":
        """Revisions saved up to and including ``revision`` (none when it is None)."""
        if revision is None:
            return self.none()
        return self.filter(number__lte=revision.number)


class Revision(models.Model):
    """An immutable snapshot of an article, in every language, as it was saved.

    Revisions are only ever created: an edit, import or restore adds one and
    never changes or removes an earlier one.
    """

    class Kind(models.TextChoices):
        PUBLIC = "public", _("Public revision")
        MINOR = "minor", _("Minor correction")

    article = models.ForeignKey(
        Article,
        verbose_name=_("article"),
        on_delete=models.PROTECT,
        related_name="revisions",
    )
    number = models.PositiveIntegerField(_("number"))
    snapshot = models.JSONField(_("snapshot"))
    created_at = models.DateTimeField(_("saved at"), default=timezone.now)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("saved by"),
        null=True,
        blank=True,
        # Not SET_NULL, which would change saved revisions: deactivate the account.
        on_delete=models.PROTECT,
        related_name="+",
    )
    user_name = models.CharField(_("saved by (name)"), max_length=150, blank=True)
    editorial_date = models.DateField(
        _("editorial date"), help_text=_("The month this revision stands for.")
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    note = models.TextField(_("change note"), blank=True)
    languages = models.CharField(
        _("languages"),
        max_length=64,
        blank=True,
        editable=False,
        help_text=_(
            "The languages with a title and body in this revision, comma-separated."
        ),
    )
    restored_from = models.PositiveIntegerField(
        _("restores revision"),
        null=True,
        blank=True,
        editable=False,
        help_text=_(
            "The number of the revision this one restores; the public revisions "
            "between the two are then no longer shown to readers."
        ),
    )

    objects = RevisionQuerySet.as_manager()

    class Meta:
        base_manager_name = "objects"
        ordering = ["article", "-number"]
        verbose_name = _("revision")
        verbose_name_plural = _("revisions")
        constraints = [
            models.UniqueConstraint(
                fields=["article", "number"], name="revision_number_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.article_id} #{self.number}"

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None:
            raise RevisionImmutable
        self.editorial_date = first_of_month(self.editorial_date)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise RevisionImmutable
