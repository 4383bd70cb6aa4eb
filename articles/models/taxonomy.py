"""The category tree and the tags that group articles by subject."""

from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import build_localized_fieldname
from treebeard.mp_tree import MP_Node

from articles.models.addresses import slug_url
from articles.models.common import (
    empty_slugs_to_null,
    unique_per_language,
)
from articles.text.rules import free_slug, max_length, slug_of


class Category(MP_Node):
    """A node of the category tree, e.g. "English articles › Treatment"."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, null=True, blank=True)  # noqa: DJ001

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        constraints = unique_per_language("category", "slug")

    def __str__(self) -> str:
        return self.name or self.slug or str(self.pk)

    def save(self, *args, **kwargs) -> None:
        empty_slugs_to_null(self)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return slug_url("articles:category", self.slug)

    @classmethod
    def lineage_paths(cls, path: str) -> list[str]:
        """The tree paths of the node at ``path`` and of its ancestors, root first.

        A materialized path's prefixes are the paths of the node's ancestors.
        """
        return [path[:end] for end in range(cls.steplen, len(path) + 1, cls.steplen)]

    @classmethod
    def free_slug(cls, name: str, language: str) -> str:
        """A slug for a new category called ``name`` that no category has in ``language``."""
        limit = max_length(cls, "slug")
        field = build_localized_fieldname("slug", language)
        return free_slug(
            slug_of(name, limit) or "category",
            taken=lambda slug: cls.objects.filter(**{field: slug}).exists(),
            limit=limit,
        )

    def url_in(self, language: str) -> str | None:
        """The listing's address for readers of ``language``, if it has a slug there."""
        slug = getattr(self, build_localized_fieldname("slug", language))
        if not slug:
            return None
        return slug_url("articles:category", slug, language)


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
        constraints = unique_per_language("tag", "slug")

    def __str__(self) -> str:
        return self.name or self.slug or str(self.pk)

    def save(self, *args, **kwargs) -> None:
        empty_slugs_to_null(self)
        super().save(*args, **kwargs)
