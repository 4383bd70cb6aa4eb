"""The text rules and length limits, on every write path: PO import, old-site
import and the admin. Each runs on SQLite and PostgreSQL alike: a refusal with
a message, never a database error."""

import json
import os
from io import StringIO
from pathlib import Path
from tempfile import TemporaryDirectory

import polib
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import SimpleTestCase, TestCase
from django.utils.text import capfirst

from articles.admin.forms import INVISIBLE_BLOCK
from articles.models import Article, Category, Reference, Revision, Tag
from articles.oldsite.importing import SAME_SLUG_IN_RUN, SLUG_OF_ANOTHER_ARTICLE
from articles.oldsite.parser import (
    BREADCRUMB_TOO_DEEP,
    CATEGORY_MAX_DEPTH,
    FILE_TOO_LARGE,
    TITLE_WITHOUT_SLUG,
    parse_bytes,
)
from articles.text.rules import (
    BIDI_CONTROL,
    CONTROL_CHARACTER,
    IDENTICAL_TO_SOURCE,
    INVISIBLE_ONLY,
    TOO_LONG,
    is_invisible,
    is_prose,
    numbered_slug,
    slug_of,
    strip_invisible,
)
from articles.translations.checks import NAME_EMPTY
from articles.translations.po.export import catalog_export
from articles.translations.po.importing import REJECTED
from tests.factories import edit_form_data, make_article, make_category, staff
from tests.helpers import import_catalog, oldsite_refusal

RLO = "\u202e"
ZWSP = "\u200b"
LONG_TITLE = "Capsaicin " * 14 + "x" * 160  # 300 characters, 15 words

OLDSITE = """Home > English articles > Treatment > {title}

{title}

Capsaicin is applied to the skin and works on nerve endings. [1]

How does it work?

It desensitises the nerve endings in the skin.

August 2010, {author}

[1] Derry S, Moore RA. | Topical capsaicin. | {journal} | 2017;1:CD007393.
"""


def oldsite(
    title: str = "Capsaicin for nerve pain",
    author: str = "J. Jansen, MD",
    journal: str = "Cochrane Database Syst Rev.",
) -> str:
    return OLDSITE.format(title=title, author=author, journal=journal)


def too_long(field: str, length: int, limit: int) -> str:
    return str(TOO_LONG % {"field": field, "length": length, "limit": limit})


def bidi(char: str = RLO, name: str = "RIGHT-TO-LEFT OVERRIDE") -> str:
    return str(BIDI_CONTROL % {"char": f"U+{ord(char):04X} {name}"})


class TextRuleTests(SimpleTestCase):
    def test_invisible_text(self):
        for text in ("", " ", ZWSP, "\u200d\u2060\ufeff", "\u00a0\u3164", "\u00ad"):
            with self.subTest(text=text):
                self.assertTrue(is_invisible(text))
        self.assertFalse(is_invisible(f"{ZWSP}a"))
        self.assertEqual(strip_invisible(f"{ZWSP} Pain \u2060"), "Pain")

    def test_a_slug_is_cut_at_a_word_to_fit(self):
        self.assertEqual(slug_of("ǆ" * 200, 255), "dz" * 127 + "d")
        self.assertEqual(slug_of("Pain " * 60, 255), "-".join(["pain"] * 51))
        self.assertEqual(numbered_slug("a" * 255, 2, 255), "a" * 253 + "-2")

    def test_prose_has_two_words(self):
        for text in ("LDN", "42", "[1] [2]", "Pregabalin", "<em>LDN</em> [3]", "5 mg"):
            with self.subTest(text=text):
                self.assertFalse(is_prose(text))
        self.assertTrue(is_prose("Low dose naltrexone"))
        self.assertTrue(is_prose("LDN works. [1]"))


