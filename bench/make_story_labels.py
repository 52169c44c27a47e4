"""Write tests/data/stories/labelled.jsonl: the labelled set for story clustering.

    .venv/bin/python bench/make_story_labels.py [OUT]

One article per line with its true story key ("story"): articles with the same key are copies of
one story; every other pair is a different story. Three parts:

- the whole demo corpus (kabar.articles.demo.generate at a fixed anchor), whose wire stories run in
  two or three outlets and whose look-alikes are different events told with the same template;
- one more copy of each wire story, in an outlet it did not run in, with the edits outlets make:
  a new headline, the last paragraphs cut, a photo caption in the text, another dateline format, a
  credit line at the end, "percent" as "%", yen amounts as "\u00a5", curly quotes, merged
  paragraphs, and now and then only the summary;
- hard negatives: a different event with the same template on the same day (two earthquakes, two
  Diet votes), a week of daily weather reports from one outlet, and two wire stories with one
  template on one day, each reprinted.

The output depends only on the constants below, so re-running the script rewrites the same file.
"""

from __future__ import annotations

import json
import random
import re
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kabar.articles.demo import generate  # noqa: E402
from kabar.articles.demo_topics import Ctx, topic_fits, write_story  # noqa: E402
from kabar.articles.demo_topics.words import MONTHS  # noqa: E402

OUT = ROOT / "tests" / "data" / "stories" / "labelled.jsonl"
ANCHOR = date(2025, 6, 1)
SEED = 606
JST = ZoneInfo("Asia/Tokyo")
OUTLETS = ("mainichi", "japan-times", "japan-today", "nippon-com", "japan-news", "asahi", "japan-forward")
AGENCY_NAMES = {"kyodo": "Kyodo", "jiji": "Jiji Press"}
# Topics whose template twins are the classic false merge: same words, different event.
TWIN_TOPICS = ("earthquake", "politics", "weather", "economy", "sports", "shinkansen")
CREDITS = ("\u00a9 KYODO", "(Kyodo)", "-- Kyodo", "\u00a92025 Kyodo News")
CAPTIONS = (
    "[Photo] A view of the scene on {day}. (Kyodo)",
    "Photo shows officials speaking to reporters on {day}.",
    "(Photo courtesy of {agency})",
    "File photo taken in {city}.",
)


def main() -> None:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else OUT
    rng = random.Random(SEED)
    records = [_demo(r) for r in generate(anchor=ANCHOR)]
    records += _variants(rng, records)
    records += _twins(rng)
    records += _weather_week(rng)
    records += _wire_twins(rng)
    records.sort(key=lambda r: (r["published_at"], r["url"]))
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8") as handle:
        for n, record in enumerate(records, start=1):
            handle.write(json.dumps({"id": n, **record}, ensure_ascii=False, sort_keys=True) + "\n")
    stories = {r["story"] for r in records}
    print(f"wrote {len(records)} articles in {len(stories)} stories to {out}")


def _demo(r) -> dict:
    return {
        "url": r.url,
        "source": r.source_slug,
        "title": r.title,
        "summary": r.summary,
        "body": r.body,
        "author": r.author,
        "published_at": r.published_at.isoformat(),
        "story": r.story_key,
        "case": "demo-lookalike" if r.lookalike_of else "demo",
    }


def _variants(rng: random.Random, records: list[dict]) -> list[dict]:
    """One more copy of each multi-outlet demo story, with real-world edits."""
    by_story: dict[str, list[dict]] = {}
    for record in records:
        by_story.setdefault(record["story"], []).append(record)
    made = []
    for key in sorted(by_story):
        copies = by_story[key]
        if len(copies) < 2:
            continue
        first = min(copies, key=lambda r: r["published_at"])
        used = {c["source"] for c in copies}
        outlet = rng.choice([o for o in OUTLETS if o not in used])
        made.append(_edited_copy(rng, first, outlet, n=len(made) + 1))
    return made


