"""Vocabulary and small helpers shared by the demo topic writers (see kabar/articles/demo.py).

Everything here was written for kabar's demo corpus: the people are fictional and the numbers are
drawn at random, so no sentence reports a real event or quotes a real person.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

# (prefecture, its main city, region)
PREFECTURES = (
    ("Hokkaido", "Sapporo", "Hokkaido"),
    ("Aomori", "Aomori", "Tohoku"),
    ("Iwate", "Morioka", "Tohoku"),
    ("Miyagi", "Sendai", "Tohoku"),
    ("Akita", "Akita", "Tohoku"),
    ("Yamagata", "Yamagata", "Tohoku"),
    ("Fukushima", "Fukushima", "Tohoku"),
    ("Ibaraki", "Mito", "Kanto"),
    ("Tochigi", "Utsunomiya", "Kanto"),
    ("Gunma", "Maebashi", "Kanto"),
    ("Saitama", "Saitama", "Kanto"),
    ("Chiba", "Chiba", "Kanto"),
    ("Tokyo", "Tokyo", "Kanto"),
    ("Kanagawa", "Yokohama", "Kanto"),
    ("Niigata", "Niigata", "Hokuriku"),
    ("Toyama", "Toyama", "Hokuriku"),
    ("Ishikawa", "Kanazawa", "Hokuriku"),
    ("Fukui", "Fukui", "Hokuriku"),
    ("Yamanashi", "Kofu", "Chubu"),
    ("Nagano", "Nagano", "Chubu"),
    ("Gifu", "Gifu", "Chubu"),
    ("Shizuoka", "Shizuoka", "Chubu"),
    ("Aichi", "Nagoya", "Chubu"),
    ("Mie", "Tsu", "Kansai"),
    ("Shiga", "Otsu", "Kansai"),
    ("Kyoto", "Kyoto", "Kansai"),
    ("Osaka", "Osaka", "Kansai"),
    ("Hyogo", "Kobe", "Kansai"),
    ("Nara", "Nara", "Kansai"),
    ("Wakayama", "Wakayama", "Kansai"),
    ("Tottori", "Tottori", "Chugoku"),
    ("Shimane", "Matsue", "Chugoku"),
    ("Okayama", "Okayama", "Chugoku"),
    ("Hiroshima", "Hiroshima", "Chugoku"),
    ("Yamaguchi", "Yamaguchi", "Chugoku"),
    ("Tokushima", "Tokushima", "Shikoku"),
    ("Kagawa", "Takamatsu", "Shikoku"),
    ("Ehime", "Matsuyama", "Shikoku"),
    ("Kochi", "Kochi", "Shikoku"),
    ("Fukuoka", "Fukuoka", "Kyushu"),
    ("Saga", "Saga", "Kyushu"),
    ("Nagasaki", "Nagasaki", "Kyushu"),
    ("Kumamoto", "Kumamoto", "Kyushu"),
    ("Oita", "Oita", "Kyushu"),
    ("Miyazaki", "Miyazaki", "Kyushu"),
    ("Kagoshima", "Kagoshima", "Kyushu"),
    ("Okinawa", "Naha", "Okinawa"),
)

FAMILY_NAMES = (
    "Sato", "Suzuki", "Takahashi", "Tanaka", "Watanabe", "Ito", "Yamamoto", "Nakamura", "Kobayashi",
    "Yoshida", "Yamada", "Sasaki", "Yamaguchi", "Matsumoto", "Inoue", "Kimura", "Shimizu", "Yamazaki",
    "Mori", "Ikeda", "Hashimoto", "Ishikawa", "Ogawa", "Fujita", "Okada", "Goto", "Hasegawa", "Murakami",
    "Kondo", "Ishii", "Saito", "Sakamoto", "Endo", "Aoki", "Fujii", "Nishimura", "Ota", "Miura",
    "Okamoto", "Matsuda", "Nakagawa", "Harada", "Ono", "Tamura", "Takeuchi", "Kaneko", "Wada",
    "Nakayama", "Ishida", "Ueda", "Morita", "Shibata", "Sakai", "Kudo", "Yokoyama", "Miyamoto",
    "Uchida", "Takagi", "Ando", "Taniguchi", "Maruyama", "Imai", "Fujimoto", "Murata", "Sugiyama",
    "Masuda", "Koyama", "Otsuka", "Hirano", "Sugawara", "Kubo", "Matsui", "Iwasaki", "Sakurai",
    "Kinoshita", "Noguchi", "Matsuo", "Kikuchi", "Nomura", "Arai", "Oshima", "Hirata", "Kuroda",
)  # fmt: skip
MALE_NAMES = (
    "Haruto", "Kenji", "Hiroshi", "Takeshi", "Daisuke", "Kazuki", "Ryota", "Shota", "Yusuke", "Naoki",
    "Makoto", "Satoshi", "Tomoya", "Kenta", "Yuji", "Masato", "Koji", "Akira", "Shinya", "Tetsuya",
    "Hideo", "Osamu", "Minoru", "Jun", "Ren", "Sota", "Yuto", "Kaito", "Riku",
)  # fmt: skip
FEMALE_NAMES = (
    "Yui", "Aoi", "Haruka", "Akiko", "Yoko", "Keiko", "Naomi", "Mari", "Emi", "Sayaka", "Misaki",
    "Nanami", "Rina", "Ayumi", "Megumi", "Chihiro", "Kana", "Miho", "Tomoko", "Noriko", "Mio", "Hina",
    "Rin", "Asuka", "Eri",
)  # fmt: skip
GIVEN_NAMES = MALE_NAMES + FEMALE_NAMES
OCCUPATIONS = (
    "an office worker", "a company employee", "a university student", "a part-time worker",
    "a homemaker", "a retiree", "a nurse", "a high school teacher", "a shop owner", "a taxi driver",
    "a farmer", "a local government employee", "a freelance designer", "a restaurant owner",
    "a hotel worker", "a graduate student", "a care worker", "a delivery driver",
)  # fmt: skip
FOREIGN_COUNTRIES = (
    "Vietnam", "Australia", "the Philippines", "Indonesia", "India", "South Korea", "Germany",
    "Britain", "France", "Canada", "Thailand", "Malaysia", "Italy", "Brazil", "New Zealand",
)  # fmt: skip


@dataclass
class Story:
    """One news event as its first outlet would run it; demo.py turns it into one or more articles."""

    topic: str
    kind: str
    city: str  # the dateline city, e.g. "Tokyo"
    titles: list[str]  # the first is the headline; the others are variants other outlets may use
    summary: str
    core: list[str]  # the paragraphs every version keeps
    extra: list[str] = field(default_factory=list)  # background, added until the body is long enough
    caption: str = ""  # without the photo credit


class Ctx:
    """The randomness of one story, split in two streams.

    ``shape`` picks templates and structure; ``facts`` picks places, names and numbers. A look-alike
    story reuses the shape seed with new facts, so it reads the same yet reports a different event.
    """

    def __init__(self, *, shape_seed: int, facts_seed: int, day: date, hour: int = 12) -> None:
        self.shape = random.Random(shape_seed)
        self.facts = random.Random(facts_seed)
        self.day = day
        self.hour = hour  # the hour (Japan time) the first version is published

    def clock(self, *, hours_before: int = 1) -> str:
        """A time of day shortly before publication, e.g. '9:42 a.m.'."""
        hour = max(0, self.hour - hours_before)
        minute = self.facts.randint(0, 59)
        shown = hour % 12 or 12
        return f"{shown}:{minute:02d} {'a.m.' if hour < 12 else 'p.m.'}"

    def kind(self, kinds) -> str:
        """A kind of story that fits the day: kinds are (name, fits(day), weight)."""
        fitting = [(name, weight) for name, fits, weight in kinds if fits(self.day)]
        return self.shape.choices([n for n, _ in fitting], weights=[w for _, w in fitting])[0]

    def pick(self, options):
        return self.shape.choice(options)

    def fact(self, options):
        return self.facts.choice(options)

    def num(self, low: int, high: int) -> int:
        return self.facts.randint(low, high)

    def dec(self, low: float, high: float, places: int = 1) -> float:
        return round(self.facts.uniform(low, high), places)

    def chance(self, p: float) -> bool:
        return self.facts.random() < p

    def base(self) -> dict:
        """Date words every template may use."""
        d = self.day
        return {
            "weekday": WEEKDAYS[d.weekday()],
            "date": f"{MONTHS[d.month - 1]} {d.day}",
            "date_long": f"{MONTHS[d.month - 1]} {d.day}, {d.year}",
            "month": MONTHS[d.month - 1],
            "prev_month": MONTHS[(d.month - 2) % 12],
            "year": d.year,
        }

    def person(self, f: dict, role: str, *, low: int = 25, high: int = 75, names=GIVEN_NAMES) -> None:
        """Add a fictional person as f[role] (full name), f[role_family], f[role_age] and f[role_job]."""
        family = self.facts.choice(FAMILY_NAMES)
        f[role] = f"{self.facts.choice(names)} {family}"
        f[role + "_family"] = family
        f[role + "_age"] = self.facts.randint(low, high)
        f[role + "_job"] = self.facts.choice(OCCUPATIONS)

    def place(self, f: dict, role: str = "pref", *, regions: tuple[str, ...] = ()) -> None:
        """Add a prefecture as f[role], its main city as f[role_city] and its region."""
        options = [p for p in PREFECTURES if not regions or p[2] in regions]
        pref, city, region = self.facts.choice(options)
        f[role], f[role + "_city"], f[role + "_region"] = pref, city, region

    def fill(self, template: str, f: dict) -> str:
        return template.format_map(f)

    def choose(self, templates, f: dict) -> str:
        return self.pick(templates).format_map(f)

    def background(self, sentences, f: dict, *, low: int = 2, high: int = 4) -> list[str]:
        """Shuffle background sentences into paragraphs of ``low``..``high`` sentences."""
        order = list(sentences)
        self.shape.shuffle(order)
        paragraphs = []
        while order:
            size = self.shape.randint(low, high)
            chunk, order = order[:size], order[size:]
            paragraphs.append(" ".join(s.format_map(f) for s in chunk))
        return paragraphs


def signed(value: float, unit: str = "") -> str:
    """'up 1.2%' / 'down 0.4%' style wording."""
    return f"{'up' if value >= 0 else 'down'} {abs(value)}{unit}"


def ordinal(n: int) -> str:
    if 10 <= n % 100 <= 20:
        return f"{n}th"
    suffix = {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def always(day: date) -> bool:
    return True


def in_months(*months: int):
    return lambda day: day.month in months


def between(start: tuple[int, int], end: tuple[int, int]):
    """(month, day) to (month, day), inclusive, within one calendar year."""
    return lambda day: start <= (day.month, day.day) <= end


def any_of(*rules):
    return lambda day: any(rule(day) for rule in rules)


def pref_name(pref: str) -> str:
    """'Ishikawa Prefecture', but plain 'Hokkaido' and 'Tokyo', as English-language outlets write them."""
    return pref if pref in ("Hokkaido", "Tokyo") else f"{pref} Prefecture"


def finish(
    ctx: Ctx, f: dict, *, topic: str, kind: str, titles, summary: str, core, extra, caption: str
) -> Story:
    """Fill every template with the story's facts and build the Story."""
    if "pref" in f:
        f["pref_p"] = pref_name(f["pref"])
    return Story(
        topic=topic,
        kind=kind,
        city=f.get("city", "Tokyo"),
        titles=[ctx.fill(t, f) for t in titles],
        summary=ctx.fill(summary, f),
        core=[ctx.fill(p, f) for p in core],
        extra=ctx.background(extra, f),
        caption=ctx.fill(caption, f),
    )
