"""Write operation for articles read from the old website's text files."""

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Literal

from django.contrib.auth.models import User
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from modeltranslation.utils import build_localized_fieldname

from articles.models import Article, Category, Revision
from articles.oldsite.parser import ParsedArticle
from articles.revisions.publishing import article_snapshot
from articles.revisions.saving import article_save
from articles.revisions.snapshots import (
    REFERENCE_FIELDS,
    TRANSLATED_FIELDS,
    Snapshot,
    category_entry,
)
from articles.text.rules import max_length, slug_of

SAME_SLUG_IN_RUN = gettext_lazy(
    "%(file)s:%(line)s: the title '%(title)s' gives the same address (%(slug)s) as "
    "'%(other_title)s' in %(other)s:%(other_line)s; rename one of them"
)
SLUG_OF_ANOTHER_ARTICLE = gettext_lazy(
    "%(file)s:%(line)s: the title '%(title)s' gives the address (%(slug)s) of the "
    "existing article '%(existing)s', which it would replace; rename the title, or "
    "give the file that article's own title"
)

Outcome = Literal["created", "updated", "unchanged"]


class ImportRefused(ValueError):
    """The file parses, but importing it would damage an existing article."""


@dataclass(frozen=True)
class ImportResult:
    article: Article
    outcome: Outcome


def _field(name: str, language: str) -> str:
    return build_localized_fieldname(name, language)


@transaction.atomic
def article_import(
    *,
    parsed: ParsedArticle,
    user: User | None = None,
    note: str | None = None,
) -> ImportResult:
    """Create or update the article a parsed file describes, in its source language.

    The article is found again by the slug of its title in the file's language.
    Only that language's fields, the references, category, dates and author line
    are taken from the file; translations into other languages are kept. The
    summary and meta description are filled from the first paragraph only when
    empty, since editors may have written better ones. A change is saved as one
    public revision and published (the file comes from a live site) unless the
    article was taken off the site; an unchanged file saves nothing.
    """
    language = parsed.language
    slug = article_slug(parsed)
    article = Article.objects.filter(**{_field("slug", language): slug}).first()
    if article is not None and article.trashed_at is not None:
        raise ImportRefused(
            _(
                "%(file)s: '%(title)s' is in the trash; restore it in the admin "
                "before importing it again"
            )
            % {"file": parsed.filename, "title": parsed.title}
        )
    if article is not None and _normal(article.title_in(language)) != _normal(
        parsed.title
    ):
        raise ImportRefused(
            SLUG_OF_ANOTHER_ARTICLE
            % {
                "file": parsed.filename,
                "line": parsed.title_line,
                "title": parsed.title,
                "slug": slug,
                "existing": article.title_in(language) or str(article),
            }
        )
    if article is not None and article.source_language != language:
        raise ImportRefused(
            _(
                "%(file)s: '%(title)s' is a translation of an article written in another "
                "language; import that language's file instead"
            )
            % {"file": parsed.filename, "title": parsed.title}
        )
    if (
        article is not None
        and article.has_unpublished_changes
        and article.live_revision_id
    ):
        raise ImportRefused(
            _(
                "%(file)s: '%(title)s' has unpublished changes in the admin; publish or "
                "restore them before importing"
            )
            % {"file": parsed.filename, "title": parsed.title}
        )
    snapshot = (
        article_snapshot(article)
        if article
        else Snapshot(fields={}, source_language=language)
    )
    fields = {name: dict(snapshot.fields.get(name, {})) for name in TRANSLATED_FIELDS}
    fields["title"][language] = parsed.title
    fields["slug"][language] = slug
    fields["body"][language] = parsed.body_html
    for name, value in (
        ("summary", parsed.summary),
        ("meta_description", parsed.meta_description),
    ):
        fields[name][language] = fields[name].get(language) or value
    category = category_for_path(parsed.category_path, language=language)
    result = article_save(
        article=article,
        snapshot=replace(
            snapshot,
            fields=fields,
            author_line=parsed.author_line,
            first_published=parsed.first_published,
            category=category_entry(category) if category else None,
            references=[
                {name: getattr(ref, name) for name in REFERENCE_FIELDS}
                for ref in parsed.references
            ],
        ),
        user=user,
        note=note
        or _("Imported from %(file)s.") % {"file": Path(parsed.filename).name},
        kind=Revision.Kind.PUBLIC,
        editorial_date=parsed.last_revised or parsed.first_published,
        base_revision_id=article.latest_revision_id if article else None,
        publish=article is None or article.status == Article.Status.PUBLISHED,
    )
    if article is None:
        return ImportResult(result.article, "created")
    return ImportResult(result.article, "updated" if result.revision else "unchanged")


def article_slug(parsed: ParsedArticle) -> str:
    """The slug an imported article is found by: that of its title."""
    return slug_of(parsed.title, max_length(Article, "slug"))


def _normal(title: str) -> str:
    return " ".join(title.split())


def import_conflicts(parsed: list[ParsedArticle]) -> list[str]:
    """Why files of one run cannot all be imported: two give the same article."""
    seen: dict[tuple[str, str], ParsedArticle] = {}
    problems = []
    for item in parsed:
        key = (item.language, article_slug(item))
        other = seen.setdefault(key, item)
        if other is not item:
            problems.append(
                str(
                    SAME_SLUG_IN_RUN
                    % {
                        "file": item.filename,
                        "line": item.title_line,
                        "title": item.title,
                        "slug": key[1],
                        "other_title": other.title,
                        "other": other.filename,
                        "other_line": other.title_line,
                    }
                )
            )
    return problems


def category_for_path(path: list[str], *, language: str) -> Category | None:
    """The category at ``path`` (names in ``language``), created where missing."""
    name_field = _field("name", language)
    parent: Category | None = None
    for name in path:
        siblings = (
            Category.objects.get_children(parent)
            if parent
            else Category.objects.get_root_nodes()
        )
        node = siblings.filter(**{f"{name_field}__iexact": name}).first()
        if node is None:
            values = {
                name_field: name,
                _field("slug", language): Category.free_slug(name, language),
            }
            node = (
                Category.objects.add_child(parent, values)
                if parent
                else Category.objects.add_root(values)
            )
        parent = node
    return parent
