import io
import tempfile
from pathlib import Path
from unittest import mock

import numpy as np
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import transaction
from django.test import SimpleTestCase, TestCase, override_settings
from django.utils import timezone
from scipy import sparse

from articles.models import (
    PICK_OF_ITSELF,
    Article,
    RelatedArticle,
    RelatedIndexChange,
    RelatedPick,
    RelatedTerms,
    Tag,
)
from articles.related import candidates, index, scoring, versions
from articles.related.lists import (
    article_delete,
    related_batch,
    related_rebuild,
    related_recompute,
    related_refresh,
)
from articles.related.norms import NormSums
from articles.related.versions import related_index
from articles.trash import trash_empty
from tests.factories import (
    SAMPLE,
    build_topic_corpus,
    edit,
    edit_form_data,
    make_article,
    make_category,
)
from tests.helpers import PAGE_QUERIES

CAPSAICIN = (
    "<p>Capsaicin patches burn the skin and deplete the nerve endings of "
    "substance P. Capsaicin cream and capsaicin patches are used for "
    "localized neuropathic pain.</p>"
)
CAPSAICINE = (
    "<p>Capsaïcinepleisters branden op de huid en putten de zenuwuiteinden "
    "uit. Capsaïcinecrème en capsaïcinepleisters worden gebruikt bij "
    "plaatselijke zenuwpijn.</p>"
)
MIGRAINE = (
    "<p>Migraine attacks with aura respond to triptans; migraine prophylaxis "
    "with CGRP antibodies lowers the number of migraine days.</p>"
)
MIGRAINE_NL = (
    "<p>Migraineaanvallen met aura reageren op triptanen; profylaxe met "
    "CGRP-antistoffen verlaagt het aantal migrainedagen.</p>"
)


def listed(article: Article, language: str) -> list[int]:
    """The stored related list of ``article`` in ``language``, as target ids."""
    return list(
        RelatedArticle.objects.filter(article=article, language=language)
        .order_by("position")
        .values_list("target_id", flat=True)
    )


def rows(*articles: Article) -> set[tuple]:
    """The stored rows of these articles' lists, primary keys included."""
    return set(
        RelatedArticle.objects.filter(article__in=articles).values_list(
            "pk", "article_id", "language", "position", "target_id"
        )
    )


SIDE_NOTES = [
    "burning",
    "stinging",
    "redness",
    "elderly",
    "diabetic",
    "shingles",
    "chemotherapy",
    "surgery",
]


def extra(n: int) -> str:
    """A paragraph that article ``n`` shares in part with articles n - 1 and n + 1."""
    return f"<p>{SIDE_NOTES[n % 8]} {SIDE_NOTES[(n + 1) % 8]}</p>"


def capsaicin_article(title_en: str, title_nl: str = "", **fields) -> Article:
    fields.setdefault("body_en", CAPSAICIN)
    if title_nl:
        fields.setdefault("body_nl", CAPSAICINE)
    return make_article(title_en=title_en, title_nl=title_nl, references=0, **fields)


def migraine_article(title_en: str, title_nl: str = "", **fields) -> Article:
    fields.setdefault("body_en", MIGRAINE)
    if title_nl:
        fields.setdefault("body_nl", MIGRAINE_NL)
    return make_article(title_en=title_en, title_nl=title_nl, references=0, **fields)


class RelatedListTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        treatment = make_category(name_nl="Behandeling", slug_nl="behandeling")
        headache = make_category(("English articles", "Migraine"))
        cls.topical = Tag.objects.create(name_en="topical", slug_en="topical")
        cls.article = capsaicin_article(
            "Capsaicin patches", "Capsaïcinepleisters", category=treatment
        )
        cls.cream = capsaicin_article(
            "Capsaicin cream", "Capsaïcinecrème", category=treatment
        )
        cls.lidocaine = capsaicin_article("Lidocaine plasters", category=treatment)
        cls.migraine = migraine_article(
            "Migraine prophylaxis", "Migraineprofylaxe", category=headache
        )
        cls.triptans = migraine_article(
            "Triptans for migraine", "Triptanen bij migraine", category=headache
        )
        cls.draft = capsaicin_article(
            "Capsaicin draft",
            "Capsaïcine concept",
            category=treatment,
            status=Article.Status.DRAFT,
        )
        for article in (cls.article, cls.cream, cls.lidocaine):
            article.tags.add(cls.topical)
        # The editors' order: a migraine article first, then the cream, which
        # is also the best automatic match, then a draft.
        for position, target in enumerate((cls.triptans, cls.cream, cls.draft)):
            RelatedPick.objects.create(
                article=cls.article, target=target, position=position
            )
        related_rebuild()

    def test_picks_come_first_in_the_editors_order(self):
        english = RelatedArticle.objects.filter(article=self.article, language="en")
        self.assertEqual(
            [(e.target_id, e.is_pick) for e in english.order_by("position")][:2],
            [(self.triptans.pk, True), (self.cream.pk, True)],
        )
        self.assertFalse(english.filter(position__gte=2, is_pick=True).exists())

    def test_automatic_suggestions_follow_the_picks_best_first(self):
        self.assertEqual(
            listed(self.article, "en"),
            [self.triptans.pk, self.cream.pk, self.lidocaine.pk, self.migraine.pk],
        )
        self.assertEqual(
            listed(self.migraine, "en")[:2], [self.triptans.pk, self.article.pk]
        )

    def test_an_article_never_lists_itself_nor_anything_twice(self):
        for entry in RelatedArticle.objects.all():
            self.assertNotEqual(entry.article_id, entry.target_id)
        for article in Article.objects.all():
            for language in ("en", "nl"):
                targets = listed(article, language)
                self.assertEqual(len(targets), len(set(targets)), (article, language))

    def test_unpublished_articles_are_never_listed(self):
        self.assertFalse(RelatedArticle.objects.filter(target=self.draft).exists())
        self.assertFalse(RelatedArticle.objects.filter(article=self.draft).exists())

    def test_articles_not_readable_in_the_language_are_not_listed_there(self):
        self.assertIn(self.lidocaine.pk, listed(self.cream, "en"))
        self.assertNotIn(self.lidocaine.pk, listed(self.cream, "nl"))
        self.assertEqual(listed(self.lidocaine, "nl"), [])

    def test_lists_differ_per_language_when_readability_differs(self):
        self.assertEqual(
            listed(self.article, "en"),
            [self.triptans.pk, self.cream.pk, self.lidocaine.pk, self.migraine.pk],
        )
        self.assertEqual(
            listed(self.article, "nl"),
            [self.triptans.pk, self.cream.pk, self.migraine.pk],
        )

    @override_settings(RELATED_ARTICLES_COUNT=2)
    def test_the_setting_limits_the_length_of_the_list(self):
        related_rebuild()
        self.assertEqual(listed(self.article, "en"), [self.triptans.pk, self.cream.pk])
        self.assertEqual(len(listed(self.migraine, "en")), 2)

    def test_a_pick_of_an_article_unpublished_since_is_not_shown(self):
        Article.objects.filter(pk=self.triptans.pk).update(
            status=Article.Status.DRAFT
        )  # past the write operations: the stored list still names it
        response = self.client.get("/en/articles/capsaicin-patches/")
        self.assertNotContains(response, "Triptans for migraine")
        self.assertContains(response, "Capsaicin cream")

    def test_self_pick_is_a_validation_error(self):
        pick = RelatedPick(article=self.article, target=self.article)
        with self.assertRaisesMessage(ValidationError, str(PICK_OF_ITSELF)):
            pick.full_clean()


class ArticlePageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        category = make_category(name_nl="Behandeling", slug_nl="behandeling")
        cls.article = capsaicin_article(
            "Capsaicin patches", "Capsaïcinepleisters", category=category
        )
        cls.alone = migraine_article("Migraine alone")
        for number in range(6):
            capsaicin_article(
                f"Capsaicin note {number}",
                f"Capsaïcine notitie {number}",
                category=category,
            )
        related_rebuild()
        RelatedArticle.objects.filter(article=cls.alone).delete()

    def test_shows_title_category_and_date_of_each_related_article(self):
        response = self.client.get("/nl/artikelen/capsaicinepleisters/")
        self.assertContains(response, "Gerelateerde artikelen")
        self.assertContains(
            response,
            '<a class="article-item-title" href="/nl/artikelen/capsaicine-notitie-0/">'
            "Capsaïcine notitie 0</a>",
            html=True,
        )
        self.assertContains(
            response,
            '<a class="article-item-category" href="/nl/categorie/behandeling/">Behandeling</a>',
            5,
        )
        self.assertContains(response, "<span>augustus 2010</span>", 5, html=True)

    def test_query_count_is_the_same_with_five_related_articles_and_none(self):
        self.assertEqual(len(listed(self.article, "en")), 5)
        with self.assertNumQueries(PAGE_QUERIES):
            response = self.client.get("/en/articles/capsaicin-patches/")
        self.assertContains(response, 'class="article-item-title"', 5)
        with self.assertNumQueries(PAGE_QUERIES):
            response = self.client.get("/en/articles/migraine-alone/")
        self.assertContains(response, "No related articles yet.")