class POImportTests(TestCase):
    """A PO entry that breaks a rule is rejected with its line and reason."""

    @classmethod
    def setUpTestData(cls):
        cls.category = make_category(("English articles", "Treatment"))
        cls.article = make_article(
            title_en="Capsaicin for nerve pain",
            category=cls.category,
            meta_description_en="Capsaicin cream for nerve pain.",
            body_en="<h2>LDN</h2><p>Capsaicin works. [1]</p><p>42</p>",
        )

    def catalog(self, **changes: str) -> polib.POFile:
        """The exported catalog translated, with ``changes`` by msgid."""
        catalog = polib.pofile(str(catalog_export(language="nl")))
        for entry in catalog:
            entry.msgstr = changes.get(
                entry.msgid,
                {
                    "Capsaicin for nerve pain": "Capsaïcine bij zenuwpijn",
                    "Capsaicin cream for nerve pain.": "Capsaïcinecrème bij zenuwpijn.",
                    "Capsaicin works. [1]": "Capsaïcine werkt. [1]",
                    "English articles": "Nederlandse artikelen",
                    "Treatment": "Behandeling",
                    "LDN": "LDN",
                    "42": "42",
                }.get(entry.msgid, ""),
            )
        return catalog

    def rejection(self, msgid: str, msgstr: str) -> tuple[int, str]:
        catalog = self.catalog(**{msgid: msgstr})
        report = import_catalog(catalog)
        rejected = [e for e in report.entries() if e.outcome == REJECTED]
        self.assertEqual(len(rejected), 1, rejected)
        self.assertEqual(rejected[0].line, catalog.find(msgid).linenum)
        return rejected[0].reason

    def assertStoredNowhere(self, *texts: str):
        """No revision, article or category holds any of ``texts``."""
        stored = json.dumps(
            [
                list(Revision.objects.values_list("snapshot", flat=True)),
                list(Article.objects.values()),
                list(Category.objects.values()),
            ],
            ensure_ascii=False,
            default=str,
        )
        for text in texts:
            self.assertNotIn(text, stored)

    def test_a_complete_translation_with_identical_short_segments_is_applied(self):
        report = import_catalog(self.catalog())
        self.assertEqual(report.summary()["rejected"], 0)
        self.assertTrue(Article.objects.get().is_readable_in("nl"))

    def test_a_300_character_title(self):
        reason = self.rejection("Capsaicin for nerve pain", LONG_TITLE)
        self.assertEqual(reason, too_long("title", 300, 255))
        self.assertEqual(Article.objects.get().title_nl, "")

    def test_a_long_meta_description(self):
        reason = self.rejection("Capsaicin cream for nerve pain.", "x" * 301)
        self.assertEqual(reason, too_long("meta description", 301, 300))

    def test_a_long_category_name(self):
        reason = self.rejection("Treatment", "Behandeling " * 17)
        self.assertEqual(reason, too_long("name", 204, 200))
        self.assertEqual(Category.objects.get(pk=self.category.pk).name_nl, None)

    def test_a_title_at_the_limit_gives_a_slug_within_its_limit(self):
        import_catalog(self.catalog(**{"Capsaicin for nerve pain": "ǆ" * 255}))
        article = Article.objects.get()
        self.assertEqual(len(article.slug_nl), 255)
        self.assertTrue(article.is_readable_in("nl"))

    def test_bidi_override_in_a_title_a_paragraph_and_a_category(self):
        for msgid, msgstr in [
            ("Capsaicin for nerve pain", f"Capsaïcine{RLO} bij zenuwpijn"),
            ("Capsaicin works. [1]", f"Dosis 15 mg {RLO}[1]"),
            ("Capsaicin works. [1]", "Dosis 15 mg &#x202E;[1]"),
            ("Treatment", f"{RLO}Behandeling"),
        ]:
            with self.subTest(msgstr=msgstr):
                self.assertEqual(self.rejection(msgid, msgstr), bidi())
        self.assertStoredNowhere(RLO, "&#x202E;")

    def test_isolates_are_refused_too(self):
        reason = self.rejection("Capsaicin works. [1]", "\u2067Werkt\u2069 [1]")
        self.assertEqual(reason, bidi("\u2067", "RIGHT-TO-LEFT ISOLATE"))

    def test_a_translation_of_invisible_characters_only(self):
        for msgid, reason in (
            ("Capsaicin for nerve pain", INVISIBLE_ONLY),
            ("LDN", INVISIBLE_ONLY),
            ("Treatment", NAME_EMPTY),  # a category's name
        ):
            with self.subTest(msgid=msgid):
                self.assertEqual(self.rejection(msgid, f"{ZWSP}\u2060 "), str(reason))
        self.assertStoredNowhere(ZWSP)

    def test_a_prose_translation_identical_to_the_source(self):
        for msgid in ("Capsaicin for nerve pain", "Capsaicin works. [1]"):
            with self.subTest(msgid=msgid):
                reason = self.rejection(msgid, msgid)
                self.assertEqual(reason, str(IDENTICAL_TO_SOURCE))
                self.assertIn("identical to the source", reason)
                self.assertNotIn(
                    "Capsaicin",
                    Article.objects.get().title_nl + Article.objects.get().body_nl,
                )

    def test_two_titles_at_the_limit_get_distinct_slugs_within_it(self):
        make_article(title_en="Lidocaine plasters", body_en="<p>Lidocaine works.</p>")
        title = "ǆ" * 255
        catalog = self.catalog(**{"Capsaicin for nerve pain": title})
        catalog.find("Lidocaine plasters").msgstr = title
        catalog.find("Lidocaine works.").msgstr = "Lidocaïne werkt."
        self.assertEqual(import_catalog(catalog).summary()["rejected"], 0)
        self.assertEqual(
            sorted(Article.objects.values_list("slug_nl", flat=True)),
            ["dz" * 126 + "d-2", "dz" * 127 + "d"],
        )
        make_article(title_en="Tramadol risks", body_en="<p>Tramadol works.</p>")
        catalog = polib.pofile(str(catalog_export(language="nl", needs_work=True)))
        catalog.find("Tramadol risks").msgstr = title
        catalog.find("Tramadol works.").msgstr = "Tramadol werkt."
        self.assertEqual(import_catalog(catalog).summary()["rejected"], 0)
        self.assertEqual(
            Article.objects.get(title_en="Tramadol risks").slug_nl,
            "dz" * 126 + "d-3",
        )

    def test_the_admin_dry_run_reports_a_long_title(self):
        self.client.force_login(staff("translator"))
        upload = SimpleUploadedFile(
            "nl.po",
            str(self.catalog(**{"Capsaicin for nerve pain": LONG_TITLE})).encode(),
        )
        response = self.client.post(
            "/admin/articles/article/translations/import/", {"file": upload}
        )
        self.assertContains(response, too_long("title", 300, 255))


