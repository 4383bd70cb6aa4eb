"""Demo content: the clinic's sample article and six short articles, in English and Dutch.

The English articles are files in the old website's format (``<name>.en.txt``);
their Dutch translation is the PO catalog ``nl.po``. Everything goes through
the same operations as real work (import_article, import_po), so the demo has a
real revision history and translation state.
"""

from dataclasses import dataclass, replace
from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.db import transaction
from django.utils.text import slugify

from articles.actions.categories import save_tag
from articles.actions.import_article import import_article
from articles.actions.import_catalog import import_catalog
from articles.actions.save import save_article
from articles.models import Article, Revision, Tag
from articles.oldsite.parser import ParsedArticle, parse_file
from articles.related.lists import related_batch
from articles.revisions.publishing import article_snapshot
from articles.revisions.snapshots import pick_entry, tag_entry
from articles.translations.po.importing import ImportReport

DEMO_DIR = Path(__file__).resolve().parent / "demo"
DUTCH_CATALOG = DEMO_DIR / "nl.po"
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
CLASSIFY_NOTE = "Tags and related articles."

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


@dataclass(frozen=True)
class DemoResult:
    articles: list[Article]
    translation: ImportReport
    username: str
    password: str


@transaction.atomic
def demo_load(*, user: User | None = None) -> DemoResult:
    """Load (or bring back up to date) every demo article, its tags, picks and
    translation, acting as ``user`` (None: the system)."""
    with related_batch():
        return _demo_load(user)


def _demo_load(user: User | None) -> DemoResult:
    _demo_user()
    files = {
        p.name.removesuffix(".en.txt"): p for p in sorted(DEMO_DIR.glob("*.en.txt"))
    }
    parsed = {
        name: parse_file(str(path), language="en") for name, path in files.items()
    }
    sample_slug = slugify(parsed[SAMPLE].title)
    if not Article.objects.filter(slug_en=sample_slug).exists():
        # The first import of the sample stands for its lost 2010 version.
        import_article(
            parsed=_sample_2010(parsed[SAMPLE]), user=user, note=SAMPLE_2010_NOTE
        )
    loaded = {
        name: import_article(
            parsed=parsed[name],
            user=user,
            note=SAMPLE_2014_NOTE if name == SAMPLE else None,
        ).article
        for name in files
    }
    for name, article in loaded.items():
        article.refresh_from_db()
        save_article(
            article=article,
            snapshot=replace(
                article_snapshot(article),
                tags=[tag_entry(_tag(en, nl, user)) for en, nl in TAGS.get(name, [])],
                picks=[
                    pick_entry(loaded[t]) for t in PICKS.get(name, []) if t in loaded
                ],
            ),
            user=user,
            note=CLASSIFY_NOTE,
            kind=Revision.Kind.MINOR,
            editorial_date=_latest(article).editorial_date,
            base_revision_id=article.latest_revision_id,
            publish=True,
        )
    report = import_catalog(
        data=DUTCH_CATALOG.read_bytes(),
        filename=DUTCH_CATALOG.name,
        language="nl",
        user=user,
    )
    articles = list(Article.objects.filter(pk__in=[a.pk for a in loaded.values()]))
    return DemoResult(articles, report, DEMO_USERNAME, DEMO_PASSWORD)


def _sample_2010(parsed: ParsedArticle) -> ParsedArticle:
    """The sample as first published: the 2014 text without its last section."""
    last_heading = max(i for i, block in enumerate(parsed.blocks) if block.kind == "h2")
    return replace(parsed, blocks=parsed.blocks[:last_heading], last_revised=None)


def _tag(english: str, dutch: str, user: User | None) -> Tag:
    tag = Tag.objects.filter(slug_en=slugify(english)).first()
    if tag is not None:
        return tag
    return save_tag(
        tag=Tag(
            name_en=english,
            name_nl=dutch,
            slug_en=slugify(english),
            slug_nl=slugify(dutch),
        ),
        user=user,
    )


def _demo_user():
    user, _created = get_user_model().objects.get_or_create(
        username=DEMO_USERNAME, defaults={"first_name": "Demo", "last_name": "Editor"}
    )
    user.is_staff = user.is_superuser = True
    user.set_password(DEMO_PASSWORD)
    user.save()
    return user


def _latest(article: Article) -> Revision:
    assert article.latest_revision is not None  # imported, so saved
    return article.latest_revision
