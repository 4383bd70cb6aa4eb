"""Demo content: the clinic's sample article and six short articles, in English and Dutch.

Each article is an English file in the old website's format with its Dutch
translation beside it in the same format (``<name>.en.txt``, ``<name>.nl.txt``).
Everything goes through the same operations as staff edits, so the demo has a
real revision history.
"""

from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.text import slugify

from articles.imports import article_import, category_for_path
from articles.models import Article, Category, Revision, Tag
from articles.oldsite import ParsedArticle, parse_file
from articles.revisions import article_save, article_snapshot
from articles.richtext import citation_numbers
from articles.snapshots import (
    REFERENCE_FIELDS,
    Snapshot,
    category_entry,
    pick_entry,
    tag_entry,
)

DEMO_DIR = Path(__file__).resolve().parent / "demo"
DEMO_USERNAME = "demo"
DEMO_PASSWORD = "clinic-demo"  # published in the README; a demo database only
SAMPLE = "ldn-neuropathic-pain"
SAMPLE_2010_NOTE = (
    "First publication. The 2010 text has not been kept: this version is reconstructed "
    "from the February 2014 revision without its section 'LDN in our clinic'."
)
SAMPLE_2014_NOTE = (
    "Added the section 'LDN in our clinic' on our experience with 1-2.5 mg LDN, "
    "with tramadol and with palmitoylethanolamide."
)
TRANSLATION_NOTE = "Dutch translation, tags and related articles."

# Tags per demo file, as (English, Dutch) names.
TAGS = {
    SAMPLE: [
        ("naltrexone", "naltrexon"),
        ("neuroinflammation", "neuro-inflammatie"),
        ("fibromyalgia", "fibromyalgie"),
    ],
    "palmitoylethanolamide-nerve-pain": [
        ("palmitoylethanolamide", "palmitoylethanolamide"),
        ("neuroinflammation", "neuro-inflammatie"),
    ],
    "topical-creams-neuropathic-pain": [
        ("topical treatment", "lokale behandeling"),
        ("amitriptyline", "amitriptyline"),
    ],
    "small-fiber-neuropathy-diagnosis": [
        ("diagnosis", "diagnose"),
        ("small fibres", "dunne vezels"),
    ],
    "dn4-questionnaire-neuropathic-pain": [
        ("diagnosis", "diagnose"),
        ("screening", "screening"),
    ],
    "pregabalin-gabapentin-compared": [
        ("gabapentinoids", "gabapentinoïden"),
        ("pregabalin", "pregabaline"),
    ],
    "tramadol-serotonergic-risks": [
        ("opioids", "opioïden"),
        ("drug interactions", "interacties"),
    ],
}
# Editors' picks per demo file, in order.
PICKS = {
    SAMPLE: ["palmitoylethanolamide-nerve-pain", "topical-creams-neuropathic-pain"],
    "palmitoylethanolamide-nerve-pain": [SAMPLE],
    "topical-creams-neuropathic-pain": ["palmitoylethanolamide-nerve-pain"],
    "small-fiber-neuropathy-diagnosis": ["dn4-questionnaire-neuropathic-pain"],
    "dn4-questionnaire-neuropathic-pain": ["small-fiber-neuropathy-diagnosis"],
    "pregabalin-gabapentin-compared": ["tramadol-serotonergic-risks"],
    "tramadol-serotonergic-risks": ["pregabalin-gabapentin-compared"],
}


class DemoContentError(ValueError):
    """A demo translation does not match its English original."""


@dataclass(frozen=True)
class DemoResult:
    articles: list[Article]
    username: str
    password: str


@transaction.atomic
def demo_load() -> DemoResult:
    """Load (or bring back up to date) every demo article with its translation, tags and picks."""
    user = _demo_user()
    files = {
        path.name.removesuffix(".en.txt"): path
        for path in sorted(DEMO_DIR.glob("*.en.txt"))
    }
    parsed = {
        name: parse_file(str(path), language="en") for name, path in files.items()
    }
    dutch = {
        name: parse_file(str(path.with_name(f"{name}.nl.txt")), language="nl")
        for name, path in files.items()
    }
    sample_is_new = not Article.objects.filter(
        slug_en=slugify(parsed[SAMPLE].title)
    ).exists()
    loaded = {
        name: article_import(parsed=parsed[name], user=user).article
        for name in files
        if name != SAMPLE or not sample_is_new
    }
    if sample_is_new:
        loaded[SAMPLE] = _sample_history(parsed[SAMPLE], dutch[SAMPLE], loaded, user)
    for name, article in loaded.items():
        snapshot = _with_translation(
            article_snapshot(article), parsed[name], dutch[name]
        )
        article_save(
            article=article,
            snapshot=_with_tags_and_picks(snapshot, name, loaded),
            user=user,
            note=TRANSLATION_NOTE,
            kind=Revision.Kind.MINOR,
            editorial_date=article.live_revision.editorial_date,
            base_revision_id=article.latest_revision_id,
            publish=True,
        )
    articles = list(Article.objects.filter(pk__in=[a.pk for a in loaded.values()]))
    return DemoResult(articles, DEMO_USERNAME, DEMO_PASSWORD)


