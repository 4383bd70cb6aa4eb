from django.test import TestCase, override_settings

from tests.factories import staff
from tests.helpers import LOGIN


class LoginRateLimitTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.user = staff("anna")
        cls.user.set_password("the-right-password")
        cls.user.save()

    def test_five_wrong_passwords_lock_the_account_for_that_address(self):
        wrong = {"username": "anna", "password": "wrong"}
        for _attempt in range(4):
            response = self.client.post(LOGIN, wrong)
            self.assertContains(
                response, "Please enter the correct username and password"
            )
        self.assertEqual(self.client.post(LOGIN, wrong).status_code, 429)
        right = {"username": "anna", "password": "the-right-password"}
        self.assertEqual(self.client.post(LOGIN, right).status_code, 429)
        self.assertNotIn("_auth_user_id", self.client.session)

    def test_the_right_password_before_the_limit_logs_in(self):
        for _attempt in range(3):
            self.client.post(LOGIN, {"username": "anna", "password": "wrong"})
        response = self.client.post(
            LOGIN, {"username": "anna", "password": "the-right-password"}
        )
        self.assertRedirects(response, "/admin/", fetch_redirect_response=False)


@override_settings(CSRF_COOKIE_SECURE=False)
class CsrfTests(TestCase):
    def test_admin_posts_need_the_csrf_token(self):
        client = self.client_class(enforce_csrf_checks=True)
        client.force_login(staff("anna"))
        response = client.post("/admin/articles/article/translations/import/", {})
        self.assertEqual(response.status_code, 403)
