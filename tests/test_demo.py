from io import StringIO

from django.contrib.auth import authenticate
from django.core.management import call_command
from django.test import TestCase

from articles.models import Article, Category


class LoadDemoTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.output = StringIO()
        call_command("load_demo", stdout=cls.output)

    def test_prints_a_working_staff_login(self):
        self.assertIn("user 'demo', password 'clinic-demo'", self.output.getvalue())
        user = authenticate(username="demo", password="clinic-demo")
        self.assertTrue(user is not None and user.is_staff)

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
