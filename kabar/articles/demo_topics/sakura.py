"""Demo topic: the cherry blossom (sakura) forecast and the blossom front moving north in spring."""

from __future__ import annotations

from datetime import date

from kabar.articles.demo_topics.words import MONTHS, Ctx, Story, between, finish

KINDS = (
    ("okinawa", between((1, 10), (2, 5)), 2),
    ("kawazu", between((2, 5), (3, 5)), 2),
    ("forecast", between((1, 10), (3, 15)), 3),
    ("bloom", between((3, 12), (5, 10)), 4),
    ("full", between((3, 20), (5, 12)), 3),
    ("hanami", between((3, 22), (5, 8)), 3),
)
# City, prefecture, average first-bloom day (month, day) of the Somei-Yoshino variety, and the
# observatory's specimen tree.
CITIES = (
    ("Fukuoka", "Fukuoka", (3, 22), "in the grounds of the Fukuoka Regional Headquarters"),
    ("Kochi", "Kochi", (3, 22), "at Kochi Castle"),
    ("Tokyo", "Tokyo", (3, 24), "at Yasukuni Shrine"),
    ("Nagoya", "Aichi", (3, 24), "at the Nagoya observatory"),
    ("Hiroshima", "Hiroshima", (3, 25), "at Hiroshima Castle"),
    ("Kagoshima", "Kagoshima", (3, 26), "at the Kagoshima observatory"),
    ("Kyoto", "Kyoto", (3, 26), "at Nijo Castle"),
    ("Osaka", "Osaka", (3, 27), "at the Osaka Mint"),
    ("Kanazawa", "Ishikawa", (4, 3), "in Kenrokuen Garden"),
    ("Niigata", "Niigata", (4, 8), "at the Niigata observatory"),
    ("Sendai", "Miyagi", (4, 8), "at Tsutsujigaoka Park"),
    ("Nagano", "Nagano", (4, 12), "at the Nagano observatory"),
    ("Morioka", "Iwate", (4, 15), "at the Morioka observatory"),
    ("Aomori", "Aomori", (4, 21), "at the Aomori observatory"),
    ("Hakodate", "Hokkaido", (4, 27), "at Goryokaku Park"),
    ("Sapporo", "Hokkaido", (5, 1), "at the Sapporo observatory"),
)
# Viewing spot, city, prefecture, usual peak (month, day)
SPOTS = (
    ("Ueno Park", "Tokyo", "Tokyo", (3, 30)),
    ("the Chidorigafuchi moat", "Tokyo", "Tokyo", (3, 29)),
    ("the Meguro River", "Tokyo", "Tokyo", (3, 30)),
    ("Shinjuku Gyoen National Garden", "Tokyo", "Tokyo", (3, 31)),
    ("Maruyama Park", "Kyoto", "Kyoto", (4, 2)),
    ("the Philosopher's Path", "Kyoto", "Kyoto", (4, 3)),
    ("Osaka Castle Park", "Osaka", "Osaka", (4, 2)),
    ("Himeji Castle", "Himeji", "Hyogo", (4, 3)),
    ("Mt. Yoshino", "Yoshino", "Nara", (4, 10)),
    ("Takato Castle Ruins Park", "Ina", "Nagano", (4, 10)),
    ("Kitakami Tenshochi Park", "Kitakami", "Iwate", (4, 20)),
    ("Hirosaki Park", "Hirosaki", "Aomori", (4, 25)),
    ("the samurai district of Kakunodate", "Semboku", "Akita", (4, 25)),
    ("Goryokaku Park", "Hakodate", "Hokkaido", (4, 30)),
    ("Matsumae Park", "Matsumae", "Hokkaido", (5, 3)),
    ("Nishi Park", "Fukuoka", "Fukuoka", (3, 30)),
)
GENERAL = (
    "The Japan Meteorological Agency declares the start of the blooming season when at least five or six "
    "flowers have opened on a specimen tree, and full bloom when about 80 percent of the buds are open.",
    "Cherry blossoms usually stay at their best for about a week, and rain or strong wind can shorten the "
    "season.",
    "The blossom front usually moves from Kyushu in late March to Hokkaido in early May.",
    "Most of the trees observed are of the Somei-Yoshino variety, which was widely planted across Japan from "
    "the late 19th century.",
    "Warmer winters can delay blooming in the south, because the buds need a period of cold to wake from "
    "dormancy.",
    "Hanami, or flower viewing, has been part of Japanese spring for centuries, and many people hold picnics "
    "under the trees with colleagues, friends and family.",
    "Tour operators said bookings from overseas for the blossom season were higher than last year.",
    "Hotels near famous viewing spots in {city} were almost fully booked for the weekends of the season, "
    "according to local tourism officials.",
    "Convenience stores and confectioners sell sakura-flavored sweets and drinks in the season.",
    "Weather companies compile their forecasts using temperature records and the condition of buds "
    "collected by observers across the country.",
    "The blossoms have become a major draw for foreign tourists, with spring now one of the busiest travel "
    "seasons of the year.",
    "The Japan Meteorological Agency publishes the blooming dates on its website, and many people follow the "
    "blossom front as it moves north.",
    "Many of the trees planted in the postwar years are now old, and local governments have started "
    "replacing them with younger ones.",
)
# For stories told from under the trees.
ON_SITE = (
    "Several municipalities have banned alcohol or barbecues at popular spots to reduce noise and litter.",
    "Some parks illuminate the trees at night, drawing crowds after work.",
    '"Seeing the blossoms makes me feel that spring has finally arrived," said {visitor3}, {visitor3_age}, '
    "{visitor3_job} from {home}.",
    '"We came early in the morning to find a good place for a picnic," said {visitor2}, who visited with '
    "family.",
    "Police and park staff patrolled the area to manage crowds and keep paths clear.",
    "Railway operators added trains on some lines serving popular viewing spots.",
    "Local volunteers said picking up litter after hanami parties had become a daily task during the season.",
    "Visitors from overseas were seen taking photos in kimono rented from nearby shops.",
    "{expert}, a tree doctor who cares for old cherry trees, said the trees needed protection from people "
    "stepping on their roots.",
)