def _sample_history(
    english: ParsedArticle, dutch: ParsedArticle, loaded: dict[str, Article], user
) -> Article:
    """The sample article's two public revisions: August 2010 and February 2014."""
    full = _with_tags_and_picks(
        _with_translation(
            Snapshot(
                fields={
                    "title": {},
                    "slug": {},
                    "body": {},
                    "summary": {},
                    "meta_description": {},
                },
                source_language="en",
                author_line=english.author_line,
                first_published=english.first_published,
                category=category_entry(
                    category_for_path(english.category_path, language="en")
                ),
                references=[
                    {name: getattr(ref, name) for name in REFERENCE_FIELDS}
                    for ref in english.references
                ],
            ),
            english,
            dutch,
            source=True,
        ),
        SAMPLE,
        loaded,
    )
    first = replace(
        full,
        fields={
            **full.fields,
            "body": {
                "en": _without_last_section(english).body_html,
                "nl": _without_last_section(dutch).body_html,
            },
        },
    )
    saved = article_save(
        article=None,
        snapshot=first,
        user=user,
        note=SAMPLE_2010_NOTE,
        kind=Revision.Kind.PUBLIC,
        editorial_date=english.first_published,
        base_revision_id=None,
        publish=True,
    )
    return article_save(
        article=saved.article,
        snapshot=full,
        user=user,
        note=SAMPLE_2014_NOTE,
        kind=Revision.Kind.PUBLIC,
        editorial_date=english.last_revised or date(2014, 2, 1),
        base_revision_id=saved.revision.pk,
        publish=True,
    ).article


def _without_last_section(parsed: ParsedArticle) -> ParsedArticle:
    last_heading = max(i for i, block in enumerate(parsed.blocks) if block.kind == "h2")
    return replace(parsed, blocks=parsed.blocks[:last_heading])


def _with_translation(
    snapshot: Snapshot,
    original: ParsedArticle,
    translated: ParsedArticle,
    source: bool = False,
) -> Snapshot:
    """The snapshot with the Dutch file as translation, after checking that it fits."""
    shape = [(block.kind, citation_numbers(block.text)) for block in original.blocks]
    if shape != [
        (block.kind, citation_numbers(block.text)) for block in translated.blocks
    ]:
        raise DemoContentError(
            f"{translated.filename}: blocks or citations differ from the original"
        )
    if original.references != translated.references:
        raise DemoContentError(
            f"{translated.filename}: references differ from the original"
        )
    fields = {name: dict(values) for name, values in snapshot.fields.items()}
    versions = [(translated, "nl")] + ([(original, "en")] if source else [])
    for parsed, code in versions:
        fields["title"][code] = parsed.title
        fields["slug"][code] = slugify(parsed.title)
        fields["body"][code] = parsed.body_html
        fields["summary"][code] = fields["summary"].get(code) or parsed.summary
        fields["meta_description"][code] = (
            fields["meta_description"].get(code) or parsed.meta_description
        )
    _name_categories(snapshot, translated)
    return replace(snapshot, fields=fields)


def _name_categories(snapshot: Snapshot, translated: ParsedArticle) -> None:
    """Give the article's categories their Dutch names from the Dutch breadcrumb."""
    category = Category.objects.filter(pk=(snapshot.category or {}).get("id")).first()
    if category is None:
        return
    nodes = [*Category.objects.get_ancestors(category), category]
    for node, name in zip(nodes, translated.category_path, strict=False):
        if not node.name_nl:
            node.name_nl, node.slug_nl = name, slugify(name)
            node.save()


def _with_tags_and_picks(
    snapshot: Snapshot, name: str, loaded: dict[str, Article]
) -> Snapshot:
    return replace(
        snapshot,
        tags=[tag_entry(_tag(en, nl)) for en, nl in TAGS.get(name, [])],
        picks=[
            pick_entry(loaded[target])
            for target in PICKS.get(name, [])
            if target in loaded
        ],
    )


def _tag(english: str, dutch: str) -> Tag:
    tag, _created = Tag.objects.get_or_create(
        slug_en=slugify(english),
        defaults={"name_en": english, "name_nl": dutch, "slug_nl": slugify(dutch)},
    )
    return tag


def _demo_user():
    user, _created = get_user_model().objects.get_or_create(
        username=DEMO_USERNAME, defaults={"first_name": "Demo", "last_name": "Editor"}
    )
    user.is_staff = user.is_superuser = True
    user.set_password(DEMO_PASSWORD)
    user.save()
    return user
