"""The Content-Security-Policy header: on every kind of response, enforced, with
no inline script allowed on public pages and only nonced ones in the admin."""

import re
from pathlib import Path

from django.core.cache import cache
from django.test import TestCase, override_settings

from articles.models import Article
from tests.factories import (
    OLD_SENTENCE,
    SAMPLE_SLUG,
    SAMPLE_TITLE,
    make_article,
    make_category,
    staff,
)
from tests.helpers import DUTCH_PAGE, PAGE
from tests.services import BrowserTestCase

try:
    from playwright.sync_api import expect
except ImportError:  # BrowserTestCase skips its tests
    expect = None

HEADER = "Content-Security-Policy"
PUBLIC = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'none'"],
    "frame-ancestors": ["'none'"],
    "form-action": ["'self'"],
}
DEMO_CATALOG = Path(__file__).resolve().parent.parent / "articles" / "demo" / "nl.po"
# Reports every refusal to the console, where the test collects it.
REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  console.log("CSP violation: " + event.violatedDirective + " " + event.blockedURI);
});
"""
NONCE = re.compile(r"^'nonce-[A-Za-z0-9+/=]{20,}'$")


def policy(response) -> dict[str, list[str]]:
    """The enforced policy of a response, directive by directive."""
    header = response.headers.get(HEADER)
    assert header, f"no {HEADER} header on {response.status_code} response"
    return {
        name: sources for name, *sources in (part.split() for part in header.split(";"))
    }


class PublicPolicyTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.category = make_category(name_nl="Behandeling", slug_nl="behandeling")
        cls.article = make_article(
            title_nl="Capsaïcine bij zenuwpijn", category=cls.category
        )

    def assertPublicPolicy(self, response) -> None:
        self.assertEqual(policy(response), PUBLIC)
        self.assertNotIn("Content-Security-Policy-Report-Only", response.headers)

    def test_home_article_and_category_pages_in_both_languages(self):
        pages = [
            "/en/",
            "/nl/",
            PAGE,
            DUTCH_PAGE,
            "/en/category/treatment/",
            "/nl/categorie/behandeling/",
        ]
        for path in pages:
            with self.subTest(path):
                response = self.client.get(path)
                self.assertEqual(response.status_code, 200)
                self.assertPublicPolicy(response)

    def test_not_found_and_redirects(self):
        missing = self.client.get("/en/articles/no-such-article/")
        self.assertEqual(missing.status_code, 404)
        self.assertPublicPolicy(missing)
        to_language = self.client.get("/", headers={"accept-language": "nl"})
        self.assertRedirects(to_language, "/nl/", fetch_redirect_response=False)
        self.assertPublicPolicy(to_language)
        other_slug = self.client.get("/nl/artikelen/capsaicin-for-nerve-pain/")
        self.assertRedirects(other_slug, DUTCH_PAGE, status_code=301)
        self.assertPublicPolicy(other_slug)

    def test_public_pages_allow_no_inline_script_or_style(self):
        directives = policy(self.client.get(PAGE))
        for name in ("script-src", "style-src", "default-src"):
            self.assertNotIn("'unsafe-inline'", directives[name])
            self.assertNotIn("'unsafe-eval'", directives[name])
            self.assertFalse([s for s in directives[name] if NONCE.match(s)])


@override_settings(PAGE_CACHE=True)
class CachedPagePolicyTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        make_article(title_nl="Capsaïcine bij zenuwpijn")

    def setUp(self):
        cache.clear()

    def test_a_page_from_the_cache_carries_the_same_policy(self):
        first = self.client.get(PAGE)
        with self.assertNumQueries(0):
            second = self.client.get(PAGE)
        self.assertEqual(second.content, first.content)
        self.assertEqual(policy(first), PUBLIC)
        self.assertEqual(second[HEADER], first[HEADER])

    def test_a_not_modified_answer_carries_the_policy(self):
        etag = self.client.get(PAGE)["ETag"]
        response = self.client.get(PAGE, headers={"if-none-match": etag})
        self.assertEqual(response.status_code, 304)
        self.assertEqual(policy(response), PUBLIC)


class AdminPolicyTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.anna = staff("anna")
        cls.article = make_article(title_nl="Capsaïcine bij zenuwpijn")

    def edit_page(self):
        self.client.force_login(self.anna)
        return self.client.get(f"/admin/articles/article/{self.article.pk}/change/")

    def test_login_page_allows_only_the_sites_own_scripts(self):
        response = self.client.get("/admin/login/")
        self.assertEqual(response.status_code, 200)
        directives = policy(response)
        self.assertEqual(directives["script-src"], ["'self'"])
        self.assertEqual(directives["object-src"], ["'none'"])
        self.assertEqual(directives["frame-ancestors"], ["'none'"])
        self.assertEqual(directives["form-action"], ["'self'"])

    def test_an_admin_page_asked_for_anonymously_redirects_with_the_policy(self):
        response = self.client.get("/admin/articles/article/")
        self.assertRedirects(response, "/admin/login/?next=/admin/articles/article/")
        self.assertIn("script-src", policy(response))

    def test_the_editors_inline_scripts_carry_the_nonce_of_the_header(self):
        response = self.edit_page()
        self.assertEqual(response.status_code, 200)
        scripts = policy(response)["script-src"]
        self.assertNotIn("'unsafe-inline'", scripts)
        (nonce,) = [source for source in scripts if NONCE.match(source)]
        value = nonce.removeprefix("'nonce-").removesuffix("'")
        html = response.content.decode()
        importmap = re.search(r'<script type="importmap"[^>]*>', html).group(0)
        self.assertIn(f'nonce="{value}"', importmap)
        for tag in re.findall(r"<script\b[^>]*>", html):
            if "src=" not in tag and "application/json" not in tag:
                self.assertIn(f'nonce="{value}"', tag)

    def test_every_admin_page_gets_a_fresh_nonce(self):
        first = policy(self.edit_page())["script-src"]
        second = policy(self.edit_page())["script-src"]
        self.assertNotEqual(first, second)

    def test_a_revision_shown_as_the_page_looked_gets_the_admins_policy(self):
        self.client.force_login(self.anna)
        response = self.client.get(
            f"/admin/articles/article/{self.article.pk}/revisions/1/"
        )
        self.assertEqual(response.status_code, 200)
        self.assertNotIn("'unsafe-inline'", policy(response)["script-src"])


class BrowserPolicyTests(BrowserTestCase):
    """Every page of the demo in Chromium: the policy refuses nothing the site
    needs, and refuses script that was never the site's."""

    prefix = "policy"

    def setUp(self):
        super().setUp()
        self.violations: list[str] = []
        self.context.add_init_script(REPORT_VIOLATIONS)
        self.page.on("console", self.collect)

    def collect(self, message) -> None:
        if "Content Security Policy" in message.text or "CSP violation" in message.text:
            self.violations.append(f"{self.page.url}: {message.text}")

    def visit(self, path: str) -> None:
        self.open(path)
        self.page.wait_for_load_state("networkidle")

    def assertNoViolations(self) -> None:
        self.page.wait_for_timeout(200)  # reports are delivered asynchronously
        self.assertEqual(self.violations, [], "\n".join(self.violations))

    def test_public_pages_need_nothing_the_policy_refuses(self):
        article = Article.objects.get(slug_en=SAMPLE_SLUG)
        for path in [
            "/en/",
            "/nl/",
            article.url_in("en"),
            article.url_in("nl"),
            article.category.url_in("en"),
            article.category.url_in("nl"),
            "/en/articles/no-such-article/",
        ]:
            self.visit(path)
            expect(self.page.locator("h1").first).to_be_visible()
        self.page.locator(".language-switcher").get_by_role("link").first.click()
        self.assertNoViolations()

    def test_admin_pages_and_the_rich_text_editor_work_under_the_policy(self):
        page = self.page
        self.visit("/admin/login/")
        self.log_in("demo", "clinic-demo")
        self.open_article_in_admin(SAMPLE_TITLE)

        # The editor is usable: type, make it bold, add a link through its dialog.
        section = page.locator(".language-section").first
        editor = section.locator(".ProseMirror[contenteditable=true]")
        editor.locator("p", has_text=OLD_SENTENCE).click()
        page.keyboard.press("End")
        page.keyboard.type(" Typed under the policy.")
        page.keyboard.press("Shift+Home")
        section.locator(".prose-menubar__button[title=bold]").click()
        section.locator(".prose-menubar__button[title='insert link']").click()
        page.fill("dialog[open] input[name=href]", "https://example.org/ldn")
        page.click("dialog[open] button[type=submit]")
        expect(page.locator("[name=body_en]")).to_have_value(
            re.compile(
                r'<a href="https://example.org/ldn"[^>]*><strong>.*'
                r"Typed under the policy\.</strong></a>"
            )
        )
        # The autocompletes (select2) open and search.
        page.locator(".select2-selection").first.click()
        expect(page.locator(".select2-results")).to_be_visible()
        page.keyboard.press("Escape")
        self.screenshot("editor")
        page.get_by_label("Minor correction").check()
        page.click("input[name=_save_draft]")
        expect(page.locator(".messagelist")).to_contain_text("as a draft")

        page.get_by_role("link", name="History", exact=True).click()
        expect(page.locator("#result_list tbody tr")).not_to_have_count(0)
        page.get_by_role("button", name="Compare selected revisions").click()
        expect(page.locator(".diff-table")).to_contain_text("Typed under the policy.")
        self.screenshot("compare")
        page.go_back()
        page.get_by_role("link", name="View (en)").first.click()
        expect(page.locator(".article-body")).to_contain_text("Typed under the policy.")

        self.visit("/admin/articles/article/")
        page.get_by_role("link", name="Translation dashboard").click()
        expect(page.locator("#content-main")).to_contain_text("Dutch")
        page.go_back()
        page.get_by_role("link", name="Import a translated PO file").click()
        page.set_input_files("input[name=file]", DEMO_CATALOG)
        page.get_by_role("button", name="Check the file (dry run)").click()
        expect(page.locator("h2", has_text="Dry run")).to_be_visible()
        self.screenshot("dry-run")

        for path in ["/admin/articles/category/", "/admin/articles/tag/"]:
            self.visit(path)
            expect(page.locator("#result_list")).to_be_visible()
        self.assertNoViolations()

    def test_a_script_that_was_never_the_sites_is_refused(self):
        article = Article.objects.get(slug_en=SAMPLE_SLUG)
        for path in [article.url_in("en"), "/admin/articles/article/"]:
            if path.startswith("/admin/"):
                self.log_in("demo", "clinic-demo")
            self.visit(path)
            self.violations.clear()
            # What a stored injection would look like, in a page of the site's
            # own origin that carries the policy.
            self.page.set_content(
                "<p>Injected</p><script>window.injected = 'script'</script>"
                '<img src="/static/css/site.css" onerror="window.injected = \'handler\'">'
                "<a id=link href=\"javascript:window.injected='link'\">x</a>"
            )
            self.page.click("#link")
            self.page.wait_for_timeout(300)
            with self.subTest(path):
                self.assertIsNone(self.page.evaluate("window.injected"))
                refused = "\n".join(self.violations)
                for kind in ("inline script", "inline event handler", "JavaScript URL"):
                    self.assertIn(kind, refused)
