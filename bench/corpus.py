"""Synthetic English medical articles in the shared benchmark format (JSON Lines).

    python -m bench.corpus --n 1000 --out bench/out/corpus-1000.jsonl [--seed S]

One article per line, keys in this order: id, slug, title, lang ("en"),
category (path from the root), tags (3-6), summary, first_published and
last_revised ("YYYY-MM"), body (8-14 heading or paragraph blocks; paragraphs
of 60-150 words with [n] citation markers and now and then <em> or <a href>,
first and last blocks paragraphs), references (6-15, "Authors | Title |
Journal | Year;Vol(Issue):pages") and related (3 slugs of other articles).

The same --n and --seed give the same file, byte for byte; standard library
only. Each article has a focus (a drug and a condition) that most of its
sentences return to, as real articles do, so text similarity has something
to find.
"""

import argparse
import json
import random
import re
import sys
from collections.abc import Iterator
from pathlib import Path

DEFAULT_SEED = 20240601
ROOT = "English articles"
SECTIONS = ["Treatment", "Diagnosis", "Pharmacology"]

DRUGS = [
    "low dose naltrexone",
    "pregabalin",
    "gabapentin",
    "amitriptyline",
    "nortriptyline",
    "duloxetine",
    "venlafaxine",
    "ketamine",
    "capsaicin",
    "lidocaine",
    "tramadol",
    "tapentadol",
    "palmitoylethanolamide",
    "cannabidiol",
    "memantine",
    "minocycline",
    "clonidine",
    "baclofen",
    "carbamazepine",
    "oxcarbazepine",
    "botulinum toxin",
    "magnesium",
    "vitamin D",
    "alpha-lipoic acid",
    "acetyl-L-carnitine",
]
CONDITIONS = [
    "neuropathic pain",
    "fibromyalgia",
    "complex regional pain syndrome",
    "diabetic neuropathy",
    "postherpetic neuralgia",
    "trigeminal neuralgia",
    "chronic low back pain",
    "chemotherapy-induced neuropathy",
    "small fibre neuropathy",
    "phantom limb pain",
    "central sensitisation",
    "multiple sclerosis pain",
    "migraine",
    "carpal tunnel syndrome",
    "burning mouth syndrome",
    "post-stroke pain",
]
FINDINGS = [
    "pain scores",
    "sleep quality",
    "quality of life",
    "allodynia",
    "hyperalgesia",
    "daily function",
    "opioid use",
    "fatigue",
    "mood",
    "return to work",
    "burning sensations",
    "numbness",
    "night-time pain",
]
DESIGNS = [
    "randomised controlled trial",
    "crossover trial",
    "pilot study",
    "case series",
    "systematic review",
    "meta-analysis",
    "cohort study",
    "retrospective chart review",
]
TESTS = [
    "skin biopsy",
    "nerve conduction studies",
    "quantitative sensory testing",
    "the DN4 questionnaire",
    "corneal confocal microscopy",
    "laser-evoked potentials",
    "blood tests",
    "a pain diary",
]
HEADINGS = [
    "Background",
    "How it works",
    "What the trials show",
    "Dose and titration",
    "Side effects",
    "Interactions",
    "Who benefits",
    "Diagnosis",
    "Alternatives",
    "Our experience",
    "Open questions",
    "Summary",
]
GENERAL_TAGS = ["clinical trial", "dosage", "side effects", "placebo", "guidelines"]
SURNAMES = [
    "Jansen",
    "de Vries",
    "van Dijk",
    "Bakker",
    "Visser",
    "Smit",
    "Meijer",
    "Mulder",
    "Bos",
    "Vos",
    "Peters",
    "Hendriks",
    "Dekker",
    "Brouwer",
    "Hesselink",
    "Kopsky",
    "Finnerup",
    "Attal",
    "Baron",
    "Treede",
    "Woolf",
    "Watkins",
    "Younger",
    "Mackey",
    "Rossi",
    "Schmidt",
    "Dubois",
    "Nowak",
    "Lindqvist",
    "Garcia",
]
JOURNALS = [
    "Pain",
    "Eur J Pain",
    "J Pain",
    "Pain Med",
    "Clin J Pain",
    "J Pain Res",
    "Br J Anaesth",
    "Neurology",
    "BMJ",
    "Lancet Neurol",
    "Ned Tijdschr Geneeskd",
    "J Neuroinflammation",
]

SENTENCES = [
    "In a {design} of {count} patients with {condition}, {drug} improved "
    "{finding} compared with placebo",
    "{Drug} is usually started at a low dose and raised slowly over {weeks} weeks",
    "Patients with {condition} often report {finding} before they seek help",
    "The effect of {drug} on {finding} was modest but clinically relevant",
    "{Test} helps to confirm {condition} when the history is not conclusive",
    "Side effects of {drug} were mostly mild and wore off within {weeks} weeks",
    "Whether {drug} helps in {condition} depends on the mechanism of the pain",
    "We combine {drug} with physiotherapy for patients with {condition}",
    "A {design} found no difference in {finding} between {drug} and placebo",
    "Larger trials of {drug} in {condition} are still needed",
]


def slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


