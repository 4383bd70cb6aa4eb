"""PO files uploaded in the admin, kept between their dry run and their application."""

from datetime import datetime, timedelta

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class CatalogUploadQuerySet(models.QuerySet["CatalogUpload"]):
    def unapplied(self) -> "CatalogUploadQuerySet":
        return self.filter(applied_at__isnull=True)

    def expired(self, *, now: datetime) -> "CatalogUploadQuerySet":
        """Unapplied uploads older than CATALOG_UPLOAD_HOURS."""
        cutoff = now - timedelta(hours=settings.CATALOG_UPLOAD_HOURS)
        return self.unapplied().filter(created_at__lt=cutoff)

    def pending(self, *, now: datetime) -> "CatalogUploadQuerySet":
        """Unapplied uploads that may still be applied."""
        cutoff = now - timedelta(hours=settings.CATALOG_UPLOAD_HOURS)
        return self.unapplied().filter(created_at__gte=cutoff)


class CatalogUpload(models.Model):
    """A translator's PO file between its dry run and its application.

    Kept in the database, not in a server's memory or disk, so that any app
    server can apply what another one previewed. An applied upload stays, with
    its file, as the record of what was imported; an unapplied one expires.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.CASCADE,
    )
    filename = models.CharField(_("file name"), max_length=255)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    apply_fuzzy = models.BooleanField(_("apply fuzzy entries"), default=False)
    apply_memory = models.BooleanField(
        _("apply translation memory suggestions"), default=False
    )
    content = models.BinaryField(_("content"))
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    applied_at = models.DateTimeField(_("applied at"), null=True, blank=True)

    objects = CatalogUploadQuerySet.as_manager()

    class Meta:
        verbose_name = _("catalog upload")
        verbose_name_plural = _("catalog uploads")

    def __str__(self) -> str:
        return self.filename


class CatalogDownload(models.Model):
    """A catalog a worker exported (the whole of a large site), kept for its
    download by whoever asked for it, for CATALOG_UPLOAD_HOURS.

    Its bytes are in parts (``CatalogDownloadPart``) of at most a mebibyte,
    written as the export goes and read one at a time when it is served, so
    that no process holds a whole-site file.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("exported for"),
        on_delete=models.CASCADE,
    )
    filename = models.CharField(_("file name"), max_length=255)
    created_at = models.DateTimeField(_("exported at"), auto_now_add=True)

    class Meta:
        verbose_name = _("catalog download")
        verbose_name_plural = _("catalog downloads")

    def __str__(self) -> str:
        return self.filename


class CatalogDownloadPart(models.Model):
    """The ``number``-th piece of a kept download's bytes."""

    download = models.ForeignKey(
        CatalogDownload, on_delete=models.CASCADE, related_name="parts"
    )
    number = models.PositiveIntegerField()
    content = models.BinaryField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["download", "number"], name="catalog_download_part_number"
            )
        ]

    def __str__(self) -> str:
        return f"{self.download} ({self.number})"
