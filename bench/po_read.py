"""Reading translators' PO files of 1, 5 and 20 MB: time and peak memory.

    python -m bench.po_read [--sizes 1,5,20] [--json-out FILE]

Generates the files in bench/out/ (nothing from the network), then reads each
with the import's reader (``catalog_read``) in a process of its own, so that
its peak memory is its own:

- ``comments``: a header, then nothing but comment lines, and one entry;
- ``entries``: exported-looking entries (``#.`` and ``#:`` comments, a
  ``msgctxt``, a msgid and a msgstr wrapped over lines, one fuzzy in ten);
- at the largest size only, pathological files: one line holding the whole
  msgstr, one short entry per ``msgctxt`` as many as fit, one msgstr of
  continuation lines, and ten million one-character comment lines.

Prints a Markdown table and one JSON line, and writes the JSON to bench/out/.
The baseline is the process's peak memory before reading (Django loaded and
the file's bytes in memory).
"""

import argparse
import json
import sys
import time
from pathlib import Path

from bench.common import OUT, child, peak_mib, setup

HEADER = (
    'msgid ""\nmsgstr ""\n"Project-Id-Version: clinic_cms\\n"\n'
    '"Language: nl\\n"\n"MIME-Version: 1.0\\n"\n'
    '"Content-Type: text/plain; charset=UTF-8\\n"\n'
    '"Content-Transfer-Encoding: 8bit\\n"\n"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n\n'
)
SENTENCE = "Low dose naltrexone reduced neuropathic pain in most patients [1]. "
ZIN = "Laag gedoseerde naltrexon verminderde neuropathische pijn bij de meeste patiënten [1]. "


def _fill(path: Path, size: int, piece) -> None:
    """Write HEADER, then ``piece(i)`` for i = 0, 1, … until ``size`` bytes."""
    with path.open("w", encoding="utf-8") as handle:
        written = handle.write(HEADER)
        number = 0
        while written < size:
            written += len(piece(number).encode())
            handle.write(piece(number))
            number += 1


def _entry(number: int) -> str:
    fuzzy = "#, fuzzy\n" if number % 10 == 0 else ""
    return (
        f"#. Article: Treatment review {number // 20}, paragraph {number % 20}\n"
        f"#: /en/articles/treatment-review-{number // 20}/\n{fuzzy}"
        f'msgctxt "treatment-review-{number // 20}/b{number % 20}"\n'
        f'msgid ""\n"{SENTENCE * 2}"\n"{SENTENCE}"\n'
        f'msgstr ""\n"{ZIN * 2}"\n"{ZIN}"\n\n'
    )


def generate(kind: str, megabytes: int) -> Path:
    """The generated file of that kind and size in bench/out/."""
    OUT.mkdir(exist_ok=True)
    path = OUT / f"po-read-{kind}-{megabytes}mb.po"
    size = megabytes * 2**20 - 2**10  # under the limit of that many MB
    last = (
        'msgctxt "treatment-review-0/title"\nmsgid "Treatment"\nmsgstr "Behandeling"\n'
    )
    if kind == "comments":
        comment = "# Translator's note: check the dose against the 2014 revision.\n"
        _fill(path, size - len(last), lambda number: comment)
        with path.open("a", encoding="utf-8") as handle:
            handle.write(last)
    elif kind == "entries":
        _fill(path, size, _entry)
    elif kind == "one-line":
        text = HEADER + 'msgctxt "a/b1"\nmsgid "A long line"\nmsgstr "'
        path.write_text(text + "x" * (size - len(text) - 2) + '"\n', encoding="utf-8")
    elif kind == "contexts":
        _fill(
            path,
            size,
            lambda number: f'msgctxt "a{number}/t"\nmsgid "T"\nmsgstr "U"\n',
        )
    elif kind == "continuations":
        with path.open("w", encoding="utf-8") as handle:
            handle.write(HEADER + 'msgctxt "a/b1"\nmsgid "Long"\nmsgstr ""\n')
            line = f'"{SENTENCE}"\n'
            handle.write(line * ((size - len(HEADER)) // len(line)))
    elif kind == "short-comments":
        _fill(path, size - len(last), lambda number: "#\n")
        with path.open("a", encoding="utf-8") as handle:
            handle.write(last)
    return path


def phase_read(path: Path) -> dict:
    from articles.translations.po.reading import catalog_open

    data = path.read_bytes()
    baseline = peak_mib()
    started = time.perf_counter()
    with catalog_open(data, filename=path.name) as catalog:
        entries = sum(1 for _key in catalog.contexts())
    return {
        "mb": round(len(data) / 2**20, 1),
        "lines": data.count(b"\n"),
        "entries": entries,
        "read_s": round(time.perf_counter() - started, 2),
        "baseline_mib": round(baseline),
        "peak_rss_mib": round(peak_mib()),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1,5,20", help="sizes in MB")
    parser.add_argument("--json-out")
    parser.add_argument("--phase", choices=["read"])
    parser.add_argument("--db", help=argparse.SUPPRESS)
    parser.add_argument("--file", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.phase:
        setup(args.db)
        print(json.dumps(phase_read(Path(args.file))))
        return 0

    sizes = [int(size) for size in args.sizes.split(",")]
    runs = [(kind, size) for size in sizes for kind in ("comments", "entries")]
    runs += [
        (kind, max(sizes))
        for kind in ("one-line", "contexts", "continuations", "short-comments")
    ]
    database = OUT / "po-read.sqlite3"  # settings need one; reading uses none
    figures = []
    for kind, size in runs:
        print(f"{kind} {size} MB…", file=sys.stderr)
        path = generate(kind, size)
        figures.append(
            {"kind": kind}
            | child("bench.po_read", "read", database, "--file", str(path))
        )
    print("| file | MB | lines | entries | read | peak RSS (baseline) |")
    print("| --- | --- | --- | --- | --- | --- |")
    for row in figures:
        print(
            f"| {row['kind']} | {row['mb']} | {row['lines']:,} | {row['entries']:,} "
            f"| {row['read_s']} s | {row['peak_rss_mib']} MiB ({row['baseline_mib']}) |"
        )
    line = json.dumps(figures)
    print(line)
    Path(args.json_out or OUT / "po-read.json").write_text(line + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
