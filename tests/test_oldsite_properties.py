"""Property-based tests of the old-site parser and import.

Valid files import as written; mutated files give a clear refusal
(OldSiteFormatError, ImportRefused, or the command's file:line list) or a
correct import; nothing else escapes and nothing is half written. Bounded and
seeded by the "suite" profile (tests/conftest.py); HYPOTHESIS_PROFILE=long
searches further.
"""

import html
from io import StringIO
from pathlib import Path
from tempfile import TemporaryDirectory

from django.core.management import CommandError, call_command
from django.db import transaction
from hypothesis import assume, event, given
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from articles.models import Article, Category, Reference, Revision
from articles.oldsite.importing import ImportRefused, article_import
from articles.oldsite.parser import OldSiteFormatError, ParsedArticle, parse_bytes

LETTERS = "abcdefghijklmnopqrstuvwxyzéëïöü"
MONTHS = ["August", "feb", "mrt.", "januari", "Sept", "oktober", "May"]
# What a hostile or damaged file holds: controls, bidi and zero-width
# characters, other line ends, the format's own separators, long runs.
HOSTILE = [
    "\x00",
    "\x07",
    "\x1b",
    "\x7f",
    "\x85",
    "\u202e",
    "\u2066",
    "\u200b",
    "\ufeff",
    "\u2028",
    "\r",
    "\n",
    "\n\n",
    ">",
    " > ",
    "|",
    "[",
    "]",
    "[1]",
    "[99]",
    ".",
    "Related articles",
    "<script>",
    "&amp;",
    "ǆ",
    "x" * 300,
    " > a" * 20,
]

word = st.text(st.sampled_from(LETTERS), min_size=2, max_size=10)


def words(min_size: int, max_size: int) -> st.SearchStrategy[str]:
    return st.lists(word, min_size=min_size, max_size=max_size).map(" ".join)


@st.composite
def oldsite_files(draw) -> dict:
    """A valid old-site file and what it says."""
    title = draw(words(1, 8)).capitalize()
    assume(title.lower() not in {"related articles", "gerelateerde artikelen"})
    categories = draw(st.lists(words(1, 3).map(str.capitalize), max_size=3))
    references = draw(
        st.lists(st.tuples(words(1, 3), words(1, 6), words(1, 3)), max_size=4)
    )
    blocks = []
    for kind in draw(
        st.lists(st.sampled_from(["p", "h2"]), min_size=1, max_size=5).filter(
            lambda kinds: "p" in kinds
        )
    ):
        if kind == "h2":
            blocks.append(("h2", draw(words(1, 6)).capitalize()))
        else:
            cited = draw(
                st.lists(st.integers(1, len(references)), max_size=2)
                if references
                else st.just([])
            )
            text = draw(words(1, 20)).capitalize()
            text += "".join(f" [{n}]" for n in cited) + "."
            blocks.append(("p", text))
    year = draw(st.integers(1990, 2020))
    date_line = f"{draw(st.sampled_from(MONTHS))} {year}"
    author = draw(st.sampled_from(["", "J. Jansen, MD", "Jan M. Keppel, MD, PhD"]))
    if author:
        date_line += f", {author}"
    if draw(st.booleans()):
        date_line += f", revision jan {year + draw(st.integers(1, 5))}"
    lines = [" > ".join(["Home", *categories, title]), title]
    lines += [text for _kind, text in blocks]
    lines.append(date_line)
    lines += [
        f"[{n}] {authors} | {ref_title} | {journal} | 2017;1:12-{n}."
        for n, (authors, ref_title, journal) in enumerate(references, start=1)
    ]
    if draw(st.booleans()):
        lines += ["Related articles", draw(words(1, 5))]
    return {
        "text": "\n\n".join(lines) + "\n",
        "title": title,
        "categories": categories,
        "blocks": blocks,
        "author": author,
        "references": references,
    }


@st.composite
def mutated(draw) -> tuple[bytes, bytes]:
    """A valid file's bytes and the same file damaged by a few edits."""
    file = draw(oldsite_files())
    original = text = file["text"]
    if draw(st.booleans()):
        # The same slug, read differently: a rival to the article on the site.
        title = file["title"]
        rival = draw(st.sampled_from([title.upper(), f"{title}?", f"{title} —"]))
        text = text.replace(f"\n\n{title}\n", f"\n\n{rival}\n", 1)
    for _ in range(draw(st.integers(0, 4))):
        position = draw(st.integers(0, len(text)))
        edit = draw(st.sampled_from(["insert", "delete", "duplicate", "cut"]))
        if edit == "insert":
            piece = draw(st.sampled_from(HOSTILE) | st.text(max_size=5))
            text = text[:position] + piece + text[position:]
        elif edit == "delete":
            text = text[:position] + text[position + draw(st.integers(1, 20)) :]
        elif edit == "duplicate":
            text = text[:position] + text[position : position + 80] + text[position:]
        else:
            text = text[:position]
    data = text.encode()
    if draw(st.booleans()):
        data = data.replace(b"\xc3", draw(st.sampled_from([b"\xff", b"\xc3\xc3"])))
    return original.encode(), data


