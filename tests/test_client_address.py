"""Login lock-outs fall on the address the attacker really comes from.

Behind a proxy every request arrives from the proxy's address; the proxy
appends the address it was reached from to X-Forwarded-For, after whatever the
client sent in that header itself.
"""

from axes.models import AccessAttempt
from django.test import Client, TestCase, override_settings

from tests.factories import staff
from tests.helpers import LOGIN

PROXY = "10.0.0.2"
INNER_PROXY = "10.0.0.3"
ATTACKER = "203.0.113.5"
COLLEAGUE = "198.51.100.7"
WRONG = {"username": "anna", "password": "wrong"}
RIGHT = {"username": "anna", "password": "the-right-password"}


class LockoutCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        user = staff("anna")
        user.set_password(RIGHT["password"])
        user.save()

    def login(self, data: dict, **meta: str) -> int:
        """The status of a login from a fresh browser: 302 in, 200 refused, 429 locked."""
        return Client().post(LOGIN, data, **meta).status_code

    def through_proxy(self, sent: str | None, client: str) -> dict[str, str]:
        """What the app sees of a request that ``client`` sent with ``sent`` as its
        own X-Forwarded-For, passed on by the proxy."""
        forwarded = f"{sent}, {client}" if sent is not None else client
        return {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": forwarded}

    def locked_addresses(self) -> list[str]:
        return list(AccessAttempt.objects.values_list("ip_address", flat=True))


class WithoutProxyTests(LockoutCase):
    def test_a_forwarding_header_does_not_dodge_a_lockout(self):
        for n in range(5):
            self.login(WRONG, REMOTE_ADDR=ATTACKER, HTTP_X_FORWARDED_FOR=f"192.0.2.{n}")
        self.assertEqual(
            self.login(RIGHT, REMOTE_ADDR=ATTACKER, HTTP_X_FORWARDED_FOR="192.0.2.99"),
            429,
        )
        self.assertEqual(self.locked_addresses(), [ATTACKER])
        self.assertEqual(self.login(RIGHT, REMOTE_ADDR=COLLEAGUE), 302)

    def test_a_forwarding_header_does_not_lock_out_someone_else(self):
        for _attempt in range(5):
            self.login(WRONG, REMOTE_ADDR=ATTACKER, HTTP_X_FORWARDED_FOR=COLLEAGUE)
        self.assertEqual(self.login(RIGHT, REMOTE_ADDR=COLLEAGUE), 302)


@override_settings(TRUSTED_PROXY_COUNT=1)
class BehindOneProxyTests(LockoutCase):
    def test_failures_lock_out_the_client_not_everyone_behind_the_proxy(self):
        for _attempt in range(4):
            self.assertEqual(
                self.login(WRONG, **self.through_proxy(None, ATTACKER)), 200
            )
        self.assertEqual(self.login(WRONG, **self.through_proxy(None, ATTACKER)), 429)
        self.assertEqual(self.login(RIGHT, **self.through_proxy(None, ATTACKER)), 429)
        self.assertEqual(self.login(RIGHT, **self.through_proxy(None, COLLEAGUE)), 302)
        self.assertEqual(self.locked_addresses(), [ATTACKER])

    def test_a_spoofed_header_does_not_lock_out_the_address_it_names(self):
        for _attempt in range(5):
            self.login(WRONG, **self.through_proxy(COLLEAGUE, ATTACKER))
        self.assertEqual(self.login(RIGHT, **self.through_proxy(None, COLLEAGUE)), 302)
        self.assertEqual(self.login(RIGHT, **self.through_proxy(None, ATTACKER)), 429)

    def test_no_spoofed_header_escapes_a_lockout(self):
        for _attempt in range(5):
            self.login(WRONG, **self.through_proxy(None, ATTACKER))
        for sent in [
            "192.0.2.1",
            f"{COLLEAGUE}, 192.0.2.1",
            '"',  # an unclosed quote would swallow what the proxy appends
            f'{COLLEAGUE}, "',
            "for=192.0.2.1",
            "not an address",
            "",
        ]:
            with self.subTest(sent=sent):
                self.assertEqual(
                    self.login(RIGHT, **self.through_proxy(sent, ATTACKER)), 429
                )
        self.assertEqual(self.locked_addresses(), [ATTACKER])


@override_settings(TRUSTED_PROXY_COUNT=2)
class BehindTwoProxiesTests(LockoutCase):
    def test_the_client_is_the_second_entry_from_the_right(self):
        for _attempt in range(5):
            self.login(
                WRONG,
                REMOTE_ADDR=INNER_PROXY,
                HTTP_X_FORWARDED_FOR=f"{COLLEAGUE}, {ATTACKER}, {PROXY}",
            )
        self.assertEqual(self.locked_addresses(), [ATTACKER])
        self.assertEqual(
            self.login(
                RIGHT,
                REMOTE_ADDR=INNER_PROXY,
                HTTP_X_FORWARDED_FOR=f"{COLLEAGUE}, {PROXY}",
            ),
            302,
        )