class _Writer:
    """Writes one article; ``focus`` words come back in most of its sentences."""

    def __init__(self, rng: random.Random, drug: str, condition: str) -> None:
        self.rng, self.drug, self.condition = rng, drug, condition

    def pick(self, focus: str, pool: list[str]) -> str:
        return focus if self.rng.random() < 0.6 else self.rng.choice(pool)

    def sentence(self, references: int) -> str:
        rng = self.rng
        drug = self.pick(self.drug, DRUGS)
        values = {
            "drug": drug,
            "Drug": _capital(drug),
            "condition": self.pick(self.condition, CONDITIONS),
            "finding": rng.choice(FINDINGS),
            "design": rng.choice(DESIGNS),
            "count": rng.randint(12, 480),
            "weeks": rng.randint(2, 12),
            "Test": _capital(rng.choice(TESTS)),
        }
        text = rng.choice(SENTENCES).format(**values)
        roll = rng.random()
        if roll < 0.08:
            text = text.replace(drug, f"<em>{drug}</em>", 1)
        elif roll < 0.13:
            pmid = rng.randint(10_000_000, 39_999_999)
            text = text.replace(
                drug, f'<a href="https://pubmed.ncbi.nlm.nih.gov/{pmid}/">{drug}</a>', 1
            )
        if rng.random() < 0.4:
            text += f" [{rng.randint(1, references)}]"
        return text + "."

    def paragraph(self, references: int) -> str:
        target, parts, words = self.rng.randint(60, 130), [], 0
        while words < target:
            sentence = self.sentence(references)
            parts.append(sentence)
            words += len(re.sub(r"<[^>]+>", " ", sentence).split())
        html = " ".join(parts)
        if "[" not in html:
            html = f"{html[:-1]} [{self.rng.randint(1, references)}]."
        return html


def _reference(rng: random.Random) -> str:
    authors = [
        f"{name} {rng.choice('ABCDEFGHJKLMNPRSTW')}"
        for name in rng.sample(SURNAMES, rng.randint(1, 4))
    ]
    if len(authors) > 3:
        authors = [*authors[:3], "et al"]
    title = (
        f"{_capital(rng.choice(DRUGS))} in {rng.choice(CONDITIONS)}: "
        f"a {rng.choice(DESIGNS)}"
    )
    page = rng.randint(1, 1900)
    return (
        f"{', '.join(authors)} | {title} | {rng.choice(JOURNALS)} | "
        f"{rng.randint(1995, 2024)};{rng.randint(1, 160)}({rng.randint(1, 12)}):"
        f"{page}-{page + rng.randint(3, 15)}"
    )


def article(rng: random.Random, ident: int) -> dict:
    """One article with id ``ident`` (its slug still has to be made unique)."""
    drug, condition = rng.choice(DRUGS), rng.choice(CONDITIONS)
    writer = _Writer(rng, drug, condition)
    title = rng.choice(
        [
            f"{_capital(drug)} for {condition}",
            f"{_capital(drug)} in {condition}: what is the evidence?",
            f"Treating {condition} with {drug}",
            f"{_capital(condition)}: the place of {drug}",
        ]
    )
    references = rng.randint(6, 15)
    blocks = [{"type": "paragraph", "html": writer.paragraph(references)}]
    size = rng.randint(8, 14)
    headings = rng.sample(HEADINGS, len(HEADINGS))
    while len(blocks) < size:
        room = size - len(blocks)
        if room >= 2 and blocks[-1]["type"] == "paragraph" and rng.random() < 0.4:
            blocks.append({"type": "heading", "text": headings.pop()})
        else:
            blocks.append({"type": "paragraph", "html": writer.paragraph(references)})
    tags = [drug, condition, *rng.sample(GENERAL_TAGS, rng.randint(1, 4))]
    first = rng.randint(2008 * 12, 2021 * 12)
    revised = first + rng.randint(0, 72)
    summary = re.sub(r"<[^>]+>|\s*\[\d+\]", "", writer.sentence(references))
    return {
        "id": ident,
        "slug": slugify(title),
        "title": title,
        "lang": "en",
        "category": [ROOT, rng.choice(SECTIONS)],
        "tags": tags,
        "summary": f"{summary} For patients and referring doctors.",
        "first_published": f"{first // 12:04d}-{first % 12 + 1:02d}",
        "last_revised": f"{revised // 12:04d}-{revised % 12 + 1:02d}",
        "body": blocks,
        "references": [_reference(rng) for _ in range(references)],
        "related": [],
    }


def generate(n: int, seed: int = DEFAULT_SEED) -> list[dict]:
    """``n`` articles with unique slugs and three editors' picks each."""
    rng = random.Random(seed)
    articles = [article(rng, ident) for ident in range(1, n + 1)]
    seen: dict[str, int] = {}
    for item in articles:
        seen[item["slug"]] = seen.get(item["slug"], 0) + 1
        if seen[item["slug"]] > 1:
            item["slug"] = f"{item['slug']}-{item['id']}"
    for index, item in enumerate(articles):
        others = [j for j in rng.sample(range(n), min(n, 4)) if j != index][:3]
        item["related"] = [articles[j]["slug"] for j in others]
    return articles


def read(path: str | Path) -> Iterator[dict]:
    """The articles of a corpus file, one at a time."""
    with open(path, encoding="utf-8") as lines:
        for line in lines:
            if line.strip():
                yield json.loads(line)


def write(path: str | Path, n: int, seed: int = DEFAULT_SEED) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8") as out:
        for item in generate(n, seed):
            out.write(json.dumps(item, ensure_ascii=False) + "\n")
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--out", required=True, help="output .jsonl path")
    args = parser.parse_args(argv)
    if args.n < 4:
        parser.error("--n must be at least 4 (every article picks three others)")
    print(write(args.out, args.n, args.seed))
    return 0


if __name__ == "__main__":
    sys.exit(main())
