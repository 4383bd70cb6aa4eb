"""Test data built through the same operations the product uses."""

import random
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.utils.text import slugify

from articles.models import Article, Category, RelatedPick, Revision, Tag
from articles.oldsite.importing import category_for_path
from articles.revisions.publishing import article_snapshot
from articles.revisions.saving import SaveResult, article_save
from articles.revisions.snapshots import Snapshot, category_entry

SAMPLE = (
    Path(__file__).resolve().parent.parent
    / "articles"
    / "demo"
    / "ldn-neuropathic-pain.en.txt"
)

# The demo's articles, as ``load_demo`` stores them.
SAMPLE_TITLE = "Low dose naltrexone for neuropathic pain"
SAMPLE_SLUG = "low-dose-naltrexone-for-neuropathic-pain"
OLD_SENTENCE = (
    "Thus, LDN, 3-4.5 mg/day a.n. might be an interesting therapeutic option "
    "for patients refractory to other pharmacological interventions."
)
PEA_SLUG = "palmitoylethanolamide-for-nerve-pain"


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


# Fifteen paragraphs, long enough for the export to split and the import to match.
ENGLISH = [f"Paragraph {n} about capsaicin and nerve pain. [1]" for n in range(1, 16)]
DUTCH = [f"Alinea {n} over capsaïcine en zenuwpijn. [1]" for n in range(1, 16)]


def html(paragraphs: list[str]) -> str:
    """The paragraphs as a body."""
    return "".join(f"<p>{p}</p>" for p in paragraphs)


def translated_article(**fields) -> Article:
    """An article of fifteen paragraphs, each translated into Dutch."""
    return make_article(
        title_nl="Capsaïcine bij zenuwpijn",
        body_en=html(ENGLISH),
        body_nl=html(DUTCH),
        **fields,
    )


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
    from articles.admin.forms import initial_from_snapshot

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


# A deterministic bilingual corpus in labelled topics, for the related-articles
# quality test.
#
# Each article is written from its topic's vocabulary mixed with general medical
# sentences that every topic shares, in English and in Dutch. Categories are
# assigned round-robin regardless of topic, and most tags are general ones shared
# across topics, so only the text tells the topics apart reliably.


def _words(text: str) -> list[str]:
    return text.split()


# topic: (English terms, Dutch terms, English tag, Dutch tag)
TOPICS: dict[str, tuple[list[str], list[str], str, str]] = {
    "migraine": (
        _words(
            "migraine headache aura triptans photophobia nausea attacks "
            "throbbing CGRP antibodies vestibular sumatriptan menstrual "
            "prophylaxis"
        ),
        _words(
            "migraine hoofdpijn aura triptanen lichtschuwheid misselijkheid "
            "aanvallen bonzende CGRP-antistoffen sumatriptan menstruele "
            "profylaxe duizeligheid"
        ),
        "migraine",
        "migraine",
    ),
    "diabetes": (
        _words(
            "diabetic glucose insulin feet HbA1c ulcers numbness diabetes "
            "metformin glycaemic stocking footwear podiatrist"
        ),
        _words(
            "diabetische glucose insuline voeten HbA1c zweren gevoelloosheid "
            "diabetes metformine bloedsuiker sokpatroon schoenen podotherapeut"
        ),
        "diabetic neuropathy",
        "diabetische neuropathie",
    ),
    "back": (
        _words(
            "lumbar spine disc sciatica posture vertebrae radiculopathy "
            "herniation lifting facet stenosis laminectomy spondylosis"
        ),
        _words(
            "lumbale wervelkolom tussenwervelschijf ischias houding wervels "
            "radiculopathie hernia tillen facetgewricht stenose laminectomie "
            "spondylose"
        ),
        "low back pain",
        "lage rugpijn",
    ),
    "fibromyalgia": (
        _words(
            "fibromyalgia widespread tender fatigue unrefreshing stiffness "
            "fibro fog hypersensitivity aerobic exhaustion tenderness "
            "somatic"
        ),
        _words(
            "fibromyalgie wijdverspreide drukpijnpunten vermoeidheid "
            "onverkwikkende stijfheid fibromist overgevoeligheid aerobe "
            "uitputting gevoeligheid lichamelijke"
        ),
        "fibromyalgia",
        "fibromyalgie",
    ),
    "shingles": (
        _words(
            "shingles zoster herpes rash blisters varicella vaccine dermatome "
            "postherpetic antiviral aciclovir chickenpox lesions"
        ),
        _words(
            "gordelroos zoster herpes huiduitslag blaasjes varicella vaccin "
            "dermatoom postherpetische antivirale aciclovir waterpokken "
            "laesies"
        ),
        "postherpetic neuralgia",
        "postherpetische neuralgie",
    ),
    "trigeminal": (
        _words(
            "trigeminal facial jaw carbamazepine cheek chewing shocks "
            "microvascular decompression oxcarbazepine teeth brushing "
            "gamma"
        ),
        _words(
            "trigeminus aangezicht kaak carbamazepine wang kauwen schokken "
            "microvasculaire decompressie oxcarbazepine tanden poetsen "
            "gammaknife"
        ),
        "trigeminal neuralgia",
        "trigeminusneuralgie",
    ),
}

