"""Demo topic: weather and typhoons (seasonal: typhoons in summer and autumn, snow in winter)."""

from __future__ import annotations

from kabar.articles.demo_topics.words import Ctx, Story, always, any_of, between, finish

KINDS = (
    ("typhoon", between((6, 1), (10, 31)), 8),
    ("heat", between((7, 1), (9, 10)), 4),
    ("rainy", between((5, 10), (7, 25)), 3),
    ("heavy_rain", between((6, 15), (9, 30)), 3),
    ("snow", any_of(between((12, 5), (12, 31)), between((1, 1), (2, 28))), 5),
    ("daily", always, 3),
    ("fuji", between((9, 25), (10, 31)), 2),
)
# (what the typhoon heads for, prefecture, dateline city)
TYPHOON_TARGETS = (
    ("Okinawa", "Okinawa", "Naha"),
    ("the Amami Islands", "Kagoshima", "Kagoshima"),
    ("southern Kyushu", "Kagoshima", "Kagoshima"),
    ("northern Kyushu", "Fukuoka", "Fukuoka"),
    ("Shikoku", "Kochi", "Kochi"),
    ("the Tokai region", "Aichi", "Nagoya"),
    ("the Kanto region", "Tokyo", "Tokyo"),
    ("the Kinki region", "Osaka", "Osaka"),
)
HOT_SPOTS = (
    ("Kumagaya", "Saitama"),
    ("Isesaki", "Gunma"),
    ("Hamamatsu", "Shizuoka"),
    ("Tajimi", "Gifu"),
    ("Kyoto", "Kyoto"),
    ("Kofu", "Yamanashi"),
    ("Toyooka", "Hyogo"),
    ("Shimanto", "Kochi"),
    ("Sanjo", "Niigata"),
    ("Hita", "Oita"),
)
SNOW_AREAS = (
    ("Niigata", "Joetsu", "Niigata"),
    ("Toyama", "Toyama", "Toyama"),
    ("Aomori", "Aomori", "Aomori"),
    ("Yamagata", "Shinjo", "Yamagata"),
    ("Fukui", "Ono", "Fukui"),
    ("Tottori", "Tottori", "Tottori"),
    ("Hokkaido", "Iwamizawa", "Sapporo"),
    ("Akita", "Yokote", "Akita"),
)
REGION_NAMES = {
    "Kyushu": "Kyushu",
    "Shikoku": "Shikoku",
    "the Chugoku region": "Chugoku",
    "the Kinki region": "Kansai",
    "the Tokai region": "Chubu",
    "the Kanto region": "Kanto",
}
REGION_CITIES = {
    "Kyushu": "Fukuoka",
    "Shikoku": "Takamatsu",
    "the Chugoku region": "Hiroshima",
    "the Kinki region": "Osaka",
    "the Tokai region": "Nagoya",
    "the Kanto region": "Tokyo",
}
RAIN_REGIONS = (
    "Kyushu",
    "Shikoku",
    "the Chugoku region",
    "the Kinki region",
    "the Tokai region",
    "the Kanto region",
)
# Typical daytime highs by month for the daily report: Sapporo, Tokyo, Osaka, Fukuoka, Naha.
HIGHS = (
    (-1, 10, 9, 10, 20),
    (0, 11, 10, 12, 20),
    (4, 14, 14, 15, 22),
    (11, 20, 20, 20, 24),
    (17, 24, 25, 24, 27),
    (21, 27, 28, 27, 30),
    (25, 31, 32, 31, 32),
    (26, 32, 34, 33, 32),
    (22, 28, 30, 29, 31),
    (16, 22, 24, 24, 28),
    (8, 17, 18, 19, 25),
    (2, 12, 12, 14, 22),
)
BACKGROUND = (
    "The Japan Meteorological Agency urged people to check the latest forecasts and information from their "
    "local governments.",
    "Japan's weather alerts range from advisories to warnings and, in the most severe cases, emergency "
    "warnings, which are issued when a once-in-decades disaster is feared.",
    "Municipalities issue evacuation instructions based on the agency's warnings and local conditions, and "
    "they ask residents in risky areas to move to safety early.",
    "Forecasters said conditions could change quickly and that the next update would be issued in the "
    "evening.",
    '"I checked the hazard map for our neighborhood last night, just in case," said {resident}, '
    "{resident_age}, {resident_job} in {city}.",
    "Railway companies and airlines said they would post information on service changes on their websites.",
    "Climate scientists say warmer seas around Japan are making heavy rain events more intense.",
    "Shops in {city} reported brisk sales of seasonal goods as people prepared for the weather.",
    "Farmers in {pref_p} said they were keeping a close eye on the weather as it could affect their crops.",
    "{forecaster}, a weather forecaster, advised people going out to carry water and to check train "
    "schedules before leaving home.",
    "The agency's website shows the risk of landslides and flooding on a color-coded map that is updated every 10 minutes.",
    "Bus companies in {city} said some routes might be suspended at short notice.",
    "Construction companies halted outdoor work at some sites for safety reasons.",
    "Several large companies encouraged employees to work from home for the day.",
    "Highway operators said they would close sections of expressways if conditions worsened.",
    '"We were told to expect the worst and hope for the best," said {resident2}, {resident2_age}, who lives '
    "near the coast.",
    "The average temperature in Japan has risen faster over the past century than the global average, according to the agency.",
    "Tourist sites in {city} reported fewer visitors than usual for the season.",
    "Local broadcasters interrupted regular programming to carry the latest information.",
    "Some schools in {pref_p} switched to online classes for the day.",
)
# (months, sentence) for the daily report, which should not borrow disaster talk from the other kinds.
DAILY = (
    (range(1, 13), "The agency updates its forecasts at 5 a.m., 11 a.m. and 5 p.m. every day."),
    (
        range(1, 13),
        "The weekly outlook shows a pattern of changing weather, with a weather front passing roughly every three days.",
    ),
    (range(1, 13), "Temperatures in the morning will be close to the seasonal average in most areas."),
    (
        range(1, 13),
        "Along the coast, winds may be strong in the afternoon, and ferry operators advised passengers to check for changes.",
    ),
    (range(1, 13), "In Okinawa, scattered showers are possible, but the sun should come out between them."),
    (
        range(1, 13),
        "Forecasters said the difference between daytime and nighttime temperatures would be large inland.",
    ),
    (
        (2, 3, 4),
        "Cedar and cypress pollen levels are expected to be high, and people with allergies are advised to wear masks.",
    ),
    ((3, 4, 5), "Mild air will make it a good day for outings in the Kanto and Kinki regions."),
    (
        (5, 6, 7, 8, 9),
        "Ultraviolet rays will be strong, and forecasters recommended hats and sunscreen for anyone spending time outside.",
    ),
    ((6, 7, 8, 9), "Humidity will stay high, and the risk of heatstroke is elevated even in the shade."),
    ((7, 8, 9), "Sudden thunderstorms may develop in inland areas in the afternoon."),
    ((10, 11), "Clear skies will help autumn leaves stand out in the mountains of central Japan."),
    (
        (11, 12, 1, 2),
        "Dry air on the Pacific side raises the risk of fires, and local fire departments urged caution.",
    ),
    (
        (12, 1, 2),
        "Snow is forecast in mountainous areas facing the Sea of Japan, and drivers were advised to use winter tires.",
    ),
    ((12, 1, 2, 3), "Morning lows will drop below freezing in parts of the Tohoku region and Hokkaido."),
)
EXTRA = {
    "fuji": (
        "Mt. Fuji, Japan's highest mountain, was registered as a World Heritage site in 2013 as a place of "
        "worship and a source of artistic inspiration.",
        "The first snowcap is usually seen from Kofu in late September or early October.",
        "The snow can disappear for a while if temperatures rise again, before the mountain turns white for "
        "the winter.",
        "Tourists gathered at viewpoints around Lake Kawaguchi to photograph the peak.",
        "Photographers said the clear air of autumn offers some of the best views of the mountain.",
    ),
    "typhoon": (
        "Residents were advised to prepare flashlights, portable radios and drinking water in case of power "
        "outages.",
        "Supermarkets in {city} saw long lines as people stocked up on bottled water and instant food.",
        "Some convenience stores and department stores announced they would close early.",
        "Fishermen secured their boats in port, and some farmers harvested fruit early to avoid damage.",
    ),
    "heat": (
        "Health officials advised people to use air conditioning without hesitation and to drink water "
        "before they feel thirsty.",
        "Schools in {pref_p} canceled outdoor club activities in the afternoon.",
        "Elderly people living alone are especially at risk of heatstroke indoors, experts say.",
        "Some municipalities opened air-conditioned public buildings as cooling shelters.",
    ),
    "snow": (
        "Snow removal crews worked through the night, and some municipalities asked the Self-Defense Forces "
        "for help clearing roads.",
        "Authorities warned of avalanches in mountainous areas and of falling snow from roofs.",
        "Elderly residents in {city} struggled to clear snow from roofs, and volunteers were called in to help.",
    ),
}


