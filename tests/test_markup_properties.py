"""Property-based tests of the sanitizer and the entry check (Hypothesis).

Sources are generated bodies (text, citations, inline elements, links); the
translations are faithful ones and mutations of them (comments, stray and
crossed tags, tags without ">", foreign markup, lost citations). Whatever the
check approves is run through the real assembly from segments, the sanitizer
and the citation links, and must render with exactly the approved text, tags
and citations. Bounded and seeded in the suite (tests/conftest.py); a longer
search: ``HYPOTHESIS_PROFILE=long pytest tests/test_markup_properties.py``.
"""

import re
from dataclasses import replace
from html.parser import HTMLParser

from django.test import SimpleTestCase
from hypothesis import given
from hypothesis import strategies as st

from articles.revisions.snapshots import Snapshot
from articles.text.richtext import (
    ALLOWED_ATTRIBUTES,
    ALLOWED_TAGS,
    URL_SCHEMES,
    render_body,
    sanitize_html,
)
from articles.translations.checks import translation_problem
from articles.translations.segments import expand_links, split_body
from articles.translations.state import snapshot_translation_update

REFERENCES = 3
WORDS = ["pijn", "dosis", "5 < 10", "R&D", "a\u00a0b", "&amp;", "'x'", '"y"', "é", "<3"]
INLINE = ["em", "strong", "sup", "sub"]
HOSTILE = [
    "<!--",
    "-->",
    "<!-- [2] -->",
    "<img src=x onerror=alert(1)",
    "<svg onload=alert(1) ",
    "<script>alert(1)</script>",
    "</em>",
    "<em>",
    "</a>",
    '<a id="a9">',
    "</ b>",
    "<?x>",
    "<",
    "&",
    "[1]",
    "<br>",
    "<p>",
    "<li>",
    "]",
]


def _inline(children: st.SearchStrategy, link: bool) -> st.SearchStrategy:
    tags = INLINE + (["a"] if link else [])
    return st.tuples(st.sampled_from(tags), st.lists(children, max_size=3)).map(
        lambda pair: _element(*pair)
    )


def _element(tag: str, children: list[str]) -> str:
    inner = "".join(children)
    if tag == "a":
        return f'<a href="https://example.org/{len(inner)}">{inner}</a>'
    return f"<{tag}>{inner}</{tag}>"


LEAVES = st.one_of(
    st.sampled_from(WORDS).map(lambda word: word.replace("<", "&lt;") + " "),
    st.integers(1, REFERENCES + 1).map(lambda n: f"[{n}] "),
    st.just("<br>"),
)
INLINE_HTML = st.recursive(
    LEAVES, lambda children: _inline(children, link=True), max_leaves=8
)
BLOCKS = st.lists(
    st.tuples(
        st.sampled_from(["p", "h2", "li", "blockquote"]),
        st.lists(INLINE_HTML, min_size=1, max_size=5),
    ),
    min_size=1,
    max_size=4,
)


def body_html(blocks: list[tuple[str, list[str]]]) -> str:
    out = []
    for kind, parts in blocks:
        inner = "".join(parts)
        out.append(
            f"<ul><li>{inner}</li></ul>"
            if kind == "li"
            else f"<{kind}>{inner}</{kind}>"
        )
    return sanitize_html("".join(out))


def faithful(source: str, words: list[str]) -> str:
    """A translation of a segment: other words, the same markup and citations."""
    parts = re.split(r"(<[^>]*>|\[\d+\])", source)
    for index in range(0, len(parts), 2):
        if parts[index].strip():
            parts[index] = words[index % len(words)]
    return "".join(parts)


def mutate(text: str, position: int, hostile: str, kind: str) -> str:
    at = position % (len(text) + 1)
    if kind == "insert":
        return text[:at] + hostile + text[at:]
    if kind == "drop-gt":
        closes = [m.start() for m in re.finditer(">", text)]
        return (
            text
            if not closes
            else text[: closes[at % len(closes)]] + text[closes[at % len(closes)] + 1 :]
        )
    return text[:at] + text[at + 1 :]  # "delete" one character


class Events(HTMLParser):
    """Tags and text of well-formed HTML, as a reader's page holds them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.events: list[tuple] = []

    def handle_starttag(self, tag, attrs):
        self.events.append(("start", tag, tuple(sorted(attrs))))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        if tag != "br":
            self.events.append(("end", tag))

    def handle_data(self, data):
        if self.events and self.events[-1][0] == "text":
            self.events[-1] = ("text", self.events[-1][1] + data)
        else:
            self.events.append(("text", data))

    def handle_comment(self, data):
        self.events.append(("comment", data))

    def unknown_decl(self, data):
        self.events.append(("decl", data))

    def handle_pi(self, data):
        self.events.append(("pi", data))


def events(html: str) -> list[tuple]:
    parser = Events()
    parser.feed(html)
    parser.close()
    return parser.events


def uncited(page: list[tuple]) -> tuple[list[tuple], list[int]]:
    """The page's events with the citation links unwrapped, and the numbers they link."""
    out, numbers, skip = [], [], False
    for event in page:
        if event[0] == "start" and event[1] == "a" and ("class", "cite") in event[2]:
            skip = True
            continue
        if skip and event[0] == "text":
            numbers.append(int(event[1].strip("[]")))
        if skip and event == ("end", "a"):
            skip = False
            continue
        if event[0] == "text" and out and out[-1][0] == "text":
            out[-1] = ("text", out[-1][1] + event[1])
        else:
            out.append(event)
    return out, numbers


