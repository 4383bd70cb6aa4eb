from django.test import Client, TestCase
from django.utils import formats, timezone

from articles.admin.articles import (
    NOTHING_CHANGED,
    SAVE_CONFLICT,
    SCHEDULED,
    UNCITED_REFERENCES,
)
from articles.admin.forms import MISSING_REFERENCE, NOTE_REQUIRED, PUBLISH_AT_REQUIRED
from articles.models import PICK_OF_ITSELF, Article, Revision, Tag
from articles.revisions.snapshots import snapshot_read, tag_entry
from tests.factories import content, edit, edit_form_data, make_article, staff


class AdminEditTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.anna = staff("anna")
        cls.article = make_article(title_nl="Capsaïcine bij zenuwpijn", references=2)

    def setUp(self):
        self.client.force_login(self.anna)
        self.url = f"/admin/articles/article/{self.article.pk}/change/"

    def test_saving_a_draft_makes_one_revision_and_leaves_the_site_alone(self):
        data = edit_form_data(
            self.article, body_en="<p>New evidence. [1] [2]</p>", note="Draft."
        )
        response = self.client.post(self.url, data)
        self.assertRedirects(response, self.url)
        revision = Revision.objects.get(article=self.article, number=2)
        self.assertEqual(revision.user, self.anna)
        self.assertEqual(revision.note, "Draft.")
        self.assertNotContains(
            self.client.get(self.article.get_absolute_url()), "New evidence."
        )

    def test_publishing_from_the_form(self):
        data = edit_form_data(
            self.article,
            body_en="<p>New evidence. [1] [2]</p>",
            kind="public",
            note="New evidence.",
            editorial_date="2014-02",
            _publish="1",
        )
        del data["_save_draft"]
        self.client.post(self.url, data)
        page = self.client.get(self.article.get_absolute_url())
        self.assertContains(page, "New evidence.")
        self.assertContains(page, "revised February 2014")

    def test_body_html_from_the_form_is_sanitized(self):
        data = edit_form_data(
            self.article,
            body_en='<p onclick="x()">Hi [1] [2]<script>alert(1)</script></p>',
        )
        self.client.post(self.url, data)
        body = snapshot_read(
            Revision.objects.get(article=self.article, number=2).snapshot
        ).value("body", "en")
        self.assertEqual(body, "<p>Hi [1] [2]</p>")

    def test_citation_without_reference_is_an_error(self):
        data = edit_form_data(self.article, body_nl="<p>Werkt. [1] [3]</p>")
        response = self.client.post(self.url, data)
        self.assertContains(
            response, MISSING_REFERENCE % {"number": 3, "body": "Dutch body"}
        )
        self.assertEqual(Revision.objects.filter(article=self.article).count(), 1)

    def test_picking_the_article_itself_is_an_error(self):
        data = edit_form_data(self.article)
        data |= {
            "picks-TOTAL_FORMS": "1",
            "picks-0-target": str(self.article.pk),
            "picks-0-ORDER": "1",
        }
        response = self.client.post(self.url, data)
        self.assertContains(response, PICK_OF_ITSELF)
        self.assertEqual(Revision.objects.filter(article=self.article).count(), 1)

    def test_public_revision_needs_a_note(self):
        response = self.client.post(
            self.url, edit_form_data(self.article, kind="public", note="")
        )
        self.assertContains(response, NOTE_REQUIRED)

    def test_publishing_needs_the_publish_permission(self):
        editor = staff("erik", publisher=False)
        self.client.force_login(editor)
        data = edit_form_data(self.article, body_en="<p>x [1] [2]</p>", _publish="1")
        self.assertEqual(self.client.post(self.url, data).status_code, 403)
        publish = f"/admin/articles/article/{self.article.pk}/publish/"
        self.assertEqual(self.client.post(publish).status_code, 403)
        self.assertEqual(Revision.objects.filter(article=self.article).count(), 1)


