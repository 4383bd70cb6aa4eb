"""Every public page and every admin page that lists things has a fixed query budget.

Each test loads a page, adds rows that the page shows, and loads it again: both
times it must cost the same, pinned number of queries, and the second time it
must show more rows, so that a query per row cannot hide.
"""

from datetime import date

import polib
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase

from articles.models import Article, Revision, Tag
from articles.revisions.snapshots import pick_entry, tag_entry
from articles.translations.po.export import catalog_export
from tests.factories import edit, make_article, make_category, member

ARTICLES = "/admin/articles/article/"


class BudgetTestCase(TestCase):
    def assertBudgets(self, budgets: dict[str, int], grow) -> dict[str, tuple]:
        """Each path costs its queries before and after ``grow``; the two responses."""
        before = {path: self.fetch(path, queries) for path, queries in budgets.items()}
        grow()
        after = {path: self.fetch(path, queries) for path, queries in budgets.items()}
        return {path: (before[path], after[path]) for path in budgets}

    def assertBudget(self, path: str, queries: int, grow) -> tuple:
        return self.assertBudgets({path: queries}, grow)[path]

    def fetch(self, path: str, queries: int):
        with self.subTest(path=path), self.assertNumQueries(queries):
            response = self.client.get(path)
        self.assertIn(response.status_code, (200, 301, 302, 404), path)
        return response

    def assertMoreRows(self, before, after) -> None:
        self.assertGreater(after.context["cl"].result_count, 0)
        self.assertGreater(
            after.context["cl"].result_count, before.context["cl"].result_count
        )


def grow_articles(count: int, *, start: int, category, tags) -> list[Article]:
    """Articles in the states the lists show: translated or not, outdated, drafts.

    Every article has tags and picks the two articles made before it.
    """
    made: list[Article] = []
    for i in range(start, start + count):
        article = make_article(
            title_en=f"Nerve block {i}",
            title_nl=f"Zenuwblokkade {i}" if i % 2 else "",
            references=2,
            category=category,
        )
        edit(
            article,
            tags=[tag_entry(tag) for tag in tags],
            picks=[pick_entry(other) for other in made[-2:]],
        )
        if i % 3 == 0:  # the English changed: a Dutch version is outdated
            edit(article, body_en="<h2>Evidence</h2><p>Changed. [1] [2]</p>")
        if i % 4 == 3:  # a draft waits
            edit(article, body_en="<p>Draft. [1] [2]</p>", publish=False)
        made.append(article)
    return made


