"""The Tantivy schema and the analyser: how an article becomes index terms, and a query word a term.

Words are split in Python by ``query.tokenize`` (lowercase, ASCII folding, split at everything that
is not a letter or digit), so the index and the query parser split text in exactly the same way by
construction. Tantivy's Snowball English stemmer then turns each word into its stem, and the stems,
joined by single spaces, are what the title/body fields index (with positions, for phrases) through
a plain whitespace tokenizer. Stopwords are kept: phrases need them; the parser drops them elsewhere.

Word pairs of common words (the idea of Lucene's CommonGrams filter, a lighter Elasticsearch
``index_phrases``): every two consecutive stems of a field that are both in COMMON are also indexed
as one term "stem1_stem2" in that field's pairs field. A phrase of common words ("the government",
"prime minister") is then one term lookup instead of intersecting two huge position lists, the
slow case of a positional index. A phrase with a rarer word stays positional, which is fast: the
rare word's short list drives it. Pairs of every two words would cost ten times the indexing time
(millions of distinct one-off terms) to speed up phrases that are already fast. Pairs are kept per
field, so a phrase never spans from the title into the body.
"""

from __future__ import annotations

import calendar
import json
import os
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from pathlib import Path

import tantivy
from django.conf import settings
from django.utils import timezone

from kabar.search.query import tokenize

# Bump when the schema or the analysis changes; an index of another format is rebuilt, never read.
FORMAT = 2

ID = "id"
RANK = "rank"  # newest-first sort key, see rank_key()
PUBLISHED = "published_at"
SOURCE = "source_id"
TITLE = "title"
BODY = "body"
PAIRS = {TITLE: "title_pairs", BODY: "body_pairs"}

WORDS_TOKENIZER = "kabar_words"
PAIRS_TOKENIZER = "kabar_pairs"

# The rank key holds whole seconds since this epoch above the article id, so one u64 fast field
# sorts by publication time and then by id, both descending, in a single Tantivy sort.
RANK_EPOCH = calendar.timegm((2000, 1, 1, 0, 0, 0))
ID_BITS = 32


def build_schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    builder.add_unsigned_field(ID, indexed=True, fast=True)
    builder.add_unsigned_field(RANK, fast=True)
    builder.add_date_field(PUBLISHED, indexed=True, fast=True)
    # The source's id, not its slug: slugs and group membership are resolved at query time, so
    # renaming a source or moving it to another group never leaves the index stale.
    builder.add_unsigned_field(SOURCE, indexed=True, fast=True)
    for field in (TITLE, BODY):
        builder.add_text_field(field, tokenizer_name=WORDS_TOKENIZER, index_option="position")
        builder.add_text_field(PAIRS[field], tokenizer_name=PAIRS_TOKENIZER, index_option="freq")
    return builder.build()


SCHEMA = build_schema()

# Tantivy's whitespace tokenizer followed by its Snowball English stemmer. Fed with tokenize()'s
# words joined by spaces it returns exactly one stem per word, in order.
_STEMMER = (
    tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.whitespace())
    .filter(tantivy.Filter.stemmer("english"))
    .build()
)


def register_tokenizers(index: tantivy.Index) -> None:
    """Tokenizers are not stored in the index, so every opened Index needs them again."""
    index.register_tokenizer(
        WORDS_TOKENIZER, tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.whitespace()).build()
    )
    # The pair terms are made in Python (_pairs_text), one word each.
    index.register_tokenizer(
        PAIRS_TOKENIZER, tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.whitespace()).build()
    )


# Stemming each word through Tantivy costs a Python string per word per article; news vocabulary is
# small, so a dict of known stems, read with a C-level map(), makes indexing several times faster.
_STEM_CACHE: dict[str, str] = {}
_STEM_CACHE_MAX = 200_000  # about 25 MB at most, in each web worker too


