"""An article's fingerprint for clustering, and the test of whether two fingerprints are one story.

Pure (no Django). The body's word shingles go into a MinHash (datasketch); LSH bands of that
signature find candidates in the database, and ``match()`` decides:

- the shingles of the shorter text must mostly occur in the longer one (containment, estimated
  from the MinHash Jaccard and the two shingle counts), so a copy with its last paragraphs cut
  still matches;
- the numbers of the text with fewer must all occur in the other, and its proper names nearly
  all: two earthquakes, two Diet votes or two daily weather reports share a template, but not
  their magnitudes, places, names and figures;
- a similar headline lowers the text threshold a little, for copies that were edited more.

Changing NUM_PERM, BANDS, ROWS, SHINGLE or SEED changes every stored band: run ``kabar recluster``.
"""

from __future__ import annotations

import hashlib
import threading
import zlib
from dataclasses import dataclass

import numpy as np
from datasketch import MinHash

from kabar.stories import text as t

NUM_PERM = 64
BANDS, ROWS = 16, 3  # the first BANDS * ROWS values are banded; all NUM_PERM estimate similarity
SHINGLE = 3  # words per shingle
SEED = 7
SCHEME = "affine32"
WINDOW_DAYS = 3  # articles further apart than this in publication time are never one story

CONTAINMENT = 0.8  # of the shorter text's shingles in the longer one
CONTAINMENT_WITH_TITLE = 0.6  # ... when the headlines are alike (TITLE_ALIKE)
TITLE_ALIKE = 0.5
# The share of the numbers (names) of the text with fewer that the other may lack: a copy keeps
# the figures exactly, but an editor may add or spell out a name.
FOREIGN_NUMBERS = 0.0
FOREIGN_NAMES = 0.08
MIN_SHINGLES = 8  # a shorter text says too little to match anything


@dataclass(frozen=True, slots=True)
class Fingerprint:
    signature: np.ndarray  # NUM_PERM uint32 MinHash values
    shingles: int  # how many distinct shingles the text has
    numbers: frozenset[str]
    names: frozenset[str]
    title: frozenset[str]
    origin: str  # the wire agency by dateline, credit line or byline, or ""


_local = threading.local()


def _sketch() -> MinHash:
    """This thread's MinHash, cleared before each use: making one per text costs more than
    hashing a short text (datasketch checks the permutations it is given every time)."""
    sketch = getattr(_local, "sketch", None)
    if sketch is None:
        # The values are crc32s computed beforehand (a C loop, several times faster than letting
        # datasketch call a hash function per shingle); int() passes them through. crc32 is a
        # stable 32-bit hash from the standard library, and datasketch mixes each value with
        # MurmurHash3's finaliser before its permutations, so crc32's weak avalanche does not matter.
        sketch = _local.sketch = MinHash(num_perm=NUM_PERM, seed=SEED, hashfunc=int, scheme=SCHEME)
    sketch.clear()
    return sketch


def fingerprint(*, title: str, body: str, summary: str = "", author: str = "") -> Fingerprint:
    origin, paragraphs = t.clean_body(body)
    if not paragraphs:
        _, paragraphs = t.clean_body(summary)
    prepared = t.prepare("\n".join(paragraphs))
    tokens = t.tokens(prepared)
    shingles = set(map(b" ".join, zip(*(tokens[i:] for i in range(SHINGLE)), strict=False)))
    numbers, names = t.marks(prepared)
    sketch = _sketch()
    sketch.update_batch(list(map(zlib.crc32, shingles)))
    return Fingerprint(
        signature=np.array(sketch.hashvalues, dtype=np.uint32),
        shingles=len(shingles),
        numbers=numbers,
        names=names,
        title=t.title_words(title),
        origin=origin or t.agency_name(author),
    )


def band_hashes(signature: np.ndarray) -> list[int]:
    """One signed 64-bit key per band (it fits a bigint column): a hash of the band's values."""
    data = signature.astype("<u4").tobytes()
    width = ROWS * 4
    return [
        int.from_bytes(
            hashlib.blake2b(data[i * width : (i + 1) * width], digest_size=8).digest(), "little", signed=True
        )
        for i in range(BANDS)
    ]


def can_match(fp: Fingerprint) -> bool:
    """Too short a text (or none) matches nothing, and is not put in the band table: all empty
    texts would share every band."""
    return fp.shingles >= MIN_SHINGLES


def _contained(a: frozenset[str], b: frozenset[str], *, share: float) -> bool:
    """Whether (nearly) all of the smaller set is in the larger: at most ``share`` of it, or one
    item when that is less, may be missing."""
    if len(a) > len(b):
        a, b = b, a
    return len(a - b) <= max(1.0, share * len(a)) if share else not (a - b)


def title_similarity(a: Fingerprint, b: Fingerprint) -> float:
    """Jaccard similarity of the headlines' words."""
    return len(a.title & b.title) / len(a.title | b.title) if a.title and b.title else 0.0


def match(a: Fingerprint, b: Fingerprint) -> bool:
    """Whether ``a`` and ``b`` are copies of one story (publication times aside)."""
    if not (can_match(a) and can_match(b)):
        return False
    same = np.count_nonzero(a.signature == b.signature) / NUM_PERM
    if not same:
        return False
    # |A n B| = J (|A| + |B|) / (1 + J); divided by the smaller set it is the containment.
    containment = min(1.0, same * (a.shingles + b.shingles) / ((1 + same) * min(a.shingles, b.shingles)))
    title = title_similarity(a, b)
    needed = CONTAINMENT_WITH_TITLE if title >= TITLE_ALIKE else CONTAINMENT
    return (
        containment >= needed
        and _contained(a.numbers, b.numbers, share=FOREIGN_NUMBERS)
        and _contained(a.names, b.names, share=FOREIGN_NAMES)
    )


def encode_marks(fp: Fingerprint) -> str:
    """The marks as one line of text for the database: numbers, names, title words, tab-separated."""
    return "\t".join(" ".join(sorted(s)) for s in (fp.numbers, fp.names, fp.title))


def signature_from_bytes(data: bytes) -> np.ndarray:
    return np.frombuffer(data, dtype="<u4").astype(np.uint32)


def decode(*, signature: bytes, shingles: int, marks: str, origin: str) -> Fingerprint:
    numbers, names, title = (frozenset(part.split()) for part in (marks.split("\t") + ["", "", ""])[:3])
    return Fingerprint(
        signature=signature_from_bytes(signature),
        shingles=shingles,
        numbers=numbers,
        names=names,
        title=title,
        origin=origin,
    )


def encode_signature(fp: Fingerprint) -> bytes:
    return fp.signature.astype("<u4").tobytes()
