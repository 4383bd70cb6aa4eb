"""Test data built through the same operations the product uses."""

from dataclasses import replace
from datetime import date
from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.utils.text import slugify

from articles.imports import category_for_path
from articles.models import Article, Category, Revision
from articles.revisions import SaveResult, article_save, article_snapshot
from articles.snapshots import Snapshot, category_entry

SAMPLE = (
    Path(__file__).resolve().parent.parent
    / "articles"
    / "demo"
    / "ldn-neuropathic-pain.en.txt"
)


def make_category(
    path: tuple[str, ...] = ("English articles", "Treatment"), **names: str
) -> Category:
    """A category path in English; ``names`` adds translations to the leaf (name_nl=…)."""
    category = category_for_path(list(path), language="en")
    for field, value in names.items():
        setattr(category, field, value)
    category.save()
    return category


def reference(n: int) -> dict[str, str]:
    return {
        "authors": f"Author{n} A.",
        "title": f"Study number {n}.",
        "journal": "Pain.",
        "details": f"20{n % 90:02d};1(1):1-{n}.",
        "pmid": "",
        "doi": "",
        "url": "",
    }


def make_article(
    *,
    title_en: str = "Capsaicin for nerve pain",
    title_nl: str = "",
    references: int = 1,
    status: str = Article.Status.PUBLISHED,
    category: Category | None = None,
    first_published: date = date(2010, 8, 1),
    last_revised: date | None = None,
    author_line: str = "",
    source_language: str = "en",
    user=None,
    **fields: str,
) -> Article:
    """An article saved as one public revision citing each of its ``references``.

    With ``last_revised`` a second public revision of that month follows.
    """
    markers = " ".join(f"[{n}]" for n in range(1, references + 1))
    values = {
        "title_en": title_en,
        "slug_en": slugify(title_en),
        "body_en": f"<h2>Evidence</h2><p>Capsaicin works. {markers}</p>",
    }
    if title_nl:
        values |= {
            "title_nl": title_nl,
            "slug_nl": slugify(title_nl),
            "body_nl": f"<h2>Bewijs</h2><p>Capsaïcine werkt. {markers}</p>",
        }
    values |= fields
    snapshot = Snapshot(
        fields={},
        source_language=source_language,
        author_line=author_line,
        category=category_entry(category) if category else None,
        references=[reference(n) for n in range(1, references + 1)],
    )
    publish = status == Article.Status.PUBLISHED
    result = article_save(
        article=None,
        snapshot=with_fields(snapshot, **values),
        user=user,
        note="First version.",
        kind=Revision.Kind.PUBLIC,
        editorial_date=first_published,
        base_revision_id=None,
        publish=publish,
    )
    if last_revised:
        result = edit(
            result.article,
            note="Revised.",
            kind=Revision.Kind.PUBLIC,
            editorial_date=last_revised,
            publish=publish,
            body_en=values["body_en"] + "<p>Update.</p>",
        )
    return result.article


def with_fields(snapshot: Snapshot, **values: str) -> Snapshot:
    """The snapshot with translated fields changed, given as ``title_nl=…``."""
    fields = {name: dict(langs) for name, langs in snapshot.fields.items()}
    for key, value in values.items():
        name, language = key.rsplit("_", 1)
        fields.setdefault(name, {})[language] = value
    return replace(snapshot, fields=fields)


def edit(
    article: Article,
    *,
    user=None,
    note: str = "Edited.",
    kind: str = Revision.Kind.MINOR,
    editorial_date: date = date(2020, 1, 1),
    publish: bool = True,
    **values,
) -> SaveResult:
    """Save a revision of the article's latest version with some fields changed."""
    article.refresh_from_db()
    snapshot = article_snapshot(article)
    relations = {key: values.pop(key) for key in list(values) if "_" not in key}
    return article_save(
        article=article,
        snapshot=replace(with_fields(snapshot, **values), **relations),
        user=user,
        note=note,
        kind=kind,
        editorial_date=editorial_date,
        base_revision_id=article.latest_revision_id,
        publish=publish,
    )


def edit_form_data(article: Article | None, **overrides) -> dict[str, str]:
    """The admin edit form as a browser would post it, filled from the latest revision."""
    from articles.forms import initial_from_snapshot

    snapshot = article_snapshot(article) if article else Snapshot(fields={})
    initial, references, picks = initial_from_snapshot(snapshot)
    data = {
        key: "" if value is None else value
        for key, value in initial.items()
        if key not in {"tags", "first_published"}
    }
    if initial["first_published"]:
        data["first_published"] = initial["first_published"].strftime("%Y-%m")
    data["tags"] = [str(pk) for pk in initial["tags"]]
    for prefix, rows in (("references", references), ("picks", picks)):
        data |= {
            f"{prefix}-TOTAL_FORMS": str(len(rows)),
            f"{prefix}-INITIAL_FORMS": str(len(rows)),
            f"{prefix}-MIN_NUM_FORMS": "0",
            f"{prefix}-MAX_NUM_FORMS": "1000",
        }
        for index, row in enumerate(rows):
            data[f"{prefix}-{index}-ORDER"] = str(index + 1)
            data |= {
                f"{prefix}-{index}-{key}": str(value) for key, value in row.items()
            }
    data |= {
        "kind": Revision.Kind.MINOR,
        "note": "",
        "editorial_date": "2020-01",
        "base_revision": str(article.latest_revision_id) if article else "",
        "_save_draft": "1",
    }
    data.update(overrides)
    return data


def staff(username: str, *, publisher: bool = True):
    """A staff member who may edit articles, and publish them when ``publisher``."""
    user = get_user_model().objects.create_user(
        username, password="pw", is_staff=True, first_name=username.title()
    )
    codenames = ["view_article", "change_article", "add_article"]
    if publisher:
        codenames.append("publish_article")
    user.user_permissions.set(Permission.objects.filter(codename__in=codenames))
    return user


def member(role: str):
    """A staff member in one of the role groups ("Publisher", "Translator (Dutch)"…)."""
    user = get_user_model().objects.create_user(
        role.lower().split()[0] + role[-6:], is_staff=True
    )
    user.groups.add(Group.objects.get(name=role))
    return user


def content(snapshot: dict) -> dict:
    """What an editor wrote in a stored snapshot, without the bookkeeping derived from it."""
    derived = {
        "segments",
        "next_key",
        "source_version",
        "translations",
        "translated_from",
    }
    return {key: value for key, value in snapshot.items() if key not in derived}
