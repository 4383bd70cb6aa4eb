"""Two staff members with one article open in Chromium: each sees the other.

The edit page pings from a static script (no inline script: the admin's CSP
would refuse it), shows who else has the article open, and the notice goes
when the other leaves; a save after the other's still shows their changes
first, as it always did.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.test import override_settings

from articles.models import Article
from tests.factories import SAMPLE_SLUG
from tests.services import BrowserTestCase

try:
    from playwright.sync_api import expect
except ImportError:  # BrowserTestCase skips without Playwright
    expect = None


@override_settings(EDITING_PING_SECONDS=1)
class EditingTogetherTests(BrowserTestCase):
    prefix = "editing"

    def test_two_editors_see_each_other_and_no_edit_is_lost(self):
        bea = get_user_model().objects.create_user(
            "bea", password="bea-edits", is_staff=True, first_name="Bea"
        )
        bea.user_permissions.set(
            Permission.objects.filter(
                codename__in=["view_article", "change_article", "publish_article"]
            )
        )
        article = Article.objects.get(slug_en=SAMPLE_SLUG)
        edit_url = f"/admin/articles/article/{article.pk}/change/"
        problems: list[str] = []
        # Script errors and refusals (a CSP violation is one); the site has no
        # favicon, which is not what is tested here.
        self.page.on(
            "console",
            lambda m: (
                problems.append(m.text)
                if m.type == "error" and "favicon.ico" not in m.location["url"]
                else None
            ),
        )
        self.log_in("demo", "clinic-demo")
        self.open(edit_url)
        notice = self.page.locator("#editing-others")
        expect(notice).to_be_hidden()

        other = self.browser.new_context(
            locale="en-GB", viewport={"width": 1280, "height": 900}
        )
        other.set_default_timeout(10_000)
        page_b = other.new_page()
        page_b.goto(self.live_server_url + "/admin/")
        page_b.fill("input[name=username]", "bea")
        page_b.fill("input[name=password]", "bea-edits")
        page_b.click("input[type=submit]")
        page_b.goto(self.live_server_url + edit_url)
        expect(page_b.locator("#editing-others")).to_have_text(
            "Also editing this article now: Demo Editor."
        )
        expect(notice).to_have_text("Also editing this article now: Bea.")
        self.screenshot("both-open", full_page=False)

        # Both change the author line; the later save is shown the earlier one.
        for page, line in ((self.page, "Demo's line"), (page_b, "Bea's line")):
            page.get_by_label("Minor correction").check()
            page.fill("[name=author_line]", line)
        self.page.click("input[name=_save_draft]")
        expect(self.page.locator(".messagelist")).to_contain_text("as a draft")
        page_b.click("input[name=_save_draft]")
        expect(page_b.locator(".messagelist")).to_contain_text(
            "Not saved: Demo Editor saved revision"
        )
        expect(page_b.locator("[name=author_line]")).to_have_value("Bea's line")

        # Bea leaves; Demo's notice goes at once, not after the minute's expiry.
        page_b.goto(self.live_server_url + "/admin/")
        expect(self.page.locator("#editing-others")).to_be_hidden()
        other.close()
        self.assertEqual(problems, [])
