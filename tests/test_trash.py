from datetime import date, timedelta
from io import StringIO
from pathlib import Path

from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.test import TestCase, override_settings
from django.utils import timezone
from django.utils.formats import date_format

from articles.actions.publish import publish_scheduled
from articles.actions.trash import empty_trash, untrash_article
from articles.admin.trash import MOVED_TO_TRASH, RESTORED_FROM_TRASH
from articles.models import Article, RelatedArticle, Revision
from articles.models.audit import AuditEntry
from articles.oldsite.importing import ImportRefused, article_import
from articles.oldsite.parser import parse_file
from articles.related.lists import article_delete, related_rebuild
from articles.revisions.publishing import article_schedule
from articles.revisions.snapshots import pick_entry
from articles.translations.po.export import catalog_export
from articles.trash import (
    NOT_IN_TRASH,
    TrashError,
    trash_removal_date,
)
from tests.factories import edit, make_article, make_category, member
from tests.helpers import DUTCH_PAGE, PAGE

OTHER_PAGE = "/en/articles/lidocaine-plasters/"
DEMO_FILE = Path("articles/demo/ldn-neuropathic-pain.en.txt")


class TrashTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.category = make_category()
        cls.article = make_article(
            title_nl="Capsaïcine bij zenuwpijn",
            category=cls.category,
            last_revised=date(2014, 2, 1),
        )
        cls.other = make_article(title_en="Lidocaine plasters", category=cls.category)
        edit(cls.other, picks=[pick_entry(cls.article)])
        related_rebuild()
        cls.publisher = member("Publisher")
        cls.editor = member("Editor")

    def delete_in_the_admin(self) -> None:
        self.client.force_login(self.publisher)
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(
                f"/admin/articles/article/{self.article.pk}/delete/", {"post": "yes"}
            )
        self.assertEqual(response.status_code, 302)
        self.client.logout()

    def untrash_in_the_admin(self):
        self.client.force_login(self.publisher)
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(
                f"/admin/articles/article/trash/{self.article.pk}/restore/",
                follow=True,
            )
        self.client.logout()
        return response

    def test_deleting_keeps_the_article_its_revisions_and_translation_state(self):
        revisions = list(
            Revision.objects.filter(article=self.article).values_list("pk", "snapshot")
        )
        progress = self.article.translation_progress
        self.delete_in_the_admin()
        article = Article.objects.get(pk=self.article.pk)
        self.assertIsNotNone(article.trashed_at)
        self.assertEqual(article.translation_progress, progress)
        self.assertEqual(
            list(
                Revision.objects.filter(article=article).values_list("pk", "snapshot")
            ),
            revisions,
        )

    def test_readers_lose_a_trashed_article_at_once(self):
        for path in (PAGE, OTHER_PAGE, "/en/"):
            self.assertContains(
                self.client.get(path), "Capsaicin for nerve pain", msg_prefix=path
            )
        self.assertContains(self.client.get(DUTCH_PAGE), "Capsaïcine bij zenuwpijn")
        self.delete_in_the_admin()
        self.assertEqual(self.client.get(PAGE).status_code, 404)
        self.assertEqual(self.client.get(DUTCH_PAGE).status_code, 404)
        self.assertEqual(
            self.client.get(f"{PAGE}versions/1/").status_code,
            404,
        )
        self.assertNotContains(self.client.get("/en/"), "Capsaicin for nerve pain")
        category = self.client.get(self.category.url_in("en"))
        self.assertNotContains(category, "Capsaicin for nerve pain")
        self.assertNotContains(self.client.get(OTHER_PAGE), "Capsaicin for nerve pain")
        self.assertFalse(RelatedArticle.objects.filter(target=self.article).exists())
        self.assertFalse(RelatedArticle.objects.filter(article=self.article).exists())

    @override_settings(PAGE_CACHE=True)
    def test_cached_pages_of_a_trashed_article_are_retired(self):
        cache.clear()
        for path in (PAGE, OTHER_PAGE):
            self.assertContains(self.client.get(path), "Capsaicin for nerve pain")
        self.delete_in_the_admin()
        self.assertEqual(self.client.get(PAGE).status_code, 404)
        self.assertNotContains(self.client.get(OTHER_PAGE), "Capsaicin for nerve pain")

    def test_the_admin_list_and_its_search_leave_out_the_trash(self):
        self.delete_in_the_admin()
        self.client.force_login(self.publisher)
        listing = self.client.get("/admin/articles/article/", {"q": "Capsaicin"})
        self.assertNotContains(listing, "Capsaicin for nerve pain")
        self.assertContains(listing, '<a href="/admin/articles/article/trash/">')
        change = f"/admin/articles/article/{self.article.pk}/change/"
        self.assertEqual(self.client.get(change).status_code, 404)
        history = f"/admin/articles/article/{self.article.pk}/history/"
        self.assertEqual(self.client.get(history).status_code, 404)

    def test_the_delete_confirmation_names_the_article_and_the_trash_message(self):
        self.client.force_login(self.publisher)
        url = f"/admin/articles/article/{self.article.pk}/delete/"
        confirmation = self.client.get(url)
        self.assertContains(confirmation, "Capsaicin for nerve pain")
        self.assertNotContains(confirmation, "protected")
        self.assertNotContains(confirmation, "Revision")
        response = self.client.post(url, {"post": "yes"}, follow=True)
        self.assertContains(response, MOVED_TO_TRASH % {"days": 30})

    def test_deleting_selected_articles_moves_them_to_the_trash(self):
        self.client.force_login(self.publisher)
        pks = [str(self.article.pk), str(self.other.pk)]
        self.client.post(
            "/admin/articles/article/",
            {"action": "delete_selected", "_selected_action": pks, "post": "yes"},
        )
        self.assertEqual(
            set(Article.objects.in_trash().values_list("pk", flat=True)),
            {self.article.pk, self.other.pk},
        )

    def test_the_trash_page_lists_the_article_with_its_removal_date(self):
        self.delete_in_the_admin()
        self.client.force_login(self.publisher)
        response = self.client.get("/admin/articles/article/trash/")
        self.assertContains(response, "Capsaicin for nerve pain")
        removal = trash_removal_date(Article.objects.get(pk=self.article.pk))
        self.assertEqual(removal.date(), (timezone.now() + timedelta(days=30)).date())
        self.assertContains(response, date_format(timezone.localtime(removal)))
        self.assertContains(response, 'value="Restore"')
        self.assertNotContains(response, "Lidocaine plasters")

    def test_editors_without_delete_permission_see_no_trash(self):
        self.client.force_login(self.editor)
        self.assertNotContains(
            self.client.get("/admin/articles/article/"),
            "/admin/articles/article/trash/",
        )
        self.assertEqual(
            self.client.get("/admin/articles/article/trash/").status_code, 403
        )
        self.assertEqual(
            self.client.post(
                f"/admin/articles/article/trash/{self.article.pk}/restore/"
            ).status_code,
            403,
        )

    def test_deleting_and_restoring_in_the_admin_are_in_the_audit_log(self):
        self.delete_in_the_admin()
        self.untrash_in_the_admin()
        self.assertEqual(
            list(
                AuditEntry.objects.about_article("capsaicin-for-nerve-pain")
                .order_by("pk")
                .values_list("action", "outcome")
            ),
            [
                (AuditEntry.Action.DELETE, AuditEntry.Outcome.DONE),
                (AuditEntry.Action.UNTRASH, AuditEntry.Outcome.DONE),
            ],
        )

    def test_restoring_puts_the_article_back_as_it_was(self):
        before = self.client.get(PAGE).content
        related = set(
            RelatedArticle.objects.filter(target=self.article).values_list(
                "article_id", "language"
            )
        )
        self.delete_in_the_admin()
        response = self.untrash_in_the_admin()
        self.assertContains(
            response, RESTORED_FROM_TRASH % {"article": "Capsaicin for nerve pain"}
        )
        self.assertEqual(self.client.get(PAGE).content, before)
        dutch = self.client.get(DUTCH_PAGE)
        self.assertContains(dutch, "herzien februari 2014")
        self.assertContains(self.client.get(OTHER_PAGE), "Capsaicin for nerve pain")
        self.assertEqual(
            set(
                RelatedArticle.objects.filter(target=self.article).values_list(
                    "article_id", "language"
                )
            ),
            related,
        )
        self.assertEqual(
            self.client.get("/admin/articles/article/trash/").status_code, 302
        )

    def test_an_article_not_in_the_trash_cannot_be_restored_from_it(self):
        with self.assertRaisesMessage(TrashError, str(NOT_IN_TRASH)):
            untrash_article(article=self.article, user=None)

    def test_a_trashed_article_keeps_its_slugs(self):
        article_delete(articles=[self.article])
        again = make_article(title_nl="Capsaïcine bij zenuwpijn")
        self.assertEqual(again.slug_en, "capsaicin-for-nerve-pain-2")
        self.assertEqual(again.slug_nl, "capsaicine-bij-zenuwpijn-2")
        self.assertEqual(self.client.get(PAGE).status_code, 404)
        untrash_article(article=self.article, user=None)
        self.assertContains(self.client.get(PAGE), "Capsaicin works.")
        self.assertEqual(
            self.client.get("/en/articles/capsaicin-for-nerve-pain-2/").status_code,
            200,
        )

    def test_the_pipeline_leaves_out_the_trash(self):
        article_delete(articles=[self.article])
        catalog = catalog_export(language="nl")
        self.assertFalse(
            [e for e in catalog if e.msgctxt.startswith("capsaicin-for-nerve-pain/")]
        )

    def test_a_scheduled_revision_of_a_trashed_article_is_not_published(self):
        edit(self.article, body_en="<p>Embargoed.</p>", publish=False)
        article_schedule(
            article=Article.objects.get(pk=self.article.pk),
            publish_at=timezone.now() - timedelta(minutes=1),
            user=None,
        )
        article_delete(articles=[self.article])
        self.assertEqual(publish_scheduled(now=timezone.now()), [])
        untrash_article(article=self.article, user=None)
        self.assertNotContains(self.client.get(PAGE), "Embargoed.")