class ArticleListBudgetTests(BudgetTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.category = make_category()
        cls.tags = [
            Tag.objects.create(name_en=f"tag {n}", slug_en=f"tag-{n}") for n in range(3)
        ]
        grow_articles(2, start=0, category=cls.category, tags=cls.tags)

    def setUp(self):
        self.client.force_login(member("Publisher"))

    def grow(self) -> None:
        grow_articles(10, start=2, category=self.category, tags=self.tags)

    def test_article_list_its_filters_and_search(self):
        # session, user, two for permissions, category filter choices, count of
        # the rows chosen, count of all articles, rows
        pages = self.assertBudgets(
            {
                ARTICLES: 8,
                f"{ARTICLES}?status=published": 8,
                f"{ARTICLES}?translation=needs-nl": 8,
                f"{ARTICLES}?translation=outdated-nl": 8,
                f"{ARTICLES}?source_language=en": 8,
                f"{ARTICLES}?category__id__exact={self.category.pk}": 8,
                f"{ARTICLES}?q=block": 8,
                f"{ARTICLES}?q=Zenuwblokkade": 8,
                f"{ARTICLES}?q=block&status=published&translation=needs-nl": 8,
            },
            self.grow,
        )
        for path, (before, after) in pages.items():
            with self.subTest(path=path):
                self.assertMoreRows(before, after)
        self.assertContains(pages[ARTICLES][1], "Published; a draft waits")
        self.assertContains(pages[ARTICLES][1], "(outdated)")

    def test_translation_dashboard(self):
        path = f"{ARTICLES}translations/"
        # session, user, two for permissions; per language the counts and a page
        # (in English there is nothing to show, so no page)
        before, after = self.assertBudget(path, 7, self.grow)
        rows = [len(language["rows"]) for language in before.context["overview"]]
        more = [len(language["rows"]) for language in after.context["overview"]]
        self.assertGreater(sum(more), sum(rows))


class AdminListBudgetTests(BudgetTestCase):
    """The other lists of the admin, and the autocompletes of the article form."""

    @classmethod
    def setUpTestData(cls):
        cls.publisher = member("Publisher")
        cls.superuser = get_user_model().objects.create_superuser("root")
        make_category(("English articles", "Treatment 0"))
        Tag.objects.create(name_en="tag 0", slug_en="tag-0")

    def test_category_list(self):
        self.client.force_login(self.publisher)

        def grow():
            for n in range(1, 8):
                make_category(("English articles", f"Treatment {n}", f"Drugs {n}"))
                make_category((f"Dutch articles {n}",))

        self.assertMoreRows(*self.assertBudget("/admin/articles/category/", 8, grow))

    def test_tag_list(self):
        self.client.force_login(self.publisher)

        def grow():
            for n in range(1, 12):
                Tag.objects.create(
                    name_en=f"tag {n}",
                    slug_en=f"tag-{n}",
                    name_nl=f"label {n}",
                    slug_nl=f"label-{n}",
                )

        self.assertMoreRows(*self.assertBudget("/admin/articles/tag/", 7, grow))

    def test_user_and_group_lists(self):
        self.client.force_login(self.superuser)

        def grow():
            for n in range(10):
                user = get_user_model().objects.create_user(f"staff{n}", is_staff=True)
                user.groups.add(Group.objects.get(name="Editor"))
                Group.objects.create(name=f"Team {n}")

        pages = self.assertBudgets(
            {"/admin/auth/user/": 6, "/admin/auth/group/": 5}, grow
        )
        for before, after in pages.values():
            self.assertMoreRows(before, after)

    def test_login_attempt_lists(self):
        self.client.force_login(self.superuser)
        models = [AccessAttempt, AccessLog, AccessFailureLog]
        extra = {AccessAttempt: {"failures_since_start": 1}}

        def grow():
            for n in range(10):
                for model in models:
                    model.objects.create(
                        username=f"user{n}",
                        ip_address="127.0.0.1",
                        user_agent="Firefox",
                        path_info=f"/admin/login/{n}",
                        **extra.get(model, {}),
                    )

        pages = self.assertBudgets(
            {
                f"/admin/axes/{model._meta.model_name}/": queries
                for model, queries in zip(models, [8, 8, 8], strict=True)
            },
            grow,
        )
        for before, after in pages.values():
            self.assertMoreRows(before, after)

    def test_autocompletes_of_category_tags_and_picks(self):
        self.client.force_login(self.publisher)
        grow_articles(1, start=0, category=None, tags=[])
        search = "/admin/autocomplete/?app_label=articles&term={term}&"
        # session, user, two for permissions, count, the page of results
        paths = {
            search.format(term="Treat") + "model_name=article&field_name=category": 6,
            search.format(term="tag") + "model_name=article&field_name=tags": 6,
            search.format(term="Nerve") + "model_name=relatedpick&field_name=target": 6,
        }

        def grow():
            for n in range(1, 6):
                make_category(("English articles", f"Treatment {n}"))
                Tag.objects.create(name_en=f"tag {n}", slug_en=f"tag-{n}")
            grow_articles(5, start=1, category=None, tags=[])

        for before, after in self.assertBudgets(paths, grow).values():
            self.assertGreater(
                len(after.json()["results"]), len(before.json()["results"])
            )


class ArticleAdminBudgetTests(BudgetTestCase):
    """An article's own admin pages cost the same with one pick or reference as with many."""

    @classmethod
    def setUpTestData(cls):
        cls.others = [make_article(title_en=f"Other {n}") for n in range(8)]
        cls.tags = [
            Tag.objects.create(name_en=f"tag {n}", slug_en=f"tag-{n}") for n in range(5)
        ]
        cls.small = make_article(title_en="Small", references=1)
        edit(
            cls.small, picks=[pick_entry(cls.others[0])], tags=[tag_entry(cls.tags[0])]
        )
        cls.large = make_article(title_en="Large", references=20)
        edit(
            cls.large,
            picks=[pick_entry(other) for other in cls.others],
            tags=[tag_entry(tag) for tag in cls.tags],
        )

    def setUp(self):
        self.client.force_login(member("Publisher"))

    def assertSameForBoth(self, action: str, queries: int) -> tuple:
        return tuple(
            self.fetch(f"{ARTICLES}{article.pk}/{action}", queries)
            for article in (self.small, self.large)
        )

    def test_edit_form(self):
        # session, user, article (with its review), two for permissions, the
        # form's tags, its review request, who else edits it, category, tags and
        # picks shown
        small, large = self.assertSameForBoth("change/", 10)
        self.assertEqual(small.status_code, 200)
        self.assertContains(large, 'name="references-19-title"')
        for other in self.others:
            self.assertContains(
                large,
                f'<option value="{other.pk}" selected>{other}</option>',
                html=True,
            )

    def test_revision_as_it_looked(self):
        # session, user, article, two for permissions, revision, public revisions,
        # category, ancestors, picks, the header menu
        small, large = self.assertSameForBoth("revisions/2/?language=en", 10)
        self.assertContains(large, 'id="ref-20"')
        self.assertContains(large, "Other 7")

    def test_restore_page(self):
        self.assertSameForBoth("revisions/1/restore/", 6)

    def test_compare_of_many_changed_references_tags_and_picks(self):
        # session, user, article, two for permissions, both revisions
        small, large = self.assertSameForBoth("compare/?a=1&b=2", 6)
        self.assertContains(large, "Other 7")


class DryRunBudgetTests(BudgetTestCase):
    def test_report_of_few_and_many_entries(self):
        self.client.force_login(member("Publisher"))
        few = make_article(title_en="Few paragraphs")
        many = make_article(
            title_en="Many paragraphs",
            body_en="".join(f"<p>Paragraph {n}. [1]</p>" for n in range(30)),
        )
        reports = []
        for article in (few, many):
            catalog = polib.pofile(
                str(
                    catalog_export(
                        language="nl", articles=Article.objects.filter(pk=article.pk)
                    )
                )
            )
            for entry in catalog:
                entry.msgstr = "NL: " + entry.msgid
            upload = SimpleUploadedFile("nl.po", str(catalog).encode())
            # the dry run (with the change notes and the redirects its addresses
            # retire) and its page, and one delete of expired and surplus uploads
            with self.assertNumQueries(25):
                reports.append(
                    self.client.post(
                        f"{ARTICLES}translations/import/", {"file": upload}
                    )
                )
        self.assertContains(reports[1], "NL: Paragraph 29. [1]")
        self.assertGreater(len(reports[1].content), len(reports[0].content))


class PublicPageBudgetTests(BudgetTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.root = make_category(("English articles",), name_nl="Artikelen")
        cls.root.slug_nl = "artikelen"
        cls.root.save()
        cls.leaf = make_category(name_nl="Behandeling", slug_nl="behandeling")
        cls.add_articles(2, start=0)

    @classmethod
    def add_articles(cls, count: int, *, start: int) -> None:
        for n in range(start, start + count):
            make_article(
                title_en=f"Nerve block {n}",
                title_nl=f"Zenuwblokkade {n}",
                category=cls.leaf,
                last_revised=date(2014, 2, 1),
            )

    def grow(self) -> None:
        self.add_articles(23, start=2)
        for n in range(4):
            make_category(("English articles", f"Diagnosis {n}"))

    def test_home_and_category_listings(self):
        pages = self.assertBudgets(
            {
                # the articles, the header menu
                "/en/": 2,
                "/nl/": 2,
                # category, the header menu with the ancestors (a root: its
                # subcategories), count, page
                "/en/category/treatment/": 4,
                "/nl/categorie/behandeling/": 4,
                "/en/category/english-articles/": 5,
                "/en/category/english-articles/?page=2": 5,
            },
            self.grow,
        )
        for path, (before, after) in pages.items():
            with self.subTest(path=path):
                shown = before.content.count(b'class="article-item-title"')
                self.assertGreater(
                    after.content.count(b'class="article-item-title"'), shown
                )

    def test_article_page_with_one_and_with_many_public_revisions(self):
        article = make_article(
            title_en="Often revised", title_nl="Vaak herzien", category=self.leaf
        )
        for year in range(2011, 2017):
            edit(
                article,
                kind=Revision.Kind.PUBLIC,
                note=f"Revised in {year}.",
                editorial_date=date(year, 1, 1),
                body_en=f"<p>Evidence of {year}.</p>",
                body_nl=f"<p>Bewijs uit {year}.</p>",
            )
        # article, references, related, public revisions, the header menu with
        # the ancestors
        for path in ("/en/articles/nerve-block-0/", "/en/articles/often-revised/"):
            self.fetch(path, 5)
        older = self.fetch("/nl/artikelen/vaak-herzien/", 5)
        self.assertContains(older, "/nl/artikelen/vaak-herzien/versies/6/")

    def test_earlier_version_with_few_and_many_picks_and_references(self):
        few = make_article(title_en="Few", references=1, category=self.leaf)
        many = make_article(title_en="Many", references=20, category=self.leaf)
        others = Article.objects.exclude(pk__in=[few.pk, many.pk])
        public = {"kind": Revision.Kind.PUBLIC, "note": "Revised."}
        edit(few, picks=[pick_entry(others[0])], **public)
        edit(many, picks=[pick_entry(other) for other in others], **public)
        for article in (few, many):
            edit(article, body_en="<p>New.</p>", **public)
        # article, revision, public revisions, category, picks, the header menu
        # with the ancestors: the references come from the revision
        self.fetch("/en/articles/few/versions/2/", 6)
        page = self.fetch("/en/articles/many/versions/2/", 6)
        self.assertContains(page, 'id="ref-20"')
        self.assertContains(page, 'class="article-item-title"', count=2)

    def test_not_found_pages_and_redirects(self):
        make_article(title_en="English only")
        # A page not found shows the header menu (one query) and is looked up
        # among the old addresses (one query).
        self.fetch("/", 1)  # the language comes from the browser
        self.fetch("/en/no-such-page/", 2)
        self.fetch("/en/category/no-such-category/", 3)
        self.fetch("/en/articles/no-such-article/", 4)  # by its slug, by any slug
        self.assertEqual(self.fetch("/nl/artikelen/nerve-block-0/", 2).status_code, 301)
        missing = self.fetch("/nl/artikelen/english-only/", 4)
        self.assertContains(missing, 'hreflang="en"', status_code=404)