TOPIC_SENTENCES = {
    "en": [
        "Patients often describe {a} together with {b}.",
        "The role of {a} in {b} remains a subject of study.",
        "Doctors look for {a} when {b} is suspected.",
        "In our experience {a} and {b} tend to occur together.",
        "A review of {a} found that {b} was frequently reported.",
    ],
    "nl": [
        "Patiënten beschrijven vaak {a} samen met {b}.",
        "De rol van {a} bij {b} wordt nog onderzocht.",
        "Artsen letten op {a} wanneer {b} wordt vermoed.",
        "In onze ervaring komen {a} en {b} vaak samen voor.",
        "Een overzicht van {a} liet zien dat {b} vaak werd gemeld.",
    ],
}

FILLER = {
    "en": [
        "The clinic follows current guidelines and reviews every treatment plan.",
        "Side effects were recorded at each visit and were usually mild.",
        "Patients were asked to keep a pain diary during treatment.",
        "The study was small, open label and not blinded.",
        "Larger randomised trials are needed before firm conclusions.",
        "Quality of life and sleep improved in about half of the patients.",
        "The placebo response in pain trials is notoriously large.",
        "Doses were titrated slowly to limit drowsiness and dizziness.",
        "Older adults needed lower doses because of kidney function.",
        "The general practitioner was informed after every consultation.",
        "Many patients had tried several painkillers without success.",
        "Physiotherapy and psychological support were offered as well.",
    ],
    "nl": [
        "De kliniek volgt de huidige richtlijnen en beoordeelt elk behandelplan.",
        "Bijwerkingen werden bij elk bezoek vastgelegd en waren meestal mild.",
        "Patiënten hielden tijdens de behandeling een pijndagboek bij.",
        "Het onderzoek was klein, open en niet geblindeerd.",
        "Grotere gerandomiseerde studies zijn nodig voor stellige conclusies.",
        "Kwaliteit van leven en slaap verbeterden bij ongeveer de helft.",
        "De placeboreactie in pijnonderzoek is berucht groot.",
        "Doses werden langzaam opgebouwd om sufheid en duizeligheid te beperken.",
        "Ouderen hadden lagere doses nodig vanwege hun nierfunctie.",
        "De huisarts werd na elk consult op de hoogte gebracht.",
        "Veel patiënten hadden al diverse pijnstillers geprobeerd.",
        "Fysiotherapie en psychologische steun werden ook aangeboden.",
    ],
}

