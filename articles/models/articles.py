"""Articles, their literature references and editors' picks."""

from typing import TYPE_CHECKING, ClassVar, TypedDict

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.fields.json import KT
from django.db.models.functions import Cast, Coalesce
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import build_localized_fieldname

from articles.models.addresses import slug_url
from articles.models.common import (
    LANGUAGE_CODES,
    empty_slugs_to_null,
    first_of_month,
    unique_per_language,
)
from articles.models.taxonomy import Category, Tag
from articles.text.richtext import sanitize_html

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

    WithProgress = WithAnnotations["Article", "ProgressCounts"]

DATES_OUT_OF_ORDER = _(
    "The last revision cannot be earlier than the first publication."
)
PICK_OF_ITSELF = _("An article cannot be related to itself.")


def slug_in_any_language(slug: str, prefix: str = "") -> models.Q:
    """The condition for an article (reached through ``prefix``) with this slug in
    one of its languages."""
    condition = models.Q()
    for code in LANGUAGE_CODES:
        condition |= models.Q(
            **{prefix + build_localized_fieldname("slug", code): slug}
        )
    return condition


def readable_in(language: str, prefix: str = "") -> models.Q:
    """The condition for an article (reached through ``prefix``) readable in ``language``.

    A condition rather than a subquery, so that a query over related rows can
    join the article instead of testing membership in every readable article.
    """

    def field(name: str) -> str:
        return prefix + build_localized_fieldname(name, language)

    return (
        models.Q(**{prefix + "status": "published"})
        & models.Q(**{prefix + "trashed_at__isnull": True})
        & ~models.Q(**{field("title"): ""})
        & models.Q(**{field("title") + "__isnull": False})
        & models.Q(**{field("slug") + "__isnull": False})
        & ~models.Q(**{field("body"): ""})
        & models.Q(**{field("body") + "__isnull": False})
    )


# The date an article is listed under: its last revision, else its publication.
LISTED_ON = Coalesce("last_revised", "first_published")


class ProgressCounts(TypedDict):
    """What ``ArticleQuerySet.with_progress`` annotates (``TranslationProgress``)."""

    segments: int | None
    translated: int | None
    fuzzy: int | None
    outdated: int | None


class ArticleQuerySet(models.QuerySet["Article"]):
    def present(self) -> "ArticleQuerySet":
        """Articles not in the trash."""
        return self.filter(trashed_at__isnull=True)

    def in_trash(self) -> "ArticleQuerySet":
        return self.filter(trashed_at__isnull=False)

    def published(self) -> "ArticleQuerySet":
        """Articles on the site: published and not in the trash."""
        return self.present().filter(status=Article.Status.PUBLISHED)

    def readable_in(self, language: str) -> "ArticleQuerySet":
        """Published articles with a title, slug and body in ``language``."""
        return self.filter(readable_in(language))

    def recent(self) -> "ArticleQuerySet":
        """Most recently published or revised first.

        Publishing always records a first publication date, so the listed
        date is never empty and the order can follow ``article_recent_idx``.
        """
        return self.order_by(LISTED_ON.desc(), "-pk")

    def with_progress(
        self, language: str
    ) -> "ArticleQuerySet[WithProgress, WithProgress]":
        """Annotated with ``language``'s ``TranslationProgress``: the ``segments``,
        ``translated`` and ``fuzzy`` counts and ``outdated`` (1 or 0).

        They come from ``translation_progress``, so that lists can filter, count
        and sort on them in the database; NULL where nothing is to translate.
        """
        stored = f"translation_progress__{language}"
        counts: dict[str, models.Expression] = {
            name: Cast(KT(f"{stored}__{name}"), models.IntegerField())
            for name in ["segments", "translated", "fuzzy"]
        }
        counts["outdated"] = models.Case(
            models.When(**{f"{stored}__outdated": True}, then=1),
            models.When(**{f"{stored}__isnull": False}, then=0),
            default=None,
            output_field=models.IntegerField(),
        )
        return self.annotate(**counts)


# Named so that the type checker sees the manager that modeltranslation wraps.
ArticleManager = models.Manager.from_queryset(ArticleQuerySet)


