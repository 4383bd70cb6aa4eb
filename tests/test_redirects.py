"""Lasting addresses: a slug change leaves a 301, and the old website's addresses
are imported from a CSV file, checked whole before anything is written."""

import io
import tempfile
from datetime import date

from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.test import TestCase

from articles.actions.categories import save_category
from articles.actions.redirects import import_redirects
from articles.models import AuditEntry, Redirect, Revision
from articles.redirects.planning import (
    DUPLICATE,
    FOREIGN_HOST,
    LINE,
    LOOP,
    UNKNOWN_TARGET,
    RedirectsRefused,
)
from articles.revisions.publishing import article_restore
from tests.factories import edit, edit_form_data, make_article, make_category, member


def line(number: int, problem: str) -> str:
    return str(LINE % {"line": number, "problem": problem})


class SlugChangeTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.article = make_article(title_en="Nerve block", title_nl="Zenuwblokkade")

    def assertRedirects301(self, old: str, new: str) -> None:
        response = self.client.get(old)
        self.assertEqual(response.status_code, 301, old)
        self.assertEqual(response["Location"], new)
        self.assertEqual(self.client.get(new).status_code, 200)

    def test_an_edited_slug_answers_301_and_chains_collapse_to_one_hop(self):
        edit(self.article, slug_en="nerve-blocks")
        self.assertRedirects301(
            "/en/articles/nerve-block/", "/en/articles/nerve-blocks/"
        )
        edit(self.article, slug_en="peripheral-nerve-blocks")
        for old in ("/en/articles/nerve-block/", "/en/articles/nerve-blocks/"):
            self.assertRedirects301(old, "/en/articles/peripheral-nerve-blocks/")
        # Below the old address too: an earlier version keeps its path.
        self.assertEqual(
            self.client.get("/en/articles/nerve-block/versions/1/")["Location"],
            "/en/articles/peripheral-nerve-blocks/versions/1/",
        )

    def test_going_back_to_an_old_slug_makes_no_loop(self):
        edit(self.article, slug_en="nerve-blocks")
        edit(self.article, slug_en="nerve-block")
        self.assertEqual(self.client.get("/en/articles/nerve-block/").status_code, 200)
        self.assertRedirects301(
            "/en/articles/nerve-blocks/", "/en/articles/nerve-block/"
        )
        self.assertFalse(Redirect.objects.filter(old_path="/en/articles/nerve-block/"))

    def test_a_dutch_slug_changed_in_the_admin_and_published(self):
        self.client.force_login(member("Publisher"))
        data = edit_form_data(self.article, slug_nl="zenuwblokkades", _publish="1")
        del data["_save_draft"]
        self.client.post(f"/admin/articles/article/{self.article.pk}/change/", data)
        self.client.logout()
        self.assertRedirects301(
            "/nl/artikelen/zenuwblokkade/", "/nl/artikelen/zenuwblokkades/"
        )

    def test_a_draft_with_a_new_slug_keeps_the_old_address_until_published(self):
        edit(self.article, slug_en="nerve-blocks", publish=False)
        self.assertEqual(self.client.get("/en/articles/nerve-block/").status_code, 200)
        self.assertEqual(self.client.get("/en/articles/nerve-blocks/").status_code, 404)

    def test_a_restore_of_an_earlier_slug(self):
        edit(self.article, slug_en="nerve-blocks")
        first = Revision.objects.get(article=self.article, number=1)
        self.article.refresh_from_db()
        article_restore(
            article=self.article,
            revision=first,
            user=None,
            kind=Revision.Kind.MINOR,
            editorial_date=date(2020, 1, 1),
            publish=True,
        )
        self.assertRedirects301(
            "/en/articles/nerve-blocks/", "/en/articles/nerve-block/"
        )

    def test_a_category_slug_in_either_language(self):
        category = make_category(name_nl="Behandeling", slug_nl="behandeling")
        category.slug_nl = "behandelingen"
        save_category(category=category, user=None)
        self.assertRedirects301(
            "/nl/categorie/behandeling/", "/nl/categorie/behandelingen/"
        )
        self.assertEqual(
            self.client.get("/nl/categorie/behandeling/feed/")["Location"],
            "/nl/categorie/behandelingen/feed/",
        )

    def test_an_unpublished_article_leaves_its_old_address_not_found(self):
        edit(self.article, slug_en="nerve-blocks")
        edit(self.article, body_en="<p>Draft.</p>", publish=False)
        from articles.actions.unpublish import unpublish_article

        unpublish_article(article=self.article, user=None)
        self.assertEqual(self.client.get("/en/articles/nerve-block/").status_code, 404)

    def test_one_query_to_look_up_an_address_not_found(self):
        edit(self.article, slug_en="nerve-blocks")
        # the article by its slug, by any slug, the 404 page's menu, the
        # redirect with its article
        with self.assertNumQueries(4):
            self.assertEqual(
                self.client.get("/en/articles/nerve-block/").status_code, 301
            )


class ImportRedirectsTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.article = make_article(title_en="Nerve block", title_nl="Zenuwblokkade")
        make_category(name_nl="Behandeling", slug_nl="behandeling")

    def refused(self, text: str) -> list[str]:
        with self.assertRaises(RedirectsRefused) as caught:
            import_redirects(data=text.encode(), filename="old.csv", user=None)
        self.assertFalse(Redirect.objects.exists())
        return caught.exception.problems

    def test_articles_paths_and_chains_in_one_hop(self):
        result = import_redirects(
            data=(
                b"old path,target\n"
                b"/artikel.php?id=3,nl:zenuwblokkade\n"
                b"http://www.oldclinic.nl/behandeling.html,/nl/categorie/behandeling/\n"
                b"/oud/index.html,/nl/\n"
                b"/oud/zenuw.html,/artikel.php?id=3\n"
            ),
            filename="old.csv",
            user=None,
        )
        self.assertEqual(result.created, 4)
        self.assertEqual(
            self.client.get("/artikel.php?id=3")["Location"],
            "/nl/artikelen/zenuwblokkade/",
        )
        self.assertEqual(
            self.client.get("/oud/zenuw.html")["Location"],
            "/nl/artikelen/zenuwblokkade/",
        )
        self.assertEqual(
            self.client.get("/behandeling.html")["Location"],
            "/nl/categorie/behandeling/",
        )
        self.assertEqual(self.client.get("/oud/index.html")["Location"], "/nl/")
        # The target follows the article's later slug changes.
        edit(self.article, slug_nl="zenuwblokkades")
        self.assertEqual(
            self.client.get("/artikel.php?id=3")["Location"],
            "/nl/artikelen/zenuwblokkades/",
        )
        entry = AuditEntry.objects.get(action=AuditEntry.Action.IMPORT_REDIRECTS)
        self.assertEqual(entry.outcome, AuditEntry.Outcome.DONE)

    def test_every_problem_refused_with_its_line_and_nothing_written(self):
        problems = self.refused(
            "/a.html,en:nerve-block\n"
            "/b.html,en:no-such-article\n"
            "/a.html,en:nerve-block\n"
            "/c.html,https://evil.example/x\n"
            "/d.html,/e.html\n"
            "/e.html,/d.html\n"
            "/f.html,/no/such/page/\n"
        )
        self.assertEqual(
            problems,
            [
                line(2, str(UNKNOWN_TARGET % {"target": "en:no-such-article"})),
                line(3, str(DUPLICATE % {"path": "/a.html", "first": 1})),
                line(
                    4,
                    str(
                        FOREIGN_HOST
                        % {"target": "https://evil.example/x", "host": "evil.example"}
                    ),
                ),
                line(5, str(LOOP % {"target": "/e.html", "path": "/d.html"})),
                line(6, str(LOOP % {"target": "/d.html", "path": "/e.html"})),
                line(7, str(UNKNOWN_TARGET % {"target": "/no/such/page/"})),
            ],
        )
        refused = AuditEntry.objects.get(action=AuditEntry.Action.IMPORT_REDIRECTS)
        self.assertEqual(refused.outcome, AuditEntry.Outcome.REFUSED)

    def test_a_redirect_to_itself_is_a_loop(self):
        self.assertEqual(
            self.refused("/x.html,/x.html\n"),
            [line(1, str(LOOP % {"target": "/x.html", "path": "/x.html"}))],
        )

    def test_a_chain_through_an_earlier_import_is_stored_as_one_hop(self):
        import_redirects(
            data=b"/newer.html,nl:zenuwblokkade\n", filename="a.csv", user=None
        )
        import_redirects(data=b"/old.html,/newer.html\n", filename="b.csv", user=None)
        stored = Redirect.objects.get(old_path="/old.html")
        self.assertEqual(stored.article, self.article)
        self.assertEqual(
            self.client.get("/old.html")["Location"], "/nl/artikelen/zenuwblokkade/"
        )

    def test_the_command(self):
        with tempfile.NamedTemporaryFile("w", suffix=".csv") as file:
            file.write("/a.html,en:nerve-block\n/b.html,en:missing\n")
            file.flush()
            with self.assertRaises(CommandError) as caught:
                call_command("import_redirects", file.name)
            self.assertIn(
                line(2, str(UNKNOWN_TARGET % {"target": "en:missing"})),
                str(caught.exception),
            )
            self.assertIn("Nothing was imported.", str(caught.exception))
            self.assertFalse(Redirect.objects.exists())
            file.seek(0)
            file.write("/a.html,en:nerve-block\n")
            file.truncate()
            file.flush()
            out = io.StringIO()
            call_command("import_redirects", file.name, stdout=out)
        self.assertIn("1 redirects created", out.getvalue())


class RedirectAdminTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        make_article(title_en="Nerve block")
        cls.publisher = member("Publisher")

    def test_listed_added_and_changed_through_the_action(self):
        self.client.force_login(self.publisher)
        response = self.client.post(
            "/admin/articles/redirect/add/",
            {"old_path": "/old.html", "target": "en:nerve-block"},
        )
        self.assertEqual(response.status_code, 302)
        redirect = Redirect.objects.get(old_path="/old.html")
        listing = self.client.get("/admin/articles/redirect/")
        self.assertContains(listing, "/old.html")
        self.assertContains(listing, "en:nerve-block")
        refused = self.client.post(
            f"/admin/articles/redirect/{redirect.pk}/change/",
            {"old_path": "/old.html", "target": "en:missing"},
        )
        self.assertContains(refused, str(UNKNOWN_TARGET % {"target": "en:missing"}))
        self.assertEqual(
            AuditEntry.objects.filter(action=AuditEntry.Action.CHANGE_REDIRECT).count(),
            1,
        )
        self.assertEqual(get_user_model().objects.count(), 1)
