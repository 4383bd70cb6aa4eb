"""Every write is an action: it checks the user's permission itself, runs in one
transaction, writes one audit entry and retires the cached pages it changed."""

import tempfile
from datetime import date, timedelta
from io import StringIO
from pathlib import Path

import polib
from django.contrib.admin.models import LogEntry
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db.models import Max
from django.test import TestCase, override_settings
from django.utils import timezone

from articles.actions.base import NO_SUCH_USER, NOT_PERMITTED, NotPermitted
from articles.actions.categories import delete_category, save_category, save_tag
from articles.actions.delete import delete_articles
from articles.actions.import_article import import_article
from articles.actions.import_catalog import import_catalog
from articles.actions.publish import publish_article
from articles.actions.restore import restore_revision
from articles.actions.save import save_article
from articles.actions.schedule import schedule_article
from articles.actions.translation import edit_translation
from articles.actions.unpublish import unpublish_article
from articles.admin.taxonomy import CATEGORY_NOT_MOVED
from articles.models import Article, CatalogUpload, Category, Revision, Tag
from articles.models.audit import AuditEntry
from articles.oldsite.parser import parse_file
from articles.revisions.publishing import article_snapshot
from articles.revisions.saving import EditConflict
from articles.translations.po.export import catalog_export
from articles.translations.po.reading import CatalogError
from tests.factories import (
    SAMPLE,
    edit,
    edit_form_data,
    make_article,
    make_category,
    member,
    staff,
    with_fields,
)
from tests.helpers import DUTCH_PAGE, PAGE

Action, Outcome = AuditEntry.Action, AuditEntry.Outcome


class NewEntries:
    """The audit entries the test itself made, oldest first."""

    def setUp(self):
        super().setUp()
        self.mark = AuditEntry.objects.aggregate(last=Max("pk"))["last"] or 0

    def new(self):
        return AuditEntry.objects.filter(pk__gt=self.mark).order_by("pk")


def refusal(user, action) -> str:
    return str(
        NOT_PERMITTED
        % {"user": user.get_full_name() or user.username, "action": action.label}
    )


