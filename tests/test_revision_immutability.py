from django.contrib.auth import get_user_model
from django.db.models import ProtectedError
from django.test import TestCase

from articles.models import REVISIONS_IMMUTABLE, Article, Revision, RevisionImmutable
from articles.related.lists import article_delete
from articles.trash import trash_empty
from tests.factories import edit, make_article, staff


class RevisionImmutabilityTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.user = staff("editor")
        cls.article = make_article(user=cls.user)
        edit(cls.article, user=cls.user, body_en="<p>Second.</p>")

    def setUp(self):
        self.before = self.state()

    def state(self) -> list[tuple]:
        return list(
            Revision.objects.order_by("pk").values_list(
                "pk", "article_id", "number", "snapshot", "note", "kind", "user_id"
            )
        )

    def assertRefused(self, change) -> None:
        with self.assertRaisesMessage(RevisionImmutable, REVISIONS_IMMUTABLE):
            change()
        self.assertEqual(self.state(), self.before)

    def test_queryset_update_is_refused(self):
        self.assertRefused(lambda: Revision.objects.update(note="Rewritten."))
        self.assertRefused(
            lambda: Revision.objects.filter(article=self.article).update(note="x")
        )
        self.assertRefused(lambda: self.article.revisions.update(note="x"))
        self.assertRefused(lambda: Revision._base_manager.update(note="x"))

    def test_queryset_delete_is_refused(self):
        self.assertRefused(lambda: Revision.objects.all().delete())
        self.assertRefused(lambda: self.article.revisions.all().delete())
        self.assertRefused(lambda: Revision._base_manager.filter(number=1).delete())

    def test_bulk_update_is_refused(self):
        revision = Revision.objects.get(article=self.article, number=1)
        revision.note = "Rewritten."
        self.assertRefused(lambda: Revision.objects.bulk_update([revision], ["note"]))

    def test_bulk_create_of_saved_revisions_is_refused(self):
        revision = Revision.objects.get(article=self.article, number=1)
        self.assertRefused(lambda: Revision.objects.bulk_create([revision]))

    def test_saving_an_existing_revision_is_refused(self):
        revision = Revision.objects.get(article=self.article, number=1)
        revision.note = "Rewritten."
        self.assertRefused(revision.save)
        self.assertRefused(lambda: revision.save(update_fields=["note"]))
        self.assertRefused(
            lambda: Revision.objects.update_or_create(
                pk=revision.pk, defaults={"note": "Rewritten."}
            )
        )

    def test_deleting_a_revision_is_refused(self):
        self.assertRefused(Revision.objects.get(article=self.article, number=2).delete)

    def test_deleting_an_article_does_not_cascade_to_its_revisions(self):
        with self.assertRaises(ProtectedError):
            Article.objects.get(pk=self.article.pk).delete()
        with self.assertRaises(ProtectedError):
            Article.objects.filter(pk=self.article.pk).delete()
        self.assertEqual(self.state(), self.before)
        self.assertTrue(Article.objects.filter(pk=self.article.pk).exists())

    def test_deleting_the_account_that_saved_them_is_refused(self):
        with self.assertRaises(ProtectedError):
            get_user_model().objects.filter(pk=self.user.pk).delete()
        self.assertEqual(self.state(), self.before)

    def test_only_revisions_of_trashed_articles_can_be_purged(self):
        self.assertRefused(lambda: Revision.objects.all().purge())
        article_delete(articles=[self.article])
        self.assertEqual(self.state(), self.before)
        trash_empty(now=self.article.created_at, everything=True)
        self.assertEqual(self.state(), [])
        self.assertFalse(Article.objects.filter(pk=self.article.pk).exists())
