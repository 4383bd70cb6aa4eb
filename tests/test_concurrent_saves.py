import threading
from unittest import skipUnless

from django.db import connection
from django.test import Client, TransactionTestCase

from articles.models import Revision
from tests.factories import edit_form_data, make_article, staff

EDITORS = 6


@skipUnless(connection.vendor == "postgresql", "row locks need PostgreSQL")
class ConcurrentSaveTests(TransactionTestCase):
    def test_of_simultaneous_saves_from_one_base_exactly_one_wins(self):
        article = make_article(references=2)
        url = f"/admin/articles/article/{article.pk}/change/"
        form = edit_form_data(article)
        clients = []
        for n in range(EDITORS):
            client = Client()
            client.force_login(staff(f"editor{n}"))
            clients.append(client)
        start = threading.Barrier(EDITORS)
        statuses: list[int] = []

        def save(n: int) -> None:
            try:
                start.wait()
                response = clients[n].post(
                    url, form | {"body_en": f"<p>Editor {n}. [1] [2]</p>"}
                )
                statuses.append(response.status_code)
            finally:
                connection.close()

        threads = [threading.Thread(target=save, args=(n,)) for n in range(EDITORS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

        self.assertEqual(sorted(statuses), [200] * (EDITORS - 1) + [302])
        self.assertEqual(
            list(
                Revision.objects.filter(article=article).values_list(
                    "number", flat=True
                )
            ),
            [2, 1],
        )
