"""A Dutch reader finds her way in Debian's Chromium: from the home page's menu to
the A–Z list, a search for "pijnen" from the header, the sample article among the
results, its contents list, a related article and over to English. Screenshots go
to ``screenshots/``.
"""

import re

from articles.models import Article
from tests.factories import SAMPLE_SLUG
from tests.services import BrowserTestCase

try:
    from playwright.sync_api import expect
except ImportError:  # BrowserTestCase skips without Playwright
    expect = None


class DutchReaderTests(BrowserTestCase):
    prefix = "reader"

    def test_menu_a_to_z_search_contents_related_article_and_english(self):
        page = self.page
        refused: list[str] = []
        page.on(
            "console",
            lambda message: (
                refused.append(message.text)
                if "Content Security Policy" in message.text
                else None
            ),
        )
        sample = Article.objects.get(slug_en=SAMPLE_SLUG)
        self.open("/nl/")
        menu = page.locator(".site-menu")
        expect(menu).to_contain_text("Alle categorieën")
        self.screenshot("home")

        menu.get_by_role("link", name="A–Z").click()
        expect(page).to_have_url(self.live_server_url + "/nl/a-z/")
        expect(page.locator("h1")).to_have_text("Artikelen A–Z")
        self.screenshot("a-to-z")

        expect(
            page.get_by_role("link", name=sample.title_nl, exact=True)
        ).to_be_visible()
        # "pijnen" finds the articles about "pijn": the Dutch stemmer at work.
        page.get_by_label("Artikelen zoeken").fill("pijnen")
        page.get_by_label("Artikelen zoeken").press("Enter")
        expect(page).to_have_url(re.compile(r"/nl/zoeken/\?q=pijnen$"))
        results = page.locator(".article-item-title")
        expect(results.filter(has_text=sample.title_nl)).to_have_count(1)
        expect(page.locator("mark").first).to_be_visible()
        self.screenshot("search")

        results.filter(has_text=sample.title_nl).click()
        expect(page).to_have_url(self.live_server_url + sample.url_in("nl"))
        contents = page.locator("nav.contents")
        expect(contents.locator("h2")).to_have_text("Inhoud")
        self.screenshot("article", full_page=False)

        entry = contents.locator("a").nth(2)
        heading = entry.inner_text()
        anchor = entry.get_attribute("href")
        entry.click()
        expect(page).to_have_url(re.compile(re.escape(anchor) + "$"))
        target = page.locator(anchor)
        expect(target).to_have_text(heading)
        expect(target).to_be_in_viewport()
        self.screenshot("contents-entry", full_page=False)

        related = page.locator(".related .article-item-title").first
        second = related.inner_text()
        related.click()
        expect(page.locator("h1")).to_have_text(second)
        self.screenshot("related-article")

        other = Article.objects.get(title_nl=second)
        page.locator(".language-switcher").get_by_role("link", name="English").click()
        expect(page).to_have_url(self.live_server_url + other.url_in("en"))
        expect(page.locator("h1")).to_have_text(other.title_en)
        expect(page.locator(".site-menu")).to_contain_text("All categories")
        self.screenshot("english")
        # The JSON-LD data block and everything else passed the policy.
        self.assertEqual(refused, [])