class OldSiteParseTests(SimpleTestCase):
    """A file that breaks a rule is refused with file:line."""

    def test_a_300_character_title(self):
        self.assertEqual(
            oldsite_refusal(oldsite(title=LONG_TITLE)),
            f"article.txt:3: {too_long('title', 300, 255)}",
        )

    def test_a_long_author_line(self):
        self.assertEqual(
            oldsite_refusal(oldsite(author="A" * 256)),
            f"article.txt:11: {too_long('author line', 256, 255)}",
        )

    def test_a_long_category_name(self):
        text = oldsite().replace("Treatment", "T" * 201, 1)
        self.assertEqual(
            oldsite_refusal(text), f"article.txt:1: {too_long('name', 201, 200)}"
        )

    def test_long_reference_fields(self):
        self.assertEqual(
            oldsite_refusal(oldsite(journal="J" * 256)),
            f"article.txt:13: {too_long('journal', 256, 255)}",
        )
        url = "https://example.org/" + "u" * 490
        self.assertEqual(
            oldsite_refusal(
                oldsite(journal=f"Pain. | 2017. {url}").replace(
                    " | 2017;1:CD007393.", ""
                )
            ),
            f"article.txt:13: {too_long('URL', 510, 500)}",
        )

    def test_nul_bel_and_esc(self):
        for char, name in [("\x00", "U+0000"), ("\x07", "U+0007"), ("\x1b", "U+001B")]:
            with self.subTest(name=name):
                text = oldsite().replace("How does", f"How{char} does")
                self.assertEqual(
                    oldsite_refusal(text),
                    f"article.txt:7: {CONTROL_CHARACTER % {'char': name}}",
                )

    def test_bidi_controls_anywhere(self):
        for old, line in [
            ("\n\nCapsaicin for", 3),
            ("\nHow does", 7),
            ("\nIt desensitises", 9),
            ("Derry S", 13),
            ("Treatment", 1),
        ]:
            with self.subTest(line=line):
                new = old.replace(old.strip(), RLO + old.strip())
                text = oldsite().replace(old, new, 1)
                self.assertEqual(oldsite_refusal(text), f"article.txt:{line}: {bidi()}")

    def test_lines_are_counted_as_editors_count_them(self):
        text = oldsite().replace("\n", "\r").replace("How does", "How\x1b does")
        self.assertIn("article.txt:7:", oldsite_refusal(text))
        text = oldsite().replace("Capsaicin is", "Capsaicin\u2028is")
        self.assertIn(
            "article.txt:9:", oldsite_refusal(text.replace("It desensitises", "\x07"))
        )

    def test_invisible_lines_are_blank_and_invisible_headings_vanish(self):
        text = oldsite().replace("How does it work?", f"{ZWSP}\u2060\u00a0")
        parsed = parse_bytes(text.encode(), filename="article.txt")
        self.assertEqual([block.kind for block in parsed.blocks], ["p", "p"])
        text = oldsite().replace("English articles", ZWSP)
        self.assertIn("article.txt:1: expected the breadcrumb", oldsite_refusal(text))

    def test_an_80_level_breadcrumb(self):
        path = " > ".join(f"Level {n}" for n in range(80))
        text = oldsite().replace("English articles > Treatment", path)
        self.assertEqual(
            oldsite_refusal(text),
            "article.txt:1: "
            + BREADCRUMB_TOO_DEEP % {"depth": 80, "limit": CATEGORY_MAX_DEPTH},
        )

    def test_a_title_without_a_slug(self):
        for title in ("???", "Пейн"):
            with self.subTest(title=title):
                self.assertEqual(
                    oldsite_refusal(oldsite(title=title)),
                    f"article.txt:3: {TITLE_WITHOUT_SLUG % {'title': title}}",
                )


