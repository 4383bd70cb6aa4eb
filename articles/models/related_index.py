"""The version of the related-article index each process keeps in memory."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class RelatedIndexVersion(models.Model):
    """A token every rewrite of a language's related lists replaces.

    A process keeps that language's word counts, tags and categories in memory
    (``articles.related.index``) and reuses them only while the token is the
    one it wrote last: otherwise another process (or a rolled-back
    transaction) changed them, and it reads them again.
    """

    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, unique=True
    )
    token = models.CharField(_("token"), max_length=32)

    class Meta:
        verbose_name = _("related index version")
        verbose_name_plural = _("related index versions")

    def __str__(self) -> str:
        return f"{self.language}: {self.token}"
