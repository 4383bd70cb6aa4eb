"""Medical review: the record readers see, the workflow before publishing, reviews due."""

import json
from datetime import date
from io import StringIO

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.messages import get_messages
from django.core import mail
from django.core.management import call_command
from django.test import TestCase, override_settings
from django.utils import timezone

from articles.actions.base import ActionRefused, NotPermitted
from articles.actions.review import (
    COMMENT_REQUIRED,
    FUTURE_REVIEW,
    OUTDATED,
    approve_review,
    record_review,
    save_reviewer,
    submit_for_review,
)
from articles.admin.articles import MINOR_NOT_REVIEWED, SUBMITTED
from articles.models import (
    Article,
    AuditEntry,
    MedicalReview,
    Reviewer,
    ReviewRecord,
    ReviewRequest,
    Revision,
)
from articles.review.schedule import add_months
from articles.review.structured import review_structured_data
from articles.revisions.publishing import article_snapshot
from articles.revisions.snapshots import category_entry
from tests.factories import (
    edit,
    edit_form_data,
    make_article,
    make_category,
    member,
    with_fields,
)
from tests.helpers import DUTCH_PAGE, PAGE, PAGE_QUERIES

Action, Outcome = AuditEntry.Action, AuditEntry.Outcome
QUEUE = "/admin/articles/article/review/"
DUE = "/admin/articles/article/review-due/"
NOVEMBER = date(2026, 11, 1)


def this_month() -> date:
    return timezone.localdate().replace(day=1)


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def reviewer_member(name: str = "Anne de Vries", email: str = "anne@clinic.example"):
    """A Medical reviewer with an account, an address and a profile."""
    first, _sep, last = name.partition(" ")
    user = get_user_model().objects.create_user(
        first.lower(), email, is_staff=True, first_name=first, last_name=last
    )
    user.groups.add(Group.objects.get(name="Medical reviewer"))
    profile = save_reviewer(
        reviewer=Reviewer(user=user, name=name, credentials="MD, PhD"), user=None
    )
    return user, profile


class ReviewRecordTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.article = make_article(title_nl="Capsaïcine bij zenuwpijn")
        cls.user, cls.reviewer = reviewer_member()

    def record(self, **kwargs) -> None:
        kwargs = {"month": NOVEMBER, "note": "Still current."} | kwargs
        record_review(
            article=self.article, user=self.user, reviewer=self.reviewer, **kwargs
        )

    def test_readers_see_the_review_in_their_language(self):
        self.record()
        self.assertContains(
            self.client.get(PAGE),
            "Medically reviewed by Anne de Vries, MD, PhD · November 2026 · "
            "next review November 2029",
        )
        self.assertContains(
            self.client.get(DUTCH_PAGE),
            "Medisch beoordeeld door Anne de Vries, MD, PhD · november 2026 · "
            "volgende beoordeling november 2029",
        )

    def test_an_article_never_reviewed_says_nothing_about_it(self):
        page = self.client.get(PAGE)
        self.assertNotContains(page, "Medically reviewed")
        self.assertEqual(review_structured_data(self.article), {})

    def test_a_review_without_a_change_is_history_but_leaves_readers_dates(self):
        before = self.client.get(PAGE).content.decode()
        self.record()
        article = Article.objects.get(pk=self.article.pk)
        self.assertEqual(Revision.objects.filter(article=article).count(), 1)
        self.assertEqual(
            (article.first_published, article.last_revised), (date(2010, 8, 1), None)
        )
        after = self.client.get(PAGE).content.decode()
        self.assertIn("First published August 2010", before)
        self.assertIn("First published August 2010", after)
        self.assertNotIn("revised", after.split("article-dates")[1].split("</p>")[0])
        review = MedicalReview.objects.get(article=article)
        self.assertEqual(
            (review.reviewed_on, review.reviewer, review.revision, review.note),
            (NOVEMBER, self.reviewer, 1, "Still current."),
        )
        entry = AuditEntry.objects.get(action=Action.RECORD_REVIEW)
        self.assertEqual(
            (entry.outcome, entry.username, entry.object_label),
            (Outcome.DONE, self.user.username, "Capsaicin for nerve pain"),
        )

    def test_the_articles_history_lists_its_reviews(self):
        self.record()
        self.client.force_login(member("Publisher"))
        page = self.client.get(f"/admin/articles/article/{self.article.pk}/history/")
        self.assertContains(page, "Medical reviews")
        self.assertContains(
            page,
            "<td>November 2026</td><td>Anne de Vries, MD, PhD</td><td>1</td>"
            "<td>Still current.</td>",
        )

    def test_the_article_may_set_its_own_interval(self):
        self.record(interval_months=12)
        self.assertEqual(ReviewRecord.objects.get().next_review, date(2027, 11, 1))
        self.record(month=date(2026, 10, 1))  # keeps its interval
        self.assertEqual(ReviewRecord.objects.get().next_review, date(2027, 10, 1))
        self.record(interval_months=None)  # back to the site's
        self.assertEqual(ReviewRecord.objects.get().next_review, date(2029, 11, 1))

    @override_settings(REVIEW_INTERVAL_MONTHS=24)
    def test_the_site_interval_is_a_setting(self):
        self.record()
        self.assertContains(self.client.get(PAGE), "next review November 2028")

    def test_structured_data_names_the_reviewer_and_month(self):
        self.record()
        article = Article.objects.select_related("review__reviewer").get()
        self.assertEqual(
            review_structured_data(article),
            {
                "lastReviewed": "2026-11",
                "reviewedBy": {
                    "@type": "Person",
                    "name": "Anne de Vries",
                    "honorificSuffix": "MD, PhD",
                },
            },
        )

    def test_the_pages_json_ld_carries_the_review(self):
        self.record()
        page = self.client.get(PAGE).content.decode()
        script = page.split('<script type="application/ld+json">', 1)[1]
        data = json.loads(script.split("</script>", 1)[0])
        self.assertEqual(data["@type"], "MedicalWebPage")
        self.assertEqual(data["lastReviewed"], "2026-11")
        self.assertEqual(data["reviewedBy"]["name"], "Anne de Vries")

    def test_a_month_to_come_is_refused_and_nothing_written(self):
        with self.assertRaisesMessage(ActionRefused, str(FUTURE_REVIEW)):
            self.record(month=add_months(this_month(), 1))
        self.assertFalse(MedicalReview.objects.exists())
        self.assertFalse(ReviewRecord.objects.exists())
        self.assertEqual(
            AuditEntry.objects.get(action=Action.RECORD_REVIEW).reason,
            str(FUTURE_REVIEW),
        )

    def test_an_editor_may_not_record_a_review(self):
        with self.assertRaises(NotPermitted):
            record_review(
                article=self.article,
                user=member("Editor"),
                reviewer=self.reviewer,
                month=NOVEMBER,
            )
        self.assertFalse(ReviewRecord.objects.exists())

    def test_a_reviewer_records_a_review_in_the_admin(self):
        self.client.force_login(self.user)
        url = f"/admin/articles/article/{self.article.pk}/review/"
        form = self.client.get(url)
        self.assertContains(form, '<label for="id_reviewer">Reviewer:</label>')
        response = self.client.post(
            url,
            {"reviewer": self.reviewer.pk, "month": "2026-11", "note": "Checked."},
        )
        self.assertRedirects(response, url)
        page = self.client.get(url)
        self.assertContains(
            page,
            "Medically reviewed by Anne de Vries, MD, PhD · November 2026 · "
            "next review November 2029",
        )
        self.assertContains(page, "<td>Checked.</td>", html=True)  # the history
        self.client.force_login(member("Publisher"))
        self.assertContains(
            self.client.get(f"/admin/articles/article/{self.article.pk}/change/"),
            "Medically reviewed by Anne de Vries, MD, PhD · November 2026",
        )

    def test_the_page_of_a_reviewed_article_costs_no_extra_query(self):
        edit(self.article, category=category_entry(make_category()))
        with self.assertNumQueries(PAGE_QUERIES):
            self.client.get(PAGE)
        self.record()
        with self.assertNumQueries(PAGE_QUERIES):
            self.assertContains(self.client.get(PAGE), "Medically reviewed by")

    def test_the_demo_sample_carries_a_review(self):
        call_command("load_demo", stdout=StringIO())
        page = self.client.get("/en/articles/low-dose-naltrexone-for-neuropathic-pain/")
        self.assertContains(
            page, "Medically reviewed by Anne de Vries, MD, PhD · November 2026"
        )


class WorkflowTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.article = make_article(references=1)
        cls.editor = member("Editor")
        cls.editor.first_name, cls.editor.email = "Erik", "erik@clinic.example"
        cls.editor.save()
        cls.reviewer, cls.profile = reviewer_member()
        cls.publisher = member("Publisher")

    def url(self, action: str = "change") -> str:
        return f"/admin/articles/article/{self.article.pk}/{action}/"

    def submit(self, body: str = "<p>Edited. [1]</p>", **overrides):
        """Post the editor's form with "Submit for review"; its messages are read."""
        self.client.force_login(self.editor)
        data = edit_form_data(
            Article.objects.get(pk=self.article.pk),
            body_en=body,
            kind="public",
            note="New evidence.",
            _submit="1",
        )
        data.pop("_save_draft")
        # Mail goes out once the transaction commits, which a TestCase's never does.
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(self.url(), data | overrides)
        self.client.get(self.url())  # shows, and so consumes, the messages
        return response

    def pending(self) -> ReviewRequest:
        return ReviewRequest.objects.get(state=ReviewRequest.State.PENDING)

    def test_an_editor_sees_submit_for_review_instead_of_publish(self):
        self.client.force_login(self.editor)
        page = self.client.get(self.url())
        self.assertContains(page, 'value="Submit for review"')
        self.assertNotContains(page, 'name="_publish"')

    def test_an_editors_public_revision_waits_in_the_queue(self):
        response = self.submit()
        self.assertEqual(response.status_code, 302)
        self.assertEqual(messages_of(response), [str(SUBMITTED % {"number": 2})])
        self.assertNotContains(self.client.get(PAGE), "Edited.")
        self.assertContains(self.client.get(PAGE), "Capsaicin works.")
        self.assertContains(
            self.client.get(self.url()), "Revision 2 waits for medical review"
        )
        self.client.force_login(self.reviewer)
        queue = self.client.get(QUEUE)
        self.assertContains(queue, "Capsaicin for nerve pain")
        self.assertContains(queue, "Compared with revision 1, which visitors see now.")
        self.assertContains(queue, "<del>Capsaicin works</del><ins>Edited</ins>")
        self.assertContains(queue, "New evidence.")
        [message] = mail.outbox
        self.assertEqual(message.to, ["anne@clinic.example"])
        self.assertEqual(message.subject, "Review requested: Capsaicin for nerve pain")
        self.assertIn("Erik submitted revision 2", message.body)
        self.assertIn(
            "http://127.0.0.1:8000/admin/articles/article/review/", message.body
        )
        entry = AuditEntry.objects.get(action=Action.SUBMIT_REVIEW)
        self.assertEqual((entry.outcome, entry.revision), (Outcome.DONE, 2))

    def test_approving_publishes_and_records_the_reviewer(self):
        self.submit()
        mail.outbox.clear()
        self.client.force_login(self.reviewer)
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(f"{QUEUE}{self.pending().pk}/approve/")
        self.assertRedirects(response, QUEUE)
        self.assertEqual(
            messages_of(response),
            ["Approved: revision 2 of “Capsaicin for nerve pain” is published."],
        )
        page = self.client.get(PAGE)
        self.assertContains(page, "Edited.")
        month = this_month()
        self.assertEqual(
            ReviewRecord.objects.get().last_reviewed, month
        )  # the month of approval
        self.assertContains(page, "Medically reviewed by Anne de Vries, MD, PhD")
        self.assertContains(self.client.get(QUEUE), "Nothing waits for review.")
        [message] = mail.outbox
        self.assertEqual(message.to, ["erik@clinic.example"])
        self.assertEqual(
            message.subject, "Approved and published: Capsaicin for nerve pain"
        )
        entry = AuditEntry.objects.get(action=Action.APPROVE_REVIEW)
        self.assertEqual(
            (entry.outcome, entry.username, entry.revision),
            (Outcome.DONE, self.reviewer.username, 2),
        )
        self.assertEqual(MedicalReview.objects.get().revision, 2)

    def test_requested_changes_reach_the_editor_on_the_article(self):
        self.submit()
        mail.outbox.clear()
        self.client.force_login(self.reviewer)
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(
                f"{QUEUE}{self.pending().pk}/changes/",
                {"comment": "Cite the 2024 trial for the new dose."},
            )
        self.assertNotContains(self.client.get(PAGE), "Edited.")
        self.client.force_login(self.editor)
        page = self.client.get(self.url())
        self.assertContains(page, "Anne de Vries asks for changes to revision 2")
        self.assertContains(page, "Cite the 2024 trial for the new dose.")
        [message] = mail.outbox
        self.assertEqual(message.to, ["erik@clinic.example"])
        self.assertIn("Cite the 2024 trial for the new dose.", message.body)
        self.assertEqual(
            AuditEntry.objects.get(action=Action.REQUEST_CHANGES).outcome, Outcome.DONE
        )
        # Submitted again, the revision waits again and the comment has gone.
        self.submit(body="<p>Edited, with the 2024 trial. [1]</p>")
        page = self.client.get(self.url())
        self.assertContains(page, "Revision 3 waits for medical review")
        self.assertNotContains(page, "Cite the 2024 trial")

    def test_changes_need_a_comment(self):
        self.submit()
        self.client.force_login(self.reviewer)
        response = self.client.post(
            f"{QUEUE}{self.pending().pk}/changes/", {"comment": "  "}
        )
        self.assertEqual(messages_of(response), [str(COMMENT_REQUIRED)])
        self.assertEqual(self.pending().revision.number, 2)

    def test_an_editor_may_neither_see_the_queue_nor_approve(self):
        self.submit()
        self.assertEqual(self.client.get(QUEUE).status_code, 403)
        response = self.client.post(f"{QUEUE}{self.pending().pk}/approve/")
        self.assertEqual(response.status_code, 403)
        self.assertNotContains(self.client.get(PAGE), "Edited.")
        self.assertEqual(
            AuditEntry.objects.get(action=Action.APPROVE_REVIEW).outcome,
            Outcome.REFUSED,
        )

    def test_publishers_review_and_still_publish_directly(self):
        self.submit()
        self.client.force_login(self.publisher)
        self.assertContains(self.client.get(QUEUE), "Capsaicin for nerve pain")
        data = edit_form_data(
            Article.objects.get(pk=self.article.pk),
            body_en="<p>Published at once. [1]</p>",
            _publish="1",
        )
        self.assertEqual(self.client.post(self.url(), data).status_code, 302)
        self.assertContains(self.client.get(PAGE), "Published at once.")

    def test_a_revision_older_than_the_live_one_is_not_approved(self):
        self.submit()
        edit(self.article, body_en="<p>Later. [1]</p>", publish=True)
        with self.assertRaisesMessage(ActionRefused, str(OUTDATED % {"number": 3})):
            approve_review(request=self.pending(), user=self.reviewer)
        self.assertContains(self.client.get(PAGE), "Later.")

    def test_a_new_submission_replaces_the_waiting_one(self):
        self.submit()
        self.submit(body="<p>Edited twice. [1]</p>")
        self.client.force_login(self.reviewer)
        queue = self.client.get(QUEUE)
        self.assertEqual(
            [item.request.revision.number for item in queue.context["items"]], [3]
        )

    def test_the_queue_costs_the_same_queries_for_more_articles(self):
        self.submit()
        self.client.force_login(self.reviewer)
        # session, user, two for permissions, the requests with their revisions
        with self.assertNumQueries(5):
            self.client.get(QUEUE)
        other = make_article(title_en="Lidocaine plasters")
        submit_for_review(
            article=other,
            snapshot=with_fields(article_snapshot(other), body_en="<p>New. [1]</p>"),
            user=self.editor,
            note="New.",
            kind=Revision.Kind.PUBLIC,
            editorial_date=NOVEMBER,
            base_revision_id=other.latest_revision_id,
        )
        with self.assertNumQueries(5):
            self.assertContains(self.client.get(QUEUE), "Lidocaine plasters")

    def test_minor_corrections_need_no_review_by_default(self):
        response = self.submit(kind="minor", note="")
        self.assertEqual(
            messages_of(response), [str(MINOR_NOT_REVIEWED % {"number": 2})]
        )
        self.assertFalse(ReviewRequest.objects.exists())
        self.assertEqual(Article.objects.get().latest_revision.number, 2)

    @override_settings(REVIEW_MINOR_CORRECTIONS=True)
    def test_minor_corrections_are_reviewed_when_set(self):
        self.submit(kind="minor", note="")
        self.assertEqual(self.pending().revision.kind, Revision.Kind.MINOR)

    @override_settings(REVIEW_WORKFLOW=False)
    def test_without_the_workflow_editors_save_drafts_as_before(self):
        self.client.force_login(self.editor)
        self.assertNotContains(self.client.get(self.url()), "Submit for review")
        self.submit()
        self.assertFalse(ReviewRequest.objects.exists())
        self.assertNotContains(self.client.get(PAGE), "Edited.")


class TranslationReviewTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.article = make_article(title_nl="Capsaïcine bij zenuwpijn", references=1)
        cls.translator = member("Translator (Dutch)")

    def translate(self):
        self.client.force_login(self.translator)
        data = edit_form_data(
            self.article, body_nl="<h2>Bewijs</h2><p>Capsaïcine helpt. [1]</p>"
        )
        return self.client.post(
            f"/admin/articles/article/{self.article.pk}/change/", data
        )

    def test_translation_updates_go_live_without_review_by_default(self):
        self.translate()
        self.assertContains(self.client.get(DUTCH_PAGE), "Capsaïcine helpt.")
        self.assertFalse(ReviewRequest.objects.exists())

    @override_settings(REVIEW_TRANSLATIONS=True)
    def test_translation_updates_wait_for_review_when_set(self):
        self.translate()
        self.assertNotContains(self.client.get(DUTCH_PAGE), "Capsaïcine helpt.")
        request = ReviewRequest.objects.get()
        self.assertEqual(request.revision.number, 2)
        user, _profile = reviewer_member()
        approve_review(request=request, user=user)
        self.assertContains(self.client.get(DUTCH_PAGE), "Capsaïcine helpt.")


class ReviewDueTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        month = this_month()
        treatment = make_category()
        diagnosis = make_category(("English articles", "Diagnosis"))
        cls.anne_user, cls.anne = reviewer_member()
        cls.bram_user, cls.bram = reviewer_member("Bram Smit", "bram@clinic.example")
        cls.never = make_article(title_en="Never reviewed", category=treatment)
        cls.overdue = make_article(title_en="Overdue", category=treatment)
        cls.due = make_article(title_en="Due now", category=diagnosis)
        cls.fresh = make_article(title_en="Fresh", category=treatment)
        make_article(title_en="Draft", status=Article.Status.DRAFT)
        for article, reviewer, months_ago in (
            (cls.overdue, cls.anne, 40),
            (cls.due, cls.bram, 36),
            (cls.fresh, cls.anne, 1),
        ):
            record_review(
                article=article,
                user=None,
                reviewer=reviewer,
                month=add_months(month, -months_ago),
            )

    def setUp(self):
        self.client.force_login(self.anne_user)

    def titles(self, **filters) -> list[str]:
        response = self.client.get(DUE, filters)
        return [str(row.article) for row in response.context["rows"]]

    def test_due_and_overdue_articles_oldest_first(self):
        self.assertEqual(self.titles(), ["Never reviewed", "Overdue", "Due now"])
        page = self.client.get(DUE)
        self.assertContains(page, "Never reviewed</span>")
        overdue_month = add_months(this_month(), -4)
        self.assertContains(page, f"{overdue_month:%B} {overdue_month.year} (overdue)")

    def test_the_report_filters_by_category_and_reviewer(self):
        diagnosis = self.due.category
        self.assertEqual(self.titles(category=diagnosis.pk), ["Due now"])
        self.assertEqual(self.titles(reviewer=self.anne.pk), ["Overdue"])
        self.assertEqual(
            self.titles(reviewer=self.bram.pk, category=diagnosis.pk), ["Due now"]
        )
        english = diagnosis.get_parent()  # and its subcategories
        self.assertEqual(
            self.titles(category=english.pk), ["Never reviewed", "Overdue", "Due now"]
        )

    def test_the_report_costs_the_same_queries_for_more_articles(self):
        # session, user, two for permissions, never reviewed, due, the filters'
        # categories and reviewers
        with self.assertNumQueries(8):
            self.client.get(DUE)
        record_review(
            article=make_article(title_en="Another overdue"),
            user=None,
            reviewer=self.bram,
            month=add_months(this_month(), -50),
        )
        with self.assertNumQueries(8):
            self.assertContains(self.client.get(DUE), "Another overdue")

    def test_the_admin_home_shows_a_badge(self):
        page = self.client.get("/admin/")
        self.assertContains(
            page, '<span class="due-badge">3 articles</span>', html=True
        )
        self.assertContains(page, 'href="/admin/articles/article/review-due/"')

    def test_reminders_mail_each_reviewer_their_list(self):
        out, err = StringIO(), StringIO()
        orphan = save_reviewer(reviewer=Reviewer(name="No Account"), user=None)
        record_review(
            article=self.fresh,
            user=None,
            reviewer=orphan,
            month=add_months(this_month(), -37),
        )
        call_command("review_reminders", stdout=out, stderr=err)
        self.assertEqual(out.getvalue(), "sent 2 reminder(s) listing 2 article(s)\n")
        self.assertEqual(
            err.getvalue(), "no e-mail address for reviewer No Account: not reminded\n"
        )
        mails = {message.to[0]: message for message in mail.outbox}
        self.assertEqual(set(mails), {"anne@clinic.example", "bram@clinic.example"})
        anne = mails["anne@clinic.example"]
        self.assertEqual(anne.subject, "1 article due for medical review")
        self.assertIn("Dear Anne de Vries,", anne.body)
        self.assertIn("- Overdue: due", anne.body)
        self.assertNotIn("Due now", anne.body)
        self.assertIn(
            f"http://127.0.0.1:8000/admin/articles/article/{self.overdue.pk}/review/",
            anne.body,
        )
        self.assertIn("- Due now: due", mails["bram@clinic.example"].body)
