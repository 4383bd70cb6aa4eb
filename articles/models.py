"""Articles, their categories, tags, literature references and editors' picks."""

from collections.abc import Collection, Iterable
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, ClassVar, TypedDict

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.fields.json import KT
from django.db.models.functions import Cast, Coalesce
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import build_localized_fieldname
from treebeard.mp_tree import MP_Node

from articles.richtext import sanitize_html

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

    WithProgress = WithAnnotations["Article", "ProgressCounts"]

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]

DATES_OUT_OF_ORDER = _(
    "The last revision cannot be earlier than the first publication."
)
PICK_OF_ITSELF = _("An article cannot be related to itself.")


def _unique_per_language(model_name: str, field: str) -> list[models.BaseConstraint]:
    """One unique constraint per language column of a translated field.

    Empty values are stored as NULL, so articles without a version in a
    language do not collide.
    """
    return [
        models.UniqueConstraint(
            fields=[build_localized_fieldname(field, code)],
            name=f"{model_name}_{field}_{code}_unique",
        )
        for code in LANGUAGE_CODES
    ]


def _empty_slugs_to_null(instance: models.Model) -> None:
    for code in LANGUAGE_CODES:
        name = build_localized_fieldname("slug", code)
        if not getattr(instance, name):
            setattr(instance, name, None)


class Category(MP_Node):
    """A node of the category tree, e.g. "English articles › Treatment"."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, null=True, blank=True)  # noqa: DJ001

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        constraints = _unique_per_language("category", "slug")

    def __str__(self) -> str:
        return self.name or self.slug or str(self.pk)

    def save(self, *args, **kwargs) -> None:
        _empty_slugs_to_null(self)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("articles:category", kwargs={"slug": self.slug})

    def url_in(self, language: str) -> str | None:
        """The listing's address for readers of ``language``, if it has a slug there."""
        slug = getattr(self, build_localized_fieldname("slug", language))
        if not slug:
            return None
        with translation.override(language):
            return reverse("articles:category", kwargs={"slug": slug})


class Tag(models.Model):
    """A keyword shared by articles on the same subject."""

    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=100, null=True, blank=True)  # noqa: DJ001

    # modeltranslation wraps the default manager in one the type checker cannot see.
    objects: ClassVar[models.Manager["Tag"]]

    class Meta:
        ordering = ["name"]
        verbose_name = _("tag")
        verbose_name_plural = _("tags")
        constraints = _unique_per_language("tag", "slug")

    def __str__(self) -> str:
        return self.name or self.slug or str(self.pk)

    def save(self, *args, **kwargs) -> None:
        _empty_slugs_to_null(self)
        super().save(*args, **kwargs)


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
    """The counts ``ArticleQuerySet.with_progress`` annotates."""

    segments: int | None
    translated: int | None
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
        """Annotated with the ``segments``, ``translated`` and ``outdated`` counts.

        They come from ``translation_progress``, so that lists can filter, count
        and sort on them in the database; NULL where nothing is to translate.
        """
        return self.annotate(
            **{
                name: Cast(
                    KT(f"translation_progress__{language}__{index}"),
                    models.IntegerField(),
                )
                for index, name in enumerate(["segments", "translated", "outdated"])
            }
        )


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
        help_text=_(
            "Per language: segments in all, translated, outdated, of the latest revision."
        ),
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
        constraints = _unique_per_language("article", "slug")
        indexes = [
            models.Index(
                LISTED_ON.desc(), models.F("id").desc(), name="article_recent_idx"
            )
        ]
        permissions = [
            ("publish_article", _("Can publish, unpublish and restore articles")),
            ("translate_article_en", _("Can translate articles into English")),
            ("translate_article_nl", _("Can translate articles into Dutch")),
        ]

    def __str__(self) -> str:
        return self.title_in(self.source_language) or self.title or str(self.pk)

    def save(self, *args, **kwargs) -> None:
        _empty_slugs_to_null(self)
        for code in LANGUAGE_CODES:
            name = build_localized_fieldname("body", code)
            setattr(self, name, sanitize_html(getattr(self, name) or ""))
        self.first_published = _month(self.first_published)
        self.last_revised = _month(self.last_revised)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("articles:article", kwargs={"slug": self.slug})

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
        """Whether the readable ``language`` version translates an earlier source text."""
        if language == self.source_language:
            return False
        return (
            self.translated_from.get(language, self.source_version)
            < self.source_version
        )

    @property
    def has_unpublished_changes(self) -> bool:
        return self.latest_revision_id != self.live_revision_id

    def url_in(self, language: str) -> str:
        """The article's address for readers of ``language``."""
        with translation.override(language):
            return reverse("articles:article", kwargs={"slug": self.slug_in(language)})


def _month(value: date | None) -> date | None:
    """Editorial dates are kept to the month."""
    return value.replace(day=1) if value else None


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
            revision.editorial_date = _month(revision.editorial_date)
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
        self.editorial_date = _month(self.editorial_date)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise RevisionImmutable


class RelatedArticle(models.Model):
    """One entry of an article's stored related list in one language.

    Written only by ``articles.related``; the article page reads it as it is.
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
    content = models.BinaryField(_("content"))
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    applied_at = models.DateTimeField(_("applied at"), null=True, blank=True)

    objects = CatalogUploadQuerySet.as_manager()

    class Meta:
        verbose_name = _("catalog upload")
        verbose_name_plural = _("catalog uploads")

    def __str__(self) -> str:
        return self.filename


class PageInvalidation(models.Model):
    """A cached page's retirement that the cache refused, kept until a retry succeeds.

    Not shown anywhere: ``articles.pagecache`` writes and retries these rows.
    """

    path = models.TextField()
    recorded_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.path


# The audit log has a module of its own; imported here so Django finds the model.
from articles.audit import AuditEntry  # noqa: E402, F401

# Lasting addresses: old paths that answer 301 (articles.redirects).

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