def _learn(words: list[str]) -> None:
    missing = set(words).difference(_STEM_CACHE)  # C-level: an article has a few hundred words
    if not missing:
        return
    if len(_STEM_CACHE) + len(missing) > _STEM_CACHE_MAX:
        _STEM_CACHE.clear()
        missing = set(words)
    missing = list(missing)
    found = _STEMMER.analyze(" ".join(missing))
    if len(found) != len(missing):  # never expected (words hold no spaces); stay correct anyway
        found = [(_STEMMER.analyze(w) or [w])[0] for w in missing]
    _STEM_CACHE.update(zip(missing, found, strict=True))


def _stem_list(words: list[str]) -> list[str]:
    """stems() for the indexing path: new words are learnt once, then every word is read from the
    cache by a C-level map() (a Python loop over each word of each article costs far more)."""
    try:
        return list(map(_STEM_CACHE.__getitem__, words))
    except KeyError:
        _learn(words)
    try:
        return list(map(_STEM_CACHE.__getitem__, words))
    except KeyError:  # another thread cleared the cache in between
        return stems(words)


def stemmed_text(words: list[str]) -> str:
    """The stems of tokenize()'s words joined by single spaces: the text the index sees."""
    return " ".join(_stem_list(words))


def stems(words: list[str] | tuple[str, ...]) -> list[str]:
    """The stem of each word, one per word."""
    words = list(words)
    _learn(words)
    cache = _STEM_CACHE
    # Another thread may clear the cache between the two lines; then stem the word directly.
    return [cache.get(w) or (_STEMMER.analyze(w) or [w])[0] for w in words]


def stem(word: str) -> str:
    return stems([word])[0]


# Frequent words of English-language news: function words and the head of a news vocabulary. Only
# pairs of these are indexed (see the module docstring). Changing the list changes the index: bump
# FORMAT. Chosen for speed, not meaning: a word missing here only makes its phrases positional.
_COMMON_WORDS = """
a about above across after again against ago all almost along already also although always am
among an and another any are around as at away back be became because become been before being
below between both but by came can cannot come could day days did do does doing done down during
each early either else end enough even ever every few first for four from further get gets given
go going good got had has have having he her here hers herself him himself his how however i if
in including into is it its itself just last least less like made make many may me might more
most much must my near need never new next no nor not now of off often on once one only or other
others our ours out over own per rather said same say says second see she should since so some
still such take than that the their theirs them themselves then there these they third this those
three through thus to today together too took two under until up upon us very was way we week
weeks well were what when where whether which while who whom whose why will with within without
would year years yet you your
according agency announced april area asia asian august bank billion business cabinet case center
central chief children china chinese city companies company country countries court data december
defense diet economic economy election energy expected february financial fiscal foreign former
friday global government governor group health high home house including industry international
issue january japan japanese july june korea korean law leader leaders level local major march
market may military million minister ministers ministry monday month months national news north
november number october office official officials party people percent plan plans police policy
political power president prices prime public quarter rate record region report reported said
saturday security september service south state states sunday support system tax thursday time
tokyo told top trade tuesday united wednesday world yen
"""
COMMON: frozenset[str] = frozenset()  # filled in below, once the stemmer exists
_COMMON_STEM: dict[str, str] = {}


def pair_term(first: str, second: str) -> str:
    """The pairs-field term of two consecutive stems (only when both are COMMON)."""
    return f"{first}_{second}"


def _pairs_text(words: list[str]) -> str:
    """The pair terms of a field's stems, space-separated. Iterated in C (map/filter/zip): it runs
    for every word of every article at indexing time."""
    marks = list(map(_COMMON_STEM.get, words))  # the stem if common, else None
    return " ".join(map("_".join, filter(all, zip(marks, marks[1:], strict=False))))


def analysed(text: str) -> str:
    """Text as the index sees it: its stems joined by single spaces."""
    return stemmed_text(tokenize(text))


COMMON = frozenset(stems(_COMMON_WORDS.split()))
_COMMON_STEM.update((stem, stem) for stem in COMMON)