def _shift(day: date, month_day: tuple[int, int], days: int) -> tuple[int, int]:
    base = date(day.year, *month_day).toordinal() + days
    moved = date.fromordinal(base)
    return moved.month, moved.day


def _nearest(options, day: date, key, *, lag: int = 0):
    """The option whose usual date (plus ``lag`` days) is closest to ``day``."""

    def distance(option):
        return abs(date(day.year, *key(option)).toordinal() + lag - day.toordinal())

    best = min(distance(o) for o in options)
    return [o for o in options if distance(o) <= best + 3]


def write(ctx: Ctx) -> Story:
    f = ctx.base()
    ctx.person(f, "visitor", low=18, high=80)
    ctx.person(f, "visitor2", low=25, high=70)
    ctx.person(f, "visitor3", low=18, high=80)
    ctx.person(f, "official", low=35, high=60)
    ctx.person(f, "expert", low=50, high=78)
    f["home"] = ctx.fact(("Saitama", "Yokohama", "Chiba", "Kobe", "Nagoya", "Sendai", "Taiwan", "Australia"))
    kind = ctx.kind(KINDS)
    caption = "Visitors enjoy cherry blossoms in {city} on {date_long}."
    if kind == "forecast":
        picks = ctx.facts.sample(CITIES[:8], 4) + [ctx.fact(CITIES[8:])]
        lines = []
        for city, _pref, usual, _tree in picks:
            month, d = _shift(ctx.day, usual, ctx.num(-7, 3))
            lines.append(f"{city} on {MONTHS[month - 1]} {d}")
        f["list"] = ", ".join(lines[:-1]) + " and " + lines[-1]
        f["first"], f["first_date"] = picks[0][0], lines[0].split(" on ")[1]
        f["city"], f["pref"] = picks[0][0], picks[0][1]
        f["forecaster"] = ctx.fact(("the Japan Weather Association", "a private weather forecasting company"))
        f["rel"] = ctx.fact(("earlier than", "around the same time as", "slightly later than"))
        titles = [
            "Cherry blossoms to bloom in {first} on {first_date}, forecaster says",
            "Sakura forecast: blossoms expected {rel} usual this spring",
            "Japan's cherry blossom season forecast to start {rel} average",
        ]
        core = [
            "Cherry blossoms are expected to start blooming {rel} usual across much of Japan this spring, "
            "{forecaster} said on {weekday} in its latest forecast.",
            "The forecaster expects the first blossoms in {list}.",
            "Full bloom usually comes about a week after the first flowers open. Temperatures in the coming "
            "weeks will be key, and the forecast will be updated regularly.",
            '"The cold spell in winter was sufficient to wake the buds, and spring is expected to be warm," '
            "said {official}, a forecaster in charge of the outlook.",
        ]
        caption = "Cherry buds swell on a tree in {city} on {date_long}."
        summary = "{forecaster_cap} expects cherry blossoms to open {rel} usual, starting with {first} on {first_date}."
        f["forecaster_cap"] = f["forecaster"][0].upper() + f["forecaster"][1:]
    elif kind in ("bloom", "full"):
        lag = 0 if kind == "bloom" else 7
        city, pref, usual, tree = ctx.fact(_nearest(CITIES, ctx.day, lambda c: c[2], lag=lag))
        f.update(city=city, pref=pref, tree=tree)
        diff = ctx.day.toordinal() - (date(ctx.day.year, *usual).toordinal() + lag)
        f["vs"] = (
            "the same day as" if diff == 0 else f"{abs(diff)} days {'later' if diff > 0 else 'earlier'} than"
        )
        f["last"] = ctx.fact(("earlier", "later"))
        f["flowers"] = ctx.num(5, 9)
        if kind == "bloom":
            titles = [
                "Cherry blossom season starts in {city}",
                "Sakura begin blooming in {city}, {vs} average",
            ]
            lead = (
                "The Japan Meteorological Agency declared the start of the cherry blossom season in {city} on "
                "{weekday} after confirming {flowers} open flowers on the specimen tree {tree}."
            )
            summary = "Cherry blossoms started blooming in {city}, {vs} an average year."
        else:
            titles = ["Cherry blossoms reach full bloom in {city}", "Sakura in full bloom in {city}"]
            lead = (
                "Cherry blossoms reached full bloom in {city} on {weekday}, the Japan Meteorological Agency "
                "said, after officials checked the specimen tree {tree}."
            )
            summary = "Cherry blossoms were in full bloom in {city} on {weekday}."
        core = [
            lead,
            "The date is {vs} in an average year and {last} than last year, according to the agency.",
            "Officials said the blossoms would be at their best for about a week, weather permitting. "
            "Rain is forecast later in the week.",
            "Visitors gathered under the trees with cameras and smartphones. {visitor}, {visitor_age}, said, "
            '"I come every year, and it never gets old."',
        ]
    elif kind == "hanami":
        spot, city, pref, _peak = ctx.fact(_nearest(SPOTS, ctx.day, lambda s: s[3]))
        f.update(spot=spot, city=city, pref=pref, crowd=ctx.num(2, 30) * 10000)
        titles = ["Crowds flock to {spot} as cherry blossoms peak", "Blossom viewers pack {spot} in {city}"]
        core = [
            "Crowds of people flocked to {spot} in {city} on {weekday} to enjoy cherry blossoms at their peak, "
            "with about {crowd:,} visitors expected over the day, according to local officials.",
            "Families and groups of coworkers spread plastic sheets under the trees, while tourists from "
            "overseas strolled along the paths taking photos.",
            "Organizers set up extra trash bins and asked visitors to take their rubbish home.",
            '"The trees are beautiful this year, and the weather is perfect," said {visitor}, {visitor_age}, '
            "{visitor_job}.",
        ]
        caption = "People enjoy cherry blossoms at {spot} in {city} on {date_long}."
        summary = "Cherry blossoms peaked at {spot}, drawing large crowds in {city}."
    elif kind == "okinawa":
        f.update(
            city="Naha", pref="Okinawa", vs=f"{ctx.num(1, 9)} days {ctx.fact(('earlier', 'later'))} than"
        )
        titles = ["Japan's first cherry blossoms open in Okinawa", "Deep pink cherry blossoms bloom in Naha"]
        core = [
            "The first cherry blossoms of the season in Japan opened in Naha, Okinawa Prefecture, on {weekday}, "
            "{vs} usual, the local meteorological observatory said.",
            "Unlike the pale Somei-Yoshino trees on the main islands, Okinawa's early variety has deep pink, "
            "bell-shaped flowers that bloom in midwinter.",
            "Festivals celebrating the blossoms are held in northern Okinawa, where the trees line mountain "
            "roads.",
            "On the main islands, the blooming season usually begins in March.",
        ]
        caption = "Deep pink cherry blossoms in Naha, Okinawa Prefecture, on {date_long}."
        summary = "Japan's first cherry blossoms of the year opened in Okinawa."
    else:
        f.update(city="Kawazu", pref="Shizuoka", trees=ctx.num(7, 9) * 1000, pct=ctx.num(30, 90))
        titles = [
            "Early-blooming cherry trees draw visitors to Kawazu",
            "Kawazu cherry festival opens in Shizuoka",
        ]
        core = [
            "An early-blooming variety of cherry tree was drawing visitors to Kawazu, a town on the Izu "
            "Peninsula in Shizuoka Prefecture, on {weekday}, weeks ahead of the main season.",
            "About {trees:,} trees line the banks of a river in the town, and local officials said the blossoms "
            "were about {pct} percent open.",
            "The variety, known for its bright pink flowers, was first found in the town in the 1950s.",
            "Stalls along the river sell local produce, and the trees are lit up in the evening.",
        ]
        summary = "Early-blooming cherry trees in Kawazu were about {pct} percent open, drawing visitors."
    return finish(
        ctx,
        f,
        topic="sakura",
        kind=kind,
        titles=titles,
        summary=summary,
        core=core,
        extra=GENERAL if kind == "forecast" else ON_SITE + GENERAL,
        caption=caption,
    )