class RefreshTests(TestCase):
    """Two unrelated groups of articles; a change in one leaves the other alone."""

    @classmethod
    def setUpTestData(cls):
        treatment = make_category(("English articles", "Treatment"))
        headache = make_category(("Headache", "Migraine"))
        topical = Tag.objects.create(name_en="topical", slug_en="topical")
        cls.capsaicin = [
            capsaicin_article(
                f"Capsaicin {n}",
                f"Capsaïcine {n}",
                category=treatment,
                body_en=CAPSAICIN + extra(n),
                body_nl=CAPSAICINE + extra(n),
            )
            for n in range(8)
        ]
        for article in cls.capsaicin:
            article.tags.add(topical)
        cls.migraine = [
            migraine_article(f"Migraine {n}", f"Migraine nl {n}", category=headache)
            for n in range(8)
        ]
        cls.new = capsaicin_article(
            "Capsaicin, new",
            "Capsaïcine, nieuw",
            category=treatment,
            status=Article.Status.DRAFT,
            body_en=CAPSAICIN + extra(0),
            body_nl=CAPSAICINE + extra(0),
        )
        cls.new.tags.add(topical)
        related_rebuild()

    def publish(self, article: Article):
        article.status = Article.Status.PUBLISHED
        article.save()
        return related_refresh(articles=[article])

    def test_publishing_recomputes_only_the_affected_articles(self):
        # The new article shares both side notes with capsaicin 0 and one with
        # each of its neighbours 1 and 7; the others' lists cannot take it.
        c = self.capsaicin
        untouched = [*c[2:7], *self.migraine]
        before = rows(*untouched)
        result = self.publish(self.new)
        expected = {self.new.pk, c[0].pk, c[1].pk, c[7].pk}
        self.assertEqual(result.recomputed, {"en": expected, "nl": expected})
        self.assertEqual(rows(*untouched), before)
        self.assertEqual(len(listed(self.new, "en")), 5)
        for neighbour in (c[0], c[1], c[7]):
            self.assertIn(self.new.pk, listed(neighbour, "en"))
            self.assertIn(self.new.pk, listed(neighbour, "nl"))

    def test_recomputed_lists_are_those_a_full_rebuild_gives(self):
        result = self.publish(self.new)
        refreshed = {
            (pk, code): listed(Article(pk=pk), code)
            for code, ids in result.recomputed.items()
            for pk in ids
        }
        related_rebuild()
        self.assertEqual(
            refreshed,
            {(pk, code): listed(Article(pk=pk), code) for pk, code in refreshed},
        )

    def test_unpublishing_removes_the_article_from_every_list(self):
        gone = self.capsaicin[0]
        holders = set(
            RelatedArticle.objects.filter(target=gone).values_list(
                "article_id", flat=True
            )
        )
        self.assertTrue(holders)
        gone.status = Article.Status.DRAFT
        gone.save()
        result = related_refresh(articles=[gone.pk])
        self.assertFalse(RelatedArticle.objects.filter(target=gone).exists())
        self.assertFalse(RelatedArticle.objects.filter(article=gone).exists())
        self.assertTrue(holders <= result.articles)
        for holder in holders:
            self.assertEqual(len(listed(Article(pk=holder), "en")), 5)

    def test_a_new_translation_enters_the_lists_of_that_language_only(self):
        self.publish(self.new)
        self.new.title_nl = self.new.slug_nl = self.new.body_nl = ""
        self.new.save()
        related_refresh(articles=[self.new])
        self.assertEqual(listed(self.new, "nl"), [])
        self.assertNotIn(self.new.pk, listed(self.capsaicin[0], "nl"))
        english = rows(*Article.objects.all()) & set(
            RelatedArticle.objects.filter(language="en").values_list(
                "pk", "article_id", "language", "position", "target_id"
            )
        )
        self.new.title_nl = "Capsaïcine, vertaald"
        self.new.slug_nl = "capsaicine-vertaald"
        self.new.body_nl = CAPSAICINE + extra(0)
        self.new.save()
        related_refresh(articles=[self.new])
        self.assertEqual(len(listed(self.new, "nl")), 5)
        self.assertIn(self.new.pk, listed(self.capsaicin[0], "nl"))
        self.assertLessEqual(english, rows(*Article.objects.all()))

    def test_publishing_a_dutch_edit_recomputes_the_dutch_lists_only(self):
        article = self.migraine[0]
        with mock.patch(
            "articles.revisions.saving.related_refresh", wraps=related_refresh
        ) as refresh:
            saved = edit(article, body_nl=MIGRAINE_NL.replace("aura", "een aura"))
        self.assertIsNotNone(saved.revision)
        refresh.assert_called_once_with(articles=[article.pk], languages=["nl"])

    def test_a_new_pick_of_a_draft_shows_once_it_is_published(self):
        picker = self.migraine[0]
        RelatedPick.objects.create(article=picker, target=self.new, position=0)
        related_refresh(articles=[picker])
        self.assertNotIn(self.new.pk, listed(picker, "en"))
        self.publish(self.new)
        self.assertEqual(listed(picker, "en")[0], self.new.pk)

    def test_changed_text_is_counted_again(self):
        article = self.migraine[0]
        before = bytes(RelatedTerms.objects.get(article=article, language="en").indices)
        article.body_en = CAPSAICIN
        article.save()
        related_refresh(articles=[article])
        after = bytes(RelatedTerms.objects.get(article=article, language="en").indices)
        self.assertNotEqual(after, before)
        self.assertIn(self.capsaicin[0].pk, listed(article, "en"))

    def test_lists_recomputed_after_many_refreshes_are_those_a_rebuild_gives(self):
        # Changed articles pile up beside the index's large matrices and are
        # folded into them every third one.
        with mock.patch.object(index, "DELTA_ROWS", 2):
            self.publish(self.new)
            for n, article in enumerate([*self.capsaicin[:4], *self.migraine[:3]]):
                article.body_en = (CAPSAICIN if n % 2 else MIGRAINE) + extra(n + 3)
                article.save()
                result = related_refresh(articles=[article])
        refreshed = {
            (pk, code): listed(Article(pk=pk), code)
            for code, ids in result.recomputed.items()
            for pk in ids
        }
        related_rebuild()
        self.assertEqual(
            refreshed,
            {(pk, code): listed(Article(pk=pk), code) for pk, code in refreshed},
        )

    def test_norms_kept_through_refreshes_are_those_read_afresh(self):
        # New words, an unpublished and a published article change document
        # frequencies; the kept norms follow them without being summed again.
        self.publish(self.new)
        for n, article in enumerate([*self.capsaicin[:3], *self.migraine[:2]]):
            article.body_en = (CAPSAICIN if n % 2 else MIGRAINE) + f" zeldzaam{n}"
            article.save()
            related_refresh(articles=[article])
        self.capsaicin[4].status = Article.Status.DRAFT
        self.capsaicin[4].save()
        related_refresh(articles=[self.capsaicin[4]])
        kept = versions._indexes["en"]
        self.assertTrue(kept._delta, "the changed rows are still beside the others")
        fresh = index.RelatedIndex.load("en")
        self.assertEqual(kept.members, fresh.members)

        def norms(of: index.RelatedIndex) -> dict[int, float]:
            values = of._weights()
            return {pk: float(values[column]) for pk, column in of._column.items()}

        expected = norms(fresh)
        for pk, value in norms(kept).items():
            self.assertAlmostEqual(value, expected[pk], delta=1e-6 * expected[pk])

    def scored_while(self, block):
        """The articles scored against the others while ``block`` runs, and
        what it returned."""
        scored: list[int] = []
        original = index.RelatedIndex._scores

        def counting(self, article_ids):
            scored.extend(article_ids)
            return original(self, article_ids)

        with mock.patch.object(index.RelatedIndex, "_scores", counting):
            return scored, block()

    def test_a_refresh_scores_each_article_once(self):
        related_refresh(articles=[self.capsaicin[3]])  # the index is read
        article = self.capsaicin[3]
        article.body_en = CAPSAICIN + extra(11)
        article.save()
        scored, result = self.scored_while(
            lambda: related_refresh(articles=[article], languages=["en"])
        )
        self.assertIn(article.pk, scored)
        self.assertEqual(sorted(scored), sorted(set(scored)))
        self.assertLessEqual(set(scored), result.recomputed["en"])

    def other_process_moves(self, moved: Article) -> None:
        """Another process (its own memory) rewrites ``moved`` into a copy of
        capsaicin 3, in its category and tag, and refreshes it."""
        ours = dict(versions._indexes)
        versions._indexes.clear()
        moved.body_en = CAPSAICIN + extra(3)
        moved.category = self.capsaicin[0].category
        moved.save()
        moved.tags.set(self.capsaicin[0].tags.all())
        related_refresh(articles=[moved])
        versions._indexes.clear()
        versions._indexes.update(ours)

    def assertListsAsRebuilt(self, article: Article) -> list[int]:  # noqa: N802
        refreshed = listed(article, "en")
        related_rebuild()
        self.assertEqual(refreshed, listed(article, "en"))
        return refreshed

    def test_a_change_written_by_another_process_is_read_again_alone(self):
        related_refresh(articles=[self.capsaicin[3]])
        ours = versions._indexes["en"]
        moved = self.migraine[0]
        self.other_process_moves(moved)
        related_recompute(articles=[self.capsaicin[3]])
        # Caught up from the journal: the same copy, with the moved article.
        self.assertIs(versions._indexes["en"], ours)
        self.assertIn(moved.pk, self.assertListsAsRebuilt(self.capsaicin[3]))

    def test_a_batch_of_most_articles_stores_the_lists_a_rebuild_gives(self):
        changed = [*self.capsaicin, *self.migraine[:4]]
        with related_batch():
            for n, article in enumerate(changed):
                article.body_en = (MIGRAINE if n % 2 else CAPSAICIN) + extra(n + 9)
                article.save()
                related_refresh(articles=[article])
        stored = {
            (pk, code): listed(Article(pk=pk), code)
            for pk in Article.objects.values_list("pk", flat=True)
            for code in ("en", "nl")
        }
        related_rebuild()
        self.assertEqual(
            stored, {(pk, code): listed(Article(pk=pk), code) for pk, code in stored}
        )

    def test_two_processes_taking_turns_store_what_one_process_stores(self):
        def lists_after_turns(processes: int) -> dict:
            memories: list[dict] = [{} for _ in range(processes)]
            with self.assertRaises(RuntimeError), transaction.atomic():
                for n, article in enumerate([*self.capsaicin[:4], *self.migraine[:4]]):
                    versions._indexes.clear()
                    versions._indexes.update(memories[n % processes])
                    article.body_en = (MIGRAINE if n % 3 else CAPSAICIN) + extra(n + 5)
                    article.save()
                    related_refresh(articles=[article])
                    memories[n % processes] = dict(versions._indexes)
                stored = {
                    (pk, code): listed(Article(pk=pk), code)
                    for pk in Article.objects.values_list("pk", flat=True)
                    for code in ("en", "nl")
                }
                raise RuntimeError("undone for the next run")
            versions._indexes.clear()
            return stored

        self.assertEqual(lists_after_turns(2), lists_after_turns(1))

    def test_behind_a_rebuild_or_a_pruned_journal_everything_is_read_again(self):
        for other_write in ("rebuild", "pruned"):
            with self.subTest(other_write=other_write):
                related_refresh(articles=[self.capsaicin[3]])
                ours = versions._indexes["en"]
                moved = self.migraine[1 if other_write == "rebuild" else 2]
                self.other_process_moves(moved)
                if other_write == "rebuild":
                    saved = dict(versions._indexes)
                    related_rebuild()
                    versions._indexes.update(saved)
                else:
                    RelatedIndexChange.objects.all().delete()
                related_recompute(articles=[self.capsaicin[3]])
                self.assertIsNot(versions._indexes["en"], ours)
                self.assertIn(moved.pk, self.assertListsAsRebuilt(self.capsaicin[3]))

    def test_after_a_rolled_back_rewrite_everything_is_read_again(self):
        related_refresh(articles=[self.capsaicin[3]])
        moved = self.migraine[0]
        with self.assertRaises(RuntimeError), transaction.atomic():
            moved.body_en = CAPSAICIN + extra(3)
            moved.save()
            related_refresh(articles=[moved])
            raise RuntimeError("the save failed after the refresh")
        ours = versions._indexes["en"]
        related_recompute(articles=[self.capsaicin[3]])
        self.assertIsNot(versions._indexes["en"], ours)
        self.assertNotIn(moved.pk, self.assertListsAsRebuilt(self.capsaicin[3]))


class DeletionTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        category = make_category()
        cls.articles = [
            capsaicin_article(f"Capsaicin {n}", f"Capsaïcine {n}", category=category)
            for n in range(8)
        ]
        related_rebuild()

    def test_a_deleted_article_leaves_every_list_at_once(self):
        gone = self.articles[0]
        self.assertTrue(RelatedArticle.objects.filter(target=gone).exists())
        # A row removed for good (emptying the trash) takes its entries along.
        Article.objects.filter(pk=gone.pk).update(trashed_at=timezone.now())
        trash_empty(now=timezone.now(), everything=True)
        self.assertFalse(RelatedArticle.objects.filter(target_id=gone.pk).exists())

    def test_article_delete_fills_up_the_lists_that_showed_it(self):
        gone = self.articles[0]
        holders = set(
            RelatedArticle.objects.filter(target=gone).values_list(
                "article_id", flat=True
            )
        )
        result = article_delete(articles=[gone])
        self.assertFalse(Article.objects.present().filter(pk=gone.pk).exists())
        self.assertFalse(RelatedArticle.objects.filter(target_id=gone.pk).exists())
        self.assertEqual(result.articles, holders)
        for holder in holders:
            self.assertEqual(len(listed(Article(pk=holder), "en")), 5)

    def test_recompute_touches_only_the_given_articles(self):
        result = related_recompute(articles=[self.articles[1]])
        self.assertEqual(result.articles, {self.articles[1].pk})


class AdminTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.user = get_user_model().objects.create_superuser(
            "editor", "editor@example.org", "secret-password"
        )
        cls.category = make_category()
        cls.article = capsaicin_article(
            "Capsaicin patches", "Capsaïcinepleisters", category=cls.category
        )
        cls.others = [
            capsaicin_article(f"Capsaicin {n}", category=cls.category) for n in range(3)
        ]
        cls.migraine = migraine_article("Migraine prophylaxis", category=cls.category)
        cls.tag = Tag.objects.create(name_en="topical", slug_en="topical")
        related_rebuild()

    def setUp(self):
        self.client.force_login(self.user)

    def url(self, article: Article, action: str = "change") -> str:
        return f"/admin/articles/article/{article.pk}/{action}/"

    def test_a_pick_of_the_article_itself_is_shown_as_an_error(self):
        data = edit_form_data(
            self.article,
            **{
                "picks-TOTAL_FORMS": "1",
                "picks-0-ORDER": "1",
                "picks-0-target": str(self.article.pk),
            },
        )
        response = self.client.post(self.url(self.article), data)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, str(PICK_OF_ITSELF))
        self.assertFalse(RelatedPick.objects.exists())

    def test_publishing_picks_and_tags_in_the_admin_refreshes_the_lists(self):
        data = edit_form_data(
            self.article,
            tags=[str(self.tag.pk)],
            **{
                "picks-TOTAL_FORMS": "1",
                "picks-0-ORDER": "1",
                "picks-0-target": str(self.migraine.pk),
                "_publish": "1",
            },
        )
        del data["_save_draft"]
        response = self.client.post(self.url(self.article), data)
        self.assertEqual(response.status_code, 302)
        self.assertEqual(listed(self.article, "en")[0], self.migraine.pk)
        self.assertTrue(
            RelatedArticle.objects.get(
                article=self.article, language="en", position=0
            ).is_pick
        )

    def test_unpublishing_in_the_admin_removes_it_from_every_list(self):
        self.assertTrue(RelatedArticle.objects.filter(target=self.others[0]).exists())
        response = self.client.post(self.url(self.others[0], "unpublish"))
        self.assertEqual(response.status_code, 302)
        self.assertFalse(RelatedArticle.objects.filter(target=self.others[0]).exists())

    def test_deleting_in_the_admin_fills_up_the_lists(self):
        gone = self.others[0]
        response = self.client.post(self.url(gone, "delete"), {"post": "yes"})
        self.assertEqual(response.status_code, 302)
        self.assertFalse(RelatedArticle.objects.filter(target_id=gone.pk).exists())
        self.assertEqual(
            listed(self.article, "en"),
            [*[a.pk for a in self.others[1:]], self.migraine.pk],
        )

    def test_deleting_several_in_the_admin_fills_up_the_lists(self):
        response = self.client.post(
            "/admin/articles/article/",
            {
                "action": "delete_selected",
                "_selected_action": [self.others[0].pk, self.others[1].pk],
                "post": "yes",
            },
        )
        self.assertEqual(response.status_code, 302)
        self.assertEqual(
            listed(self.article, "en"), [self.others[2].pk, self.migraine.pk]
        )