def import_files(*texts: str, names: list[str] | None = None) -> tuple[str, str]:
    """Run import_article on files holding ``texts``; its output and errors.

    Raises CommandError as the command does.
    """
    out, err = StringIO(), StringIO()
    with TemporaryDirectory() as folder:
        paths = []
        for index, text in enumerate(texts):
            path = Path(folder) / (names[index] if names else f"file{index}.txt")
            path.write_text(text, encoding="utf-8")
            paths.append(str(path))
        try:
            call_command("import_article", *paths, stdout=out, stderr=err)
        except CommandError as error:
            raise CommandError(
                err.getvalue().replace(f"{folder}{os.sep}", "")
            ) from error
    return out.getvalue(), err.getvalue()


class OldSiteImportTests(TestCase):
    """The command refuses, exits non-zero and imports nothing."""

    def assertRefused(self, *texts: str, message: str) -> None:
        with self.assertRaises(CommandError) as error:
            import_files(*texts)
        self.assertIn(message, str(error.exception))

    def test_a_long_title_nul_and_bidi_import_nothing_on_any_database(self):
        for text in (
            oldsite(title=LONG_TITLE),
            oldsite().replace("How does", "How\x00 does"),
            oldsite().replace("How does", f"How{RLO} does"),
            oldsite(journal="J" * 300),
        ):
            with self.subTest(text=text[:40]), self.assertRaises(CommandError):
                import_files(oldsite(title="Another article"), text)
        self.assertFalse(Article.objects.exists())
        self.assertFalse(Category.objects.exists())
        self.assertFalse(Reference.objects.exists())

    def test_two_titles_that_give_the_same_slug_in_one_run(self):
        self.assertRefused(
            oldsite(title="Pain: a review"),
            oldsite(title="Pain — a review"),
            message=str(
                SAME_SLUG_IN_RUN
                % {
                    "file": "file1.txt",
                    "line": 3,
                    "title": "Pain — a review",
                    "slug": "pain-a-review",
                    "other_title": "Pain: a review",
                    "other": "file0.txt",
                    "other_line": 3,
                }
            ),
        )
        self.assertFalse(Article.objects.exists())

    def test_a_title_without_slug_is_refused(self):
        self.assertRefused(
            oldsite(), oldsite(title="???"), message="file1.txt:3: the title '???'"
        )
        self.assertFalse(Article.objects.exists())

    def test_an_article_is_replaced_only_by_a_file_with_its_own_title(self):
        import_files(oldsite(title="Pain: a review"))
        article = Article.objects.get()
        self.assertRefused(
            oldsite(title="Pain — a review").replace("Capsaicin is", "Changed:"),
            message=str(
                SLUG_OF_ANOTHER_ARTICLE
                % {
                    "file": "file0.txt",
                    "line": 3,
                    "title": "Pain — a review",
                    "slug": "pain-a-review",
                    "existing": "Pain: a review",
                }
            ),
        )
        article.refresh_from_db()
        self.assertEqual(article.title_en, "Pain: a review")
        self.assertNotIn("Changed", article.body_en)
        output, _err = import_files(
            oldsite(title="Pain: a review").replace("Capsaicin is", "Changed:")
        )
        self.assertTrue(output.startswith("updated: "))
        article.refresh_from_db()
        self.assertIn("Changed", article.body_en)

    def test_a_file_over_the_size_limit_is_refused_unread(self):
        with TemporaryDirectory() as folder:
            path = Path(folder) / "huge.txt"
            with path.open("wb") as handle:
                handle.write(oldsite().encode())
                handle.truncate(100 * 1024 * 1024)
            err = StringIO()
            with self.assertRaises(CommandError):
                call_command("import_article", str(path), stderr=err)
        self.assertEqual(
            err.getvalue().strip(), f"{path}:1: {FILE_TOO_LARGE % {'limit': 1024}}"
        )
        with self.settings(OLDSITE_MAX_KB=1), self.assertRaises(CommandError):
            import_files(oldsite() + "\nMore text." * 200)
        self.assertFalse(Article.objects.exists())


