from dataclasses import replace
from datetime import date, timedelta
from io import StringIO

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection
from django.test import TestCase
from django.utils import timezone

from articles.models import Article, Category, Revision, Tag
from articles.related.lists import article_delete
from articles.revisions.publishing import article_restore, article_schedule
from articles.revisions.reader_history import RESTORED_NOTE
from articles.revisions.saving import EditConflict, article_save
from articles.revisions.snapshots import (
    CATEGORY_GONE,
    CORRUPT,
    MALFORMED_FIELDS,
    MALFORMED_PART,
    PICK_GONE,
    CorruptSnapshot,
    category_entry,
    pick_entry,
    snapshot_read,
    tag_entry,
)
from articles.trash import trash_empty
from tests.factories import content, edit, make_article, make_category


class RevisionSnapshotTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.user = get_user_model().objects.create_user(
            "anna", first_name="Anna", last_name="Smit"
        )
        cls.category = make_category()
        cls.tag = Tag.objects.create(name_en="capsaicin", slug_en="capsaicin")
        cls.other = make_article(title_en="Lidocaine plasters")
        cls.article = make_article(
            title_nl="Capsaïcine bij zenuwpijn", references=2, user=cls.user
        )
        cls.result = edit(
            cls.article,
            user=cls.user,
            note="Added the tag, category and a related article.",
            kind=Revision.Kind.PUBLIC,
            editorial_date=date(2014, 2, 1),
            category=category_entry(cls.category),
            tags=[tag_entry(cls.tag)],
            picks=[pick_entry(cls.other)],
        )

    def test_one_revision_holds_every_language_and_relation(self):
        revision = self.result.revision
        snapshot = snapshot_read(revision.snapshot)
        self.assertEqual(revision.number, 2)
        self.assertEqual(snapshot.value("title", "en"), "Capsaicin for nerve pain")
        self.assertEqual(snapshot.value("title", "nl"), "Capsaïcine bij zenuwpijn")
        self.assertEqual(
            [r["title"] for r in snapshot.references],
            ["Study number 1.", "Study number 2."],
        )
        self.assertEqual(snapshot.category["id"], self.category.pk)
        self.assertEqual([t["name"] for t in snapshot.tags], ["capsaicin"])
        self.assertEqual([p["title"] for p in snapshot.picks], ["Lidocaine plasters"])
        self.assertEqual(revision.user_name, "Anna Smit")
        self.assertEqual(revision.editorial_date, date(2014, 2, 1))
        self.assertEqual(revision.kind, Revision.Kind.PUBLIC)
        self.assertEqual(
            revision.note, "Added the tag, category and a related article."
        )

    def test_a_dutch_update_is_a_revision_of_the_same_article(self):
        result = edit(self.article, title_nl="Capsaïcine tegen zenuwpijn")
        self.assertEqual(result.revision.number, 3)
        self.assertEqual(Revision.objects.filter(article=self.article).count(), 3)
        self.assertEqual(
            snapshot_read(result.revision.snapshot).value("title", "en"),
            "Capsaicin for nerve pain",
        )

    def test_saving_the_same_content_makes_no_revision(self):
        result = edit(self.article)
        self.assertIsNone(result.revision)
        self.assertEqual(Revision.objects.filter(article=self.article).count(), 2)

    def test_revisions_cannot_be_changed_or_deleted(self):
        revision = self.result.revision
        with self.assertRaisesMessage(ValueError, "Revisions are immutable."):
            revision.save()
        with self.assertRaisesMessage(ValueError, "Revisions are immutable."):
            revision.delete()

    def test_snapshot_with_missing_and_unknown_keys_is_read(self):
        snapshot = snapshot_read({"fields": {"title": {"en": "Old"}}, "colour": "blue"})
        self.assertEqual(snapshot.value("title", "en"), "Old")
        self.assertEqual(snapshot.value("body", "nl"), "")
        self.assertEqual(snapshot.references, [])

    def test_corrupt_snapshot_is_a_clear_error(self):
        with self.assertRaisesMessage(
            CorruptSnapshot,
            CORRUPT % {"number": 7, "reason": MALFORMED_PART % {"part": "references"}},
        ):
            snapshot_read({"fields": {}, "references": "[1] x"}, number=7)


class DraftAndPublishTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.article = make_article(title_nl="Capsaïcine bij zenuwpijn")

    def test_a_draft_does_not_change_what_visitors_see(self):
        edit(self.article, body_en="<p>Draft text.</p>", publish=False)
        self.article.refresh_from_db()
        self.assertTrue(self.article.has_unpublished_changes)
        response = self.client.get("/en/articles/capsaicin-for-nerve-pain/")
        self.assertContains(response, "Capsaicin works.")
        self.assertNotContains(response, "Draft text.")

    def test_publishing_makes_the_draft_live(self):
        edit(self.article, body_en="<p>Draft text.</p>", publish=False)
        edit(self.article, publish=True)
        response = self.client.get("/en/articles/capsaicin-for-nerve-pain/")
        self.assertContains(response, "Draft text.")

    def test_an_unpublished_article_is_not_found(self):
        draft = make_article(title_en="Ketamine infusions", status=Article.Status.DRAFT)
        self.assertEqual(draft.status, Article.Status.DRAFT)
        self.assertEqual(
            self.client.get("/en/articles/ketamine-infusions/").status_code, 404
        )


class EditorialDatesTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.article = make_article(
            title_nl="Capsaïcine bij zenuwpijn", first_published=date(2010, 8, 1)
        )
        edit(
            cls.article,
            kind=Revision.Kind.PUBLIC,
            note="New dosing advice.",
            editorial_date=date(2014, 2, 1),
            body_en="<p>Revised.</p>",
        )
        edit(
            cls.article,
            kind=Revision.Kind.MINOR,
            note="Typo.",
            editorial_date=date(2015, 6, 1),
            body_en="<p>Revised!</p>",
        )

    def test_dates_line_comes_from_public_revisions(self):
        english = self.client.get("/en/articles/capsaicin-for-nerve-pain/")
        self.assertContains(english, "First published August 2010")
        self.assertContains(english, "revised February 2014")
        self.assertNotContains(english, "June 2015")
        dutch = self.client.get("/nl/artikelen/capsaicine-bij-zenuwpijn/")
        self.assertContains(dutch, "Eerste publicatie augustus 2010")
        self.assertContains(dutch, "herzien februari 2014")

    def test_public_revision_list_shows_dates_and_notes_but_not_minor_corrections(self):
        response = self.client.get("/en/articles/capsaicin-for-nerve-pain/")
        self.assertContains(response, "Revision history")
        self.assertContains(response, "New dosing advice.")
        self.assertNotContains(response, "Typo.")
        self.assertContains(
            response,
            '<a href="/en/articles/capsaicin-for-nerve-pain/versions/1/">August 2010</a>',
            html=True,
        )

    def test_dutch_readers_see_the_english_note_marked_as_english(self):
        response = self.client.get("/nl/artikelen/capsaicine-bij-zenuwpijn/")
        self.assertContains(
            response,
            '<span class="revision-note" lang="en">New dosing advice.</span>',
            html=True,
        )

    def test_a_public_version_reads_as_it_was(self):
        response = self.client.get("/en/articles/capsaicin-for-nerve-pain/versions/1/")
        self.assertContains(response, "You are reading the version of August 2010.")
        self.assertContains(response, "Capsaicin works.")
        self.assertNotContains(response, "Revised")
        self.assertContains(response, '<meta name="robots" content="noindex">')

    def test_minor_and_unknown_versions_are_not_found(self):
        self.assertEqual(
            self.client.get(
                "/en/articles/capsaicin-for-nerve-pain/versions/3/"
            ).status_code,
            404,
        )
        self.assertEqual(
            self.client.get(
                "/en/articles/capsaicin-for-nerve-pain/versions/9/"
            ).status_code,
            404,
        )

    def test_draft_version_is_not_found(self):
        edit(
            self.article,
            kind=Revision.Kind.PUBLIC,
            note="Unreleased.",
            publish=False,
            editorial_date=date(2016, 1, 1),
            body_en="<p>Secret draft.</p>",
        )
        self.assertEqual(
            self.client.get(
                "/en/articles/capsaicin-for-nerve-pain/versions/4/"
            ).status_code,
            404,
        )
        self.assertNotContains(
            self.client.get("/en/articles/capsaicin-for-nerve-pain/"), "Unreleased."
        )


class ConflictTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.article = make_article()

    def test_a_save_from_a_stale_base_is_refused_and_writes_nothing(self):
        base = self.article.latest_revision_id
        edit(self.article, body_en="<p>First editor.</p>")
        with self.assertRaises(EditConflict) as caught:
            article_save(
                article=self.article,
                snapshot=replace(
                    snapshot_read(Revision.objects.get(pk=base).snapshot),
                    author_line="Second",
                ),
                user=None,
                note="",
                kind=Revision.Kind.MINOR,
                editorial_date=date(2020, 1, 1),
                base_revision_id=base,
                publish=True,
            )
        self.assertEqual(caught.exception.latest.number, 2)
        self.assertEqual(Revision.objects.filter(article=self.article).count(), 2)
        self.article.refresh_from_db()
        self.assertIn("First editor.", self.article.body_en)


class RestoreTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.category = make_category(("Articles", "Gone"))
        cls.other = make_article(title_en="Lidocaine plasters")
        cls.article = make_article(category=cls.category)
        edit(cls.article, picks=[pick_entry(cls.other)], body_en="<p>Second.</p>")
        edit(cls.article, body_en="<p>Third.</p>", category=None, picks=[])

    def restore(self, number: int):
        return article_restore(
            article=Article.objects.get(pk=self.article.pk),
            revision=Revision.objects.get(article=self.article, number=number),
            user=None,
            kind=Revision.Kind.MINOR,
            editorial_date=date(2021, 1, 1),
            publish=True,
        )

    def test_restore_adds_a_revision_equal_to_the_old_one(self):
        before = {
            r.number: r.snapshot for r in Revision.objects.filter(article=self.article)
        }
        result = self.restore(2)
        self.assertEqual(result.revision.number, 4)
        self.assertEqual(result.revision.note, RESTORED_NOTE % {"number": 2})
        self.assertEqual(content(result.revision.snapshot), content(before[2]))
        self.assertEqual(
            {
                r.number: r.snapshot
                for r in Revision.objects.filter(article=self.article, number__lte=3)
            },
            before,
        )
        self.assertContains(
            self.client.get("/en/articles/capsaicin-for-nerve-pain/"), "Second."
        )

    def test_restore_keeps_what_exists_and_says_what_does_not(self):
        Category.objects.filter(pk=self.category.pk).delete()
        article_delete(articles=[self.other])
        trash_empty(now=timezone.now(), everything=True)
        result = self.restore(2)
        self.assertEqual(
            result.problems,
            [
                CATEGORY_GONE % {"name": "Gone"},
                PICK_GONE % {"title": "Lidocaine plasters"},
            ],
        )
        article = Article.objects.get(pk=self.article.pk)
        self.assertIn("Second.", article.body_en)
        self.assertIsNone(article.category)
        self.assertEqual(snapshot_read(result.revision.snapshot).picks, [])

    def test_corrupt_snapshot_changes_nothing(self):
        # Damage on disk, past the ORM, which refuses to change a revision.
        cast = "CAST(%s AS jsonb)" if connection.vendor == "postgresql" else "%s"
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE articles_revision SET snapshot = {cast} "
                "WHERE article_id = %s AND number = 2",
                ['{"fields": "broken"}', self.article.pk],
            )
        with self.assertRaisesMessage(
            CorruptSnapshot, CORRUPT % {"number": 2, "reason": MALFORMED_FIELDS}
        ):
            self.restore(2)
        self.assertEqual(Revision.objects.filter(article=self.article).count(), 3)
        self.assertIn("Third.", Article.objects.get(pk=self.article.pk).body_en)


class ScheduledPublishingTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.article = make_article()

    def schedule(self, when):
        edit(self.article, body_en="<p>Embargoed text.</p>", publish=False)
        article_schedule(
            article=Article.objects.get(pk=self.article.pk), publish_at=when, user=None
        )

    def test_due_revision_is_published_by_the_command(self):
        self.schedule(timezone.now() - timedelta(minutes=1))
        out = StringIO()
        call_command("publish_scheduled", stdout=out)
        self.assertEqual(
            out.getvalue(), "published revision 2 of Capsaicin for nerve pain\n"
        )
        self.assertContains(
            self.client.get("/en/articles/capsaicin-for-nerve-pain/"), "Embargoed text."
        )
        self.assertIsNone(Article.objects.get(pk=self.article.pk).publish_at)

    def test_future_revision_waits(self):
        self.schedule(timezone.now() + timedelta(days=1))
        call_command("publish_scheduled", stdout=StringIO())
        self.assertNotContains(
            self.client.get("/en/articles/capsaicin-for-nerve-pain/"), "Embargoed text."
        )
