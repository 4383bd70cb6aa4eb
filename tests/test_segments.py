from django.test import SimpleTestCase

from articles.pipeline.segments import expand_links, reduce_links, split_body
from articles.pipeline.state import _with_keys

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
    def units(self, *texts: str) -> list[dict]:
        return [{"field": "body", "kind": "p", "text": t, "links": {}} for t in texts]

    def test_inserting_a_first_paragraph_keeps_every_other_key(self):
        first, next_key = _with_keys([], self.units("a", "b", "c"), 1)
        second, _next = _with_keys(first, self.units("new", "a", "b", "c"), next_key)
        self.assertEqual([s["key"] for s in first], ["b1", "b2", "b3"])
        self.assertEqual([s["key"] for s in second], ["b4", "b1", "b2", "b3"])

    def test_a_changed_paragraph_keeps_its_key(self):
        first, next_key = _with_keys([], self.units("a", "b", "c"), 1)
        second, _next = _with_keys(first, self.units("a", "B!", "c"), next_key)
        self.assertEqual([s["key"] for s in second], ["b1", "b2", "b3"])

    def test_a_repeated_paragraph_gets_two_keys(self):
        keyed, _next = _with_keys([], self.units("same", "same"), 1)
        self.assertEqual([s["key"] for s in keyed], ["b1", "b2"])
