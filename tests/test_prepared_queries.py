"""A prepared query reads what its queryset reads, for any values, in one query."""

from datetime import date

from django.db.models import Count
from django.test import TestCase

from articles.models import Article, Reference
from articles.public.prepared import PreparedQuery
from tests.factories import make_article, make_category


class PreparedQueryTests(TestCase):
    def setUp(self):
        category = make_category(("English articles", "Treatment"))
        self.first = make_article(title_en="Capsaicin for nerve pain", references=3)
        self.second = make_article(
            title_en="Lidocaine plasters",
            references=2,
            category=category,
            last_revised=date(2014, 2, 1),
        )

    def test_rows_instances_and_related_objects_as_the_queryset_gives_them(self):
        def build(slug):
            return (
                Article.objects.filter(slug_en=slug)
                .select_related("category")
                .annotate(cited=Count("references"))
            )

        prepared = PreparedQuery(build, (("a",), ("b",)))
        for article in (self.first, self.second, self.first):
            with self.assertNumQueries(1):
                (found,) = prepared(article.slug_en)
            expected = build(article.slug_en).get()
            self.assertEqual(found.pk, article.pk)
            self.assertEqual(found.title_en, expected.title_en)
            self.assertEqual(found.last_revised, expected.last_revised)
            self.assertEqual(found.cited, expected.cited)
            with self.assertNumQueries(0):
                self.assertEqual(
                    found.category and found.category.name_en,
                    expected.category and expected.category.name_en,
                )
        self.assertEqual(prepared("no-such-article"), [])

    def test_several_values_fill_their_own_parameters(self):
        prepared = PreparedQuery(
            lambda pk, number: Reference.objects.filter(
                article_id=pk, number__lte=number
            ).order_by("number"),
            ((1, 1_000_001), (2, 1_000_002)),
        )
        self.assertEqual(
            [r.number for r in prepared(self.first.pk, 2)],
            [1, 2],
        )
        self.assertEqual([r.number for r in prepared(self.second.pk, 9)], [1, 2])
        # A value that equals a stand-in of another parameter is still its own.
        self.assertEqual(
            len(prepared(self.first.pk, self.first.pk)), min(3, self.first.pk)
        )

    def test_a_query_whose_sql_depends_on_the_values_is_refused(self):
        with self.assertRaisesMessage(ValueError, "two different stand-ins"):
            PreparedQuery(
                lambda *pks: Article.objects.filter(pk__in=pks), ((1,), (2, 3))
            )
        varying = PreparedQuery(
            lambda title: (
                Article.objects.filter(title_en=title)
                if title
                else Article.objects.all()
            ),
            (("",), ("x",)),
        )
        with self.assertRaisesMessage(ValueError, "change the query's SQL"):
            varying("x")

    def test_a_value_the_query_does_not_use_is_refused(self):
        prepared = PreparedQuery(
            lambda pk, unused: Reference.objects.filter(article_id=pk),
            ((1, "a"), (2, "b")),
        )
        with self.assertRaisesMessage(ValueError, "every value must be"):
            prepared(self.first.pk, "x")