def translated(body: str, translate) -> tuple[Snapshot, dict]:
    """The article's segments, and the snapshot once every segment has ``translate``'s text."""
    first, _problems = snapshot_translation_update(
        None,
        Snapshot(
            fields={"title": {"en": "Title"}, "body": {"en": body}},
            references=[{}] * REFERENCES,
        ),
        number=1,
    )
    units = {
        segment["key"]: {
            "source": segment["text"],
            "text": translate(segment),
            "fuzzy": False,
        }
        for segment in first.segments
    }
    second, _problems = snapshot_translation_update(
        first, replace(first, translations={"nl": units}), number=2
    )
    return second, units


class CheckProperties(SimpleTestCase):
    @given(BLOCKS, st.lists(st.sampled_from(WORDS), min_size=1, max_size=4))
    def test_a_faithful_translation_is_approved_and_renders_as_approved(
        self, blocks, words
    ):
        words = [word.replace("<", "&lt;") + " " for word in words]
        snapshot, units = translated(
            body_html(blocks), lambda segment: faithful(segment["text"], words)
        )
        for segment in snapshot.segments:
            text = units[segment["key"]]["text"]
            self.assertIsNone(translation_problem(segment["text"], text), text)
        self.assertRendersAsApproved(snapshot, units)

    @given(
        BLOCKS,
        st.lists(
            st.tuples(
                st.integers(0, 400),
                st.sampled_from(HOSTILE),
                st.sampled_from(["insert", "drop-gt", "delete"]),
            ),
            min_size=1,
            max_size=3,
        ),
    )
    def test_an_approved_mutation_renders_as_approved_and_no_check_raises(
        self, blocks, mutations
    ):
        def translate(segment: dict) -> str:
            """The mutated translation when the check approves it, else a faithful one."""
            text = faithful(segment["text"], ["vertaald "])
            for position, hostile, kind in mutations:
                text = mutate(text, position, hostile, kind)
            problem = translation_problem(segment["text"], text)
            if problem is None:
                return text
            self.assertIsInstance(problem, str)
            self.assertTrue(problem)
            return faithful(segment["text"], ["vertaald "])

        self.assertRendersAsApproved(*translated(body_html(blocks), translate))

    def assertRendersAsApproved(self, snapshot: Snapshot, units: dict) -> None:
        """The Dutch page is the source's blocks holding the approved texts: the same
        tags, text and linked citations, as an independent parser reads them."""
        layout = split_body(snapshot.value("body", "en"))
        segments = iter(s for s in snapshot.segments if s["field"] == "body")
        inner = []
        for block in layout.blocks:
            if block.html.strip():
                segment = next(segments)
                text = units[segment["key"]]["text"]
                inner.append(expand_links(text, segment.get("links", {})))
            else:
                inner.append(block.html)
        approved = events(layout.fill(inner))
        page, cited = uncited(
            events(render_body(snapshot.value("body", "nl"), REFERENCES))
        )
        self.assertEqual(page, approved)
        self.assertEqual(
            cited,
            [
                int(number)
                for text, in_link in _texts(approved)
                for number in re.findall(r"\[(\d+)\]", text)
                if not in_link and 1 <= int(number) <= REFERENCES
            ],
        )


def _texts(stream: list[tuple]):
    """Each text of a stream of events, and whether it is inside a link."""
    inside = 0
    for event in stream:
        if event[:2] == ("start", "a"):
            inside += 1
        elif event == ("end", "a"):
            inside -= 1
        elif event[0] == "text":
            yield event[1], inside > 0


class SanitizerProperties(SimpleTestCase):
    @given(
        st.lists(
            st.one_of(
                st.sampled_from(HOSTILE),
                st.sampled_from(WORDS),
                st.sampled_from(
                    [
                        '<a href="javascript:alert(1)">',
                        '<a href="https://x.org" onclick="x()">',
                        '<p style="x">',
                        "<table><tr><td>",
                        "<math><mi>",
                        "<svg><style>",
                        '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
                        "<template>",
                        "<textarea>",
                    ]
                ),
                st.text(max_size=8),
            ),
            max_size=12,
        ).map("".join)
    )
    def test_sanitized_html_holds_only_the_allowed_markup_and_is_stable(self, html):
        clean = sanitize_html(html)
        self.assertEqual(sanitize_html(clean), clean)
        for event in events(clean):
            self.assertNotIn(event[0], {"comment", "decl", "pi"})
            if event[0] == "start":
                self.assertIn(event[1], ALLOWED_TAGS)
                for name, value in event[2]:
                    self.assertIn(
                        name, ALLOWED_ATTRIBUTES.get(event[1], set()) | {"rel"}
                    )
                    if name == "href" and ":" in value:
                        self.assertIn(value.split(":", 1)[0].lower(), URL_SCHEMES)
