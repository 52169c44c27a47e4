"""Demo topic: the Shinkansen bullet trains."""

from __future__ import annotations

from kabar.articles.demo_topics.words import Ctx, Story, always, any_of, between, finish

KINDS = (
    ("suspended", always, 4),
    (
        "holiday",
        any_of(
            between((4, 26), (5, 6)),
            between((8, 8), (8, 18)),
            between((12, 26), (12, 31)),
            between((1, 1), (1, 5)),
        ),
        8,
    ),
    ("ridership", always, 1),
    ("service", always, 2),
    ("extension", always, 1),
)
# (line, operator, stations from one end to the other)
LINES = (
    ("Tokaido", "Central Japan Railway Co.", ("Tokyo", "Shin-Yokohama", "Odawara", "Shizuoka", "Hamamatsu", "Nagoya", "Kyoto", "Shin-Osaka")),
    ("Sanyo", "West Japan Railway Co.", ("Shin-Osaka", "Shin-Kobe", "Okayama", "Fukuyama", "Hiroshima", "Shin-Yamaguchi", "Kokura", "Hakata")),
    ("Tohoku", "East Japan Railway Co.", ("Tokyo", "Omiya", "Utsunomiya", "Koriyama", "Fukushima", "Sendai", "Morioka", "Shin-Aomori")),
    ("Joetsu", "East Japan Railway Co.", ("Tokyo", "Omiya", "Takasaki", "Echigo-Yuzawa", "Nagaoka", "Niigata")),
    ("Hokuriku", "East Japan Railway Co. and West Japan Railway Co.", ("Tokyo", "Takasaki", "Karuizawa", "Nagano", "Toyama", "Kanazawa", "Fukui", "Tsuruga")),
    ("Kyushu", "Kyushu Railway Co.", ("Hakata", "Kurume", "Kumamoto", "Kagoshima-Chuo")),
    ("Hokkaido", "Hokkaido Railway Co.", ("Shin-Aomori", "Kikonai", "Shin-Hakodate-Hokuto")),
    ("Yamagata", "East Japan Railway Co.", ("Fukushima", "Yonezawa", "Yamagata", "Shinjo")),
)  # fmt: skip
# Passengers a year, in millions, roughly in proportion to each line's traffic.
RIDERS = {
    "Tokaido": (150, 180),
    "Sanyo": (60, 80),
    "Tohoku": (80, 95),
    "Joetsu": (38, 48),
    "Hokuriku": (30, 42),
    "Kyushu": (12, 18),
    "Hokkaido": (1, 2),
    "Yamagata": (3, 5),
}
CAUSES = (
    ("heavy rain", "rainfall exceeded the safety limit", (6, 7, 8, 9)),
    ("heavy snow", "snow accumulated on the tracks", (12, 1, 2)),
    ("strong winds", "wind speeds exceeded the safety limit", tuple(range(1, 13))),
    ("a power outage", "power to the overhead lines was lost", tuple(range(1, 13))),
    ("an earthquake", "an earthquake triggered an automatic stop", tuple(range(1, 13))),
    ("a signal problem", "a fault was found in the signal system", tuple(range(1, 13))),
    ("a collision with an animal", "a train hit an animal on the tracks", tuple(range(1, 13))),
    ("a fallen tree", "a tree fell near the tracks", tuple(range(1, 13))),
)
GENERAL = (
    "The Shinkansen network opened in 1964 with the Tokaido line between Tokyo and Shin-Osaka, just before "
    "the Tokyo Olympics.",
    "Bullet trains are known for their punctuality, with average delays usually measured in seconds.",
    "Operators have invested in earthquake detection systems that can stop trains automatically within "
    "seconds of detecting a quake.",
    "Railway companies have raised embankments and installed wind fences in areas prone to disasters.",
    "Experts say trains on the network have never had a fatal accident caused by derailment or collision "
    "while in passenger service.",
    "Passengers increasingly use smartphone apps to book seats, and operators have been reducing the number "
    "of staffed ticket counters.",
    "{expert}, a professor of transport policy, said the network's reliability depended on careful "
    "maintenance carried out overnight.",
    "Maintenance crews inspect the tracks every night after the last train, when the lines are closed.",
    "The Tokaido line is the busiest on the network, carrying hundreds of thousands of passengers on a "
    "typical weekday.",
    "Operators have added space for large suitcases as the number of foreign tourists has grown.",
    "The bullet train network now stretches from Hokkaido in the north to Kyushu in the south.",
    "Ekiben, boxed meals sold at stations, remain popular with travelers, and some stations sell dozens of "
    "varieties.",
)
# For stories about stopped trains.
DISRUPTION = (
    "Ticket offices at major stations were crowded with passengers seeking refunds or changes to their "
    "reservations.",
    "The operator said passengers could get full refunds for tickets on canceled trains.",
    "Some passengers switched to domestic flights or highway buses to reach their destinations.",
    "Staff handed out bottled water to passengers waiting on stopped trains.",
    '"I have a meeting in the afternoon, so I will have to call and explain," said {passenger}, '
    "{passenger_age}, {passenger_job} waiting at {station} Station.",
    '"The children are tired, but there is nothing we can do," said {passenger2}, who was traveling with '
    "family.",
    "Delays on the bullet train network can ripple through connecting local lines.",
    "The operator posted updates on its website and social media accounts throughout the day.",
    "Taxi stands outside {station} Station had long lines in the evening.",
    "Convenience stores inside the station ran short of rice balls and sandwiches.",
    "The operator said it would review how it informs passengers, particularly foreign visitors, during "
    "disruptions.",
    "Foreign tourists with rail passes were among those seeking help at information counters.",
    "Station staff used handheld signs in English, Chinese and Korean to guide passengers.",
    "Some hotels near the station offered rooms at a discount to stranded travelers.",
)


