from django.test import SimpleTestCase

from tests.helpers import manage


class ProductionSettingsTests(SimpleTestCase):
    def test_deploy_check_reports_nothing(self):
        result = manage(
            "check",
            "--deploy",
            "--fail-level",
            "DEBUG",
            DJANGO_SETTINGS_MODULE="clinic_cms.settings.production",
            SECRET_KEY="x7#k2!" * 10,
            ALLOWED_HOSTS="clinic.example",
            REDIS_URL="redis://127.0.0.1:6379/1",
        )
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("System check identified no issues (0 silenced).", result.stdout)

    def test_production_refuses_to_start_without_a_secret_key(self):
        result = manage(
            "check",
            DJANGO_SETTINGS_MODULE="clinic_cms.settings.production",
            SECRET_KEY="",
        )
        self.assertNotEqual(result.returncode, 0)
        self.assertIn(
            "Set SECRET_KEY to a random string of 50 or more characters.", result.stderr
        )

    def test_production_refuses_a_page_cache_the_app_servers_do_not_share(self):
        production = {
            "DJANGO_SETTINGS_MODULE": "clinic_cms.settings.production",
            "SECRET_KEY": "x7#k2!" * 10,
        }
        refused = manage("check", **production)
        self.assertNotEqual(refused.returncode, 0)
        self.assertIn("Set REDIS_URL so that every app server shares", refused.stderr)
        self.assertEqual(manage("check", **production, PAGE_CACHE="0").returncode, 0)

    def test_production_on_postgresql_refuses_task_progress_workers_cannot_share(
        self,
    ):
        production = {
            "DJANGO_SETTINGS_MODULE": "clinic_cms.settings.production",
            "SECRET_KEY": "x7#k2!" * 10,
            "PAGE_CACHE": "0",
            "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/clinic_cms",
        }
        refused = manage("check", **production)
        self.assertNotEqual(refused.returncode, 0)
        self.assertIn("Set REDIS_URL so that background workers", refused.stderr)
        shared = manage("check", **production, TASK_PROGRESS_DIR="/srv/progress")
        self.assertNotIn("background workers", shared.stderr)
        self.assertNotIn(
            "background workers",
            manage("check", **production, REDIS_URL="redis://127.0.0.1:6379/1").stderr,
        )

    def test_redis_url_selects_the_redis_cache(self):
        result = manage(
            "shell",
            "-c",
            "from django.conf import settings; print(settings.CACHES['default']['BACKEND'])",
            REDIS_URL="redis://127.0.0.1:6379/1",
        )
        self.assertEqual(
            result.stdout.strip().splitlines()[-1],
            "clinic_cms.cache.RedisCache",
        )

    def test_redis_calls_time_out_well_under_a_second(self):
        result = manage(
            "shell",
            "-c",
            "from django.conf import settings; "
            "print(sorted(settings.CACHES['default']['OPTIONS'].items()))",
            REDIS_URL="redis://127.0.0.1:6379/1",
        )
        self.assertEqual(
            result.stdout.strip().splitlines()[-1],
            "[('socket_connect_timeout', 0.2), ('socket_timeout', 0.3)]",
        )

    def test_database_url_selects_postgresql(self):
        result = manage(
            "shell",
            "-c",
            "from django.conf import settings; print(settings.DATABASES['default']['ENGINE'])",
            DATABASE_URL="postgres://postgres@127.0.0.1:5432/clinic_cms",
        )
        self.assertEqual(
            result.stdout.strip().splitlines()[-1], "django.db.backends.postgresql"
        )