class TwoEditorsTests(TestCase):
    """Anna and Bram open the same article in two browsers and both save."""

    @classmethod
    def setUpTestData(cls):
        cls.article = make_article(references=2)

    def test_second_save_is_refused_showing_the_first_and_keeping_the_typing(self):
        anna, bram = Client(), Client()
        anna.force_login(staff("anna"))
        bram.force_login(staff("bram"))
        url = f"/admin/articles/article/{self.article.pk}/change/"
        anna_form = edit_form_data(self.article)
        bram_form = edit_form_data(self.article)
        anna.get(url), bram.get(url)

        anna_form["body_en"] = (
            '<p>Anna: see <a href="https://pubmed.ncbi.nlm.nih.gov/2/">trial</a> [1] [2]</p>'
        )
        self.assertEqual(anna.post(url, anna_form).status_code, 302)

        bram_form["body_en"] = "<p>Bram rewrote this paragraph. [1] [2]</p>"
        bram_form["note"] = "Bram's careful note"
        response = bram.post(url, bram_form)
        self.assertEqual(response.status_code, 200)
        self.assertContains(
            response,
            SAVE_CONFLICT % {"user": "Anna", "number": 2},
        )
        self.assertContains(
            response, "https://pubmed.ncbi.nlm.nih.gov/2/"
        )  # what Anna changed
        self.assertContains(
            response, "Bram rewrote this paragraph."
        )  # Bram's typing is kept
        self.assertContains(response, "Bram&#x27;s careful note")
        self.assertEqual(Revision.objects.filter(article=self.article).count(), 2)

        # Having seen Anna's change, Bram saves again on purpose.
        bram_form["base_revision"] = str(
            Revision.objects.get(article=self.article, number=2).pk
        )
        self.assertEqual(bram.post(url, bram_form).status_code, 302)
        self.assertEqual(Revision.objects.filter(article=self.article).count(), 3)


class HistoryTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.user = staff("anna")
        cls.small = make_article(title_en="Few revisions")
        cls.large = make_article(title_en="Many revisions")
        for n in range(60):
            edit(cls.large, body_en=f"<p>Version {n}.</p>", note=f"Change {n}")
        edit(
            cls.small,
            body_en='<p>See <a href="https://example.org/old">the trial</a>.</p>',
        )
        edit(
            cls.small,
            body_en='<p>See <a href="https://example.org/new">the trial</a>.</p>',
        )

    def setUp(self):
        self.client.force_login(self.user)

    def test_history_lists_revisions_with_a_constant_number_of_queries(self):
        for article in (self.small, self.large):
            # session, user, article, two for permissions, count, page, who
            # published, unpublished or restored, and its medical reviews
            with self.assertNumQueries(9):
                response = self.client.get(
                    f"/admin/articles/article/{article.pk}/history/"
                )
            self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Change 59")
        self.assertNotContains(response, "Change 10<")
        self.assertContains(response, "Page 1 of 3")

    def test_compare_shows_a_changed_link_url(self):
        # session, user, article, two for permissions, both revisions
        with self.assertNumQueries(6):
            response = self.client.get(
                f"/admin/articles/article/{self.small.pk}/compare/?a=2&b=3"
            )
        self.assertContains(
            response,
            '<del><code class="markup">&lt;a href=&quot;https://example.org/old&quot; rel=&quot;noopener noreferrer&quot;&gt;</code></del>',
        )
        self.assertContains(
            response,
            '<ins><code class="markup">&lt;a href=&quot;https://example.org/new&quot; rel=&quot;noopener noreferrer&quot;&gt;</code></ins>',
        )

    def test_compare_of_revisions_far_apart_costs_the_same(self):
        with self.assertNumQueries(6):
            self.client.get(
                f"/admin/articles/article/{self.large.pk}/compare/?a=1&b=61"
            )

    def test_revision_view_shows_the_page_as_it_was(self):
        response = self.client.get(
            f"/admin/articles/article/{self.small.pk}/revisions/2/?language=en"
        )
        self.assertContains(response, "Staff preview of revision 2.")
        self.assertContains(response, "https://example.org/old")

    def test_revision_view_is_staff_only(self):
        self.client.logout()
        response = self.client.get(
            f"/admin/articles/article/{self.small.pk}/revisions/2/"
        )
        self.assertEqual(response.status_code, 302)
        self.assertIn("/admin/login/", response["Location"])

    def test_restore_after_confirmation(self):
        url = f"/admin/articles/article/{self.small.pk}/revisions/2/restore/"
        confirm = self.client.get(url)
        self.assertContains(
            confirm, "Restoring saves a new revision with the content of revision 2."
        )
        self.assertEqual(Revision.objects.filter(article=self.small).count(), 3)
        response = self.client.post(
            url,
            {
                "kind": "minor",
                "note": "Back to the old link.",
                "editorial_date": "2021-03",
                "_publish": "1",
            },
        )
        self.assertRedirects(
            response, f"/admin/articles/article/{self.small.pk}/history/"
        )
        restored = Revision.objects.get(article=self.small, number=4)
        self.assertEqual(restored.note, "Back to the old link.")
        self.assertEqual(
            content(restored.snapshot),
            content(Revision.objects.get(article=self.small, number=2).snapshot),
        )
        self.assertContains(
            self.client.get("/en/articles/few-revisions/"), "https://example.org/old"
        )