def _city(station: str) -> str:
    """Datelines name the city, not the station: "Shin-Osaka" is in Osaka."""
    return {"Echigo-Yuzawa": "Yuzawa"}.get(station, station.removeprefix("Shin-").split("-")[0])


def write(ctx: Ctx) -> Story:
    f = ctx.base()
    line, operator, stations = ctx.fact(LINES)
    start = ctx.num(0, len(stations) - 2)
    end = ctx.num(start + 1, len(stations) - 1)
    f.update(line=line, operator=operator, a=stations[start], b=stations[end], station=ctx.fact(stations))
    f["city"] = _city(f["station"])
    ctx.person(f, "passenger", low=18, high=80)
    ctx.person(f, "passenger2", low=28, high=55)
    ctx.person(f, "spokes", low=35, high=58)
    ctx.person(f, "expert", low=45, high=72)
    kind = ctx.kind(KINDS)
    caption = "A {line} Shinkansen train at {station} Station on {date_long}."
    if kind == "suspended":
        cause, detail, _months = ctx.fact([c for c in CAUSES if ctx.day.month in c[2]])
        f.update(cause=cause, detail=detail, time=ctx.clock(hours_before=3))
        f["trains"], f["hours"] = ctx.num(8, 140), ctx.num(1, 7)
        f["people"] = round(f["trains"] * ctx.num(400, 900), -2)
        titles = [
            "{line} Shinkansen suspended between {a} and {b} due to {cause}",
            "Bullet train services halted on {line} line after {cause}",
            "{cause_cap} disrupts {line} Shinkansen, {people:,} passengers affected",
        ]
        f["cause_cap"] = cause[0].upper() + cause[1:]
        core = [
            "Services on the {line} Shinkansen line were suspended between {a} and {b} stations for about "
            "{hours} hours on {weekday} due to {cause}, the operator said.",
            "Trains stopped at around {time} after {detail}. A total of {trains} trains were canceled or delayed, affecting "
            "about {people:,} passengers.",
            "Some trains stopped between stations, and passengers waited inside for more than an hour before "
            "they moved again.",
            "{operator} said services had resumed but that delays were expected to continue into the evening. "
            '"We sincerely apologize for the inconvenience," {spokes}, a spokesperson, said.',
        ]
        caption = (
            "Passengers wait at {station} Station after bullet train services were suspended on {date_long}."
        )
        summary = "{cause_cap} halted {line} Shinkansen trains between {a} and {b}, affecting about {people:,} passengers."
    elif kind == "holiday":
        f["pct"], f["seats"] = ctx.num(3, 28), ctx.num(60, 260) * 1000
        f["holiday"] = {5: "Golden Week", 4: "Golden Week", 8: "Bon", 12: "year-end", 1: "New Year"}[
            ctx.day.month
        ]
        f["dir"] = "homebound" if ctx.day.day in (5, 6, 16, 17, 18, 3, 4) else "outbound"
        f["occupancy"] = ctx.num(100, 190)
        f["station"] = ctx.fact((stations[0], stations[-1]))
        f["city"] = _city(f["station"])
        titles = [
            "{dir_cap} rush peaks on Shinkansen as {holiday} holiday travel booms",
            "{holiday} travel: bullet train bookings up {pct}%",
        ]
        f["dir_cap"] = f["dir"].capitalize()
        core = [
            "The {dir} travel rush peaked on {weekday} as people took trains during the {holiday} holidays, "
            "with reserved seats on many bullet trains fully booked.",
            "Nonreserved cars on some {line} Shinkansen trains were {occupancy} percent full, and passengers "
            "stood in the aisles, according to the operator.",
            "Reservations for Shinkansen and limited express trains during the holidays were up {pct} percent "
            "from a year earlier, with about {seats:,} seats booked, railway operators said.",
            '"It was hard to get tickets, but it is the only time the whole family can get together," said '
            "{passenger}, {passenger_age}, at {station} Station.",
        ]
        caption = (
            "Passengers crowd a platform at {station} Station during the {holiday} holidays on {date_long}."
        )
        summary = "The {dir} {holiday} rush peaked on the Shinkansen, with bookings up {pct} percent."
    elif kind == "ridership":
        f["pct"], f["delay"] = ctx.dec(1.0, 12.0), ctx.dec(0.2, 1.8)
        f["million"] = ctx.num(*RIDERS[line])
        titles = [
            "{line} Shinkansen ridership up {pct}% on tourism boom",
            "Bullet trains average {delay}-minute delay",
        ]
        core = [
            "The number of passengers on the {line} Shinkansen rose {pct} percent from a year earlier to about "
            "{million} million in the latest fiscal year, {operator} said on {weekday}.",
            "The operator attributed the rise to the recovery in business trips and a surge in foreign "
            "tourists, many traveling with rail passes.",
            "The average delay per train was {delay} minutes, including delays caused by heavy rain and other "
            "natural disasters.",
            "The operator plans to add more trains during busy periods and to expand online booking services.",
        ]
        summary = "{line} Shinkansen ridership grew {pct} percent, helped by foreign tourists."
    elif kind == "service":
        f["feature"] = ctx.fact(
            (
                "semi-private compartments for business travelers",
                "space for oversized luggage that must be reserved in advance",
                "quiet cars where passengers are asked not to talk on the phone",
                "carriages that carry fresh produce alongside passengers",
                "work booths equipped with desks and power outlets",
                "a faster online booking system for foreign visitors",
            )
        )
        f["month_when"] = ctx.fact(("spring", "summer", "autumn", "next year", "the end of the fiscal year"))
        titles = [
            "{line} Shinkansen to introduce {feature}",
            "Bullet trains to offer {feature} from {month_when}",
        ]
        core = [
            "{operator} said on {weekday} it will introduce {feature} on the {line} Shinkansen line from "
            "{month_when}.",
            "The operator said it wants to make trips more comfortable and to attract passengers who have "
            "switched to working remotely.",
            "Prices and the number of trains covered will be announced later. A trial last year drew positive "
            "responses from users, according to the company.",
            '"We want passengers to spend their time on the train the way they like," {spokes}, a company '
            "official, told a news conference.",
        ]
        summary = "The {line} Shinkansen will offer {feature} from {month_when}."
    else:
        f["towns"], f["trillion"] = ctx.num(3, 9), ctx.dec(1.2, 4.5)
        f["year_open"] = ctx.day.year + ctx.num(8, 20)
        f["line"], f["city"] = ctx.fact(
            (("Hokuriku", "Fukui"), ("Hokkaido", "Sapporo"), ("Nishi-Kyushu", "Nagasaki"))
        )
        caption = (
            "Officials from municipalities along the planned {line} Shinkansen route meet on {date_long}."
        )
        titles = [
            "Route debate drags on for planned {line} Shinkansen extension",
            "Cost of {line} Shinkansen extension rises to {trillion} trillion yen",
        ]
        core = [
            "Local governments along a planned extension of the {line} Shinkansen met on {weekday} to discuss "
            "the route and how to share its rising costs.",
            "The extension is now estimated to cost about {trillion} trillion yen, and officials said it was "
            "unlikely to open before {year_open}.",
            "Leaders of {towns} municipalities asked the central government to shoulder a larger share of the "
            "cost, citing the burden on local budgets.",
            "Supporters say faster links would bring tourists and businesses to regional cities, while critics "
            "question whether demand will justify the investment.",
        ]
        summary = (
            "Talks on the {line} Shinkansen extension continued as costs rose to {trillion} trillion yen."
        )
    return finish(
        ctx,
        f,
        topic="shinkansen",
        kind=kind,
        titles=titles,
        summary=summary,
        core=core,
        extra=DISRUPTION + GENERAL if kind == "suspended" else GENERAL,
        caption=caption,
    )