class TrashImportTests(TestCase):
    def test_importing_a_trashed_article_again_is_refused(self):
        parsed = parse_file(str(DEMO_FILE))
        article = article_import(parsed=parsed).article
        article_delete(articles=[article])
        with self.assertRaisesMessage(ImportRefused, "is in the trash; restore it"):
            article_import(parsed=parsed)
        self.assertEqual(Revision.objects.filter(article=article).count(), 1)


class EmptyTrashTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.old = make_article(title_en="Old article")
        cls.recent = make_article(title_en="Recent article")
        cls.kept = make_article(title_en="Kept article")
        edit(cls.kept, picks=[pick_entry(cls.old)])
        article_delete(articles=[cls.old, cls.recent])
        # Deleted 31 days ago.
        Article.objects.filter(pk=cls.old.pk).update(
            trashed_at=timezone.now() - timedelta(days=31)
        )

    def test_empty_trash_removes_articles_older_than_the_setting(self):
        out = StringIO()
        call_command("empty_trash", stdout=out)
        self.assertEqual(
            out.getvalue(),
            "removed Old article\nremoved 1 article(s) from the trash\n",
        )
        self.assertFalse(Article.objects.filter(pk=self.old.pk).exists())
        self.assertFalse(Revision.objects.filter(article_id=self.old.pk).exists())
        self.assertTrue(Article.objects.in_trash().filter(pk=self.recent.pk).exists())
        self.assertTrue(Revision.objects.filter(article=self.recent).exists())
        self.assertTrue(Revision.objects.filter(article=self.kept).exists())
        self.assertFalse(self.kept.picks.exists())

    def test_emptying_the_trash_records_each_article_and_who(self):
        publisher = member("Publisher")
        call_command("empty_trash", "--user", publisher.username, stdout=StringIO())
        entry = AuditEntry.objects.get(action=AuditEntry.Action.EMPTY_TRASH)
        self.assertEqual(
            (entry.username, entry.object_label), (publisher.username, "Old article")
        )

    def test_an_editor_may_not_empty_the_trash(self):
        editor = member("Editor")
        with self.assertRaises(CommandError):
            call_command("empty_trash", "--user", editor.username, stdout=StringIO())
        self.assertTrue(Article.objects.filter(pk=self.old.pk).exists())
        self.assertEqual(
            AuditEntry.objects.get(action=AuditEntry.Action.EMPTY_TRASH).outcome,
            AuditEntry.Outcome.REFUSED,
        )

    @override_settings(TRASH_DAYS=40)
    def test_the_setting_decides_what_is_old(self):
        self.assertEqual(empty_trash(now=timezone.now(), user=None), [])

    def test_all_empties_the_whole_trash(self):
        out = StringIO()
        call_command("empty_trash", "--all", stdout=out)
        self.assertIn("removed 2 article(s) from the trash", out.getvalue())
        self.assertFalse(Article.objects.in_trash().exists())
        self.assertEqual(Article.objects.count(), 1)

    def test_an_emptied_article_frees_its_slug(self):
        empty_trash(now=timezone.now(), user=None, everything=True)
        self.assertEqual(make_article(title_en="Old article").slug_en, "old-article")


class TrashPageBudgetTests(TestCase):
    def test_the_trash_page_costs_the_same_for_one_or_ten_articles(self):
        self.client.force_login(member("Publisher"))
        article_delete(articles=[make_article(title_en="Gone 0")])
        # session, user, two for permissions, the trashed articles
        with self.assertNumQueries(5):
            self.assertContains(
                self.client.get("/admin/articles/article/trash/"), "Gone 0"
            )
        article_delete(
            articles=[make_article(title_en=f"Gone {n}") for n in range(1, 10)]
        )
        with self.assertNumQueries(5):
            self.assertContains(
                self.client.get("/admin/articles/article/trash/"), "Gone 9"
            )
