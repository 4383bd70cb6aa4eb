from datetime import date
from io import StringIO

from django.core.management import call_command
from django.test import TestCase

from articles.models import Article, Category, Revision
from articles.revisions.snapshots import snapshot_read
from tests.helpers import LOGIN


class LoadDemoTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.output = StringIO()
        call_command("load_demo", stdout=cls.output)

    def test_prints_a_working_staff_login(self):
        self.assertIn("user 'demo', password 'clinic-demo'", self.output.getvalue())
        response = self.client.post(
            LOGIN,
            {"username": "demo", "password": "clinic-demo"},
            follow=True,
        )
        self.assertContains(response, "Articles, translations and their history")

    def test_every_article_reads_in_both_languages(self):
        articles = Article.objects.all()
        self.assertGreaterEqual(articles.count(), 7)
        for article in articles:
            self.assertEqual(article.readable_languages(), ["en", "nl"], article)
        leaves = {a.category.name_en for a in articles}
        self.assertGreaterEqual(len(leaves), 3)
        self.assertFalse(Category.objects.filter(name_nl="").exists())

    def test_sample_article_reads_in_dutch(self):
        article = Article.objects.get(
            slug_en="low-dose-naltrexone-for-neuropathic-pain"
        )
        response = self.client.get(article.url_in("nl"))
        self.assertContains(response, "Eerste publicatie augustus 2010")
        self.assertContains(response, "herzien februari 2014")
        self.assertContains(response, "Gerelateerde artikelen")
        self.assertEqual(article.references.count(), 13)
        self.assertEqual(article.body_nl.count("<h2>"), 3)

    def test_running_it_again_changes_nothing(self):
        before = list(Article.objects.order_by("pk").values_list("pk", "updated_at"))
        call_command("load_demo", stdout=StringIO())
        self.assertEqual(
            list(Article.objects.order_by("pk").values_list("pk", "updated_at")), before
        )
        self.assertEqual(Category.objects.count(), 4)


class SampleHistoryTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        call_command("load_demo", stdout=StringIO())
        cls.article = Article.objects.get(
            slug_en="low-dose-naltrexone-for-neuropathic-pain"
        )

    def test_two_public_revisions_august_2010_and_february_2014(self):
        public = list(
            self.article.revisions.filter(kind=Revision.Kind.PUBLIC).order_by("number")
        )
        self.assertEqual(
            [r.editorial_date for r in public], [date(2010, 8, 1), date(2014, 2, 1)]
        )
        first, second = (snapshot_read(r.snapshot) for r in public)
        self.assertIn("reconstructed", public[0].note)
        self.assertIn("LDN in our clinic", public[0].note)
        self.assertNotIn("LDN in our clinic", first.value("body", "en"))
        self.assertNotIn("LDN in onze kliniek", first.value("body", "nl"))
        self.assertIn("<h2>LDN in our clinic</h2>", second.value("body", "en"))

    def test_readers_see_both_dates_and_the_history(self):
        response = self.client.get(
            "/en/articles/low-dose-naltrexone-for-neuropathic-pain/"
        )
        self.assertContains(response, "First published August 2010")
        self.assertContains(response, "revised February 2014")
        self.assertContains(response, "Added the section")
        old = self.client.get(
            "/en/articles/low-dose-naltrexone-for-neuropathic-pain/versions/1/"
        )
        self.assertNotContains(old, "LDN in our clinic</h2>")
