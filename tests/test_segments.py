from django.test import SimpleTestCase

from articles.revisions.snapshots import Snapshot
from articles.translations.segments import expand_links, reduce_links, split_body
from articles.translations.state import snapshot_translation_update

BODY = (
    "<p>First [1]</p>\n<h2>Why?</h2><ul><li>one <em>x</em></li><li>two</li></ul>"
    "<blockquote><p>quoted</p></blockquote><h3>Sub</h3><p>see "
    '<a href="https://pubmed.ncbi.nlm.nih.gov/1/" rel="noopener noreferrer">this</a></p>'
)


class SplitBodyTests(SimpleTestCase):
    def test_one_block_per_paragraph_heading_item_and_quote(self):
        layout = split_body(BODY)
        self.assertEqual(
            [(b.kind, b.html) for b in layout.blocks],
            [
                ("p", "First [1]"),
                ("h2", "Why?"),
                ("li", "one <em>x</em>"),
                ("li", "two"),
                ("p", "quoted"),
                ("h3", "Sub"),
                (
                    "p",
                    'see <a href="https://pubmed.ncbi.nlm.nih.gov/1/" rel="noopener noreferrer">this</a>',
                ),
            ],
        )

    def test_filling_the_blocks_back_rebuilds_the_body(self):
        layout = split_body(BODY)
        self.assertEqual(layout.fill([b.html for b in layout.blocks]), BODY)

    def test_links_reach_translators_without_their_url(self):
        text, links = reduce_links(split_body(BODY).blocks[-1].html)
        self.assertEqual(text, 'see <a id="a1">this</a>')
        self.assertEqual(
            expand_links('zie <a id="a1">dit</a>', links),
            'zie <a href="https://pubmed.ncbi.nlm.nih.gov/1/" rel="noopener noreferrer">dit</a>',
        )


class SegmentKeyTests(SimpleTestCase):
    """Each revision's paragraphs keep the keys of the paragraphs they continue."""

    def revise(self, previous: Snapshot | None, *texts: str) -> Snapshot:
        """The bookkeeping of a revision whose body is these paragraphs."""
        body = "".join(f"<p>{text}</p>" for text in texts)
        updated, _problems = snapshot_translation_update(
            previous,
            Snapshot(fields={"body": {"en": body}}),
            number=previous.source_version + 1 if previous else 1,
        )
        return updated

    def keys(self, snapshot: Snapshot) -> list[str]:
        return [s["key"] for s in snapshot.segments if s["field"] == "body"]

    def test_inserting_a_first_paragraph_keeps_every_other_key(self):
        first = self.revise(None, "a", "b", "c")
        second = self.revise(first, "new", "a", "b", "c")
        self.assertEqual(self.keys(first), ["b1", "b2", "b3"])
        self.assertEqual(self.keys(second), ["b4", "b1", "b2", "b3"])

    def test_a_changed_paragraph_keeps_its_key(self):
        first = self.revise(None, "a", "b", "c")
        second = self.revise(first, "a", "B!", "c")
        self.assertEqual(self.keys(second), ["b1", "b2", "b3"])

    def test_a_repeated_paragraph_gets_two_keys(self):
        keyed = self.revise(None, "same", "same")
        self.assertEqual(self.keys(keyed), ["b1", "b2"])