class ArticleListTests(TestCase):
    def test_add_article_through_the_admin(self):
        self.client.force_login(staff("anna"))
        data = edit_form_data(
            None,
            title_en="Ketamine infusions",
            slug_en="ketamine-infusions",
            body_en="<p>Short. [1]</p>",
            source_language="en",
            kind="public",
            note="First version.",
            _publish="1",
        )
        data |= {
            "references-TOTAL_FORMS": "1",
            "references-0-authors": "Niesters M.",
            "references-0-title": "Ketamine for chronic pain.",
            "references-0-ORDER": "1",
        }
        del data["_save_draft"]
        response = self.client.post("/admin/articles/article/add/", data)
        article = Article.objects.get(slug_en="ketamine-infusions")
        self.assertRedirects(response, f"/admin/articles/article/{article.pk}/change/")
        page = self.client.get("/en/articles/ketamine-infusions/")
        self.assertContains(page, "Niesters M.")


class ScheduleFromTheAdminTests(TestCase):
    def test_schedule_button_needs_a_time_and_then_schedules(self):
        article = make_article()
        self.client.force_login(staff("anna"))
        url = f"/admin/articles/article/{article.pk}/change/"
        data = edit_form_data(article, body_en="<p>Later. [1]</p>", _schedule="1")
        del data["_save_draft"]
        response = self.client.post(url, data)
        self.assertContains(response, PUBLISH_AT_REQUIRED)
        response = self.client.post(
            url, data | {"publish_at": "2031-05-01T09:00"}, follow=True
        )
        article.refresh_from_db()
        when = formats.date_format(
            timezone.localtime(article.publish_at), "DATETIME_FORMAT"
        )
        self.assertContains(response, SCHEDULED % {"number": 2, "when": when})
        self.assertEqual(article.scheduled_revision.number, 2)
        self.assertEqual(article.live_revision.number, 1)


class UnusedReferenceTests(TestCase):
    def test_an_uncited_reference_is_a_warning_not_an_error(self):
        article = make_article(references=2)
        self.client.force_login(staff("anna"))
        url = f"/admin/articles/article/{article.pk}/change/"
        data = edit_form_data(article, body_en="<p>Only the first. [1]</p>")
        response = self.client.post(url, data, follow=True)
        self.assertContains(response, UNCITED_REFERENCES % {"numbers": "[2]"})
        self.assertEqual(Revision.objects.filter(article=article).count(), 2)


class ArticleListFilterTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.done = make_article(title_en="Translated", title_nl="Vertaald")
        cls.todo = make_article(title_en="Untranslated")
        cls.stale = make_article(title_en="Stale", title_nl="Verouderd")
        edit(cls.stale, body_en="<h2>Evidence</h2><p>Changed. [1]</p>")

    def setUp(self):
        self.client.force_login(staff("anna"))

    def listed(self, query: str) -> set[str]:
        response = self.client.get(f"/admin/articles/article/?{query}")
        return {str(a) for a in response.context["cl"].result_list}

    def test_needs_translation(self):
        self.assertEqual(self.listed("translation=needs-nl"), {"Untranslated", "Stale"})

    def test_outdated(self):
        self.assertEqual(self.listed("translation=outdated-nl"), {"Stale"})

    def test_search_finds_dutch_titles(self):
        self.assertEqual(self.listed("q=Verouderd"), {"Stale"})

    def test_list_queries_do_not_grow_with_rows(self):
        with self.assertNumQueries(
            8
        ) as first:  # session, user, permissions, filters, rows
            self.client.get("/admin/articles/article/")
        for n in range(10):
            make_article(title_en=f"More {n}")
        with self.assertNumQueries(len(first)):
            self.client.get("/admin/articles/article/")


class NothingChangedTests(TestCase):
    def test_saving_the_form_unchanged_makes_no_revision(self):
        article = make_article(references=1)
        tags = [
            Tag.objects.create(name_en=name, slug_en=name)
            for name in ("b-tag", "a-tag")
        ]
        edit(article, tags=[tag_entry(tag) for tag in tags])
        article.refresh_from_db()
        self.client.force_login(staff("anna"))
        data = edit_form_data(article)
        data["tags"] = list(reversed(data["tags"]))
        response = self.client.post(
            f"/admin/articles/article/{article.pk}/change/", data, follow=True
        )
        self.assertContains(response, NOTHING_CHANGED)
        self.assertEqual(Revision.objects.filter(article=article).count(), 2)
