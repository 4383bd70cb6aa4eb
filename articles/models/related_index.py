"""The version of the related-article index each process keeps in memory."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class RelatedIndexVersion(models.Model):
    """The number and token of the last rewrite of a language's related lists.

    A process keeps that language's word counts, tags and categories in memory
    (``articles.related.index``) and reuses them as they are while the token is
    the one it wrote last. When other processes wrote since, it reads again
    only the articles their rewrites name (``RelatedIndexChange``); when that
    cannot be known (a rolled-back transaction, a rebuild, a journal pruned
    past its version), it reads everything again.
    """

    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, unique=True
    )
    token = models.CharField(_("token"), max_length=32)
    number = models.PositiveBigIntegerField(_("number"), default=0)

    class Meta:
        verbose_name = _("related index version")
        verbose_name_plural = _("related index versions")

    def __str__(self) -> str:
        return f"{self.language}: {self.number} {self.token}"


class RelatedIndexChange(models.Model):
    """One rewrite of a language's related lists: the articles whose words, tags,
    category, readability or list it changed (none named: all of them)."""

    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    number = models.PositiveBigIntegerField(_("number"))
    token = models.CharField(_("token"), max_length=32)
    article_ids = models.JSONField(_("articles"), null=True)

    class Meta:
        verbose_name = _("related index change")
        verbose_name_plural = _("related index changes")
        constraints = [
            models.UniqueConstraint(
                fields=["language", "number"], name="related_change_number"
            )
        ]

    def __str__(self) -> str:
        return f"{self.language}: {self.number}"