# (English, Dutch); shared by articles of every topic.
GENERAL_TAGS = [
    ("clinical trial", "klinisch onderzoek"),
    ("dosage", "dosering"),
    ("side effects", "bijwerkingen"),
    ("older adults", "ouderen"),
    ("placebo", "placebo"),
    ("guidelines", "richtlijnen"),
]
# Leaf categories under "English articles"; assigned regardless of topic.
TOPIC_CATEGORIES = [
    ("Treatment", "Behandeling"),
    ("Diagnosis", "Diagnostiek"),
    ("Pharmacology", "Farmacologie"),
    ("Background", "Achtergrond"),
]
TOPIC_TITLE = {"en": "{a} and {b}: notes {n}", "nl": "{a} en {b}: notities {n}"}


@dataclass(frozen=True)
class TopicCorpus:
    topic_of: dict[int, str]  # article id -> topic
    picks: dict[int, list[int]]  # article id -> picked article ids


def _text(rng: random.Random, language: str, terms: list[str]) -> tuple[str, str]:
    """A summary and a body of four paragraphs: topic sentences among shared ones."""

    def topic_sentence() -> str:
        a, b = rng.sample(terms, 2)
        return rng.choice(TOPIC_SENTENCES[language]).format(a=a, b=b)

    summary = topic_sentence() + " " + rng.choice(FILLER[language])
    paragraphs = []
    for _ in range(4):
        sentences = [topic_sentence() for _ in range(2)]
        sentences += rng.sample(FILLER[language], 4)
        rng.shuffle(sentences)
        paragraphs.append("<p>" + " ".join(sentences) + "</p>")
    return summary, "".join(paragraphs)


def build_topic_corpus(*, per_topic: int = 12, seed: int = 5) -> TopicCorpus:
    """Write ``per_topic`` published articles per topic, in English and Dutch."""
    rng = random.Random(seed)
    categories = [
        make_category(("English articles", en), name_nl=nl, slug_nl=slugify(nl))
        for en, nl in TOPIC_CATEGORIES
    ]
    general = [
        Tag.objects.create(
            name_en=en, slug_en=slugify(en), name_nl=nl, slug_nl=slugify(nl)
        )
        for en, nl in GENERAL_TAGS
    ]
    topic_tags = {
        topic: Tag.objects.create(
            name_en=en_tag,
            slug_en=slugify(en_tag),
            name_nl=nl_tag,
            slug_nl=slugify(nl_tag),
        )
        for topic, (_en, _nl, en_tag, nl_tag) in TOPICS.items()
    }
    topic_of: dict[int, str] = {}
    number = 0
    for index in range(per_topic):
        for topic, (en_terms, nl_terms, _en_tag, _nl_tag) in TOPICS.items():
            number += 1
            fields: dict[str, object] = {}
            for language, terms in (("en", en_terms), ("nl", nl_terms)):
                a, b = rng.sample(terms, 2)
                title = TOPIC_TITLE[language].format(a=a.capitalize(), b=b, n=number)
                summary, body = _text(rng, language, terms)
                fields |= {
                    f"title_{language}": title,
                    f"slug_{language}": slugify(title),
                    f"summary_{language}": summary,
                    f"body_{language}": body,
                }
            article = Article.objects.create(
                status=Article.Status.PUBLISHED,
                category=categories[number % len(categories)],
                first_published=date(2010 + number % 12, 1 + number % 12, 1),
                **fields,
            )
            tags = rng.sample(general, 2)
            if index % 2 == 0:  # half the articles carry their topic's tag
                tags.append(topic_tags[topic])
            article.tags.set(tags)
            topic_of[article.pk] = topic
    # Editors now and then pick an article of another topic.
    ids = sorted(topic_of)
    picks: dict[int, list[int]] = {}
    for article_id in ids[::7]:
        other = next(
            pk
            for pk in rng.sample(ids, len(ids))
            if topic_of[pk] != topic_of[article_id]
        )
        RelatedPick.objects.create(article_id=article_id, target_id=other, position=0)
        picks[article_id] = [other]
    return TopicCorpus(topic_of, picks)
