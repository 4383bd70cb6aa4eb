"""Who else has an article open: editing sessions, their ping and their expiry."""

from datetime import timedelta

from django.test import TestCase
from django.utils import timezone

from articles.editing.sessions import EXPIRY, editing_leave, editing_ping
from articles.models import EditingSession
from tests.factories import make_article, staff


class EditingSessionTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.article = make_article()
        cls.other = make_article(title_en="Lidocaine plasters")
        cls.alice, cls.bob = staff("alice"), staff("bob")

    def url(self, action: str = "editing/") -> str:
        return f"/admin/articles/article/{self.article.pk}/{action}"

    def test_each_sees_the_others_who_have_the_article_open(self):
        now = timezone.now()
        self.assertEqual(
            editing_ping(article=self.article, user=self.alice, now=now), []
        )
        self.assertEqual(
            editing_ping(article=self.article, user=self.bob, now=now), ["Alice"]
        )
        self.assertEqual(
            editing_ping(article=self.article, user=self.alice, now=now), ["Bob"]
        )
        self.assertEqual(editing_ping(article=self.other, user=self.bob, now=now), [])

    def test_a_session_not_heard_from_for_a_minute_is_over(self):
        start = timezone.now()
        editing_ping(article=self.article, user=self.alice, now=start)
        later = start + EXPIRY + timedelta(seconds=1)
        self.assertEqual(
            editing_ping(article=self.article, user=self.bob, now=later), []
        )
        self.assertEqual(
            list(EditingSession.objects.values_list("user__username", flat=True)),
            ["bob"],
        )

    def test_leaving_ends_the_session_at_once(self):
        now = timezone.now()
        editing_ping(article=self.article, user=self.alice, now=now)
        editing_leave(article=self.article, user=self.alice)
        self.assertEqual(editing_ping(article=self.article, user=self.bob, now=now), [])

    def test_the_edit_page_names_the_others_and_the_ping_answers_them(self):
        self.client.force_login(self.alice)
        self.client.post(self.url())
        self.client.force_login(self.bob)
        page = self.client.get(self.url("change/"))
        self.assertContains(page, "Also editing this article now: Alice.")
        self.assertContains(page, 'src="/static/articles/editing_sessions.js"')
        response = self.client.post(self.url())
        self.assertEqual(
            response.json(),
            {"others": ["Alice"], "text": "Also editing this article now: Alice."},
        )
        self.client.force_login(self.alice)
        self.assertEqual(self.client.post(self.url("editing/leave/")).status_code, 204)
        self.client.force_login(self.bob)
        self.assertEqual(self.client.post(self.url()).json()["text"], "")

    def test_the_ping_is_for_staff_who_may_edit_and_only_by_post(self):
        self.assertEqual(self.client.post(self.url()).status_code, 302)  # the login
        self.client.force_login(self.alice)
        self.assertEqual(self.client.get(self.url()).status_code, 405)
        visitor = staff("carol")
        visitor.user_permissions.clear()
        self.client.force_login(visitor)
        self.assertEqual(self.client.post(self.url()).status_code, 403)
        self.assertFalse(EditingSession.objects.exists())
