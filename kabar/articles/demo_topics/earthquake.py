"""Demo topic: earthquakes."""

from __future__ import annotations

from kabar.articles.demo_topics.words import Ctx, Story, always, between, finish

KINDS = (
    ("quake", always, 6),
    ("swarm", always, 1),
    ("nankai", lambda d: 5 <= d.day <= 12, 2),
    ("anniversary", lambda d: (d.month, d.day) in ((1, 17), (3, 11), (4, 14)), 20),
    ("drill", between((9, 1), (9, 1)), 20),
)
# (where the focus was, prefecture, dateline city, offshore)
EPICENTERS = (
    ("off the coast of Ibaraki Prefecture", "Ibaraki", "Mito", True),
    ("the Noto Peninsula in Ishikawa Prefecture", "Ishikawa", "Kanazawa", False),
    ("the Hyuganada Sea off Miyazaki Prefecture", "Miyazaki", "Miyazaki", True),
    ("off the coast of Fukushima Prefecture", "Fukushima", "Fukushima", True),
    ("off the Sanriku coast of Iwate Prefecture", "Iwate", "Morioka", True),
    ("the Tokachi region of Hokkaido", "Hokkaido", "Sapporo", False),
    ("northwestern Chiba Prefecture", "Chiba", "Chiba", False),
    ("the Kumamoto region", "Kumamoto", "Kumamoto", False),
    ("the Tokara Islands of Kagoshima Prefecture", "Kagoshima", "Kagoshima", True),
    ("the Bungo Channel between Ehime and Oita prefectures", "Ehime", "Matsuyama", True),
    ("the Kii Channel off Wakayama Prefecture", "Wakayama", "Wakayama", True),
    ("northern Nagano Prefecture", "Nagano", "Nagano", False),
    ("off the coast of Miyagi Prefecture", "Miyagi", "Sendai", True),
    ("eastern Yamanashi Prefecture", "Yamanashi", "Kofu", False),
    ("the Iburi region of Hokkaido", "Hokkaido", "Sapporo", False),
    ("waters near the Izu Islands", "Tokyo", "Tokyo", True),
    ("southern Ibaraki Prefecture", "Ibaraki", "Mito", False),
    ("off the coast of Nemuro in eastern Hokkaido", "Hokkaido", "Sapporo", True),
    ("the northern part of Osaka Prefecture", "Osaka", "Osaka", False),
    ("the Hida region of Gifu Prefecture", "Gifu", "Gifu", False),
)
TOWNS = (
    "a coastal town",
    "a mountain village",
    "the prefectural capital",
    "a city in the area",
    "a nearby town",
)
ANNIVERSARIES = {
    (1, 17): ("the Great Hanshin Earthquake", 1995, "Kobe", "Hyogo"),
    (3, 11): ("the Great East Japan Earthquake and tsunami", 2011, "Sendai", "Miyagi"),
    (4, 14): ("the Kumamoto earthquakes", 2016, "Kumamoto", "Kumamoto"),
}
BACKGROUND = (
    "Japan sits on the Pacific Ring of Fire and experiences a large share of the world's strong earthquakes.",
    "The Japanese seismic intensity scale measures how strongly the ground shakes at a given place, rather "
    "than the energy released at the source.",
    "The agency usually advises that aftershocks are most likely in the first two or three days after a "
    "strong quake.",
    "Experts urge households to keep at least three days' worth of water and food and to fix heavy "
    "furniture to the walls.",
    "Some residents said they had received an emergency earthquake alert on their phones seconds before the "
    "shaking began.",
    "The area has experienced several quakes in recent years, and many residents are familiar with local "
    "evacuation routes.",
    "The government's earthquake research panel has long warned that a major quake could strike along the "
    "Nankai Trough off the Pacific coast in the coming decades.",
    "Train and flight schedules in the region had largely returned to normal by the evening.",
    "Schools in the area checked their buildings before allowing children back into classrooms.",
    "Municipal officials in {pref} said they were checking bridges, water pipes and hillsides for damage.",
    '"It was a reminder that we have to be ready at any time," said {resident}, {resident_age}, '
    "{resident_job} in {town}.",
    "Seismologists say quakes of this size are not unusual in the region, which lies near the boundaries of "
    "several tectonic plates.",
    "The Japan Meteorological Agency uses a network of seismometers across the country to issue alerts within seconds.",
    "Quakes with a shallow focus tend to cause stronger shaking near the epicenter than deeper ones of the same magnitude.",
    "Local fire departments said they had received a number of calls from residents, mostly about items that had fallen over.",
    "Some elevators in office buildings stopped automatically and were checked by maintenance staff.",
    "Disaster experts recommend that families decide in advance where to meet after a major quake.",
    "{seismologist}, a professor of seismology, said the quake appeared to have occurred within a plate "
    'rather than at a plate boundary. "It is too early to say whether this is connected to earlier activity '
    'in the area," {seismologist_family} said.',
    "Municipal offices in the area checked whether the quake had affected water supplies.",
    "Japan's building standards were tightened after major quakes, and most modern buildings are designed to withstand strong shaking.",
    "Some tourists said they were unsure what to do when their phones sounded the alert, and local governments have been working on multilingual guidance.",
)
# For the monthly assessment, anniversaries and drills, which are about being ready.
PREPARED = (
    "Japan sits on the Pacific Ring of Fire and experiences a large share of the world's strong earthquakes.",
    "Experts urge households to keep at least three days' worth of water and food and to fix heavy "
    "furniture to the walls.",
    "The government's earthquake research panel has long warned that a major quake could strike along the "
    "Nankai Trough off the Pacific coast in the coming decades.",
    "Disaster experts recommend that families decide in advance where to meet after a major quake.",
    "Japan's building standards were tightened after major quakes, and most modern buildings are designed "
    "to withstand strong shaking.",
    "The Japanese seismic intensity scale measures how strongly the ground shakes at a given place, rather "
    "than the energy released at the source.",
    "Local governments have been updating hazard maps that show areas at risk of tsunami and landslides.",
    "Many schools hold evacuation drills several times a year, and some invite parents to take part.",
    "Retailers say sales of emergency kits tend to rise after strong quakes and around anniversaries.",
    "Municipal officials said they were reviewing stockpiles of water, food and portable toilets at "
    "evacuation centers.",
    "Volunteers who helped after past disasters shared their experiences at events for students.",
)
BACKGROUND_STRONG = (
    "Local governments in {pref} opened evacuation centers as a precaution, and some residents spent the "
    "night there.",
    '"The shaking went on for a long time, and I got under the table with my child," said {resident}, '
    '{resident_age}, {resident_job} in {town}. "Books fell from the shelves."',
    "Railway operators ran trains at reduced speed while tracks were inspected, causing delays of up to "
    "{delay} minutes.",
    "Power was briefly cut to about {homes:,} households, according to the regional utility.",
    "The government set up a liaison office at the prime minister's office to gather information.",
    "Convenience stores near the epicenter reported goods falling from shelves, and some shops closed early "
    "to clean up.",
)