class RefusedWithoutPermissionTests(NewEntries, TestCase):
    """Called directly, each action refuses a user without the permission,
    records the refusal and writes nothing."""

    @classmethod
    def setUpTestData(cls):
        cls.article = make_article(title_nl="Capsaïcine bij zenuwpijn")
        edit(cls.article, body_en="<p>Second. [1]</p>")
        cls.editor = staff("edith", publisher=False)
        cls.translator = member("Translator (English)")

    def assertRefused(self, user, action, call, *, error=NotPermitted):
        revisions = Revision.objects.count()
        row = Article.objects.values().get(pk=self.article.pk)
        with self.assertRaises(error) as caught:
            call()
        if error is NotPermitted:
            self.assertEqual(caught.exception.reason, refusal(user, action))
        self.assertEqual(Revision.objects.count(), revisions)
        self.assertEqual(Article.objects.values().get(pk=self.article.pk), row)
        entry = self.new().get(action=action)
        self.assertEqual(
            (entry.user, entry.username, entry.action, entry.outcome),
            (user, user.username, action, Outcome.REFUSED),
        )
        return entry

    def test_an_editor_may_not_publish(self):
        entry = self.assertRefused(
            self.editor,
            Action.PUBLISH,
            lambda: publish_article(article=self.article, user=self.editor),
        )
        self.assertEqual(entry.article_id, self.article.pk)
        self.assertEqual(entry.object_label, "Capsaicin for nerve pain")

    def test_an_editor_may_not_save_and_publish(self):
        self.assertRefused(
            self.editor,
            Action.PUBLISH,
            lambda: save_article(
                article=self.article,
                snapshot=with_fields(
                    article_snapshot(self.article), body_en="<p>X</p>"
                ),
                user=self.editor,
                note="",
                kind=Revision.Kind.MINOR,
                editorial_date=date(2020, 1, 1),
                base_revision_id=self.article.latest_revision_id,
                publish=True,
            ),
        )

    def test_a_translator_may_not_save_an_article(self):
        self.assertRefused(
            self.translator,
            Action.SAVE,
            lambda: save_article(
                article=self.article,
                snapshot=with_fields(
                    article_snapshot(self.article), body_en="<p>X</p>"
                ),
                user=self.translator,
                note="",
                kind=Revision.Kind.MINOR,
                editorial_date=date(2020, 1, 1),
                base_revision_id=self.article.latest_revision_id,
            ),
        )

    def test_an_editor_may_not_unpublish_schedule_restore_or_delete(self):
        calls = {
            Action.UNPUBLISH: lambda: unpublish_article(
                article=self.article, user=self.editor
            ),
            Action.SCHEDULE: lambda: schedule_article(
                article=self.article,
                publish_at=timezone.now() + timedelta(days=1),
                user=self.editor,
            ),
            Action.RESTORE: lambda: restore_revision(
                article=self.article,
                revision=self.article.revisions.get(number=1),
                user=self.editor,
                kind=Revision.Kind.MINOR,
                editorial_date=date(2020, 1, 1),
            ),
            Action.DELETE: lambda: delete_articles(
                articles=[self.article], user=self.editor
            ),
        }
        for action, call in calls.items():
            with self.subTest(action):
                self.assertRefused(self.editor, action, call)

    def test_an_editor_may_not_import_an_article(self):
        self.assertRefused(
            self.editor,
            Action.IMPORT_ARTICLE,
            lambda: import_article(parsed=parse_file(str(SAMPLE)), user=self.editor),
        )
        self.assertFalse(
            Article.objects.filter(slug_en__startswith="low-dose").exists()
        )

    def test_someone_without_article_permissions_may_not_import_a_catalog(self):
        nobody = staff("norbert", publisher=False)
        nobody.user_permissions.clear()
        data = str(catalog_export(language="nl")).encode()
        entry = self.assertRefused(
            nobody,
            Action.IMPORT_CATALOG,
            lambda: import_catalog(
                data=data, filename="nl.po", language="nl", user=nobody
            ),
        )
        self.assertEqual(entry.object_label, "nl.po")

    def test_a_translator_may_not_edit_another_language(self):
        dutch = with_fields(article_snapshot(self.article), title_nl="Capsaïcine!")
        self.assertRefused(
            self.translator,
            Action.EDIT_TRANSLATION,
            lambda: edit_translation(
                article=self.article,
                snapshot=dutch,
                user=self.translator,
                note="",
                base_revision_id=self.article.latest_revision_id,
            ),
        )

    def test_a_translator_may_not_change_the_source_text(self):
        dutch = member("Translator (Dutch)")
        english = with_fields(article_snapshot(self.article), body_en="<p>No.</p>")
        self.assertRefused(
            dutch,
            Action.EDIT_TRANSLATION,
            lambda: edit_translation(
                article=self.article,
                snapshot=english,
                user=dutch,
                note="",
                base_revision_id=self.article.latest_revision_id,
            ),
        )

    def test_a_translator_may_not_change_categories_or_tags(self):
        dutch = member("Translator (Dutch)")
        category = make_category()
        category.name_en = "Renamed"
        with self.assertRaises(NotPermitted):
            save_category(category=category, user=dutch)
        self.assertEqual(Category.objects.get(pk=category.pk).name_en, "Treatment")
        with self.assertRaises(NotPermitted):
            save_tag(tag=Tag(name_en="pain", slug_en="pain"), user=dutch)
        self.assertFalse(Tag.objects.exists())
        self.assertEqual(
            list(self.new().filter(outcome=Outcome.REFUSED).values_list("action")),
            [(Action.CHANGE_CATEGORY,), (Action.CHANGE_TAG,)],
        )

    def test_an_edit_conflict_is_refused_and_recorded(self):
        publisher = staff("paula")
        entry = self.assertRefused(
            publisher,
            Action.SAVE,
            lambda: save_article(
                article=self.article,
                snapshot=with_fields(
                    article_snapshot(self.article), body_en="<p>X</p>"
                ),
                user=publisher,
                note="",
                kind=Revision.Kind.MINOR,
                editorial_date=date(2020, 1, 1),
                base_revision_id=self.article.revisions.get(number=1).pk,
            ),
            error=EditConflict,
        )
        self.assertIn("Revision 2 was saved", entry.reason)


