"""How good the related lists chosen among candidates are, against scoring every pair.

    python -m bench --n 10000 --phases load    # once, then:
    python -m bench.candidates --n 10000 [--every 5] [--candidates 4x512,2x1024]

On the English lists of the database the suite loaded (bench/out/suite-n<N>.sqlite3),
for every ``--every``-th article: the share of the suggestions of scoring every
pair that the lists chosen among candidates hold (recall), and how many of each
method's suggestions are on the article's topic as the benchmark corpus writes
it (the condition, and the drug with the condition, named in the title). Each
``--candidates`` is TOP_TERMS x CHAMPIONS (``articles.related.candidates``).
Nothing is written to the database.
"""

import argparse
import json
import sys
import time

from bench.common import OUT, setup
from bench.corpus import CONDITIONS, DRUGS


def _topic(title: str) -> tuple[str | None, str | None]:
    title = title.lower()
    condition = next((c for c in CONDITIONS if c in title), None)
    drug = next((d for d in DRUGS if d.lower() in title), None)
    return condition, drug


def _on_topic(lists: dict[int, set[int]], topic: dict) -> dict:
    pairs = [(topic[a], topic[t]) for a, targets in lists.items() for t in targets]
    return {
        "same_condition": round(sum(a[0] == t[0] for a, t in pairs) / len(pairs), 3),
        "same_drug_and_condition": round(sum(a == t for a, t in pairs) / len(pairs), 3),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=10000)
    parser.add_argument("--every", type=int, default=5)
    parser.add_argument("--candidates", default="4x512")
    args = parser.parse_args(argv)
    database = OUT / f"suite-n{args.n}.sqlite3"
    if not database.exists():
        parser.error(f"{database} does not exist: run python -m bench --phases load")
    setup(database)
    from articles.models import Article
    from articles.related import candidates
    from articles.related.index import RelatedIndex

    topic = {
        pk: _topic(title) for pk, title in Article.objects.values_list("pk", "title_en")
    }
    index = RelatedIndex.load("en")
    sample = index.sorted_ids()[:: args.every]

    def suggestions(chunks) -> dict[int, set[int]]:
        return {
            pk: {target for target, _score, is_pick in chosen if not is_pick}
            for ids, lists in chunks
            for pk, chosen in zip(ids, lists, strict=True)
        }

    started = time.perf_counter()
    exact = suggestions(index._exact_lists(sample))
    figures: dict = {
        "articles": len(index),
        "sampled": len(sample),
        "every_pair": _on_topic(exact, topic)
        | {"seconds": round(time.perf_counter() - started, 2)},
    }
    for setting in args.candidates.split(","):
        candidates.TOP_TERMS, candidates.CHAMPIONS = map(int, setting.split("x"))
        started = time.perf_counter()
        chosen = suggestions(index._pruned_lists(sample))
        found = sum(len(exact[pk] & chosen[pk]) for pk in exact)
        figures[setting] = _on_topic(chosen, topic) | {
            "recall": round(found / sum(len(v) for v in exact.values()), 3),
            "seconds": round(time.perf_counter() - started, 2),
        }
    print(json.dumps(figures, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
