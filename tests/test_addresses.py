"""Article, category and fixed page addresses: the same as reverse() gives, in each
language."""

from django.test import SimpleTestCase
from django.urls import NoReverseMatch, reverse, set_script_prefix
from django.utils import translation

from articles.models.addresses import fixed_url, slug_url


class SlugUrlTests(SimpleTestCase):
    def tearDown(self):
        set_script_prefix("/")

    def test_the_addresses_of_reverse_in_each_language(self):
        for name in ("articles:article", "articles:category"):
            for language in ("en", "nl"):
                for slug in ("nerve-block", "a", "step_2-B"):
                    with translation.override(language):
                        expected = reverse(name, kwargs={"slug": slug})
                        self.assertEqual(slug_url(name, slug), expected)
                    with translation.override("nl" if language == "en" else "en"):
                        self.assertEqual(slug_url(name, slug, language), expected)

    def test_the_site_under_a_script_prefix(self):
        slug_url("articles:article", "nerve-block", "nl")
        set_script_prefix("/clinic/")
        self.assertEqual(
            slug_url("articles:article", "nerve-block", "nl"),
            "/clinic/nl/artikelen/nerve-block/",
        )

    def test_other_values_fare_as_with_reverse(self):
        for slug in (None, "", "zenuw blokkade", "zenuwblokkade/1", "café"):
            with translation.override("en"):
                try:
                    expected = reverse("articles:article", kwargs={"slug": slug})
                except NoReverseMatch:
                    with self.assertRaises(NoReverseMatch):
                        slug_url("articles:article", slug, "nl")
                    continue
            with translation.override("nl"):
                self.assertEqual(slug_url("articles:article", slug, "en"), expected)


class FixedUrlTests(SimpleTestCase):
    names = ("articles:home", "articles:search", "articles:feed", "articles:a_to_z")

    def tearDown(self):
        set_script_prefix("/")

    def test_the_addresses_of_reverse_in_each_language_and_prefix(self):
        for prefix in ("/", "/clinic/"):
            set_script_prefix(prefix)
            for language in ("en", "nl"):
                with translation.override(language):
                    for name in self.names:
                        self.assertEqual(fixed_url(name), reverse(name))
        with translation.override("nl"):
            self.assertEqual(fixed_url("articles:search"), "/clinic/nl/zoeken/")

    def test_a_name_that_needs_arguments_fails_as_with_reverse(self):
        with self.assertRaises(NoReverseMatch):
            fixed_url("articles:article")