class DoneTests(NewEntries, TestCase):
    """One entry for each action done, with who, what and on which object."""

    @classmethod
    def setUpTestData(cls):
        cls.article = make_article(title_nl="Capsaïcine bij zenuwpijn")
        cls.publisher = staff("paula")

    def entries(self):
        return list(
            self.new().values_list(
                "username",
                "user_display",
                "action",
                "object_label",
                "revision",
                "outcome",
            )
        )

    def test_save_and_schedule_are_one_action_in_one_transaction(self):
        when = timezone.now() + timedelta(days=2)
        result = save_article(
            article=self.article,
            snapshot=with_fields(
                article_snapshot(self.article), body_en="<p>New. [1]</p>"
            ),
            user=self.publisher,
            note="Soon.",
            kind=Revision.Kind.MINOR,
            editorial_date=date(2020, 1, 1),
            base_revision_id=self.article.latest_revision_id,
            publish_at=when,
        )
        self.assertEqual(result.article.scheduled_revision, result.revision)
        self.assertEqual(
            self.entries(),
            [
                (
                    "paula",
                    "Paula",
                    Action.SCHEDULE,
                    "Capsaicin for nerve pain",
                    2,
                    Outcome.DONE,
                )
            ],
        )

    def test_a_command_without_user_acts_as_the_system(self):
        unpublish_article(article=self.article, user=None)
        self.assertEqual(
            self.entries(),
            [
                (
                    "system",
                    "system",
                    Action.UNPUBLISH,
                    "Capsaicin for nerve pain",
                    None,
                    Outcome.DONE,
                )
            ],
        )

    def test_deleting_records_each_article_it_moves_to_the_trash(self):
        other = make_article(title_en="Lidocaine plasters")
        delete_articles(articles=[self.article, other], user=member("Publisher"))
        self.assertFalse(Article.objects.present().exists())
        self.assertEqual(Article.objects.in_trash().count(), 2)
        self.assertEqual(
            [(e[2], e[3]) for e in self.entries() if e[2] == Action.DELETE],
            [
                (Action.DELETE, "Capsaicin for nerve pain"),
                (Action.DELETE, "Lidocaine plasters"),
            ],
        )
        self.assertEqual(
            AuditEntry.objects.about_article("capsaicin-for-nerve-pain")
            .filter(action=Action.DELETE)
            .count(),
            1,
        )


