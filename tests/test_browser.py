"""The site in a real browser: Debian's Chromium driven by Playwright.

Three people use the demo site served on 127.0.0.1: a staff member publishes an
edit and finds it in the history, a translator round-trips a PO file through the
admin, and a visitor reads in Dutch and switches to English. Each step saves a
screenshot under ``screenshots/`` (git-ignored) for a person to look at.

The browser is Debian's (``apt-get install chromium``, as ``.ci/run`` does), never
one downloaded by ``playwright install``; without it these tests are skipped.
"""

import re
from importlib import import_module
from pathlib import Path

import polib
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission

from articles.models import Article
from tests.factories import OLD_SENTENCE, PEA_SLUG, SAMPLE_SLUG, SAMPLE_TITLE, edit
from tests.services import BrowserTestCase

try:
    from playwright.sync_api import expect
except ImportError:  # BrowserTestCase skips without Playwright
    expect = None

NEW_SENTENCE = (
    "Thus, LDN, 3-4.5 mg/day a.n. is a reasonable therapeutic option "
    "for patients refractory to other pharmacological interventions."
)
PEA_OLD = "In our clinic we usually start with 1200 mg per day"
PEA_NEW = "In our clinic we usually start with 600 mg twice a day"
PEA_DUTCH_OLD = "In onze kliniek starten we meestal met 1200 mg per dag"
PEA_DUTCH = (
    "In onze kliniek beginnen we meestal met tweemaal daags 600 mg en beoordelen "
    "we het effect na zes tot acht weken; later kan de dosering vaak omlaag. PEA "
    "kan worden gecombineerd met bestaande pijnmedicatie. Niet iedere patiënt "
    "reageert, en PEA is geen vervanging voor een zorgvuldige diagnose van de "
    "oorzaak van de pijn."
)


def restore_roles() -> None:
    """The groups that migration 0008 creates; the flush after each live-server test
    (a TransactionTestCase) removes them."""
    roles = import_module("articles.migrations.0008_roles").ROLES
    for name, codenames in roles.items():
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.set(
            Permission.objects.filter(
                content_type__app_label="articles", codename__in=codenames
            )
        )


class StaffTests(BrowserTestCase):
    prefix = "staff"

    def test_edit_publish_and_find_it_in_the_history(self):
        page = self.page
        self.log_in("demo", "clinic-demo")
        self.open_article_in_admin(SAMPLE_TITLE)

        # The body is a rich-text editor: select the paragraph and retype it.
        editor = page.locator(".language-section").first.locator(".ProseMirror")
        editor.locator("p", has_text=OLD_SENTENCE).click(click_count=3)
        page.keyboard.type(NEW_SENTENCE)
        expect(page.locator("[name=body_en]")).to_have_value(
            re.compile(re.escape(NEW_SENTENCE))
        )
        page.get_by_label("Public revision").check()
        page.fill(
            "[name=note]", "LDN is now a reasonable option, no longer only interesting."
        )
        page.fill("[name=editorial_date]", "2024-05")
        number = Article.objects.get(slug_en=SAMPLE_SLUG).latest_revision.number + 1
        self.screenshot("edit-body", page.locator(".language-section").first)
        self.screenshot("edit-revision", page.locator(".revision-box"))
        page.click("input[name=_publish]")

        expect(page.locator(".messagelist")).to_contain_text(
            f"Revision {number} is published."
        )
        self.screenshot("published", full_page=False)

        page.get_by_role("link", name="History", exact=True).click()
        newest = page.locator("#result_list tbody tr").first
        expect(newest).to_contain_text("LDN is now a reasonable option")
        expect(newest).to_contain_text("May 2024")
        expect(newest).to_contain_text("Public revision")
        self.screenshot("history")

        # The newest and the one before it are selected; compare them.
        expect(newest.locator("input[name=b]")).to_be_checked()
        expect(
            page.locator("#result_list tbody tr").nth(1).locator("input[name=a]")
        ).to_be_checked()
        page.get_by_role("button", name="Compare selected revisions").click()
        expect(page.locator("h1")).to_have_text(
            f"Compare revisions {number - 1} and {number}"
        )
        self.screenshot("compare")
        body_change = page.locator(".diff-table tbody tr", has_text="Body")
        expect(body_change.locator("th.language")).to_have_text("en")
        expect(body_change).to_contain_text("Thus, LDN, 3-4.5 mg/day a.n.")
        expect(body_change.locator("del")).to_have_text("might be an interesting")
        expect(body_change.locator("ins")).to_have_text("is a reasonable")

        self.open(f"/en/articles/{SAMPLE_SLUG}/")
        expect(page.locator(".article-body")).to_contain_text(NEW_SENTENCE)
        expect(page.locator(".article-body")).not_to_contain_text(OLD_SENTENCE)
        expect(page.locator(".article-dates")).to_contain_text("revised May 2024")
        self.screenshot("public-page")


