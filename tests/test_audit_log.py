"""The audit log: append-only, read-only in the admin, printed by ``audit_log``."""

import json
from datetime import timedelta
from io import StringIO

from django.core.management import CommandError, call_command
from django.db import transaction
from django.test import TestCase
from django.utils import timezone

from articles.actions.base import NotPermitted
from articles.actions.lockout import LOCKED_OUT
from articles.actions.publish import publish_article
from articles.actions.unpublish import unpublish_article
from articles.models.audit import APPEND_ONLY, AuditEntry
from tests.factories import make_article, member, staff
from tests.helpers import LOGIN


def audit_log(*args: str) -> str:
    out = StringIO()
    call_command("audit_log", *args, stdout=out)
    return out.getvalue()


class AppendOnlyTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.article = make_article()
        publish_article(article=cls.article, user=None)
        cls.entry = AuditEntry.objects.get()

    def test_an_entry_cannot_be_changed_or_deleted_through_the_orm(self):
        self.entry.reason = "tampered"
        for attempt in (
            self.entry.save,
            self.entry.delete,
            lambda: AuditEntry.objects.update(reason="tampered"),
            lambda: AuditEntry.objects.filter(pk=self.entry.pk).delete(),
            lambda: AuditEntry.objects.bulk_update([self.entry], ["reason"]),
        ):
            with (
                self.subTest(attempt),
                self.assertRaisesMessage(ValueError, APPEND_ONLY),
                transaction.atomic(),
            ):
                attempt()
        self.assertEqual(AuditEntry.objects.get().reason, "")

    def test_a_superuser_cannot_add_change_or_delete_an_entry_in_the_admin(self):
        superuser = staff("sam")
        superuser.is_superuser = True
        superuser.save()
        self.client.force_login(superuser)
        base = "/admin/articles/auditentry/"
        listing = self.client.get(base)
        self.assertContains(listing, "Site history")
        self.assertContains(listing, "Capsaicin for nerve pain")
        self.assertNotContains(listing, 'name="action"')  # no bulk actions
        change = f"{base}{self.entry.pk}/change/"
        form = self.client.get(change)
        self.assertEqual(form.status_code, 200)
        self.assertNotContains(form, 'name="_save"')
        self.assertEqual(self.client.post(change, {"reason": "x"}).status_code, 403)
        self.assertEqual(self.client.get(f"{base}add/").status_code, 403)
        delete = f"{base}{self.entry.pk}/delete/"
        self.assertEqual(self.client.post(delete, {"post": "yes"}).status_code, 403)
        self.assertEqual(AuditEntry.objects.get().reason, "")

    def test_site_history_filters_by_user_action_article_and_date(self):
        superuser = staff("sam")
        superuser.is_superuser = True
        superuser.save()
        publish_article(article=self.article, user=superuser)
        self.client.force_login(superuser)
        base = "/admin/articles/auditentry/"
        response = self.client.get(base, {"username": "sam"})
        self.assertEqual(len(response.context["cl"].result_list), 1)
        response = self.client.get(base, {"action": "unpublish"})
        self.assertEqual(len(response.context["cl"].result_list), 0)
        response = self.client.get(base, {"action": "publish"})
        self.assertEqual(len(response.context["cl"].result_list), 2)
        response = self.client.get(base, {"article__id__exact": self.article.pk})
        self.assertEqual(len(response.context["cl"].result_list), 2)
        response = self.client.get(base, {"article__id__exact": self.article.pk + 1})
        self.assertEqual(len(response.context["cl"].result_list), 0)
        tomorrow = (timezone.now() + timedelta(days=1)).isoformat()
        response = self.client.get(base, {"created_at__gte": tomorrow})
        self.assertEqual(len(response.context["cl"].result_list), 0)


class LockoutTests(TestCase):
    def test_a_lockout_is_recorded(self):
        anna = staff("anna")
        for _attempt in range(5):
            self.client.post(LOGIN, {"username": "anna", "password": "wrong"})
        entry = AuditEntry.objects.get(action=AuditEntry.Action.LOCKOUT)
        self.assertEqual(
            (entry.user, entry.username, entry.outcome, entry.reason),
            (
                anna,
                "anna",
                AuditEntry.Outcome.REFUSED,
                str(LOCKED_OUT % {"address": "127.0.0.1"}),
            ),
        )


class AuditLogCommandTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.article = make_article()
        cls.other = make_article(title_en="Lidocaine plasters")
        cls.publisher = staff("paula")
        publish_article(article=cls.other, user=None)
        cls.editor = member("Editor")
        unpublish_article(article=cls.article, user=cls.publisher)
        publish_article(article=cls.article, user=cls.publisher)
        try:
            unpublish_article(article=cls.article, user=cls.editor)
        except NotPermitted as error:
            cls.refusal = error.reason

    def test_json_prints_one_object_a_line_with_exactly_the_keys(self):
        lines = audit_log(
            "--json", "--article", "capsaicin-for-nerve-pain"
        ).splitlines()
        rows = [json.loads(line) for line in lines]
        for row in rows:
            self.assertEqual(
                list(row), ["time", "user", "action", "object", "outcome", "reason"]
            )
        self.assertEqual(
            [(r["user"], r["action"], r["object"], r["outcome"]) for r in rows],
            [
                ("paula", "unpublish", "article Capsaicin for nerve pain", "done"),
                (
                    "paula",
                    "publish",
                    "article Capsaicin for nerve pain (revision 1)",
                    "done",
                ),
                (
                    self.editor.username,
                    "unpublish",
                    "article Capsaicin for nerve pain",
                    "refused",
                ),
            ],
        )
        self.assertEqual(rows[-1]["reason"], self.refusal)

    def test_text_prints_a_line_per_entry_with_the_reason_of_a_refusal(self):
        lines = audit_log().splitlines()
        self.assertEqual(len(lines), 4)
        self.assertRegex(
            lines[0],
            r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d  system  publish  "
            r"article Lidocaine plasters \(revision 1\)  done$",
        )
        self.assertTrue(
            lines[-1].endswith(
                f"{self.editor.username}  unpublish  article Capsaicin for nerve pain"
                f"  refused: {self.refusal}"
            )
        )

    def test_since_leaves_out_earlier_days(self):
        tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
        self.assertEqual(audit_log("--since", tomorrow), "")
        today = timezone.localdate().isoformat()
        self.assertEqual(len(audit_log("--since", today).splitlines()), 4)
        with self.assertRaises(CommandError):
            audit_log("--since", "yesterday")