def rank_key(published_at: datetime, article_id: int) -> int:
    seconds = max(0, int(published_at.timestamp()) - RANK_EPOCH)
    return (seconds << ID_BITS) | (article_id & ((1 << ID_BITS) - 1))


def to_utc(moment: datetime) -> datetime:
    """Tantivy stores dates to the second; drop the fraction so ranges agree with what is stored."""
    return moment.astimezone(UTC).replace(microsecond=0)


def analysed_texts(texts: tuple[str, ...]) -> list[str]:
    """For each text, its stems and its pair terms (the values document() gives a text field and
    its pairs field). Pure and picklable: a reindex runs it in worker processes."""
    out = []
    for text in texts:
        found = _stem_list(tokenize(text))
        out += (" ".join(found), _pairs_text(found))
    return out


def document(
    *,
    article_id: int,
    source_id: int,
    published_at: datetime,
    title: str,
    body: str,
    analysed: list[str] | None = None,
) -> tantivy.Document:
    """``analysed``, when given, is analysed_texts((title, body)), computed elsewhere."""
    title_words, title_pairs, body_words, body_pairs = analysed or analysed_texts((title, body))
    doc = tantivy.Document()
    doc.add_unsigned(ID, article_id)
    doc.add_unsigned(RANK, rank_key(published_at, article_id))
    doc.add_date(PUBLISHED, to_utc(published_at))
    doc.add_unsigned(SOURCE, source_id)
    doc.add_text(TITLE, title_words)
    doc.add_text(PAIRS[TITLE], title_pairs)
    doc.add_text(BODY, body_words)
    doc.add_text(PAIRS[BODY], body_pairs)
    return doc


# --- On disk ---------------------------------------------------------------------------------------
# DATA_DIR/index/
#   current              symlink to the generation readers use; swapped atomically by a reindex
#   gen-<time>-<pid>/    a Tantivy index plus STATE_FILE (written after each Tantivy commit)
#   writer.lock          held by whoever writes to the current generation or swaps it
#   reindex.lock         held while a new generation is built
#   follow.lock          held for its lifetime by `kabar index --follow`
CURRENT = "current"
STATE_FILE = "kabar-state.json"


@dataclass(frozen=True)
class State:
    """What a generation holds: everything up to change number ``seq``, for a window of
    ``window_days``, in index ``format``. Written only after the Tantivy commit it describes."""

    seq: int
    window_days: int
    format: int = FORMAT


def window_start(now: datetime) -> datetime:
    """The first moment of the search window: local midnight (TIME_ZONE) of the day that was
    KABAR_SEARCH_WINDOW_DAYS days before today. Whole days keep it still for a day, so results,
    caches and the timeline agree, and an article leaves the window at a midnight."""
    today = timezone.localdate(now)
    return timezone.make_aware(
        datetime.combine(today - timedelta(days=settings.KABAR_SEARCH_WINDOW_DAYS), time.min)
    )


def index_root() -> Path:
    return Path(settings.DATA_DIR) / "index"


def current_generation(root: Path) -> Path | None:
    try:
        target = os.readlink(root / CURRENT)
    except OSError:
        return None
    path = root / target
    return path if path.is_dir() else None


def read_state(generation: Path) -> State | None:
    try:
        data = json.loads((generation / STATE_FILE).read_text())
        return State(seq=int(data["seq"]), window_days=int(data["window_days"]), format=int(data["format"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def write_state(generation: Path, state: State) -> None:
    """Atomically (write, fsync, rename), so a crash leaves the old state or the new one."""
    tmp = generation / f".{STATE_FILE}.{os.getpid()}"
    with open(tmp, "w") as handle:
        json.dump({"seq": state.seq, "window_days": state.window_days, "format": state.format}, handle)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, generation / STATE_FILE)


def open_index(generation: Path) -> tantivy.Index:
    index = tantivy.Index.open(str(generation))
    register_tokenizers(index)
    index.config_reader("Manual", 0)  # readers reload when they see a new commit, not by a watcher thread
    return index
