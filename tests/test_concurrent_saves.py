"""Saves at the same moment, on a real SQLite file or PostgreSQL.

PostgreSQL serializes them with a row lock; SQLite with the write lock that
each transaction takes when it begins, waiting up to the busy timeout for it.
"""

import threading

from django.db import connection
from django.test import Client, TransactionTestCase

from articles.admin.articles import SAVE_CONFLICT
from articles.models import Article, Revision
from tests.factories import edit, edit_form_data, make_article, make_category, staff

EDITORS = 6


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
        pages: dict[int, str] = {}

        def save(n: int) -> None:
            try:
                start.wait()
                response = clients[n].post(
                    url, form | {"body_en": f"<p>Editor {n} typed this. [1] [2]</p>"}
                )
                statuses.append(response.status_code)
                pages[n] = response.content.decode()
            finally:
                connection.close()

        threads = [threading.Thread(target=save, args=(n,)) for n in range(EDITORS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

        self.assertEqual(sorted(statuses), [200] * (EDITORS - 1) + [302])
        winner = Revision.objects.get(article=article, number=2).user_name
        conflict = str(SAVE_CONFLICT % {"user": winner, "number": 2})
        refused = [
            n
            for n, text in pages.items()
            if conflict in text and f"Editor {n} typed this." in text
        ]
        # Every other editor gets the conflict page with their typing kept.
        self.assertEqual(len(refused), EDITORS - 1)
        self.assertEqual(
            list(
                Revision.objects.filter(article=article).values_list(
                    "number", flat=True
                )
            ),
            [2, 1],
        )

    def test_simultaneous_publishes_of_related_articles_all_succeed(self):
        """Each publish rewrites the related lists that show the others."""
        category = make_category()
        articles = []
        for n in range(EDITORS):
            article = make_article(
                title_en=f"Capsaicin for nerve pain {n}", category=category
            )
            edit(
                article,
                body_en=f"<p>Capsaicin patches, take {n}. [1]</p>",
                publish=False,
            )
            articles.append(article)
        publisher = staff("publisher")
        start = threading.Barrier(EDITORS)
        statuses: list[int] = []

        def publish(article: Article) -> None:
            try:
                client = Client()
                client.force_login(publisher)
                start.wait()
                response = client.post(f"/admin/articles/article/{article.pk}/publish/")
                statuses.append(response.status_code)
            finally:
                connection.close()

        threads = [threading.Thread(target=publish, args=(a,)) for a in articles]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

        self.assertEqual(statuses, [302] * EDITORS)
        for n, article in enumerate(articles):
            page = self.client.get(f"/en/articles/{article.slug_en}/")
            self.assertContains(page, f"Capsaicin patches, take {n}.")