def _intensity(ctx: Ctx, mag: float) -> str:
    if mag < 5.0:
        return ctx.fact(("3", "4"))
    if mag < 6.0:
        return ctx.fact(("4", "4", "lower 5"))
    if mag < 6.8:
        return ctx.fact(("lower 5", "upper 5"))
    return ctx.fact(("upper 5", "lower 6"))


def write(ctx: Ctx) -> Story:
    f = ctx.base()
    area, pref, city, offshore = ctx.fact(EPICENTERS)
    f.update(area=area, pref=pref, city=city, town=ctx.fact(TOWNS))
    ctx.person(f, "resident", low=20, high=85)
    ctx.person(f, "official", low=40, high=60)
    ctx.person(f, "expert", low=45, high=72)
    ctx.person(f, "seismologist", low=45, high=72)
    f["mag"] = ctx.dec(4.3, 7.1)
    f["shindo"] = _intensity(ctx, f["mag"])
    f["depth"], f["time"] = ctx.num(2, 9) * 10, ctx.clock()
    f["delay"], f["homes"] = ctx.num(10, 90), ctx.num(3, 120) * 100
    strong = f["shindo"] in ("lower 5", "upper 5", "lower 6")
    kind = ctx.kind(KINDS)
    caption = ctx.pick(
        (
            "A Japan Meteorological Agency official explains the earthquake at a news conference in Tokyo on "
            "{date_long}.",
            "Residents check a damaged wall after the earthquake in {pref_p} on {date_long}.",
            "A map shown on television indicates the intensity of the earthquake on {date_long}.",
        )
    )
    extra = list(PREPARED)
    if kind in ("quake", "swarm"):
        if offshore and f["mag"] >= 6.8:
            f["cm"] = ctx.num(10, 40)
            tsunami = (
                "The agency issued a tsunami advisory for the coast of {pref_p}, and waves of up to "
                "{cm} centimeters were observed before the advisory was lifted in the evening."
            )
            f["tsunami_title"] = "tsunami advisory issued"
        else:
            tsunami = "The quake did not trigger a tsunami, the agency said."
            f["tsunami_title"] = "no tsunami"
        f["injured"] = ctx.num(1, 12) if strong else 0
        damage = (
            "At least {injured} people suffered minor injuries, including a person who fell at home, according "
            "to the Fire and Disaster Management Agency. No deaths were reported."
            if strong
            else "There were no immediate reports of injuries or damage, local officials said."
        )
        if kind == "swarm":
            f["count"] = ctx.num(40, 380)
            titles = [
                "Quake swarm continues in {pref}; M{mag} tremor recorded",
                "More than {count} quakes felt in {pref} since late last month",
            ]
            lead = (
                "A magnitude {mag} earthquake struck {area} on {weekday}, registering {shindo} on the Japanese "
                "seismic intensity scale of 7, as a swarm of tremors continued in the area."
            )
            follow = (
                "More than {count} quakes strong enough to be felt have been recorded in the area since late "
                "last month, the Japan Meteorological Agency said, urging residents to stay alert."
            )
        else:
            titles = [
                "M{mag} quake jolts {pref}, {tsunami_title}",
                "Quake of intensity {shindo} hits {pref}; {tsunami_title}",
                "Strong earthquake shakes {pref}, {injured} hurt",
            ]
            if not strong:
                titles = [
                    "M{mag} quake felt in {pref}, {tsunami_title}",
                    "Earthquake of intensity {shindo} in {pref}",
                ]
            lead = (
                "An earthquake with a preliminary magnitude of {mag} struck {area} at {time} on {weekday}, "
                "registering {shindo} on the Japanese seismic intensity scale of 7 in parts of "
                "{pref_p}, the Japan Meteorological Agency said."
            )
            follow = "The focus of the quake was about {depth} kilometers deep. " + tsunami
        core = [
            lead,
            follow,
            damage,
            "No abnormalities were found at nuclear facilities in the region, the Nuclear Regulation "
            "Authority said. Some bullet train services were briefly halted for safety checks."
            if strong
            else "Railway operators in the region said trains were running normally after brief checks.",
            '"Please stay alert for aftershocks of similar strength for about a week," {official}, an '
            "official of the agency, told a news conference.",
        ]
        extra = list(BACKGROUND_STRONG) + list(BACKGROUND) if strong else list(BACKGROUND)
        summary = (
            "A magnitude {mag} earthquake struck {area}, registering {shindo} on Japan's intensity scale."
        )
    elif kind == "nankai":
        titles = [
            "Panel sees no sign of heightened Nankai Trough quake risk",
            "No abnormal changes along Nankai Trough, experts say",
        ]
        core = [
            "An expert panel of the Japan Meteorological Agency said on {weekday} it had found no sign of a "
            "heightened risk of a megaquake along the Nankai Trough, after its regular monthly assessment.",
            "The panel examined data including crustal movements and a magnitude {mag} quake that struck "
            "{area} earlier this month, and concluded that none pointed to unusual activity.",
            "The Nankai Trough runs along the Pacific coast from Shizuoka Prefecture to the waters off "
            "Kyushu. A major quake there could cause strong shaking and tsunami across a wide area.",
            '"Even when we see no abnormal change, a large earthquake can happen at any time," said {expert}, '
            "a seismologist who chairs the panel.",
        ]
        caption = (
            "A Japan Meteorological Agency official speaks at a news conference in Tokyo on {date_long}."
        )
        summary = "JMA experts found no sign of increased risk of a Nankai Trough megaquake in their monthly review."
    elif kind == "anniversary":
        event, year, city, pref = ANNIVERSARIES[(ctx.day.month, ctx.day.day)]
        f.update(event=event, n=ctx.day.year - year, city=city, pref=pref)
        titles = ["{city} marks {n} years since {event}", "Moment of silence as Japan remembers {event}"]
        core = [
            "People in {city} and across Japan observed a moment of silence on {weekday} to mark {n} years "
            "since {event}, which claimed thousands of lives.",
            "Memorial events were held in parks and at community centers, where bereaved families and "
            "residents lit candles and laid flowers.",
            '"I come here every year to talk to my parents," said {resident}, {resident_age}. "The town has '
            'changed, but my memories have not."',
            "Local governments used the occasion to remind residents to review their evacuation plans and "
            "emergency supplies.",
        ]
        caption = "People pray at a memorial event in {city} on {date_long}."
        summary = "Japan remembered {event} {n} years on, with a moment of silence in {city}."
    else:
        f["people"] = ctx.num(4, 30) * 10000
        titles = [
            "Disaster drills held across Japan on Disaster Prevention Day",
            "Government stages quake drill",
        ]
        core = [
            "Government ministries, schools and companies across Japan held disaster drills on {weekday}, "
            "Disaster Prevention Day, which marks the anniversary of the 1923 Great Kanto Earthquake.",
            "Cabinet ministers walked to the prime minister's office to simulate a scenario in which public "
            "transport in Tokyo had stopped after a strong quake directly beneath the capital.",
            "About {people:,} people took part in drills in {pref_p} alone, according to local "
            "officials, practicing evacuation and first aid.",
            '"Drills help children remember what to do without thinking," said {resident}, a teacher in {city}.',
        ]
        summary = "Drills took place across Japan on Disaster Prevention Day, {date}."
    return finish(
        ctx,
        f,
        topic="earthquake",
        kind=kind,
        titles=titles,
        summary=summary,
        core=core,
        extra=extra,
        caption=caption,
    )