class WritePathTests(TestCase):
    def test_load_demo_stores_lists_with_the_editors_picks_first(self):
        call_command("load_demo", stdout=io.StringIO())
        ldn = Article.objects.get(slug_en="low-dose-naltrexone-for-neuropathic-pain")
        picks = list(ldn.picks.values_list("target_id", flat=True))
        for language in ("en", "nl"):
            self.assertEqual(listed(ldn, language)[: len(picks)], picks)
            self.assertEqual(len(listed(ldn, language)), 5)

    def test_importing_an_article_adds_it_to_the_lists(self):
        call_command("load_demo", stdout=io.StringIO())
        original = Article.objects.get(
            slug_en="low-dose-naltrexone-for-neuropathic-pain"
        )
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "copy.txt"
            path.write_text(
                SAMPLE.read_text().replace(
                    "Low dose naltrexone for neuropathic pain",
                    "Naltrexone at a low dose for nerve pain",
                )
            )
            call_command(
                "import_article", str(path), stdout=io.StringIO(), stderr=io.StringIO()
            )
        copy = Article.objects.get(slug_en="naltrexone-at-a-low-dose-for-nerve-pain")
        self.assertEqual(len(listed(copy, "en")), 5)
        self.assertEqual(listed(copy, "nl"), [])
        self.assertIn(copy.pk, listed(original, "en"))
        self.assertNotIn(copy.pk, listed(original, "nl"))


class RebuildCommandTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        for n in range(3):
            capsaicin_article(f"Capsaicin {n}", f"Capsaïcine {n}")

    def test_rebuilds_and_reports_without_a_progress_bar_off_a_terminal(self):
        out, err = io.StringIO(), io.StringIO()
        call_command("rebuild_related", stdout=out, stderr=err)
        self.assertEqual(err.getvalue(), "")
        self.assertIn("readable: 3 in English, 3 in Dutch.", out.getvalue())
        self.assertEqual(RelatedArticle.objects.count(), 12)

    def test_shows_a_progress_bar_on_a_terminal(self):
        class Terminal(io.StringIO):
            def isatty(self):
                return True

        err = Terminal()
        call_command("rebuild_related", stdout=io.StringIO(), stderr=err)
        self.assertIn("12/12", err.getvalue())