def write(ctx: Ctx) -> Story:
    f = ctx.base()
    ctx.place(f)
    f["city"] = f["pref_city"]
    ctx.person(f, "resident", low=20, high=84)
    ctx.person(f, "resident2", low=25, high=80)
    ctx.person(f, "official", low=38, high=62)
    ctx.person(f, "forecaster", low=28, high=60)
    f["time"] = ctx.clock(hours_before=2)
    kind = ctx.kind(KINDS)
    caption = "People walk in the rain in {city} on {date_long}."
    if kind == "typhoon":
        target, pref, city = ctx.fact(TYPHOON_TARGETS)
        day_of_year = ctx.day.timetuple().tm_yday
        f.update(target=target, pref=pref, city=city)
        f["n"] = max(1, min(28, (day_of_year - 150) // 6 + ctx.num(-2, 2)))
        f["gust"], f["hpa"], f["km"] = (
            ctx.num(30, 60),
            ctx.num(93, 99) * 10 + ctx.num(0, 5),
            ctx.num(8, 45) * 10,
        )
        f["rain"], f["flights"] = ctx.num(15, 50) * 10, ctx.num(40, 720)
        f["passengers"], f["households"] = f["flights"] * ctx.num(90, 140), ctx.num(5, 180) * 1000
        f["bearing"] = ctx.fact(("south", "south-southwest", "southeast", "southwest"))
        titles = [
            "Typhoon No. {n} approaches {target}, JMA warns of violent winds",
            "Typhoon {n} nears {target}; {flights} flights canceled",
            "Powerful typhoon set to hit {target}",
        ]
        core = [
            "Typhoon No. {n} moved toward {target} on {weekday}, packing winds gusting up to {gust} meters per "
            "second, and the Japan Meteorological Agency warned of storm surges, high waves and heavy rain.",
            "As of {time}, the typhoon was about {km} kilometers {bearing} of {city} with an atmospheric "
            "pressure of {hpa} hectopascals at its center, the agency said.",
            "Up to {rain} millimeters of rain is expected in the 24 hours through the following evening. "
            "Airlines canceled {flights} domestic flights, affecting about {passengers:,} passengers.",
            "Local governments issued evacuation instructions to about {households:,} households. "
            '"Please take action to protect your life before the wind becomes strong," {official} of the '
            "agency said.",
        ]
        caption = "Waves crash against a seawall in {city} as Typhoon No. {n} approaches on {date_long}."
        summary = "Typhoon No. {n} was heading for {target} with gusts of up to {gust} meters per second."
    elif kind == "heat":
        town, pref = ctx.fact(HOT_SPOTS)
        f.update(town=town, pref=pref, city=town)
        f["temp"], f["alerts"] = ctx.dec(36.5, 40.9), ctx.num(12, 41)
        f["points"], f["hospital"] = ctx.num(60, 290), ctx.num(30, 130) * 100
        titles = [
            "Temperatures hit {temp}C in {town} as heat grips Japan",
            "Heatstroke alerts issued for {alerts} prefectures",
        ]
        core = [
            "Temperatures soared across Japan on {weekday}, reaching {temp} C in {town}, {pref_p}, the "
            "highest in the country that day, the Japan Meteorological Agency said.",
            "The mercury topped 35 C, a level the agency calls an extremely hot day, at {points} of its roughly "
            "900 observation points. Heatstroke alerts were issued for {alerts} prefectures.",
            "In the week through Sunday, {hospital:,} people were taken to hospital with suspected heatstroke, "
            "according to the Fire and Disaster Management Agency.",
            '"It feels like the heat starts earlier every year," said {resident}, {resident_age}, who was '
            "waiting for a bus in {town} with a handheld fan.",
        ]
        caption = "A man wipes away sweat in {town}, {pref_p}, on {date_long}."
        summary = (
            "The temperature reached {temp} C in {town} as heatstroke alerts covered {alerts} prefectures."
        )
    elif kind == "rainy":
        starts = (ctx.day.month, ctx.day.day) < (6, 25)
        region = "Okinawa" if ctx.day.month == 5 else ctx.fact(RAIN_REGIONS)
        f.update(region=region, n=ctx.num(1, 12), rel=ctx.fact(("earlier", "later")))
        f["city"] = REGION_CITIES.get(region, "Naha")
        f["verb"], f["verb_now"] = ("started", "starts") if starts else ("ended", "ends")
        titles = [
            "Rainy season {verb_now} in {region}, JMA says",
            "{region_cap}'s rainy season {verb_now}, {n} days {rel} than usual",
        ]
        f["region_cap"] = region[0].upper() + region[1:]
        core = [
            "The rainy season appears to have {verb} in {region}, {n} days {rel} than in an average year, the "
            "Japan Meteorological Agency said on {weekday}.",
            "The declaration is preliminary and may be revised in September after the agency reviews the "
            "summer's weather data.",
            "The agency's one-week forecast showed "
            + (
                "mostly cloudy skies with frequent rain."
                if starts
                else "sunny skies and rising temperatures."
            ),
            "{forecaster}, a weather forecaster, said people should "
            + ("prepare for landslides and flooding." if starts else "take care against heatstroke."),
        ]
        summary = "The rainy season {verb} in {region}, according to the Japan Meteorological Agency."
    elif kind == "heavy_rain":
        f["region"] = ctx.fact(RAIN_REGIONS[:5])
        ctx.place(f, regions=(REGION_NAMES[f["region"]],))
        f["city"] = f["pref_city"]
        f["mm"], f["people"] = ctx.num(80, 130), ctx.num(5, 300) * 100
        titles = [
            "Torrential rain pounds {pref}, evacuation urged for {people:,} people",
            "Linear rain band brings record downpours to {region}",
        ]
        core = [
            "Torrential rain hit parts of {region} on {weekday}, with up to {mm} millimeters falling in an hour "
            "in {pref_p} as a linear rain band formed, the Japan Meteorological Agency said.",
            "Local governments issued evacuation instructions to about {people:,} residents, and several rivers "
            "rose to levels at which flooding could occur.",
            "A landslide blocked a road in a mountainous area of the prefecture, but no one was hurt, police said.",
            "The agency said the rain band could form again overnight and urged residents to move to safe "
            "places before dark.",
        ]
        summary = "Record rain fell in {pref_p} as a linear rain band formed over {region}."
    elif kind == "snow":
        pref, town, city = ctx.fact(SNOW_AREAS)
        f.update(
            pref=pref, town=town, city=city, cm=ctx.num(60, 240), cars=ctx.num(20, 400), km=ctx.num(5, 30)
        )
        titles = [
            "Heavy snow blankets {pref}; {cm} cm piles up in {town}",
            "Heavy snow strands vehicles on highways in {pref}",
        ]
        core = [
            "Heavy snow fell along the Sea of Japan coast on {weekday} as a strong cold air mass moved in, "
            "with snow piling up to {cm} centimeters in {town}, {pref_p}.",
            "About {cars} vehicles were stranded on a {km}-kilometer section of an expressway, and some local "
            "train services were suspended.",
            "The Japan Meteorological Agency warned of further snow through the weekend and of traffic "
            "disruption on the Pacific side as well.",
            '"I shoveled the entrance three times this morning," said {resident}, {resident_age}, in {town}.',
        ]
        caption = "Residents clear snow from a road in {town}, {pref_p}, on {date_long}."
        summary = "Up to {cm} cm of snow piled up in {town} as heavy snow hit the Sea of Japan coast."
    elif kind == "fuji":
        f.update(city="Kofu", pref="Yamanashi", n=ctx.num(1, 16), rel=ctx.fact(("earlier", "later")))
        titles = [
            "Mt. Fuji gets first snowcap of season",
            "First snow seen on Mt. Fuji, {n} days {rel} than usual",
        ]
        core = [
            "Mt. Fuji was seen with its first snowcap of the season on {weekday}, {n} days {rel} than in an "
            "average year, the Kofu Local Meteorological Office said.",
            "Staff confirmed the snow from the office in Kofu, Yamanashi Prefecture, after the clouds around "
            "the 3,776-meter peak cleared in the morning.",
            "The official climbing season ended in September, and local authorities warned hikers not to "
            "attempt the mountain in winter conditions.",
            "Visitors at a lakeside viewpoint took photos of the white summit under clear autumn skies.",
        ]
        caption = "Mt. Fuji with its first snow of the season, seen on {date_long}."
        summary = "Mt. Fuji's first snowcap of the season was seen {n} days {rel} than usual."
    else:
        highs = HIGHS[ctx.day.month - 1]
        f["city"] = "Tokyo"
        for name, base in zip(("sapporo", "tokyo", "osaka", "fukuoka", "naha"), highs, strict=True):
            f[name] = base + ctx.num(-3, 3)
        f["sky"] = ctx.fact(
            (
                "Rain will spread from the west",
                "High pressure will bring clear skies to much of the country",
                "Clouds will cover the Pacific side",
                "Unsettled weather will continue in the north",
                "A weather front will move east along the coast",
            )
        )
        f["chance"] = ctx.num(1, 8) * 10
        titles = ["Weather: {sky} on {weekday}", "Japan weather outlook for {weekday}, {date}"]
        core = [
            "{sky} on {weekday}, according to the Japan Meteorological Agency. The chance of rain in Tokyo is "
            "{chance} percent in the afternoon.",
            "Expected highs: Sapporo {sapporo} C, Tokyo {tokyo} C, Osaka {osaka} C, Fukuoka {fukuoka} C and "
            "Naha {naha} C.",
            "Forecasters advised people in the Kanto region to carry an umbrella in the evening and to watch "
            "for sudden gusts near the coast.",
        ]
        caption = "Commuters cross an intersection in central Tokyo on {date_long}."
        summary = "{sky} on {weekday}. Tokyo's high is expected to be {tokyo} C."
    extra = list(EXTRA["fuji"]) if kind == "fuji" else [*EXTRA.get(kind, ()), *BACKGROUND]
    if kind == "daily":
        extra = [s for months, s in DAILY if ctx.day.month in months]
    return finish(
        ctx,
        f,
        topic="weather",
        kind=kind,
        titles=titles,
        summary=summary,
        core=core,
        extra=extra,
        caption=caption,
    )