def _edited_copy(rng: random.Random, base: dict, outlet: str, *, n: int) -> dict:
    paragraphs = base["body"].split("\n\n")
    agency = _agency_of(paragraphs[0])
    text = re.sub(r"^[A-Z][A-Za-z ,.0-9]*\([A-Za-z ]+\) -*\s*", "", paragraphs[0])
    body = [text, *paragraphs[1:]]
    edits = []
    if rng.random() < 0.6:
        body = _trim(rng, body)
        edits.append("trimmed")
    if rng.random() < 0.4:
        body = [p.replace(" percent", "%") for p in body]
        edits.append("percent")
    if rng.random() < 0.3:
        body = [re.sub(r"(\d+(?:\.\d+)?) (trillion|billion|million) yen", "\u00a5\\1 \\2", p) for p in body]
        edits.append("yen")
    if rng.random() < 0.4:
        body = [_curly(p) for p in body]
        edits.append("quotes")
    if rng.random() < 0.25:
        # Some outlets give the date where the agency gave the weekday.
        weekday = re.search(r" on (Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)", body[0])
        if weekday:
            day = datetime.fromisoformat(base["published_at"]).astimezone(JST)
            body[0] = body[0].replace(weekday.group(0), f" on {MONTHS[day.month - 1]} {day.day}", 1)
            edits.append("date")
    if rng.random() < 0.25 and len(body) > 4:
        i = rng.randrange(1, len(body) - 1)
        body = [*body[:i], body[i] + " " + body[i + 1], *body[i + 2 :]]
        edits.append("merged")
    published = datetime.fromisoformat(base["published_at"]) + timedelta(minutes=rng.randint(30, 1200))
    local = published.astimezone(JST)
    city = _city_of(paragraphs[0])
    body[0] = _dateline(rng, agency, city, local.date()) + body[0]
    if rng.random() < 0.35:
        caption = rng.choice(CAPTIONS).format(
            day=f"{MONTHS[local.month - 1]} {local.day}", city=city, agency=agency
        )
        where = 0 if rng.random() < 0.5 else len(body)
        body.insert(where, caption)
        edits.append("caption")
    if agency == "Kyodo" and rng.random() < 0.4:
        body.append(rng.choice(CREDITS))
        edits.append("credit")
    title = _new_headline(rng, base["title"], text)
    edits.append("headline")
    summary, text_body = base["summary"], "\n\n".join(body)
    if rng.random() < 0.06:
        # Some feeds carry only a summary; the outlet's page could not be fetched.
        summary, text_body = _first_sentence(text), ""
        edits.append("summary-only")
    return {
        "url": f"https://variant.kabar.invalid/{outlet}/{n}",
        "source": outlet,
        "title": title,
        "summary": summary,
        "body": text_body,
        "author": rng.choice(("", "", agency, f"{agency} News")),
        "published_at": published.astimezone(UTC).isoformat(),
        "story": base["story"],
        "case": "variant:" + "+".join(edits),
    }


def _agency_of(first: str) -> str:
    match = re.match(r"^[^(]{0,40}\((Kyodo|Jiji Press)\)", first)
    return match.group(1) if match else "Kyodo"


def _city_of(first: str) -> str:
    match = re.match(r"^([A-Z][A-Z .'-]+?)(?:,| \()", first)
    return match.group(1).title() if match else "Tokyo"


def _dateline(rng: random.Random, agency: str, city: str, day: date) -> str:
    month = MONTHS[day.month - 1]
    forms = (
        f"{city.upper()} ({agency}) -- ",
        f"{city}, {month} {day.day} ({agency}) - ",
        f"{city.upper()}, {month} {day.day} ({agency}) -- ",
        f"{city.upper()}, Japan ({agency}) \u2014 ",
        f"{city.upper()} \u2014 ",
        "",
    )
    return rng.choice(forms)


def _trim(rng: random.Random, body: list[str]) -> list[str]:
    keep = max(3, round(len(body) * rng.uniform(0.55, 0.85)))
    return body[:keep]


def _curly(text: str) -> str:
    text = re.sub(r'"(?=\w)', "\u201c", text)
    return text.replace('"', "\u201d").replace("'", "\u2019")


def _new_headline(rng: random.Random, title: str, lead: str) -> str:
    choice = rng.random()
    if choice < 0.35:
        words = _first_sentence(lead).rstrip(".").split()
        return " ".join(words[: rng.randint(7, 11)])
    if choice < 0.6:
        return rng.choice(("Japan: ", "UPDATE: ", "Breaking: ", "")) + title
    if choice < 0.8:
        return title.upper() if len(title) < 60 else title.title()
    head = re.split(r"[;,:] ", title)[0]
    return head if head != title else title + " - report"