class AdminActionTests(NewEntries, TestCase):
    """The admin's writes go through the actions: audited, and in Recent actions."""

    @classmethod
    def setUpTestData(cls):
        cls.article = make_article(title_nl="Capsaïcine bij zenuwpijn")
        cls.publisher = staff("paula")

    def setUp(self):
        super().setUp()
        self.client.force_login(self.publisher)

    def url(self, name: str, *args) -> str:
        return f"/admin/articles/article/{self.article.pk}/{name}"

    def test_publish_unpublish_and_restore_show_in_history_and_recent_actions(self):
        data = edit_form_data(self.article, body_en="<p>Two. [1]</p>")
        self.assertEqual(self.client.post(self.url("change/"), data).status_code, 302)
        self.client.post(self.url("unpublish/"))
        self.client.post(self.url("publish/"))
        self.client.post(
            self.url("revisions/1/restore/"),
            {
                "kind": "minor",
                "note": "Back.",
                "editorial_date": "2020-01",
                "_publish": "1",
            },
        )
        self.assertEqual(
            list(self.new().values_list("username", "action", "revision", "outcome")),
            [
                ("paula", Action.SAVE, 2, Outcome.DONE),
                ("paula", Action.UNPUBLISH, None, Outcome.DONE),
                ("paula", Action.PUBLISH, 2, Outcome.DONE),
                ("paula", Action.RESTORE, 3, Outcome.DONE),
            ],
        )
        history = self.client.get(self.url("history/"))
        self.assertContains(history, "Paula", count=6)  # 3 revisions, 3 entries
        for label in ("unpublish", "publish", "restore"):
            self.assertContains(history, f"<td>{label}</td>", html=True)
        index = self.client.get("/admin/")
        self.assertEqual(LogEntry.objects.filter(user=self.publisher).count(), 4)
        self.assertContains(index, "Capsaicin for nerve pain", count=4)
        self.assertEqual(
            [e.get_change_message() for e in LogEntry.objects.order_by("pk")],
            [
                "Save (revision 2)",
                "Unpublish",
                "Publish (revision 2)",
                "Restore (revision 3)",
            ],
        )

    def test_saving_with_a_schedule_is_one_schedule_entry(self):
        data = edit_form_data(
            self.article,
            body_en="<p>Later. [1]</p>",
            _schedule="1",
            publish_at="2031-05-01T09:00",
        )
        del data["_save_draft"]
        self.assertEqual(self.client.post(self.url("change/"), data).status_code, 302)
        self.assertEqual(
            list(self.new().values_list("username", "action", "revision", "outcome")),
            [("paula", Action.SCHEDULE, 2, Outcome.DONE)],
        )
        self.assertEqual(
            Article.objects.get(pk=self.article.pk).scheduled_revision.number, 2
        )

    def test_a_refused_publish_answers_403_and_is_recorded(self):
        editor = staff("edith", publisher=False)
        self.client.force_login(editor)
        self.assertEqual(self.client.post(self.url("publish/")).status_code, 403)
        entry = self.new().get()
        self.assertEqual(
            (entry.username, entry.action, entry.outcome, entry.reason),
            ("edith", Action.PUBLISH, Outcome.REFUSED, refusal(editor, Action.PUBLISH)),
        )

    def test_deleting_in_the_admin_is_audited_once_in_each_log(self):
        self.client.force_login(member("Publisher"))
        response = self.client.post(self.url("delete/"), {"post": "yes"})
        self.assertEqual(response.status_code, 302)
        self.assertEqual(
            list(self.new().values_list("action", "object_label")),
            [(Action.DELETE, "Capsaicin for nerve pain")],
        )
        self.assertEqual(LogEntry.objects.count(), 1)

    def test_a_catalog_applied_in_the_admin_is_one_import(self):
        catalog = polib.pofile(str(catalog_export(language="nl")))
        catalog.find("Capsaicin for nerve pain").msgstr = "Capsaïcine tegen zenuwpijn"
        upload = SimpleUploadedFile("nl.po", str(catalog).encode())
        base = "/admin/articles/article/translations/import/"
        self.client.post(base, {"file": upload})
        self.assertFalse(self.new().exists())  # a dry run is not recorded
        pending = CatalogUpload.objects.get()
        self.client.post(f"{base}{pending.pk}/apply/")
        self.assertEqual(
            list(
                self.new().values_list("username", "action", "object_label", "outcome")
            ),
            [("paula", Action.IMPORT_CATALOG, "nl.po (nl)", Outcome.DONE)],
        )

    def test_a_translators_edit_is_an_edit_translation(self):
        translator = member("Translator (Dutch)")
        self.client.force_login(translator)
        data = edit_form_data(self.article, title_nl="Capsaïcine tegen zenuwpijn")
        self.assertEqual(self.client.post(self.url("change/"), data).status_code, 302)
        entry = self.new().get()
        self.assertEqual(
            (entry.action, entry.outcome, entry.revision),
            (Action.EDIT_TRANSLATION, Outcome.DONE, 2),
        )
        self.assertEqual(
            Article.objects.get(pk=self.article.pk).title_nl,
            "Capsaïcine tegen zenuwpijn",
        )


class CachedCategoryPage(NewEntries):
    """An article in a category, its pages cached, and a superuser to change them."""

    @classmethod
    def setUpTestData(cls):
        cls.category = make_category(name_nl="Behandelingen", slug_nl="behandelingen")
        cls.article = make_article(
            title_nl="Capsaïcine bij zenuwpijn", category=cls.category
        )
        cls.superuser = staff("sam")
        cls.superuser.is_superuser = True
        cls.superuser.save()

    def setUp(self):
        super().setUp()
        cache.clear()
        self.addCleanup(cache.clear)