def stored() -> tuple:
    """Everything an import writes, to compare before and after a refusal."""
    return (
        list(Article.objects.order_by("pk").values()),
        list(Category.objects.order_by("pk").values()),
        list(Reference.objects.order_by("pk").values()),
        list(Revision.objects.order_by("pk").values_list("pk", "snapshot")),
    )


def imported(parsed: ParsedArticle) -> Article | None:
    """The import of ``parsed`` as the command runs it; None when refused, unwritten."""
    before = stored()
    try:
        with transaction.atomic():
            return article_import(parsed=parsed).article
    except ImportRefused as error:
        assert str(error).startswith(f"{parsed.filename}:"), error
        assert stored() == before, "a refused import wrote something"
        return None


class OldSitePropertyTests(TestCase):
    def assertImportedAsParsed(self, article: Article, parsed: ParsedArticle):
        language = parsed.language
        article.refresh_from_db()
        self.assertEqual(article.title_in(language), parsed.title)
        self.assertTrue(article.is_readable_in(language))
        self.assertEqual(
            getattr(article, f"body_{language}"),
            "\n".join(block.html for block in parsed.blocks),
        )
        self.assertEqual(article.author_line, parsed.author_line)
        self.assertEqual(
            [
                (ref.number, ref.authors, ref.title, ref.journal, ref.url)
                for ref in article.references.all()
            ],
            [
                (ref.number, ref.authors, ref.title, ref.journal, ref.url)
                for ref in parsed.references
            ],
        )
        category = article.category
        path = [*Category.objects.get_ancestors(category), category] if category else []
        self.assertEqual(
            [getattr(node, f"name_{language}").lower() for node in path],
            [name.lower() for name in parsed.category_path],
        )
        page = self.client.get(article.url_in(language))
        self.assertContains(page, html.escape(parsed.title, quote=False))

    @given(oldsite_files())
    def test_a_valid_file_imports_as_written(self, file):
        parsed = parse_bytes(file["text"].encode(), filename="a.txt", language="en")
        self.assertEqual(parsed.title, file["title"])
        self.assertEqual(parsed.category_path, file["categories"])
        self.assertEqual([(b.kind, b.text) for b in parsed.blocks], file["blocks"])
        self.assertEqual(parsed.author_line, file["author"])
        self.assertEqual(len(parsed.references), len(file["references"]))
        article = imported(parsed)
        self.assertIsNotNone(article)
        self.assertImportedAsParsed(article, parsed)

    @given(mutated())
    def test_a_damaged_file_is_refused_clearly_or_imported_correctly(self, files):
        original, damaged = files
        # The undamaged file is on the site already, so a damaged title may
        # collide with it.
        self.assertIsNotNone(imported(parse_bytes(original, filename="a.txt")))
        try:
            parsed = parse_bytes(damaged, filename="b.txt")
        except OldSiteFormatError as error:
            event("refused by the parser")
            self.assertRegex(str(error), r"^b\.txt:\d+: \S")
            self.assertTrue(1 <= error.line <= damaged.count(b"\n") + 2)
            return
        article = imported(parsed)
        event("refused by the import" if article is None else "imported")
        if article is not None:
            self.assertImportedAsParsed(article, parsed)

    @given(st.lists(mutated(), min_size=1, max_size=3))
    def test_a_run_of_files_imports_all_or_nothing(self, runs):
        with TemporaryDirectory() as folder:
            paths = []
            for index, (original, damaged) in enumerate(runs):
                path = Path(folder) / f"f{index}.txt"
                path.write_bytes(damaged if index % 2 else original)
                paths.append(str(path))
            before = stored()
            err = StringIO()
            try:
                call_command("import_article", *paths, stdout=StringIO(), stderr=err)
            except CommandError:
                event("run refused")
                self.assertEqual(stored(), before)
                for line in err.getvalue().splitlines():
                    self.assertRegex(line, rf"^{folder}/f\d+\.txt(:\d+)?: \S")
                return
        event("run imported")
        self.assertEqual(Article.objects.count(), len(runs))