def _first_sentence(text: str) -> str:
    match = re.search(r"(?<!\bNo)(?<!\bMt)[.!?] (?=[A-Z])", text)
    return text[: match.start() + 1] if match else text


def _day_for(rng: random.Random, topic: str) -> date:
    while True:
        day = ANCHOR - timedelta(days=rng.randint(20, 380))
        if topic_fits(topic, day):
            return day


def _article(rng, topic: str, *, shape: int, day: date, hour: int) -> tuple:
    story = write_story(topic, Ctx(shape_seed=shape, facts_seed=rng.getrandbits(64), day=day, hour=hour))
    paragraphs = [*story.core[:3], *story.extra[: rng.randint(2, 5)], *story.core[3:]]
    return story, paragraphs


def _record(*, url, source, story, paragraphs, when: datetime, key, case, dateline="") -> dict:
    body = list(paragraphs)
    body[0] = dateline + body[0]
    return {
        "url": url,
        "source": source,
        "title": story.titles[0],
        "summary": story.summary,
        "body": "\n\n".join(body),
        "author": "",
        "published_at": when.astimezone(UTC).isoformat(),
        "story": key,
        "case": case,
    }


def _twins(rng: random.Random) -> list[dict]:
    """Pairs of different events with one template, on the same day, in different outlets."""
    made = []
    for i in range(36):
        topic = TWIN_TOPICS[i % len(TWIN_TOPICS)]
        day = _day_for(rng, topic)
        shape = rng.getrandbits(64)
        for j in range(2):
            hour = rng.randint(7, 20)
            story, paragraphs = _article(rng, topic, shape=shape, day=day, hour=hour)
            when = datetime(day.year, day.month, day.day, hour, rng.randrange(60), tzinfo=JST)
            made.append(
                _record(url=f"https://twin.kabar.invalid/{i}/{j}", source=rng.choice(OUTLETS), story=story,
                        paragraphs=paragraphs, when=when, key=f"twin-{i:02d}-{j}", case=f"negative:twin-{topic}")
            )  # fmt: skip
    return made


def _weather_week(rng: random.Random) -> list[dict]:
    """One outlet's daily weather report, seven days running: seven different stories."""
    made = []
    for week in range(3):
        start = ANCHOR - timedelta(days=40 + 90 * week)
        shape = rng.getrandbits(64)
        for d in range(7):
            day = start + timedelta(days=d)
            story, paragraphs = _article(rng, "weather", shape=shape, day=day, hour=7)
            when = datetime(day.year, day.month, day.day, 7, 30, tzinfo=JST)
            made.append(
                _record(url=f"https://weather.kabar.invalid/{week}/{d}", source="nhk-world", story=story,
                        paragraphs=paragraphs, when=when, key=f"weather-week-{week}-{d}",
                        case="negative:daily-weather")
            )  # fmt: skip
    return made


def _wire_twins(rng: random.Random) -> list[dict]:
    """Two Kyodo stories with one template on one day, each reprinted by one outlet."""
    made = []
    for i in range(12):
        topic = TWIN_TOPICS[i % len(TWIN_TOPICS)]
        day = _day_for(rng, topic)
        shape = rng.getrandbits(64)
        for j in range(2):
            hour = rng.randint(8, 18)
            story, paragraphs = _article(rng, topic, shape=shape, day=day, hour=hour)
            when = datetime(day.year, day.month, day.day, hour, rng.randrange(60), tzinfo=JST)
            dateline = f"{story.city.upper()} (Kyodo) -- "
            key = f"wire-twin-{i:02d}-{j}"
            made.append(
                _record(url=f"https://wiretwin.kabar.invalid/{i}/{j}/kyodo", source="kyodo", story=story,
                        paragraphs=paragraphs, when=when, key=key, case="negative:wire-twin", dateline=dateline)
            )  # fmt: skip
            reprint = rng.choice(OUTLETS)
            made.append(
                _record(url=f"https://wiretwin.kabar.invalid/{i}/{j}/{reprint}", source=reprint, story=story,
                        paragraphs=paragraphs, when=when + timedelta(minutes=rng.randint(20, 300)), key=key,
                        case="negative:wire-twin-copy", dateline=dateline)
            )  # fmt: skip
    return made


if __name__ == "__main__":
    main()