class Article(models.Model):
    """A medical article, written in one language and translated into the other."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    title = models.CharField(_("title"), max_length=255)
    # NULL, not "", where a language has no version, so the unique constraints hold.
    slug = models.SlugField(_("slug"), max_length=255, null=True, blank=True)  # noqa: DJ001
    summary = models.TextField(_("summary"), blank=True)
    body = models.TextField(_("body"), blank=True)
    meta_description = models.CharField(
        _("meta description"), max_length=300, blank=True
    )
    source_language = models.CharField(
        _("source language"),
        max_length=8,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text=_("The language the article is written in; the others translate it."),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT
    )
    first_published = models.DateField(
        _("first published"), null=True, blank=True, help_text=_("Month precision.")
    )
    last_revised = models.DateField(
        _("last revised"), null=True, blank=True, help_text=_("Month precision.")
    )
    author_line = models.CharField(_("author line"), max_length=255, blank=True)
    category = models.ForeignKey(
        Category,
        verbose_name=_("category"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="articles",
    )
    tags = models.ManyToManyField(
        Tag, verbose_name=_("tags"), blank=True, related_name="articles"
    )
    related_picks = models.ManyToManyField(
        "self",
        verbose_name=_("related articles picked by the editors"),
        through="RelatedPick",
        symmetrical=False,
        blank=True,
        related_name="+",
    )
    live_revision = models.ForeignKey(
        "Revision",
        verbose_name=_("live revision"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The revision visitors see."),
    )
    latest_revision = models.ForeignKey(
        "Revision",
        verbose_name=_("latest revision"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    scheduled_revision = models.ForeignKey(
        "Revision",
        verbose_name=_("scheduled revision"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    publish_at = models.DateTimeField(
        _("publish at"),
        null=True,
        blank=True,
        editable=False,
        help_text=_(
            "When the scheduled revision goes live (publish_scheduled, run from cron)."
        ),
    )
    source_version = models.PositiveIntegerField(
        _("source version"),
        default=0,
        editable=False,
        help_text=_("The revision that last changed the text in the source language."),
    )
    translated_from = models.JSONField(
        _("translated from"),
        default=dict,
        editable=False,
        help_text=_(
            "Per language, the source version its readable translation translates."
        ),
    )
    translation_progress = models.JSONField(
        _("translation progress"),
        default=dict,
        editable=False,
        help_text=_("Per language: the translation's progress in the latest revision."),
    )
    trashed_at = models.DateTimeField(
        _("moved to the trash"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Set while the article is in the trash (articles.trash)."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects: ClassVar[ArticleManager] = ArticleManager()

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        constraints = unique_per_language("article", "slug")
        indexes = [
            models.Index(
                LISTED_ON.desc(), models.F("id").desc(), name="article_recent_idx"
            )
        ]
        permissions = [
            ("publish_article", _("Can publish, unpublish and restore articles")),
            ("translate_article_en", _("Can translate articles into English")),
            ("translate_article_nl", _("Can translate articles into Dutch")),
            ("review_article", _("Can review articles medically")),
        ]

    def __str__(self) -> str:
        return self.title_in(self.source_language) or self.title or str(self.pk)

    def save(self, *args, **kwargs) -> None:
        empty_slugs_to_null(self)
        for code in LANGUAGE_CODES:
            name = build_localized_fieldname("body", code)
            setattr(self, name, sanitize_html(getattr(self, name) or ""))
        self.first_published = first_of_month(self.first_published)
        self.last_revised = first_of_month(self.last_revised)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return slug_url("articles:article", self.slug)

    def clean(self) -> None:
        if (
            self.first_published
            and self.last_revised
            and self.last_revised < self.first_published
        ):
            raise ValidationError({"last_revised": DATES_OUT_OF_ORDER})

    def title_in(self, language: str) -> str:
        return getattr(self, build_localized_fieldname("title", language)) or ""

    def slug_in(self, language: str) -> str | None:
        return getattr(self, build_localized_fieldname("slug", language))

    def is_readable_in(self, language: str) -> bool:
        """Whether readers of ``language`` get this article in their language."""
        return (
            self.status == self.Status.PUBLISHED
            and self.trashed_at is None
            and bool(self.title_in(language))
            and bool(self.slug_in(language))
            and bool(getattr(self, build_localized_fieldname("body", language)))
        )

    def readable_languages(self) -> list[str]:
        return [code for code in LANGUAGE_CODES if self.is_readable_in(code)]

    @staticmethod
    def translate_permission(language: str) -> str:
        """The permission to translate articles into ``language``."""
        return f"articles.translate_article_{language}"

    def translation_outdated_in(self, language: str) -> bool:
        """Whether the live ``language`` version translates an earlier source text."""
        from articles.translations.state import is_outdated  # imports the models

        return language != self.source_language and is_outdated(
            self.translated_from, self.source_version, language
        )

    @property
    def has_unpublished_changes(self) -> bool:
        return self.latest_revision_id != self.live_revision_id

    def url_in(self, language: str) -> str:
        """The article's address for readers of ``language``."""
        return slug_url("articles:article", self.slug_in(language), language)


class Reference(models.Model):
    """A numbered literature reference of an article; cited in the body as ``[n]``."""

    article = models.ForeignKey(
        Article,
        verbose_name=_("article"),
        on_delete=models.CASCADE,
        related_name="references",
    )
    number = models.PositiveIntegerField(_("number"))
    authors = models.TextField(_("authors"))
    title = models.TextField(_("title"))
    journal = models.CharField(_("journal"), max_length=255, blank=True)
    details = models.CharField(
        _("citation details"),
        max_length=255,
        blank=True,
        help_text=_("Year, volume, issue, pages, epub date."),
    )
    pmid = models.CharField(_("PMID"), max_length=16, blank=True)
    doi = models.CharField(_("DOI"), max_length=255, blank=True)
    url = models.URLField(_("URL"), max_length=500, blank=True)

    class Meta:
        ordering = ["article", "number"]
        verbose_name = _("reference")
        verbose_name_plural = _("references")
        constraints = [
            models.UniqueConstraint(
                fields=["article", "number"], name="reference_number_unique"
            )
        ]

    def __str__(self) -> str:
        return f"[{self.number}] {self.authors} {self.title}"


class RelatedPick(models.Model):
    """An editor's choice of a related article, in the editor's order."""

    article = models.ForeignKey(
        Article,
        verbose_name=_("article"),
        on_delete=models.CASCADE,
        related_name="picks",
    )
    target = models.ForeignKey(
        Article,
        verbose_name=_("related article"),
        on_delete=models.CASCADE,
        related_name="picked_by",
    )
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["article", "position", "pk"]
        verbose_name = _("related article pick")
        verbose_name_plural = _("related article picks")
        constraints = [
            models.UniqueConstraint(fields=["article", "target"], name="pick_unique"),
            models.CheckConstraint(
                condition=~models.Q(article=models.F("target")), name="pick_not_itself"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.article} → {self.target}"

    def clean(self) -> None:
        if self.article_id is not None and self.article_id == self.target_id:
            raise ValidationError({"target": PICK_OF_ITSELF})
