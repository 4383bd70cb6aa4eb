"""Hostile markup through every write path, opened in Chromium on every page
that shows it: no dialog fires, no planted element exists, and the page shows
the text that was approved.

The PO import refuses each attack class (a tag without ">", a comment, a stray
or crossed closing tag); the old-site format takes markup as text; the admin
form stores what the sanitizer keeps. Screenshots go to ``screenshots/``.
"""

from io import StringIO
from pathlib import Path

import polib
from django.core.management import call_command

from articles.models import Article
from articles.translations.checks import (
    MARKUP_COMMENT,
    MARKUP_EXTRA,
    MARKUP_UNCLOSED_TAG,
)
from articles.translations.po.export import catalog_export
from tests.factories import PEA_SLUG
from tests.services import BrowserTestCase

try:
    from playwright.sync_api import expect
except ImportError:  # BrowserTestCase skips without Playwright
    expect = None

PLANTED = "img[src='x'], svg, [onerror], [onload], script:not([src])"


class HostileMarkupTests(BrowserTestCase):
    prefix = "markup"

    def setUp(self):
        super().setUp()
        self.dialogs: list[str] = []
        self.page.on("dialog", self._dialog)

    def _dialog(self, dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def assertSafe(self, path: str, name: str) -> None:
        """The page opens, runs nothing planted and holds no planted element."""
        self.open(path)
        self.page.wait_for_load_state("load")
        self.page.wait_for_timeout(200)  # an image's error fires after loading
        target = self.page.locator("#content-main, .article-body").first
        expect(target.locator(PLANTED)).to_have_count(0)
        self.assertEqual(self.dialogs, [], path)
        self.screenshot(name)

    def body_text(self) -> str:
        return self.page.locator(".article-body").inner_text()

    def history_pages(self, article: Article, language: str) -> None:
        """Preview latest, an earlier revision and the compare view of the last two."""
        latest = article.latest_revision.number
        admin = f"/admin/articles/article/{article.pk}"
        self.assertSafe(f"{admin}/revisions/{latest}/?language={language}", "preview")
        self.assertSafe(
            f"{admin}/revisions/{latest - 1}/?language={language}", "revision"
        )
        self.assertSafe(f"{admin}/compare/?a={latest - 1}&b={latest}", "compare")

    def test_a_po_import_refuses_each_attack_and_shows_what_it_approved(self):
        article = Article.objects.get(slug_en=PEA_SLUG)
        catalog = polib.pofile(
            str(
                catalog_export(
                    language="nl", articles=Article.objects.filter(pk=article.pk)
                )
            )
        )
        body = [e for e in catalog if e.msgctxt.split("/")[1].startswith("b")]
        self.assertGreaterEqual(len(body), 5)
        attacks = [
            (" <img src=x onerror=alert(1)", "<img src=x onerror=alert(1)"),
            (" <svg onload=alert(1) ", "<svg onload=alert(1) "),
            ("<!-- ", "<!-- "),
            (" </em>schuin<em>", "</em>"),
        ]
        reasons = [
            MARKUP_UNCLOSED_TAG % {"tag": attacks[0][1]},
            MARKUP_UNCLOSED_TAG % {"tag": attacks[1][1]},
            MARKUP_COMMENT % {"text": attacks[2][1]},
            # The demo's sources have no <em>: crossed ones are in tests/test_checks.py.
            MARKUP_EXTRA % {"tag": "</em> <em>"},
        ]
        for entry, (attack, _tag) in zip(body, attacks, strict=False):
            entry.msgstr += attack
        approved = body[4].msgstr + " Let op: 5 < 10 mg & meer."
        body[4].msgstr = approved
        path = Path(self.temporary_file("articles-nl.po"))
        catalog.save(str(path))

        self.log_in("demo", "clinic-demo")
        self.open("/admin/articles/article/translations/import/")
        self.page.set_input_files("input[name=file]", path)
        self.page.get_by_role("button", name="Check the file (dry run)").click()
        expect(self.page.locator("h2", has_text="Dry run")).to_be_visible()
        report = self.page.locator(".diff-table tbody")
        for reason in reasons:
            expect(report.locator("tr", has_text=str(reason))).to_have_count(1)
        expect(report.locator("tr", has_text=approved)).to_contain_text("applied")
        expect(self.page.locator("#content-main").locator(PLANTED)).to_have_count(0)
        self.assertEqual(self.dialogs, [])
        self.screenshot("dry-run-report")
        self.page.get_by_role("button", name="Apply these changes").click()
        expect(
            self.page.locator(".messagelist li", has_text="Applied 1 entry; 4 rejected")
        ).to_be_visible()
        self.assertEqual(self.dialogs, [])

        article.refresh_from_db()
        self.assertSafe(article.url_in("nl"), "dutch-page")
        self.assertIn(approved, self.body_text())
        for attack, _tag in attacks:
            self.assertNotIn(attack.strip(), self.body_text())
        self.assertSafe(article.url_in("en"), "english-page")
        self.history_pages(article, "nl")
        # Compare shows the stored HTML as text: the sanitized body.
        expect(self.page.locator(".diff-table")).to_contain_text(
            "5 &lt; 10 mg &amp; meer"
        )

    def test_an_old_site_file_shows_markup_as_text(self):
        text = (
            "Home > English articles > Treatment > Markup in an old page\n\n"
            "Markup in an old page\n\n"
            "Old text with <img src=x onerror=alert(1)> and <svg onload=alert(1)> "
            "and <!-- [2] --> in it. [1]\n\n"
            "A heading <!-- that hides the rest\n\n"
            "August 2010, Author, revision feb 2014\n\n"
            "[1] Authors | Title | Journal | 2007\n\n"
            "[2] Authors | Title | Journal | 2008\n"
        )
        path = Path(self.temporary_file("markup.en.txt"))
        path.write_text(text)
        call_command("import_article", str(path), stdout=StringIO())
        path.write_text(text.replace("Old text", "Older text"))
        call_command("import_article", str(path), stdout=StringIO())
        article = Article.objects.get(slug_en="markup-in-an-old-page")

        self.assertSafe(article.url_in("en"), "old-site-page")
        shown = self.body_text()
        self.assertIn(
            "Older text with <img src=x onerror=alert(1)> and <svg onload=alert(1)> "
            "and <!-- [2] --> in it. [1]",
            shown,
        )
        self.assertIn("A heading <!-- that hides the rest", shown)
        expect(self.page.locator(".article-body a.cite")).to_have_count(2)
        self.log_in("demo", "clinic-demo")
        self.history_pages(article, "en")
        expect(self.page.locator(".diff-table")).to_contain_text(
            "&lt;img src=x onerror=alert(1)&gt;"
        )

    def test_the_admin_form_stores_and_shows_only_what_the_sanitizer_keeps(self):
        article = Article.objects.get(slug_en=PEA_SLUG)
        self.log_in("demo", "clinic-demo")
        self.open(f"/admin/articles/article/{article.pk}/change/")
        hostile = (
            "<p>Planted <img src=x onerror=alert(1)> text [1]<!-- [9] --></p>"
            "<p>Crossed <svg onload=alert(2)> a</em>b<em>c</p>"
            "<h2>Dose <!-- rest</h2><p>lost</p>"
        )
        # A request made without the editor, as a script or a proxy could send it.
        self.page.evaluate(
            "html => { document.querySelector('[name=body_en]').value = html }",
            hostile,
        )
        self.page.get_by_label("Minor correction").check()
        self.page.click("input[name=_publish]")
        expect(
            self.page.locator(".messagelist li", has_text="is published")
        ).to_be_visible()
        self.assertSafe(f"/admin/articles/article/{article.pk}/change/", "edit-form")

        article.refresh_from_db()
        self.assertSafe(article.url_in("en"), "english-page")
        self.assertEqual(
            " ".join(self.body_text().split()), "Planted text [1] Crossed abc Dose"
        )
        # The <em> left open runs on into the heading, as stored and as checked.
        expect(self.page.locator(".article-body em")).to_have_text(["c", "Dose"])
        self.assertSafe(article.url_in("nl"), "dutch-page")
        self.history_pages(article, "en")
        expect(self.page.locator(".diff-table")).not_to_contain_text("onerror")
