"""Stored related-article lists and the term counts they are computed from."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from articles.models.articles import Article


class RelatedArticle(models.Model):
    """One entry of an article's stored related list in one language.

    Written only by ``articles.related.lists``; the article page reads it as it is.
    """

    article = models.ForeignKey(
        Article,
        verbose_name=_("article"),
        on_delete=models.CASCADE,
        related_name="related_entries",
    )
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    position = models.PositiveSmallIntegerField(_("position"))
    # CASCADE: a deleted article leaves every list in the same transaction.
    target = models.ForeignKey(
        Article,
        verbose_name=_("related article"),
        on_delete=models.CASCADE,
        related_name="listed_in",
    )
    score = models.FloatField(_("score"), default=0.0)
    is_pick = models.BooleanField(_("picked by the editors"), default=False)

    class Meta:
        ordering = ["article", "language", "position"]
        verbose_name = _("related article")
        verbose_name_plural = _("related articles")
        constraints = [
            models.UniqueConstraint(
                fields=["article", "language", "position"],
                name="related_position_unique",
            ),
            models.UniqueConstraint(
                fields=["article", "language", "target"], name="related_target_unique"
            ),
            models.CheckConstraint(
                condition=~models.Q(article=models.F("target")),
                name="related_not_itself",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.article_id} ({self.language}) {self.position}: {self.target_id}"


class RelatedTerms(models.Model):
    """An article's word counts in one language, for the text similarity.

    Kept so that refreshing a few related lists does not have to read and
    tokenize the text of every other article again. ``indices`` holds the
    hashed term numbers (little-endian int32), ``counts`` their counts
    (little-endian uint16), in the same order.
    """

    article = models.ForeignKey(
        Article,
        verbose_name=_("article"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    indices = models.BinaryField()
    counts = models.BinaryField()

    class Meta:
        verbose_name = _("term counts")
        verbose_name_plural = _("term counts")
        constraints = [
            models.UniqueConstraint(
                fields=["article", "language"], name="related_terms_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.article_id} ({self.language})"
