"""The staff's screens in Chromium at 1280 px: axe-core finds no violation on any
of them, none scrolls sideways, and the editor behaves as staff expect (labelled
fields, spell check in the field's language, slugs from titles, an error summary
that leads to each field). Screenshots go to ``screenshots/``."""

import re
from datetime import date
from pathlib import Path
from unittest import SkipTest

from articles.actions.review import record_review, submit_for_review
from articles.admin.fieldnames import field_in_language
from articles.admin.forms import MISSING_REFERENCE, NOTE_REQUIRED
from articles.models import Article, Reviewer, Revision
from articles.revisions.publishing import article_snapshot
from tests.accessibility import ScreenChecks, axe_missing
from tests.factories import SAMPLE_SLUG, with_fields
from tests.helpers import exported
from tests.services import BrowserTestCase

try:
    from playwright.sync_api import expect
except ImportError:  # BrowserTestCase skips without Playwright
    expect = None

ADMIN = "/admin/articles/article/"
OVERDUE = date(2020, 3, 1)
EDITOR = ".ProseMirror[contenteditable]"


class StaffScreenTests(ScreenChecks, BrowserTestCase):
    prefix = "screens"

    @classmethod
    def setUpClass(cls):
        if reason := axe_missing():
            raise SkipTest(reason)
        super().setUpClass()

    def visit(self, path: str, name: str) -> None:
        self.open(path)
        self.page.wait_for_load_state("load")
        # The rich-text editors are built after the page loads.
        expect(self.page.locator(f"{EDITOR}:not([aria-labelledby])")).to_have_count(0)
        self.assertAccessible(name)
        self.screenshot(name)

    def test_every_screen_passes_axe_and_fits_1280_pixels(self):
        page = self.page
        self.log_in("demo", "clinic-demo")
        article = Article.objects.get(slug_en=SAMPLE_SLUG)
        live = article.live_revision.number

        self.visit(ADMIN, "list")
        results = page.locator("#changelist .results")
        self.assertLessEqual(
            results.evaluate("e => e.scrollWidth"),
            results.evaluate("e => e.clientWidth"),
            "the list cuts off columns",
        )
        expect(page.locator("#result_list")).to_contain_text("February 2014")
        expect(page.locator("#result_list")).not_to_contain_text(
            re.compile(r"[A-Z][a-z]{2}\. \d{1,2}, \d{4}")
        )

        self.visit(f"{ADMIN}{article.pk}/change/", "edit")
        body = page.locator(".language-section").first.locator(EDITOR)
        expect(body).to_have_attribute("lang", "en")
        expect(body).to_have_attribute("spellcheck", "true")
        expect(body).to_have_accessible_name(re.compile("^English body"))
        heading = body.locator("h2").first
        self.assertEqual(
            heading.evaluate("e => getComputedStyle(e).backgroundColor"),
            "rgba(0, 0, 0, 0)",
            "the body's h2 looks like an admin section bar",
        )
        expect(page.get_by_label("PMID").first).to_be_visible()
        expect(page.get_by_label("DOI").first).to_be_visible()
        expect(page.get_by_label("URL").first).to_be_visible()

        self.visit(f"{ADMIN}{article.pk}/history/", "history")
        self.visit(f"{ADMIN}{article.pk}/compare/?a={live - 1}&b={live}", "compare")
        self.visit(f"{ADMIN}{article.pk}/revisions/1/restore/", "restore")
        self.visit(f"{ADMIN}{article.pk}/revisions/{live}/", "preview-en")
        page.get_by_role("link", name="Preview in Dutch").click()
        expect(page.locator("html")).to_have_attribute("lang", "nl")
        self.assertAccessible("preview-nl")
        page.get_by_role("link", name="Terug naar de editor").click()
        expect(page.locator("h1")).to_have_text("Change article")
        self.visit(f"{ADMIN}{article.pk}/unpublish/", "unpublish")
        expect(
            page.get_by_role("button", name="Yes, take it off the site")
        ).to_be_visible()
        self.visit(f"{ADMIN}translations/", "dashboard")
        self.visit("/admin/articles/auditentry/", "site-history")
        self.visit(f"{ADMIN}trash/", "trash")

        self.visit(f"{ADMIN}translations/import/", "import")
        catalog = exported("nl")
        entries = [e for e in catalog if e.msgstr and "[" not in e.msgid]
        entries[0].msgstr = entries[0].msgstr + " Gewijzigd."
        entries[1].msgstr = entries[1].msgstr + " <script>x</script>"
        path = Path(self.temporary_file("nl.po"))
        catalog.save(str(path))
        page.set_input_files("input[name=file]", path)
        page.get_by_role("button", name="Check the file (dry run)").click()
        expect(page.locator(".outcome-summary")).to_be_visible()
        self.assertAccessible("dry-run")
        self.screenshot("dry-run")

    def test_the_review_screens_pass_axe_and_fit_1280_pixels(self):
        page = self.page
        sample = Article.objects.get(slug_en=SAMPLE_SLUG)
        other = Article.objects.exclude(pk=sample.pk).order_by("pk").first()
        reviewer = Reviewer.objects.get()
        # One article overdue for review, one change waiting in the queue.
        record_review(article=other, user=None, reviewer=reviewer, month=OVERDUE)
        submit_for_review(
            article=sample,
            snapshot=with_fields(
                article_snapshot(sample),
                body_en=sample.body_en.replace("</p>", " Reviewed today.</p>", 1),
            ),
            user=None,
            note="A sentence added.",
            kind=Revision.Kind.PUBLIC,
            editorial_date=OVERDUE,
            base_revision_id=sample.latest_revision_id,
        )
        self.log_in("demo", "clinic-demo")

        self.visit(f"{ADMIN}review/", "review-queue")
        expect(page.locator("#content-main ins").first).to_contain_text("Reviewed")
        self.visit(f"{ADMIN}review-due/", "review-due")
        expect(page.locator("#content-main")).to_contain_text(other.title_en)
        self.visit(f"{ADMIN}{other.pk}/review/", "record-review")

    def test_new_article_slug_and_error_summary(self):
        page = self.page
        self.log_in("demo", "clinic-demo")
        self.open(f"{ADMIN}add/")
        page.get_by_label("English title").fill("Ketamine for nerve pain")
        expect(page.get_by_label("English slug")).to_have_value(
            "ketamine-for-nerve-pain"
        )
        editor = page.locator(".language-section").first.locator(EDITOR)
        editor.click()
        page.keyboard.type("Ketamine may help [3].")
        page.get_by_label("Public revision").check()
        page.click("input[name=_save_draft]")

        summary = page.locator(".error-summary")
        body_error = MISSING_REFERENCE % {
            "number": 3,
            "body": field_in_language("body", "en"),
        }
        expect(summary).to_contain_text(f"English body: {body_error}")
        expect(summary).to_contain_text(f"Change note: {NOTE_REQUIRED}")
        self.assertLess(summary.bounding_box()["y"], 400, "the summary is at the top")
        self.assertAccessible("errors")
        self.screenshot("errors")
        summary.get_by_role("link", name="Change note").click()
        expect(page.locator("[name=note]")).to_be_focused()
        summary.get_by_role("link", name="English body").click()
        expect(editor).to_be_focused()

    def test_the_dutch_editor_is_dutch(self):
        self.context.close()
        self.context = self.browser.new_context(
            locale="nl-NL", viewport={"width": 1280, "height": 900}
        )
        page = self.page = self.context.new_page()
        self.open("/admin/")
        page.fill("input[name=username]", "demo")
        page.fill("input[name=password]", "clinic-demo")
        page.click("input[type=submit]")
        article = Article.objects.get(slug_en=SAMPLE_SLUG)
        self.visit(f"{ADMIN}{article.pk}/change/", "edit-nl")
        menubar = page.locator(".prose-menubar").first
        expect(menubar.locator("[title='vet']")).to_have_count(1)
        expect(menubar.locator("[title='link invoegen']")).to_have_count(1)
        expect(menubar.locator("[title='bold']")).to_have_count(0)
        expect(page.locator("label[for=id_body_en]")).to_have_text("Engelse tekst:")
        expect(page.locator("#content-main")).to_contain_text(
            "Literatuurverwijzing [1]"
        )
