"""A deterministic synthetic news corpus for the search benchmark, written as `kabar import` JSONL.

    .venv/bin/python bench/corpus.py OUT.jsonl --size 1000 [--seed 4]

Words follow a Zipf law (frequency of the word of rank r proportional to r ** -ZIPF_S) over a
vocabulary of real English function words and news words at the head and made-up words in the
long tail. Titles have 6-14 words; bodies 150-900 words (most near 350) in paragraphs of a few
sentences. Two words are planted so that the slow cases of a positional index exist:
- JAPAN is in every article (at least once in its first sentence, and often elsewhere by Zipf);
- PAIR_WORD is in about 83 % of the articles, and about a quarter of those have it right after
  JAPAN, so the phrase COMMON_PHRASE has two words present in 100 % and ~83 % of the documents.
"prime minister" is planted the same way in ~30 % of the articles, as a phrase of mid-common words.

Speed: words are drawn from an "urn" of 2**24 slots in which each word fills a number of slots
proportional to its probability, indexed by 24-bit random numbers made from `randbytes` in bulk,
so drawing a word costs one C-level list lookup and the whole 1M corpus takes a few minutes.
The output depends only on the seed, the size and the anchor time.
"""

from __future__ import annotations

import argparse
import itertools
import json
import operator
import random
import sys
from array import array
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path

SEED = 4
ZIPF_S = 1.05
VOCABULARY_SIZE = 100_000
URN_BITS = 24
BLOCK = 1 << 22  # words drawn per refill of the stream
SPAN_DAYS = 335  # about 11 months back from the anchor: inside a 365-day search window
JST = timezone(timedelta(hours=9))

JAPAN = "japan"
PAIR_WORD = "government"
COMMON_PHRASE = (JAPAN, PAIR_WORD)
PAIR_WORD_SHARE = 0.83
PHRASE_SHARE = 0.25  # of the articles that have PAIR_WORD
PRIME_MINISTER_SHARE = 0.30

# Weighted like a real feed mix: the wire services publish the most.
SOURCES = {
    "kyodo": 18,
    "jiji": 12,
    "mainichi": 12,
    "nhk-world": 10,
    "japan-times": 9,
    "asahi": 8,
    "japan-today": 7,
    "nikkei-asia": 6,
    "japan-news": 6,
    "nippon-com": 4,
    "japan-forward": 3,
    "soranews24": 3,
    "tokyo-weekender": 2,
}

# The head of the vocabulary, most frequent first. JAPAN sits at rank 8; PAIR_WORD is not here
# because its share is planted, and "prime"/"minister" are planted too but also occur freely.
HEAD = """the of to and a in said japan for on that is with was by at as from it be has its have
will an are were which but this not more also after year they been he their new who had or up
about over than tokyo first would people two other into one last when percent economy minister
prime country could some three million time years company police city such market since
officials week day while before may during report china state public including
between months world business local bank companies told group plan ministry only
data back support according under health rate announced power trade foreign nuclear election
party prefecture yen billion osaka kyoto earthquake typhoon budget tax policy security defense
military president united states korea south north energy prices rice tourism tourists visitors
baseball festival research robot semiconductor exports imports rainfall evacuation governor
station passengers record growth inflation wages workers labor shortage population elderly
children school students university court trial ruling case police arrested suspect victims
fire disaster damage residents town village island coast sea fishing farmers food restaurant
sushi ramen temple shrine castle garden cherry blossom season spring summer autumn winter snow
rain heat storm weather forecast agency office officials spokesperson chief cabinet secretary
diet parliament lawmakers opposition ruling coalition vote bill law reform pension insurance
hospital doctors patients vaccine virus infections cases hotel airport flights airline railway
shinkansen train line bridge road construction project plant factory automaker toyota honda
nissan sony electronics chips technology artificial intelligence software startup investment
investors stocks shares index nikkei exchange currency dollar euro interest central board
chairman executive profit revenue sales quarter fiscal outlook demand supply exports growth
""".split()

SYLLABLES = """ka ki ku ke ko sa shi su se so ta chi tsu te to na ni nu ne no ha hi fu he ho ma mi mu me
mo ya yu yo ra ri ru re ro wa ga gi gu ge go za ji zu ze zo da de do ba bi bu be bo pa pi pu pe po
kan sen ton rin mon dai ryo kyo sho chu""".split()


def vocabulary(size: int = VOCABULARY_SIZE) -> list[str]:
    """The words by rank (rank 1 first). Same list on every run: made-up words come from a fixed seed."""
    words = list(dict.fromkeys(w for w in HEAD if w.isalpha() and w != PAIR_WORD))
    taken = set(words) | {PAIR_WORD}
    rng = random.Random(1)
    while len(words) < size:
        word = "".join(rng.choices(SYLLABLES, k=rng.choice((2, 3, 3, 3, 4))))
        if word not in taken:
            taken.add(word)
            words.append(word)
    return words[:size]


def urn(words: list[str], s: float = ZIPF_S, bits: int = URN_BITS) -> list[str]:
    """2**bits slots; word of rank r gets a share of the slots proportional to r ** -s (largest
    remainders via rounding the cumulative sum, so the total is exact and every word gets >= 1)."""
    slots = 1 << bits
    weights = [r**-s for r in range(1, len(words) + 1)]
    total = sum(weights)
    filled: list[str] = []
    ends = [round(c / total * slots) for c in itertools.accumulate(weights)]
    start = 0
    for word, end in zip(words, ends, strict=True):
        end = max(end, start + 1)
        filled.extend([word] * (end - start))
        start = end
    return filled[:slots]


