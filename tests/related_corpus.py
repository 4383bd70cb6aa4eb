"""A deterministic bilingual corpus in labelled topics, for the related-articles quality test.

Each article is written from its topic's vocabulary mixed with general medical
sentences that every topic shares, in English and in Dutch. Categories are
assigned round-robin regardless of topic, and most tags are general ones shared
across topics, so only the text tells the topics apart reliably.
"""

import random
from dataclasses import dataclass
from datetime import date

from django.utils.text import slugify

from articles.models import Article, RelatedPick, Tag
from tests.factories import make_category


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
CATEGORIES = [
    ("Treatment", "Behandeling"),
    ("Diagnosis", "Diagnostiek"),
    ("Pharmacology", "Farmacologie"),
    ("Background", "Achtergrond"),
]
TITLE = {"en": "{a} and {b}: notes {n}", "nl": "{a} en {b}: notities {n}"}


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
        for en, nl in CATEGORIES
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
                title = TITLE[language].format(a=a.capitalize(), b=b, n=number)
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
