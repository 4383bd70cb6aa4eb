"""Lasting addresses: old paths that answer 301 (``articles.redirects``)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from articles.models.articles import Article
from articles.models.taxonomy import Category

REDIRECT_ONE_TARGET = "A redirect leads to exactly one article, category or path."


class Redirect(models.Model):
    """An old address of the site that answers 301 with a page's address now.

    An article or a category is the target itself, not its address at the time,
    so that the redirect follows its later slug changes in one hop and cannot
    lead to another redirect. A path target is a page without an object (the
    home page, an index).
    """

    old_path = models.CharField(
        _("old path"),
        max_length=1000,
        unique=True,
        help_text=_("The path on this site, e.g. /en/articles/old-slug/."),
    )
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, blank=True
    )
    article = models.ForeignKey(
        Article,
        verbose_name=_("article"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="redirects",
    )
    category = models.ForeignKey(
        Category,
        verbose_name=_("category"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="redirects",
    )
    target_path = models.CharField(_("target path"), max_length=1000, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["old_path"]
        verbose_name = _("redirect")
        verbose_name_plural = _("redirects")
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(article__isnull=False, category__isnull=True)
                    & ~models.Q(language="")
                    & models.Q(target_path="")
                )
                | (
                    models.Q(article__isnull=True, category__isnull=False)
                    & ~models.Q(language="")
                    & models.Q(target_path="")
                )
                | (
                    models.Q(article__isnull=True, category__isnull=True)
                    & ~models.Q(target_path="")
                ),
                name="redirect_one_target",
                violation_error_message=REDIRECT_ONE_TARGET,
            )
        ]

    def __str__(self) -> str:
        return f"{self.old_path} → {self.target_label()}"

    def target_label(self) -> str:
        """The target as the import names it: ``LANG:SLUG`` or a path."""
        if self.article is not None:
            return f"{self.language}:{self.article.slug_in(self.language) or ''}"
        if self.category is not None:
            return self.category.url_in(self.language) or ""
        return self.target_path

    def target_url(self) -> str | None:
        """The address the old path leads to now; None when it leads nowhere (an
        article no longer on the site in that language)."""
        if self.article is not None:
            if not self.article.is_readable_in(self.language):
                return None
            return self.article.url_in(self.language)
        if self.category is not None:
            return self.category.url_in(self.language)
        return self.target_path or None
