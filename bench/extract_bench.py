"""Article extraction against the article-extraction benchmark (issue 3, section 6).

    .venv/bin/python bench/extract_bench.py [--rounds 2] [--worst 0]

Runs kabar's `extract_article` over the 181 pages in
../shared/testdata/pages/article-extraction-benchmark/ and scores the paragraphs against the
human-labelled article bodies by the benchmark's own method (bench/extraction_score.py). Beside it,
the same figures and the time for `trafilatura.extract` with its default settings, on the same
decoded pages in the same run. Each page is timed for both extractors back to back (CPU time, the
best of --rounds), so that a busy machine slows both alike. Targets: F1 >= 0.96, time <= 1.2x.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.extraction_score import Score, page_counts, page_precision_recall, score  # noqa: E402

BENCHMARK = ROOT.parent / "shared" / "testdata" / "pages" / "article-extraction-benchmark"
F1_TARGET = 0.96
TIME_LIMIT = 1.2


def load_pages(folder: Path = BENCHMARK) -> list[tuple[str, str, str, str]]:
    """(id, url, decoded html, ground-truth body) for every page of the benchmark."""
    from kabar.sources.fetching import decode_html

    truth = json.loads((folder / "ground-truth.json").read_text(encoding="utf-8"))
    pages = []
    for page_id in sorted(truth):
        raw = gzip.decompress((folder / "html" / f"{page_id}.html.gz").read_bytes())
        pages.append((page_id, truth[page_id]["url"], decode_html(raw, {}), truth[page_id]["articleBody"]))
    return pages


def kabar_text(html: str, url: str) -> str:
    from kabar.sources.extraction import extract_article

    extracted = extract_article(html, url=url)
    return "\n".join(extracted.paragraphs) if extracted else ""


def trafilatura_text(html: str, url: str) -> str:
    import trafilatura

    return trafilatura.extract(html) or ""


EXTRACTORS = {"kabar extraction.py": kabar_text, "trafilatura.extract (defaults)": trafilatura_text}


def run(pages, rounds: int = 1) -> dict[str, tuple[Score, float, dict[str, str]]]:
    """Score and total CPU seconds per extractor; each page's time is its best over ``rounds``."""
    outputs: dict[str, dict[str, str]] = {name: {} for name in EXTRACTORS}
    best: dict[str, dict[str, float]] = {name: {} for name in EXTRACTORS}
    names = list(EXTRACTORS)
    for round_number in range(rounds):
        for index, (page_id, url, html, _truth) in enumerate(pages):
            # Alternate which extractor goes first, so that neither always meets a warm cache.
            order = names if (index + round_number) % 2 == 0 else names[::-1]
            for name in order:
                start = time.process_time()
                text = EXTRACTORS[name](html, url)
                spent = time.process_time() - start
                outputs[name][page_id] = text
                best[name][page_id] = min(spent, best[name].get(page_id, spent))
    results = {}
    for name in names:
        pairs = [(truth, outputs[name][page_id]) for page_id, _url, _html, truth in pages]
        results[name] = (score(pairs), sum(best[name].values()), outputs[name])
    return results


def table(results) -> str:
    lines = [
        "| extractor | precision | recall | F1 | CPU time (s) | ms/page |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for name, (s, seconds, _outputs) in results.items():
        per_page = 1000 * seconds / max(s.pages, 1)
        lines.append(
            f"| {name} | {s.precision:.4f} | {s.recall:.4f} | {s.f1:.4f} | {seconds:.2f} | {per_page:.1f} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=2, help="timing rounds; each page keeps its best")
    parser.add_argument("--worst", type=int, default=0, help="also list the N worst pages for kabar")
    args = parser.parse_args(argv)
    if not (BENCHMARK / "ground-truth.json").is_file():
        print(
            f"The benchmark pages are not there: {BENCHMARK}\n"
            "They come with the shared test data (../shared/testdata/ beside the project).",
            file=sys.stderr,
        )
        return 2
    pages = load_pages()
    results = run(pages, rounds=max(1, args.rounds))
    ours, ours_time, outputs = results["kabar extraction.py"]
    _theirs, theirs_time, _ = results["trafilatura.extract (defaults)"]
    ratio = ours_time / theirs_time if theirs_time else float("inf")
    print(f"{len(pages)} pages, {args.rounds} timing round(s)\n")
    print(table(results))
    print(
        f"\nF1 {ours.f1:.4f} (target >= {F1_TARGET}): {'met' if ours.f1 >= F1_TARGET else 'NOT met'}; "
        f"time {ratio:.2f}x trafilatura's (limit {TIME_LIMIT}x): {'met' if ratio <= TIME_LIMIT else 'NOT met'}"
    )
    if args.worst:
        print(f"\nWorst {args.worst} pages for kabar (F1, url):")
        rows = []
        for page_id, url, _html, truth in pages:
            precision, recall = page_precision_recall(*page_counts(truth, outputs[page_id]))
            rows.append((Score(precision, recall, 1).f1, url))
        for f1, url in sorted(rows)[: args.worst]:
            print(f"  {f1:.3f}  {url}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