class AdminTests(TestCase):
    """The admin forms give a form error, never a 500 or a database error."""

    @classmethod
    def setUpTestData(cls):
        cls.anna = staff("anna")
        cls.anna.is_superuser = True
        cls.anna.save()
        cls.article = make_article(title_nl="Capsaïcine bij zenuwpijn", references=1)

    def setUp(self):
        self.client.force_login(self.anna)
        self.url = f"/admin/articles/article/{self.article.pk}/change/"

    def post(self, **fields: str):
        response = self.client.post(self.url, edit_form_data(self.article, **fields))
        self.assertEqual(response.status_code, 200)
        self.assertEqual(Revision.objects.filter(article=self.article).count(), 1)
        return response

    def test_a_300_character_title(self):
        response = self.post(title_en=LONG_TITLE)
        self.assertContains(
            response, "Ensure this value has at most 255 characters (it has 300)."
        )

    def test_long_meta_description_and_author_line(self):
        response = self.post(meta_description_nl="x" * 301, author_line="A" * 256)
        self.assertContains(response, "at most 300 characters (it has 301)")
        self.assertContains(response, "at most 255 characters (it has 256)")

    def test_bidi_and_control_characters(self):
        escape = capfirst(CONTROL_CHARACTER % {"char": "U+001B"})
        bell = capfirst(CONTROL_CHARACTER % {"char": "U+0007"})
        for field, value, message in [
            ("title_en", f"Capsaicin {RLO}for nerve pain", capfirst(bidi())),
            ("body_en", f"<p>Take 15 mg {RLO}daily. [1]</p>", capfirst(bidi())),
            ("body_nl", "<p>Neem 15 mg &#x202e;dagelijks. [1]</p>", capfirst(bidi())),
            ("summary_nl", "Samenvatting\x1b.", escape),
            ("references-0-authors", f"{RLO}Derry S.", capfirst(bidi())),
            ("references-0-journal", "Pain\x07.", bell),
        ]:
            with self.subTest(field=field):
                self.assertContains(self.post(**{field: value}), message)

    def test_invisible_title_and_heading(self):
        response = self.post(title_en=f"{ZWSP}\u2060")
        self.assertContains(response, "The text holds only invisible characters")
        response = self.post(body_nl=f"<h2>{ZWSP}</h2><p>Werkt. [1]</p>")
        self.assertContains(response, INVISIBLE_BLOCK % {"body": "Dutch body"})

    def test_an_empty_editor_is_an_empty_body(self):
        data = edit_form_data(self.article, body_nl="<p></p>", title_nl="")
        self.assertEqual(self.client.post(self.url, data).status_code, 302)

    def test_a_slug_taken_by_another_article(self):
        make_article(title_en="Other", slug_en="capsaicin")
        response = self.post(slug_en="capsaicin")
        self.assertContains(response, "Article with this Slug [en] already exists.")

    def test_category_and_tag_names(self):
        category = {
            "name_en": "Treatment",
            "_position": "first-child",
            "_ref_node_id": "",
        }
        for values, message in [
            ({"name_en": "T" * 201}, "at most 200 characters (it has 201)"),
            ({"name_nl": f"{RLO}Behandeling"}, "The bidirectional control character"),
            ({"name_en": ZWSP}, "The text holds only invisible characters"),
        ]:
            with self.subTest(values=values):
                response = self.client.post(
                    "/admin/articles/category/add/", {**category, **values}
                )
                self.assertContains(response, message)
        for values, message in [
            ({"name_en": "T" * 101}, "at most 100 characters (it has 101)"),
            ({"name_en": f"pain{RLO}"}, "The bidirectional control character"),
        ]:
            with self.subTest(values=values):
                response = self.client.post("/admin/articles/tag/add/", values)
                self.assertContains(response, message)
        self.assertFalse(Category.objects.exists())
        self.assertFalse(Tag.objects.exists())