class TopicQualityChecks:
    """At least 80% of the top-3 automatic suggestions share the article's topic."""

    def top3_on_topic(self) -> dict[str, list[int]]:
        """Per language, how many of each article's top-3 automatic suggestions
        share its topic."""
        topic_of = self.corpus.topic_of
        result: dict[str, list[int]] = {}
        for language in ("en", "nl"):
            result[language] = []
            for article_id, topic in topic_of.items():
                automatic = list(
                    RelatedArticle.objects.filter(
                        article_id=article_id, language=language, is_pick=False
                    )
                    .order_by("position")
                    .values_list("target_id", flat=True)[:3]
                )
                self.assertEqual(len(automatic), 3)
                result[language].append(
                    sum(topic_of[target] == topic for target in automatic)
                )
        return result

    def test_top_three_suggestions_share_the_topic(self):
        for language, hits in self.top3_on_topic().items():
            share = sum(hits) / (3 * len(hits))
            self.assertGreaterEqual(share, 0.8, language)
            self.assertGreaterEqual(min(hits), 2, language)

    def test_picks_are_not_counted_as_suggestions(self):
        for article_id, picked in self.corpus.picks.items():
            self.assertEqual(
                list(
                    RelatedArticle.objects.filter(
                        article_id=article_id, language="en", is_pick=True
                    ).values_list("target_id", flat=True)
                ),
                picked,
            )


class QualityTests(TopicQualityChecks, TestCase):
    """The bar met by scoring every pair; the corpus needs the text to meet it."""

    @classmethod
    def setUpTestData(cls):
        cls.corpus = build_topic_corpus(per_topic=12)
        related_rebuild()

    def test_the_corpus_has_six_topics_of_at_least_sixty_articles_in_both_languages(
        self,
    ):
        self.assertEqual(len(set(self.corpus.topic_of.values())), 6)
        self.assertGreaterEqual(len(self.corpus.topic_of), 60)
        for language in ("en", "nl"):
            self.assertEqual(
                Article.objects.readable_in(language).count(), len(self.corpus.topic_of)
            )

    def test_category_and_tags_alone_would_not_do(self):
        """The corpus is not solved without the text: the test above can fail."""
        with mock.patch.object(scoring, "WEIGHT_TEXT", 0.0):
            related_rebuild()
        for language, hits in self.top3_on_topic().items():
            self.assertLess(sum(hits) / (3 * len(hits)), 0.6, language)


class PrunedQualityTests(TopicQualityChecks, TestCase):
    """The same bar when each list is chosen among a few candidates only: the
    8 champions of each of an article's 4 heaviest terms, of 72 articles."""

    @classmethod
    def setUpClass(cls):
        cls.pruning = mock.patch.multiple(
            candidates, PRUNE_ABOVE=0, TOP_TERMS=4, CHAMPIONS=8
        )
        cls.pruning.start()
        super().setUpClass()

    @classmethod
    def setUpTestData(cls):
        cls.corpus = build_topic_corpus(per_topic=12)
        related_rebuild()

    @classmethod
    def tearDownClass(cls):
        super().tearDownClass()
        cls.pruning.stop()

    def test_each_article_is_scored_against_few_candidates(self):
        with related_index("en") as found:
            self.assertEqual(len(found), 72)
            scored = np.diff(found.candidates()[0].of(np.arange(72)).indptr)
        # 4 terms' 8 champions, and no tag or category is rare among 72.
        self.assertLessEqual(scored.max(), 4 * 8)
        self.assertLess(scored.mean(), 24)

    def test_each_article_s_own_candidates_give_the_lists_of_a_rebuild(self):
        # A save finds the candidates of the few lists it recomputes by itself.
        for language in ("en", "nl"):
            fresh = index.RelatedIndex.load(language)
            ids = fresh.sorted_ids()
            rebuilt, own = (
                {
                    pk: wanted
                    for chunk, lists in fresh.lists(ids, every=every)
                    for pk, wanted in zip(chunk, lists, strict=True)
                }
                for every in (True, False)
            )
            self.assertEqual(len(own), 72)
            for pk, wanted in own.items():
                self.assertEqual(
                    [entry[::2] for entry in wanted],
                    [entry[::2] for entry in rebuilt[pk]],
                    (language, pk),
                )
                for (_t, score, _p), (_te, rebuilt_score, _pe) in zip(
                    wanted, rebuilt[pk], strict=True
                ):
                    self.assertAlmostEqual(score, rebuilt_score, places=5)

    def test_a_save_scores_its_lists_against_their_candidates_only(self):
        scored: list[int] = []
        original = index.RelatedIndex._scores_at

        def counting(self, pk, columns, rows=None):
            scored.append(len(columns))
            return original(self, pk, columns, rows)

        topic = self.corpus.topic_of
        changed = [pk for pk in sorted(topic) if topic[pk] == topic[min(topic)]][:4]
        with (
            mock.patch.object(index.RelatedIndex, "_scores_at", counting),
            mock.patch.object(index.RelatedIndex, "_scores", None),
        ):
            for pk in changed:
                article = Article.objects.get(pk=pk)
                article.body_en += " " + article.title_en
                article.save()
                related_refresh(articles=[article], languages=["en"])
        self.assertTrue(scored)
        self.assertLessEqual(max(scored), 4 * 8)
        # The lists stay on topic after saves.
        self.test_top_three_suggestions_share_the_topic()


