"""A large catalog upload in Chromium with a real worker: the admin answers at once
with a progress page, which turns into the dry-run report once the worker has
checked the file, and again into the applied report after "Apply". axe-core finds
nothing on the progress page or the reports."""

from pathlib import Path
from unittest import SkipTest

from django.test import override_settings

from articles.models import Article
from tests.accessibility import ScreenChecks, axe_missing
from tests.factories import PEA_SLUG
from tests.helpers import exported
from tests.services import BrowserTestCase, TaskWorker

try:
    from playwright.sync_api import expect
except ImportError:  # BrowserTestCase skips without Playwright
    expect = None

PEA_DUTCH = "In onze kliniek beginnen we meestal met tweemaal daags 600 mg."


@override_settings(CATALOG_INLINE_KB=0)
class BackgroundUploadTests(ScreenChecks, BrowserTestCase):
    prefix = "tasks"

    @classmethod
    def setUpClass(cls):
        if reason := axe_missing():
            raise SkipTest(reason)
        super().setUpClass()

    def test_upload_follow_the_progress_and_read_the_reports(self):
        page = self.page
        article = Article.objects.get(slug_en=PEA_SLUG)
        catalog = exported(articles=Article.objects.filter(pk=article.pk))
        (entry,) = [e for e in catalog if "In our clinic" in e.msgid]
        entry.msgstr = PEA_DUTCH
        entry.flags = []
        translated = Path(self.temporary_file("articles-nl.po"))
        catalog.save(str(translated))

        self.log_in("demo", "clinic-demo")
        self.open_article_list()
        page.get_by_role("link", name="Import a translated PO file").click()
        page.set_input_files("input[name=file]", translated)
        page.get_by_role("button", name="Check the file (dry run)").click()

        # No worker runs yet: the task waits, and its page says so.
        expect(page.get_by_role("progressbar", name="Progress")).to_be_visible()
        expect(page.get_by_role("status")).to_have_text(
            "Waiting for a worker to take it up…"
        )
        self.assertAccessible("progress")
        self.screenshot("progress")

        worker = TaskWorker()
        self.addCleanup(worker.stop)
        expect(page.locator("h2", has_text="Dry run")).to_be_visible(timeout=60_000)
        expect(page.get_by_role("progressbar")).to_have_count(0)
        row = page.locator(".po-entries tbody tr", has_text="tweemaal daags")
        expect(row.locator("td.outcome")).to_have_text("would be applied")
        self.assertAccessible("dry-run-report")
        self.screenshot("dry-run-report")

        page.get_by_role("button", name="Apply these changes").click()
        expect(
            page.locator(".messagelist li", has_text="Applied 1 entry; 0 rejected")
        ).to_be_visible(timeout=60_000)
        expect(page.locator("h2", has_text="Applied")).to_be_visible()
        self.assertAccessible("applied-report")
        self.screenshot("applied")
        article.refresh_from_db()
        self.assertIn(PEA_DUTCH, article.body_nl)