@override_settings(PAGE_CACHE=True)
class CategoryRenameTests(CachedCategoryPage, TestCase):
    """A renamed category shows at once on cached pages, from the admin or a PO file."""

    def test_renamed_in_the_admin(self):
        self.assertContains(self.client.get(PAGE), "Treatment")
        self.client.force_login(self.superuser)
        data = {
            "name_en": "Pain treatment",
            "name_nl": "Behandelingen",
            "slug_en": "treatment",
            "slug_nl": "behandelingen",
            "treebeard_position": "first-child",
            "treebeard_ref_node": str(Category.objects.get_parent(self.category).pk),
        }
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(
                f"/admin/articles/category/{self.category.pk}/change/", data
            )
        self.assertEqual(response.status_code, 302)
        self.client.logout()
        self.assertContains(self.client.get(PAGE), "Pain treatment")
        self.assertContains(
            self.client.get("/en/category/treatment/"), "Pain treatment"
        )
        entry = self.new().get()
        self.assertEqual(
            (entry.username, entry.action, entry.object_label, entry.outcome),
            ("sam", Action.CHANGE_CATEGORY, "Pain treatment", Outcome.DONE),
        )

    def test_moved_in_the_admin_tree(self):
        other = make_category(("Dutch articles",))
        self.assertContains(self.client.get(PAGE), "English articles")
        self.client.force_login(self.superuser)
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(
                "/admin/articles/category/move/",
                {"node": self.category.pk, "target": other.pk, "relation": "child"},
            )
        self.assertEqual(response.status_code, 200)
        self.client.logout()
        page = self.client.get(PAGE)
        self.assertContains(page, "Dutch articles")
        self.assertNotContains(page, "English articles")
        self.assertEqual(
            list(self.new().values_list("username", "action", "object_label")),
            [("sam", Action.CHANGE_CATEGORY, "Treatment")],
        )

    def test_a_move_treebeard_refuses_is_recorded_as_refused(self):
        self.client.force_login(self.superuser)
        parent = Category.objects.get_parent(self.category)
        response = self.client.post(
            "/admin/articles/category/move/",
            {"node": parent.pk, "target": self.category.pk, "relation": "child"},
        )
        self.assertEqual(response.status_code, 400)
        self.assertEqual(
            list(self.new().values_list("action", "outcome", "reason")),
            [(Action.CHANGE_CATEGORY, Outcome.REFUSED, str(CATEGORY_NOT_MOVED))],
        )
        self.assertEqual(Category.objects.get_parent(self.category), parent)

    def test_renamed_by_a_catalog_import(self):
        self.assertContains(self.client.get(DUTCH_PAGE), "Behandelingen")
        catalog = polib.pofile(str(catalog_export(language="nl")))
        catalog.find("category/treatment/name", by="msgctxt").msgstr = "Pijnbehandeling"
        translator = member("Translator (Dutch)")
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "nl.po"
            catalog.save(str(path))
            with self.captureOnCommitCallbacks(execute=True):
                call_command("import_po", str(path), "--user", translator.username)
        self.assertContains(self.client.get(DUTCH_PAGE), "Pijnbehandeling")
        self.assertEqual(
            list(
                self.new().values_list("username", "action", "object_label", "outcome")
            ),
            [
                (
                    translator.username,
                    Action.CHANGE_CATEGORY,
                    "Treatment",
                    Outcome.DONE,
                ),
                (
                    translator.username,
                    Action.IMPORT_CATALOG,
                    "nl.po (nl)",
                    Outcome.DONE,
                ),
            ],
        )