class WordStream:
    """An endless stream of Zipf words, drawn in bulk."""

    def __init__(self, rng: random.Random, slots: list[str], bits: int = URN_BITS) -> None:
        self.rng = rng
        self.slots = slots
        self.bits = bits
        self.buffer: list[str] = []
        self.pos = 0

    def _refill(self) -> None:
        width = (self.bits + 7) // 8
        raw = self.rng.randbytes(BLOCK * width)
        wide = bytearray(BLOCK * 4)
        for i in range(width):  # little-endian u32 whose high bytes stay zero
            wide[i::4] = raw[i::width]
        numbers = array("I")
        numbers.frombytes(bytes(wide))
        if sys.byteorder == "big":
            numbers.byteswap()
        top = len(self.slots)
        if top < (1 << (width * 8)):
            numbers = array("I", (n % top for n in numbers))
        # itemgetter fetches every slot in C, about twice as fast as map(list.__getitem__).
        self.buffer = list(operator.itemgetter(*numbers)(self.slots))
        self.pos = 0

    def take(self, n: int) -> list[str]:
        out: list[str] = []
        while len(out) < n:
            if self.pos >= len(self.buffer):
                self._refill()
            chunk = self.buffer[self.pos : self.pos + n - len(out)]
            self.pos += len(chunk)
            out.extend(chunk)
        return out


def _plant(rng: random.Random, words: list[str], first_sentence: int) -> None:
    n = len(words)
    has_pair = rng.random() < PAIR_WORD_SHARE
    if has_pair:
        for _ in range(rng.randint(1, 3)):
            words[rng.randrange(n)] = PAIR_WORD
    # After PAIR_WORD, which could otherwise land on it; the phrases start after the first sentence.
    words[rng.randrange(first_sentence)] = JAPAN
    if has_pair and rng.random() < PHRASE_SHARE:
        i = rng.randrange(first_sentence, n - 1)
        words[i : i + 2] = COMMON_PHRASE
    if rng.random() < PRIME_MINISTER_SHARE:
        i = rng.randrange(first_sentence, n - 1)
        words[i : i + 2] = ("prime", "minister")


def _body(rng: random.Random, words: list[str]) -> str:
    """Sentences of 8-24 words in paragraphs of 2-5 sentences, punctuated in place so that the
    whole body is a single join (a join per sentence made this the slowest part)."""
    n = len(words)
    dice = rng.randbytes(n // 8 + 2)  # one byte per sentence is plenty: sentences have >= 8 words
    pos, left, k = 0, 0, 0
    while True:
        if left == 0:
            left = 2 + (dice[k] >> 6)
        length = 8 + dice[k] % 17
        k += 1
        left -= 1
        words[pos] = words[pos].capitalize()
        end = pos + length
        if n - end < 8:  # never leave a stub sentence at the end
            words[n - 1] += "."
            break
        words[end - 1] += ".\n\n" if left == 0 else "."
        pos = end
    return " ".join(words).replace("\n\n ", "\n\n")


def articles(size: int, *, anchor: datetime, seed: int = SEED) -> Iterator[dict]:
    """`size` articles as `kabar import` lines (dicts), published within SPAN_DAYS before `anchor`."""
    rng = random.Random(seed)
    stream = WordStream(random.Random(seed + 1), urn(vocabulary()))
    slugs = list(SOURCES)
    source_weights = list(itertools.accumulate(SOURCES.values()))
    span = SPAN_DAYS * 86400
    for n in range(size):
        title = stream.take(rng.randint(6, 14))
        length = int(rng.triangular(150, 901, 300))
        body = stream.take(length)
        _plant(rng, body, min(length, 16))
        source = rng.choices(slugs, cum_weights=source_weights)[0]
        published = anchor - timedelta(seconds=rng.randrange(60, span))
        yield {
            "url": f"https://{source}.example.com/news/{n:07d}",
            "title": " ".join(title).capitalize(),
            "source": source,
            "published_at": published.astimezone(JST).isoformat(timespec="seconds"),
            "body": _body(rng, body),
            "language": "en",
        }


def write_jsonl(path: Path, size: int, *, anchor: datetime, seed: int = SEED) -> int:
    """Write the corpus; returns the number of bytes written."""
    dumps = json.JSONEncoder(ensure_ascii=False, check_circular=False).encode
    written = 0
    with path.open("w", encoding="utf-8") as out:
        for item in articles(size, anchor=anchor, seed=seed):
            line = dumps(item) + "\n"
            written += len(line)
            out.write(line)
    return written


def word_at_rank(rank: int) -> str:
    """A word of the corpus by its Zipf rank (1 = most frequent); the bench picks rare words so."""
    return vocabulary()[rank - 1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--size", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=SEED)
    options = parser.parse_args()
    anchor = datetime.now(JST).replace(second=0, microsecond=0)
    size = write_jsonl(options.out, options.size, anchor=anchor, seed=options.seed)
    print(f"{options.size} articles, {size / 1e6:.1f} MB -> {options.out}")


if __name__ == "__main__":
    main()