class TranslatorTests(BrowserTestCase):
    prefix = "translator"

    def test_download_translate_upload_and_read_the_dutch_page(self):
        page = self.page
        # The English source of one paragraph changes, so its Dutch is outdated.
        article = Article.objects.get(slug_en=PEA_SLUG)
        edit(article, body_en=article.body_en.replace(PEA_OLD, PEA_NEW))
        self.assertIn(PEA_DUTCH_OLD, article.body_nl)
        restore_roles()
        translator = get_user_model().objects.create_user(
            "vertaler", password="vertaal-maar", is_staff=True
        )
        translator.groups.add(Group.objects.get(name="Translator (Dutch)"))

        self.log_in("vertaler", "vertaal-maar")
        self.open_article_list()
        expect(page.locator("#result_list")).to_contain_text("(outdated)")
        self.screenshot("article-list")
        page.get_by_role("link", name="Translation dashboard").click()
        expect(page.locator("#content-main")).to_contain_text("1 article needs work.")
        self.screenshot("dashboard")
        with page.expect_download() as download_info:
            page.get_by_role(
                "link", name="Download everything that needs work (Dutch, PO)"
            ).click()
        download = download_info.value
        self.assertRegex(download.suggested_filename, r"^articles-nl-.*\.po$")
        catalog = polib.pofile(Path(download.path()).read_text(encoding="utf-8"))

        (entry,) = [e for e in catalog if PEA_NEW in e.msgid]
        self.assertIn("fuzzy", entry.flags)
        self.assertIn(PEA_OLD, entry.previous_msgid)
        entry.msgstr = PEA_DUTCH
        entry.flags.remove("fuzzy")
        entry.previous_msgid = entry.previous_msgctxt = None
        translated = Path(self.temporary_file("articles-nl.po"))
        catalog.save(str(translated))

        page.get_by_role("link", name="Import a translated PO file").click()
        page.set_input_files("input[name=file]", translated)
        self.screenshot("upload-form")
        page.get_by_role("button", name="Check the file (dry run)").click()

        expect(page.locator("h2", has_text="Dry run")).to_be_visible()
        row = page.locator(".diff-table tbody tr", has_text=PEA_DUTCH)
        expect(row).to_have_count(1)
        expect(row.locator("td").nth(2)).to_have_text("applied")
        expect(row.locator("td").nth(3)).to_contain_text(PEA_DUTCH_OLD)
        expect(row.locator("td").nth(4)).to_have_text(PEA_DUTCH)
        self.screenshot("dry-run-report")

        page.get_by_role("button", name="Apply these changes").click()
        expect(
            page.locator(".messagelist li", has_text="Applied 1 entry; 0 rejected")
        ).to_be_visible()
        expect(page.locator("h2", has_text="Applied")).to_be_visible()
        self.screenshot("applied")

        article.refresh_from_db()
        self.open(f"/nl/artikelen/{article.slug_nl}/")
        expect(page.locator("html")).to_have_attribute("lang", "nl")
        expect(page.locator(".article-body")).to_contain_text(PEA_DUTCH)
        expect(page.locator(".banner")).to_have_count(0)
        self.screenshot("dutch-page")


class VisitorTests(BrowserTestCase):
    prefix = "visitor"

    def test_read_in_dutch_follow_a_related_article_and_switch_to_english(self):
        page = self.page
        self.open("/nl/")
        expect(page.locator("html")).to_have_attribute("lang", "nl")
        expect(page.locator("#recent-heading")).to_have_text("Recente artikelen")
        self.screenshot("home")

        link = page.locator(".article-list .article-item-title").first
        first = link.inner_text()
        link.click()
        expect(page).to_have_url(re.compile(r"/nl/artikelen/[^/]+/$"))
        expect(page.locator("h1")).to_have_text(first)
        related = page.locator(".related")
        expect(related.locator("h2")).to_have_text("Gerelateerde artikelen")
        related.scroll_into_view_if_needed()
        self.screenshot("article")

        link = related.locator(".article-item-title").first
        second = link.inner_text()
        self.assertNotEqual(second, first)
        link.click()
        expect(page).to_have_url(re.compile(r"/nl/artikelen/[^/]+/$"))
        expect(page.locator("h1")).to_have_text(second)
        self.screenshot("related-article")

        dutch = Article.objects.get(title_nl=second)
        page.locator(".language-switcher").get_by_role("link", name="English").click()
        expect(page.locator("html")).to_have_attribute("lang", "en")
        expect(page).to_have_url(self.live_server_url + dutch.url_in("en"))
        expect(page.locator("h1")).to_have_text(dutch.title_en)
        expect(page.locator(".language-switcher .current")).to_have_text("English")
        self.screenshot("english")