class CommandActionTests(NewEntries, TestCase):
    """Commands act as ``--user`` or as the system, and record refusals."""

    def test_import_article_as_a_user(self):
        publisher = staff("paula")
        call_command(
            "import_article", str(SAMPLE), "--user", "paula", stdout=StringIO()
        )
        entry = self.new().get()
        self.assertEqual(
            (
                entry.user,
                entry.action,
                entry.object_label,
                entry.revision,
                entry.outcome,
            ),
            (
                publisher,
                Action.IMPORT_ARTICLE,
                "Low dose naltrexone for neuropathic pain",
                1,
                Outcome.DONE,
            ),
        )

    def test_a_refused_import_is_recorded_with_its_reason_and_imports_nothing(self):
        article = make_article(title_en="Low dose naltrexone for neuropathic pain")
        edit(article, body_en="<p>Draft. [1]</p>", publish=False)
        before = self.new().count()
        with self.assertRaises(CommandError):
            call_command("import_article", str(SAMPLE), stderr=StringIO())
        entry = self.new().last()
        self.assertEqual(self.new().count(), before + 1)
        self.assertEqual((entry.username, entry.outcome), ("system", Outcome.REFUSED))
        self.assertIn("has unpublished changes in the admin", entry.reason)
        self.assertEqual(AuditEntry.objects.about_article(article.slug_en).get(), entry)
        self.assertEqual(article.revisions.count(), 2)

    def test_a_refused_catalog_is_recorded_with_its_reason(self):
        with self.assertRaises(CatalogError):
            import_catalog(
                data=b"garbage \x00", filename="bad.po", language="nl", user=None
            )
        entry = self.new().get()
        self.assertEqual(
            (entry.action, entry.object_label, entry.outcome),
            (Action.IMPORT_CATALOG, "bad.po", Outcome.REFUSED),
        )
        self.assertTrue(entry.reason)

    def test_publish_scheduled_records_each_publication(self):
        article = make_article()
        edit(article, body_en="<p>Later. [1]</p>", publish=False)
        schedule_article(
            article=Article.objects.get(pk=article.pk),
            publish_at=timezone.now() - timedelta(minutes=1),
            user=None,
        )
        call_command("publish_scheduled", stdout=StringIO())
        self.assertEqual(
            list(self.new().values_list("username", "action", "revision"))[-2:],
            [("system", Action.SCHEDULE, 2), ("system", Action.PUBLISH, 2)],
        )

    def test_load_demo_acts_as_the_user_named(self):
        publisher = member("Publisher")
        call_command("load_demo", "--user", publisher.username, stdout=StringIO())
        done = self.new().filter(outcome=Outcome.DONE)
        self.assertEqual(
            set(done.values_list("username", flat=True)), {publisher.username}
        )
        self.assertEqual(
            set(done.values_list("action", flat=True)),
            {
                Action.IMPORT_ARTICLE,
                Action.CHANGE_TAG,
                Action.PUBLISH,
                Action.CHANGE_CATEGORY,
                Action.IMPORT_CATALOG,
            },
        )
        self.assertEqual(done.filter(action=Action.IMPORT_ARTICLE).count(), 8)

    def test_an_unknown_user_is_refused(self):
        with self.assertRaisesMessage(
            CommandError, str(NO_SUCH_USER % {"username": "nobody"})
        ):
            call_command("import_article", str(SAMPLE), "--user", "nobody")
        self.assertFalse(Article.objects.exists())


@override_settings(PAGE_CACHE=True)
class CategoryAndTagDeleteTests(CachedCategoryPage, TestCase):
    """Deleting a category or a tag in the admin is an action like any other write."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.tag = Tag.objects.create(name_en="Capsaicin", slug_en="capsaicin")
        cls.article.tags.add(cls.tag)

    def test_a_deleted_category_leaves_cached_pages_at_once(self):
        self.assertContains(self.client.get(PAGE), "Treatment")
        self.client.force_login(self.superuser)
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(
                f"/admin/articles/category/{self.category.pk}/delete/", {"post": "yes"}
            )
        self.assertEqual(response.status_code, 302)
        self.client.logout()
        self.assertNotContains(self.client.get(PAGE), "Treatment")
        self.assertEqual(self.client.get("/en/category/treatment/").status_code, 404)
        self.assertEqual(
            list(self.new().values_list("username", "action", "object_label")),
            [("sam", Action.DELETE_CATEGORY, "Treatment")],
        )

    def test_a_deleted_tag_is_recorded(self):
        self.client.force_login(self.superuser)
        response = self.client.post(
            f"/admin/articles/tag/{self.tag.pk}/delete/", {"post": "yes"}
        )
        self.assertEqual(response.status_code, 302)
        self.assertFalse(Tag.objects.filter(pk=self.tag.pk).exists())
        self.assertEqual(
            list(self.new().values_list("username", "action", "object_label")),
            [("sam", Action.DELETE_TAG, "Capsaicin")],
        )

    def test_an_editor_may_not_delete_a_category(self):
        editor = member("Editor")
        with self.assertRaises(NotPermitted):
            delete_category(category=self.category, user=editor)
        self.assertTrue(Category.objects.filter(pk=self.category.pk).exists())
        self.assertEqual(
            list(self.new().values_list("action", "outcome")),
            [(Action.DELETE_CATEGORY, Outcome.REFUSED)],
        )
