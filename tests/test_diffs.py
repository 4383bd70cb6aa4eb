from dataclasses import replace

from django.test import SimpleTestCase

from articles.revisions.diffs import blocks_diff, snapshot_diff, word_diff
from articles.revisions.snapshots import Snapshot
from tests.factories import reference


class WordDiffTests(SimpleTestCase):
    def test_changed_words_are_marked(self):
        self.assertEqual(
            word_diff("dose of 4.5 mg", "dose of 3 mg"),
            "dose of <del>4.5</del><ins>3</ins> mg",
        )

    def test_markup_changes_are_visible(self):
        diff = word_diff("<p>a <em>b</em></p>", "<p>a <strong>b</strong></p>")
        self.assertIn('<del><code class="markup">&lt;em&gt;</code>b', diff)
        self.assertIn('<ins><code class="markup">&lt;strong&gt;</code>b', diff)

    def test_a_reworded_phrase_reads_as_one_change(self):
        self.assertEqual(
            word_diff(
                "LDN might be an interesting option.", "LDN is a reasonable option."
            ),
            "LDN <del>might be an interesting</del><ins>is a reasonable</ins> option.",
        )

    def test_text_is_escaped(self):
        self.assertNotIn("<script>", word_diff("x", "<script>alert(1)</script>"))

    def test_unchanged_blocks_are_folded(self):
        old = "<p>One.</p><p>Two.</p><p>Three.</p>"
        new = "<p>One.</p><p>Two.</p><p>Three!</p><h2>Four</h2>"
        diff = blocks_diff(old, new)
        self.assertIn("… 2 unchanged blocks …", diff)
        self.assertNotIn("One.", diff)
        self.assertIn('Four<code class="markup">&lt;/h2&gt;</code></ins>', diff)


class SnapshotDiffTests(SimpleTestCase):
    def setUp(self):
        self.old = Snapshot(
            fields={"title": {"en": "Capsaicin", "nl": "Capsaïcine"}},
            tags=[{"id": 1, "name": "capsaicin"}],
            category={"id": 1, "name": "Treatment"},
            references=[reference(1), reference(2), reference(3)],
        )

    def test_fields_per_language(self):
        new = replace(
            self.old, fields={"title": {"en": "Capsaicin", "nl": "Capsaïcine-pleister"}}
        )
        diff = snapshot_diff(self.old, new)
        self.assertEqual(
            [(c.label, c.language) for c in diff.fields], [("Title", "nl")]
        )

    def test_references_added_removed_and_changed(self):
        changed = dict(reference(2), details="2002;9(9):9.")
        new = replace(self.old, references=[reference(1), changed])
        diff = snapshot_diff(self.old, new)
        self.assertEqual(
            [(c.number, c.kind) for c in diff.references],
            [(2, "changed"), (3, "removed")],
        )
        grown = snapshot_diff(new, self.old)
        self.assertEqual(
            [(c.number, c.kind) for c in grown.references],
            [(2, "changed"), (3, "added")],
        )

    def test_category_and_tags(self):
        new = replace(self.old, category=None, tags=[{"id": 2, "name": "lidocaine"}])
        labels = [change.label for change in snapshot_diff(self.old, new).others]
        self.assertEqual(labels, ["Category", "Tags"])

    def test_identical_snapshots_have_no_diff(self):
        self.assertFalse(snapshot_diff(self.old, replace(self.old)))
