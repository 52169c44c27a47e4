"""The demo corpus: about 680 English news articles written by kabar's own templates, and their loader.

generate() is pure and deterministic: the same anchor day and seed always give the same records. It
uses only its own random.Random instances (never the global one, never hash() of a string, which
changes per process). Every record is demo content: a URL on demo.kabar.invalid (".invalid" can never
be a real site, RFC 2606) and is_demo=True in the database.

The records also carry the ground truth a clustering test set needs, which stays out of the database:
story_key (the same key = copies of one wire story in several outlets) and lookalike_of (a different
event told with the same template: two earthquakes, two Diet votes, two daily weather reports).
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from kabar.articles.demo_topics import TOPICS, Ctx, Story, topic_fits, write_story
from kabar.articles.demo_topics.words import FAMILY_NAMES, GIVEN_NAMES, MONTHS

DEFAULT_SEED = 2025
DEMO_HOST = "demo.kabar.invalid"
JST = ZoneInfo("Asia/Tokyo")
# About 13 months back from the anchor, so roughly one article in thirteen is older than a year and
# falls outside the search window.
WINDOW_DAYS = 396
MIN_WORDS, MAX_WORDS = 150, 900

# Stories per topic; wire stories then appear in two or three outlets each.
STORIES = {
    "politics": 72,
    "economy": 74,
    "weather": 74,
    "sakura": 40,
    "earthquake": 54,
    "shinkansen": 50,
    "sports": 70,
    "culture": 64,
    "technology": 60,
}
WIRE_STORIES = 80
RECENT_WIRE_STORIES = 3  # of them published the day before the anchor (see _plan)
# How likely each topic is to be a wire story (relative), and to get a look-alike of an earlier story.
WIRE_WEIGHT = {"politics": 3, "economy": 2, "weather": 3, "sakura": 2, "earthquake": 4, "shinkansen": 2}
WIRE_WEIGHT.update(sports=1.5, culture=1, technology=1.5)
LOOKALIKE = {"politics": 0.2, "economy": 0.25, "weather": 0.3, "earthquake": 0.3, "shinkansen": 0.2}
LOOKALIKE.update(sakura=0.1, sports=0.2, culture=0.1, technology=0.1)

AGENCIES = {"kyodo": "Kyodo", "jiji": "Jiji Press"}
WIRE_PARTNERS = {
    "kyodo": ("mainichi", "japan-times", "japan-today", "nippon-com"),
    "jiji": ("nippon-com", "japan-today", "japan-times"),
}
# Which outlets run which topics on their own (relative weights).
OUTLETS = {
    "politics": {"nhk-world": 3, "japan-times": 3, "mainichi": 3, "asahi": 3, "japan-news": 3, "japan-forward": 3,
                 "nikkei-asia": 2, "kyodo": 2, "jiji": 2, "japan-today": 1, "nippon-com": 1},
    "economy": {"nikkei-asia": 5, "japan-times": 2, "nhk-world": 2, "jiji": 2, "kyodo": 2, "japan-news": 2,
                "asahi": 1, "mainichi": 1, "japan-today": 1, "japan-forward": 1},
    "weather": {"nhk-world": 4, "japan-today": 2, "mainichi": 2, "japan-news": 2, "japan-times": 2, "kyodo": 1,
                "asahi": 1, "soranews24": 1},
    "sakura": {"tokyo-weekender": 3, "soranews24": 3, "japan-today": 2, "nhk-world": 2, "nippon-com": 2,
               "japan-times": 1, "mainichi": 1, "asahi": 1},
    "earthquake": {"nhk-world": 4, "japan-times": 2, "mainichi": 2, "japan-news": 2, "asahi": 2,
                   "japan-today": 2, "kyodo": 2, "jiji": 1},
    "shinkansen": {"soranews24": 3, "japan-today": 2, "nhk-world": 2, "japan-times": 2, "mainichi": 2,
                   "japan-news": 1, "asahi": 1, "tokyo-weekender": 1},
    "sports": {"japan-times": 3, "japan-today": 2, "mainichi": 2, "japan-news": 2, "kyodo": 2, "nhk-world": 1,
               "asahi": 1},
    "culture": {"tokyo-weekender": 4, "nippon-com": 3, "soranews24": 3, "japan-times": 2, "asahi": 2,
                "mainichi": 1, "japan-forward": 1, "japan-today": 1},
    "technology": {"nikkei-asia": 4, "japan-times": 2, "soranews24": 2, "asahi": 1, "japan-news": 1,
                   "nhk-world": 1, "japan-today": 1, "tokyo-weekender": 1},
}  # fmt: skip
PHOTO_CREDITS = {
    "kyodo": "Kyodo",
    "jiji": "Jiji",
    "nhk-world": "NHK",
    "japan-times": "The Japan Times",
    "mainichi": "Mainichi",
    "asahi": "The Asahi Shimbun",
    "japan-today": "Japan Today",
    "nikkei-asia": "Nikkei",
    "japan-news": "The Yomiuri Shimbun",
    "nippon-com": "Nippon.com",
    "japan-forward": "Japan Forward",
    "soranews24": "SoraNews24",
    "tokyo-weekender": "Tokyo Weekender",
}
SOURCE_SLUGS = tuple(PHOTO_CREDITS)
# Publication hours in Japan time, weighted toward the working day.
HOURS = (6, 7, 7, 8, 8, 8, 9, 9, 9, 10, 10, 10, 11, 11, 11, 12, 12, 13, 13, 13, 14, 14, 14, 15, 15, 15,
         16, 16, 16, 17, 17, 17, 18, 18, 19, 19, 20, 20, 21, 21, 22)  # fmt: skip


@dataclass(frozen=True)
class DemoArticle:
    url: str
    source_slug: str
    title: str
    summary: str
    body: str
    author: str
    published_at: datetime  # UTC
    image_url: str
    image_caption: str
    topic: str
    kind: str
    story_key: str  # same key = copies of one story
    lookalike_of: str  # story_key of a different event this one resembles, or ""

    def article_data(self, *, source_id: int):
        # Imported here so that generate() also works where Django is not set up.
        from kabar.articles.services import ArticleData

        return ArticleData(
            url=self.url,
            source_id=source_id,
            title=self.title,
            published_at=self.published_at,
            body=self.body,
            summary=self.summary,
            author=self.author,
            image_url=self.image_url,
            image_caption=self.image_caption,
            language="en",
            is_demo=True,
        )


@dataclass
class _Plan:
    key: str
    topic: str
    day: date
    hour: int
    minute: int
    shape_seed: int
    facts_seed: int
    lookalike_of: str = ""
    wire: str = ""


def generate(*, anchor: date, seed: int = DEFAULT_SEED) -> list[DemoArticle]:
    """The demo corpus for the 13 months before ``anchor`` (a day), oldest first. Pure, no DB."""
    if isinstance(anchor, datetime):
        anchor = anchor.date()
    rng = random.Random(seed)
    plans = _plan(rng, anchor)
    drafts: list[tuple[datetime, str, dict]] = []
    for plan in plans:
        ctx = Ctx(shape_seed=plan.shape_seed, facts_seed=plan.facts_seed, day=plan.day, hour=plan.hour)
        story = write_story(plan.topic, ctx)
        paragraphs = _assemble(story, ctx.shape)
        start = datetime.combine(plan.day, time(plan.hour, plan.minute), tzinfo=JST)
        if plan.wire:
            drafts.extend(_wire_copies(rng, plan, story, paragraphs, start))
        else:
            drafts.append(_single(rng, plan, story, paragraphs, start))
    drafts.sort(key=lambda d: (d[0], d[1]))
    articles = []
    for n, (published, slug, fields) in enumerate(drafts, start=1):
        local = published.astimezone(JST)
        url = f"https://{DEMO_HOST}/{slug}/{local:%Y}/{local:%m}/{_slugify(fields['title'])}-{n}"
        articles.append(
            DemoArticle(url=url, source_slug=slug, published_at=published.astimezone(UTC), **fields)
        )
    return articles


def _plan(rng: random.Random, anchor: date) -> list[_Plan]:
    plans: list[_Plan] = []
    for topic in TOPICS:
        earlier: list[_Plan] = []
        for i in range(STORIES[topic]):
            key = f"{topic}-{i + 1:03d}"
            base = rng.choice(earlier) if earlier and rng.random() < LOOKALIKE[topic] else None
            day = _day_near(rng, anchor, topic, base.day) if base else None
            if day is None:
                base, day = None, _random_day(rng, anchor, topic)
            plan = _Plan(
                key=key,
                topic=topic,
                day=day,
                hour=rng.choice(HOURS),
                minute=rng.randrange(60),
                shape_seed=base.shape_seed if base else rng.getrandbits(64),
                facts_seed=rng.getrandbits(64),
                lookalike_of=base.key if base else "",
            )
            earlier.append(plan)
            plans.append(plan)
    # Exactly WIRE_STORIES wire stories, drawn with topic weights (weighted sampling without
    # replacement: the largest u ** (1 / w) win).
    ranked = sorted(plans, key=lambda p: rng.random() ** (1 / WIRE_WEIGHT[p.topic]), reverse=True)
    for plan in ranked[:WIRE_STORIES]:
        plan.wire = "kyodo" if rng.random() < 0.75 else "jiji"
    # The home page's "Berita Utama" ranks the stories of the last 48 hours, and 80 wire stories
    # over 13 months leave those hours empty more often than not: a few run yesterday. Only stories
    # no lookalike refers to move, so the hard negatives stay days apart as planned.
    yesterday = anchor - timedelta(days=1)
    bases = {plan.lookalike_of for plan in plans}
    movable = [
        plan
        for plan in ranked[:WIRE_STORIES]
        if plan.key not in bases and not plan.lookalike_of and topic_fits(plan.topic, yesterday)
    ]
    for plan in movable[:RECENT_WIRE_STORIES]:
        plan.day = yesterday
    return plans


def _random_day(rng: random.Random, anchor: date, topic: str) -> date:
    while True:
        day = anchor - timedelta(days=rng.randint(1, WINDOW_DAYS))
        if topic_fits(topic, day):
            return day


def _day_near(rng: random.Random, anchor: date, topic: str, near: date) -> date | None:
    for _ in range(10):
        day = near + timedelta(days=rng.randint(-3, 3))
        if 1 <= (anchor - day).days <= WINDOW_DAYS and topic_fits(topic, day):
            return day
    return None


def _words(paragraphs) -> int:
    return sum(len(p.split()) for p in paragraphs)


def _assemble(story: Story, shape: random.Random) -> list[str]:
    """Core paragraphs plus background until a target length: some short, some long."""
    roll = shape.random()
    target = shape.randint(150, 300) if roll < 0.3 else shape.randint(300, 560) if roll < 0.8 else MAX_WORDS
    extras, words = [], _words(story.core)
    for paragraph in story.extra:
        if words >= target:
            break
        size = len(paragraph.split())
        if words + size <= MAX_WORDS - 12:  # room for a dateline
            extras.append(paragraph)
            words += size
    # Background sits between the news and the closing quote or outlook.
    return [*story.core[:3], *extras, *story.core[3:]]


def _single(rng, plan: _Plan, story: Story, paragraphs: list[str], start: datetime):
    outlets = OUTLETS[plan.topic]
    slug = rng.choices(list(outlets), weights=list(outlets.values()))[0]
    if slug in AGENCIES:
        paragraphs = [_dateline(rng, slug, story, plan.day) + paragraphs[0], *paragraphs[1:]]
    author = ""
    if slug not in AGENCIES and rng.random() < 0.45:
        author = f"{rng.choice(GIVEN_NAMES)} {rng.choice(FAMILY_NAMES)}"
    caption = story.caption if rng.random() < 0.5 else ""
    fields = _fields(rng, plan, story, title=story.titles[0], summary=story.summary, author=author,
                     paragraphs=paragraphs, caption=caption, credit=PHOTO_CREDITS[slug])  # fmt: skip
    return start, slug, fields


def _wire_copies(rng, plan: _Plan, story: Story, paragraphs: list[str], start: datetime):
    """The same agency story in two or three outlets, with the small edits outlets make."""
    agency = plan.wire
    size = rng.choice((2, 3))
    partners = list(WIRE_PARTNERS[agency])
    if rng.random() < 0.85:
        outlets = [agency, *rng.sample(partners, size - 1)]
    else:
        outlets = rng.sample(partners, size)
    delays = sorted(rng.randint(20, 360) for _ in outlets[1:])
    has_photo = rng.random() < 0.55
    copies = []
    for i, slug in enumerate(outlets):
        body = list(paragraphs)
        title, summary, author, photo = story.titles[0], story.summary, "", has_photo
        if i:
            title = _retitle(rng, story, title)
            if rng.random() < 0.6:
                body = _trim_last(body)
            if rng.random() < 0.5:
                summary = _first_sentence(body[0])
            if rng.random() < 0.5:
                author = AGENCIES[agency]
            if rng.random() < 0.35:
                photo = not photo
        body[0] = _dateline(rng, agency, story, plan.day) + body[0]
        if i and rng.random() < 0.3:
            edited = [p.replace(" percent", "%") for p in body]
            body = edited if _words(edited) >= MIN_WORDS else body
        fields = _fields(rng, plan, story, title=title, summary=summary, author=author, paragraphs=body,
                         caption=story.caption if photo else "", credit=PHOTO_CREDITS[agency])  # fmt: skip
        published = start + timedelta(minutes=delays[i - 1]) if i else start
        copies.append((published, slug, fields))
    return copies


def _fields(rng, plan, story, *, title, summary, author, paragraphs, caption, credit) -> dict:
    image = ""
    if caption or rng.random() < 0.3:
        image = f"/static/kabar/demo/{plan.topic}.svg"
    return {
        "title": title,
        "summary": summary,
        "body": "\n\n".join(paragraphs),
        "author": author,
        "image_url": image,
        "image_caption": f"{caption} ({credit})" if caption else "",
        "topic": plan.topic,
        "kind": story.kind,
        "story_key": plan.key,
        "lookalike_of": plan.lookalike_of,
    }


def _dateline(rng, agency: str, story: Story, day: date) -> str:
    city, name = story.city.upper(), AGENCIES[agency]
    forms = [f"{city} ({name}) -- ", f"{city}, {MONTHS[day.month - 1]} {day.day} ({name}) - "]
    if agency == "kyodo":
        forms.append(f"{city} ({name}) - ")
    return rng.choice(forms)


def _retitle(rng, story: Story, title: str) -> str:
    """A slightly different headline: another wording, a trimmed clause or title case."""
    options = [t for t in story.titles[1:] if t != title]
    head = re.split(r"[;,] ", title)[0]
    if head != title:
        options.append(head)
    if _title_case(title) != title:
        options.append(_title_case(title))
    # Some outlets keep the agency's headline as it is.
    return rng.choice(options) if options else title


def _title_case(title: str) -> str:
    small = {"a", "an", "and", "as", "at", "by", "for", "in", "of", "on", "or", "the", "to", "with"}
    words = title.split(" ")
    return " ".join(
        w if (i and w.lower() in small) or not w[:1].islower() else w[:1].upper() + w[1:]
        for i, w in enumerate(words)
    )


def _trim_last(paragraphs: list[str]) -> list[str]:
    """Drop the closing paragraph, or cut it to its first sentence, keeping the body long enough."""
    if len(paragraphs) > 3 and _words(paragraphs[:-1]) >= MIN_WORDS + 10:
        return paragraphs[:-1]
    first = _first_sentence(paragraphs[-1])
    if first != paragraphs[-1] and _words([*paragraphs[:-1], first]) >= MIN_WORDS + 10:
        return [*paragraphs[:-1], first]
    return paragraphs


def _first_sentence(text: str) -> str:
    # A sentence ends at ". " not preceded by a short abbreviation such as "No." or "Mt.".
    match = re.search(r"(?<!\bNo)(?<!\bMt)(?<!\bCo)(?<!U\.S)(?<!\bp\.m)(?<!\ba\.m)[.!?\"] (?=[A-Z\"])", text)
    return text[: match.start() + 1] if match else text


def _slugify(title: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")
    return slug[:60].rstrip("-") or "news"