class PrunedListsTests(TestCase):
    """Candidates that cover every article give the lists of scoring every pair."""

    def test_the_lists_are_those_of_scoring_every_pair(self):
        build_topic_corpus(per_topic=4)
        related_rebuild()
        exact = _stored_lists()
        with mock.patch.multiple(candidates, PRUNE_ABOVE=0, CHAMPIONS=1000):
            related_rebuild()
        pruned = _stored_lists()
        self.assertEqual(
            {key: [entry[:2] for entry in rows] for key, rows in pruned.items()},
            {key: [entry[:2] for entry in rows] for key, rows in exact.items()},
        )
        for key, rows in pruned.items():
            for (_t, _p, score), (_te, _pe, exact_score) in zip(
                rows, exact[key], strict=True
            ):
                self.assertAlmostEqual(score, exact_score, places=5)


def _stored_lists() -> dict[tuple[int, str], list[tuple[int, bool, float]]]:
    lists: dict[tuple[int, str], list[tuple[int, bool, float]]] = {}
    for article_id, language, target, is_pick, score in RelatedArticle.objects.order_by(
        "article_id", "language", "position"
    ).values_list("article_id", "language", "target_id", "is_pick", "score"):
        lists.setdefault((article_id, language), []).append((target, is_pick, score))
    return lists


class NormSumsTests(SimpleTestCase):
    def test_the_norms_of_tf_idf_rows_summed_by_block_or_moved_term_by_term(self):
        rng = np.random.default_rng(7)
        text = sparse.random(
            300, 2000, density=0.12, format="csr", dtype=np.float32, random_state=rng
        )
        text.data += 1  # sublinear term frequencies are at least 1
        log_df = np.log1p(rng.integers(0, 300, 2000)).astype(np.float32)
        base = np.float32(np.log(301) + 1)

        def expected(log_df: np.ndarray) -> np.ndarray:
            weighted = text.multiply((base - log_df).astype(np.float64)[None, :])
            return np.sqrt(np.asarray(weighted.power(2).sum(axis=1)).ravel())

        self.assertGreater(text.nnz, NormSums.FEW)  # summed a block at a time
        np.testing.assert_allclose(
            NormSums.of(text, log_df).norms(base), expected(log_df), rtol=1e-6
        )
        few = text[:5]
        np.testing.assert_allclose(
            NormSums.of(few, log_df).norms(base), expected(log_df)[:5], rtol=1e-6
        )
        sums = NormSums.of(text, log_df)
        moved = log_df.copy()
        for terms in (np.array([3, 50, 1999]), np.arange(100, 400)):
            before = moved[terms].copy()
            moved[terms] += np.float32(0.25)
            sums.recount(text.tocsc()[:, terms], before, moved[terms])
        np.testing.assert_allclose(sums.norms(base), expected(moved), rtol=1e-6)


class PrunedRefreshTests(RefreshTests):
    """The refreshes of a large site, each list chosen among its own candidates:
    with candidates that cover every article, they store what scoring every
    pair stores."""

    @classmethod
    def setUpClass(cls):
        cls.pruning = mock.patch.multiple(candidates, PRUNE_ABOVE=0, CHAMPIONS=1000)
        cls.pruning.start()
        super().setUpClass()

    @classmethod
    def tearDownClass(cls):
        super().tearDownClass()
        cls.pruning.stop()

    def scored_while(self, block):
        scored: list[int] = []
        original = index.RelatedIndex._scores_at

        def counting(self, pk, columns, rows=None):
            scored.append(pk)
            return original(self, pk, columns, rows)

        with mock.patch.object(index.RelatedIndex, "_scores_at", counting):
            return scored, block()


class ChampionsTests(SimpleTestCase):
    def test_a_term_s_heaviest_rows_with_ties_to_the_lowest_row(self):
        weights = np.asarray([0.1, 0.5, 0.3, 0.5, 0.3, 0.3, 0.9], dtype=np.float32)
        asked: list[int] = []

        def holders(term: int) -> tuple[np.ndarray, np.ndarray]:
            asked.append(term)
            return np.arange(10, 17), weights

        with mock.patch.object(candidates, "CHAMPIONS", 4):
            found = candidates.Champions(holders)
            rows, floor = found.of(7)
            self.assertEqual(rows.tolist(), [11, 12, 13, 16])
            self.assertAlmostEqual(floor, 0.3, places=6)
            found.of(7)
            self.assertEqual(asked, [7], "kept, not found again")
        with mock.patch.object(candidates, "CHAMPIONS", 7):
            rows, floor = candidates.Champions(holders).of(7)
            self.assertEqual(rows.tolist(), list(range(10, 17)))
            self.assertEqual(floor, -np.inf)
