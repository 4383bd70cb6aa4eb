"""Finding one's way: the category index, the A–Z list, the header menu and the
category links on article cards, in both languages."""

import re

from django.core.cache import cache
from django.test import TestCase, override_settings

from articles.actions.categories import delete_category, save_category
from articles.models import Article, Category
from articles.public.navigation import initial
from tests.factories import edit, make_article, make_category


def squashed(response) -> str:
    """The page with each run of white space as one space."""
    return re.sub(r"\s+", " ", response.content.decode())


class CategoryIndexTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.treatment = make_category(name_nl="Behandeling", slug_nl="behandeling")
        cls.drugs = make_category(
            ("English articles", "Treatment", "Drugs"),
            name_nl="Geneesmiddelen",
            slug_nl="geneesmiddelen",
        )
        cls.diagnosis = make_category(("English articles", "Diagnosis"))
        make_article(
            title_en="Nerve block", title_nl="Zenuwblokkade", category=cls.treatment
        )
        make_article(title_en="Pregabalin", title_nl="Pregabaline", category=cls.drugs)
        make_article(title_en="Tramadol", category=cls.drugs)
        make_article(title_en="Skin biopsy", category=cls.diagnosis)
        make_article(title_en="Draft", category=cls.drugs, status=Article.Status.DRAFT)

    def test_the_tree_with_article_counts_in_english(self):
        response = self.client.get("/en/category/")
        self.assertContains(response, "<h1>Categories</h1>", html=True)
        page = squashed(response)
        for expected in (
            '<a href="/en/category/english-articles/">English articles</a>'
            ' <span class="count">4 articles</span>',
            '<a href="/en/category/treatment/">Treatment</a>'
            ' <span class="count">3 articles</span>',
            '<a href="/en/category/drugs/">Drugs</a> <span class="count">2 articles</span>',
            '<a href="/en/category/diagnosis/">Diagnosis</a>'
            ' <span class="count">1 article</span>',
        ):
            self.assertIn(expected, page)

    def test_the_dutch_tree_counts_what_dutch_readers_can_read(self):
        root = Category.objects.get_parent(self.treatment)
        root.name_nl, root.slug_nl = "Artikelen", "artikelen"
        save_category(category=root, user=None)
        response = self.client.get("/nl/categorie/")
        self.assertContains(response, "<h1>Categorieën</h1>", html=True)
        page = squashed(response)
        self.assertIn(
            '<a href="/nl/categorie/behandeling/">Behandeling</a>'
            ' <span class="count">2 artikelen</span>',
            page,
        )
        self.assertIn(
            '<a href="/nl/categorie/geneesmiddelen/">Geneesmiddelen</a>'
            ' <span class="count">1 artikel</span>',
            page,
        )
        # No Dutch name: not in the Dutch index.
        self.assertNotContains(response, "Diagnosis")

    def test_query_count_does_not_grow_with_the_tree(self):
        # categories, counts, the header menu
        with self.assertNumQueries(3):
            self.client.get("/en/category/")
        for n in range(5):
            leaf = make_category(("English articles", f"Topic {n}"))
            make_article(title_en=f"Topic article {n}", category=leaf)
        with self.assertNumQueries(3):
            response = self.client.get("/en/category/")
        self.assertContains(response, "Topic 4")


class AToZTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        make_article(title_en="Zoster pain", title_nl="Gordelroospijn")
        make_article(title_en="Amitriptyline", title_nl="Amitriptyline")
        make_article(title_en="Ölbad", slug_en="oelbad")
        make_article(title_en="5% lidocaine", slug_en="lidocaine-5")
        make_article(title_en="Capsaicin", title_nl="Capsaïcine")

    def titles(self, path: str) -> list[str]:
        content = self.client.get(path).content.decode()
        return [
            part.split(">", 1)[1].split("<", 1)[0]
            for part in content.split('class="article-item-title"')[1:]
        ]

    def test_every_readable_article_by_title_in_both_languages(self):
        self.assertEqual(
            self.titles("/en/a-z/"),
            ["5% lidocaine", "Amitriptyline", "Capsaicin", "Ölbad", "Zoster pain"],
        )
        self.assertEqual(
            self.titles("/nl/a-z/"), ["Amitriptyline", "Capsaïcine", "Gordelroospijn"]
        )
        response = self.client.get("/nl/a-z/")
        self.assertContains(response, "<h1>Artikelen A–Z</h1>", html=True)
        self.assertContains(response, '<h2 id="letter-g">G</h2>', html=True)
        self.assertContains(response, '<a href="#letter-g">G</a>', html=True)

    def test_initials(self):
        self.assertEqual(initial("Ölbad"), "O")
        self.assertEqual(initial("5% lidocaine"), "#")
        self.assertEqual(initial("“Quoted”"), "Q")

    def test_query_count(self):
        with self.assertNumQueries(2):  # the articles, the header menu
            self.client.get("/en/a-z/")
        make_article(title_en="Another one")
        with self.assertNumQueries(2):
            self.client.get("/en/a-z/")


class MenuAndCardTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.treatment = make_category(name_nl="Behandeling", slug_nl="behandeling")
        make_category(("English articles", "Diagnosis"))
        cls.article = make_article(
            title_en="Nerve block", title_nl="Zenuwblokkade", category=cls.treatment
        )

    def test_the_menu_shows_the_top_categories_under_the_single_root(self):
        response = self.client.get("/en/")
        self.assertContains(
            response,
            '<nav class="site-menu" aria-label="Categories"><ul>'
            '<li><a href="/en/category/treatment/">Treatment</a></li>'
            '<li><a href="/en/category/diagnosis/">Diagnosis</a></li>'
            '<li><a href="/en/category/">All categories</a></li>'
            '<li><a href="/en/a-z/">A–Z</a></li></ul></nav>',
            html=True,
        )
        dutch = self.client.get("/nl/artikelen/zenuwblokkade/")
        self.assertContains(
            dutch, '<a href="/nl/categorie/behandeling/">Behandeling</a>', count=2
        )  # the menu, the breadcrumb
        self.assertNotContains(dutch, "Diagnosis")
        self.assertContains(dutch, '<a href="/nl/categorie/">Alle categorieën</a>')

    def test_category_labels_on_cards_link_to_their_category(self):
        self.assertContains(
            self.client.get("/nl/"),
            '<a class="article-item-category" href="/nl/categorie/behandeling/">'
            "Behandeling</a>",
            html=True,
        )

    @override_settings(PAGE_CACHE=True)
    def test_a_renamed_top_category_leaves_no_cached_page_with_the_old_menu(self):
        cache.clear()
        self.client.get("/en/articles/nerve-block/")
        self.client.get("/en/a-z/")
        self.treatment.name_en = "Therapy"
        with self.captureOnCommitCallbacks(execute=True):
            save_category(category=self.treatment, user=None)
        self.assertContains(
            self.client.get("/en/articles/nerve-block/"), ">Therapy</a>"
        )
        self.assertContains(self.client.get("/en/a-z/"), ">Therapy</a>")

    @override_settings(PAGE_CACHE=True)
    def test_a_published_article_leaves_no_stale_index(self):
        cache.clear()
        self.client.get("/en/a-z/")
        self.client.get("/en/category/")
        with self.captureOnCommitCallbacks(execute=True):
            edit(self.article, title_en="Peripheral nerve block")
        self.assertContains(self.client.get("/en/a-z/"), "Peripheral nerve block")
        with self.captureOnCommitCallbacks(execute=True):
            make_article(title_en="Biopsy", category=self.treatment)
        self.assertContains(self.client.get("/en/category/"), "2 articles")


@override_settings(PAGE_CACHE=True)
class MenuCategoryDeletedTests(TestCase):
    def test_a_deleted_top_category_leaves_no_cached_page_with_it(self):
        cache.clear()
        treatment = make_category()
        make_category(("English articles", "Diagnosis"))
        make_article(title_en="Skin biopsy")
        self.assertContains(
            self.client.get("/en/articles/skin-biopsy/"), ">Treatment</a>"
        )
        with self.captureOnCommitCallbacks(execute=True):
            delete_category(category=treatment, user=None)
        self.assertNotContains(
            self.client.get("/en/articles/skin-biopsy/"), "Treatment"
        )
