"""Demo topic: sports (pro baseball, high school baseball, sumo, soccer, marathons, figure skating).

The teams and venues are real; every player, score and result is invented.
"""

from __future__ import annotations

from datetime import date

from kabar.articles.demo_topics.words import (
    FEMALE_NAMES,
    MALE_NAMES,
    PREFECTURES,
    Ctx,
    Story,
    any_of,
    between,
    finish,
    ordinal,
)


def _sumo_day(day: date) -> int:
    """Day of a grand sumo tournament (1-15), or 0. Tournaments start on the second Sunday of
    January, March, May, July, September and November."""
    if day.month % 2 == 0:
        return 0
    first = date(day.year, day.month, 1)
    second_sunday = 1 + (6 - first.weekday()) % 7 + 7
    n = day.day - second_sunday + 1
    return n if 1 <= n <= 15 else 0


KINDS = (
    ("baseball", between((3, 28), (10, 5)), 5),
    ("koshien", any_of(between((3, 18), (3, 31)), between((8, 6), (8, 23))), 6),
    ("sumo", lambda d: _sumo_day(d) >= 5, 5),
    ("soccer", lambda d: between((2, 15), (12, 7))(d) and d.weekday() in (2, 5, 6), 4),
    (
        "marathon",
        lambda d: any_of(between((1, 25), (1, 31)), between((2, 23), (3, 12)))(d) and d.weekday() == 6,
        8,
    ),
    ("skating", any_of(between((11, 7), (11, 30)), between((12, 18), (12, 28))), 5),
    # International match windows.
    ("national", lambda d: d.month in (3, 6, 9, 10, 11) and d.weekday() in (1, 3, 4, 5), 2),
)
CENTRAL = (
    ("Yomiuri Giants", "Tokyo"),
    ("Hanshin Tigers", "Nishinomiya"),
    ("Hiroshima Carp", "Hiroshima"),
    ("Yokohama DeNA BayStars", "Yokohama"),
    ("Tokyo Yakult Swallows", "Tokyo"),
    ("Chunichi Dragons", "Nagoya"),
)
PACIFIC = (
    ("Fukuoka SoftBank Hawks", "Fukuoka"),
    ("Orix Buffaloes", "Osaka"),
    ("Chiba Lotte Marines", "Chiba"),
    ("Tohoku Rakuten Golden Eagles", "Sendai"),
    ("Saitama Seibu Lions", "Tokorozawa"),
    ("Hokkaido Nippon-Ham Fighters", "Kitahiroshima"),
)
CLUBS = (
    ("Kashima Antlers", "Kashima"),
    ("Urawa Reds", "Saitama"),
    ("Kawasaki Frontale", "Kawasaki"),
    ("Yokohama F. Marinos", "Yokohama"),
    ("Gamba Osaka", "Suita"),
    ("Cerezo Osaka", "Osaka"),
    ("Nagoya Grampus", "Toyota"),
    ("Sanfrecce Hiroshima", "Hiroshima"),
    ("Vissel Kobe", "Kobe"),
    ("FC Tokyo", "Tokyo"),
    ("Kashiwa Reysol", "Kashiwa"),
    ("Albirex Niigata", "Niigata"),
    ("Avispa Fukuoka", "Fukuoka"),
    ("Kyoto Sanga", "Kyoto"),
)
BASHO = {1: ("New Year", "Tokyo"), 3: ("Spring", "Osaka"), 5: ("Summer", "Tokyo")}
BASHO.update({7: ("Nagoya", "Nagoya"), 9: ("Autumn", "Tokyo"), 11: ("Kyushu", "Fukuoka")})
SHIKONA = (("Koto", "Waka", "Asa", "Hoku", "Kiri", "Taka", "Tochi", "Mine", "Oki", "Hayate", "Shiro"),)
SHIKONA += (("kaze", "umi", "yama", "nishiki", "ryu", "shio", "fuji", "nami", "hikari", "mine"),)
RANKS = ("yokozuna", "ozeki", "sekiwake", "komusubi", "No. 3 maegashira", "No. 8 maegashira")
NATIONS = (
    "Paraguay",
    "Ghana",
    "Australia",
    "Peru",
    "Canada",
    "Tunisia",
    "Colombia",
    "Ecuador",
    "Iraq",
    "Bolivia",
)
COMMON = (
    "The crowd of about {crowd:,} included many families and groups of young fans.",
    "Tickets for the event sold out within hours of going on sale, according to the organizers.",
    "The event was broadcast live, and highlights were widely shared on social media.",
    '"The fans gave us energy until the very end," {coach_line} said afterwards.',
    "{athlete_family} said the training over the off-season had paid off.",
    "Sports sociologists say the rise of streaming has brought new, younger audiences to the stands.",
    "Local businesses near the venue reported brisk sales of food and merchandise.",
    "Temperatures at the venue were mild, and the conditions suited the athletes.",
    "Organizers introduced cashless payments at all food stands this season.",
    '"I have been coming here for more than 20 years, and this was one of the best days," said {fan}, '
    "{fan_age}, {fan_job} from {fan_home}.",
)
SPORT_EXTRA = {
    "baseball": (
        "Nippon Professional Baseball consists of the Central League and the Pacific League, with six teams "
        "each.",
        "The top three teams in each league advance to the Climax Series playoffs, with the winners meeting "
        "in the Japan Series.",
        "The manager praised the bullpen, which has been one of the most reliable in the league this season.",
        "The team's next game is on the road, against a rival it has struggled to beat this season.",
        "Scouts from Major League Baseball teams were seen in the stands behind home plate.",
    ),
    "koshien": (
        "The tournament at Koshien Stadium in Nishinomiya, Hyogo Prefecture, is one of the most watched "
        "sporting events in Japan.",
        "Players who lose traditionally scoop up a handful of the stadium's dirt to take home.",
        "Organizers have introduced measures against the heat, including breaks for players during games.",
        "The school's brass band and cheering squad traveled by bus to support the team.",
        "Many professional players, including stars in the major leagues, first made their names at Koshien.",
    ),
    "sumo": (
        "Sumo holds six grand tournaments a year, each lasting 15 days, with the wrestler with the best record "
        "winning the Emperor's Cup.",
        "Wrestlers in the top makuuchi division fight once a day, and a winning record of eight victories "
        "or more is needed to keep their rank.",
        "Fans in the arena threw their cushions into the air after the upset, a tradition the Japan Sumo "
        "Association discourages for safety reasons.",
        "The stablemaster told reporters that the wrestler had recovered from a knee injury that kept him out "
        "of part of the last tournament.",
        "Sumo's popularity has grown among foreign visitors, and tickets for weekend days sold out quickly.",
    ),
    "soccer": (
        "The J.League was launched in 1993 and now has three divisions and 60 clubs across the country.",
        "The top teams qualify for the AFC Champions League, the continent's premier club competition.",
        "The club has invested in its youth academy, and several graduates are now regular starters.",
        "Supporters in the away section sang throughout the match despite the result.",
        "The manager said the team needed to be more clinical in front of goal in the coming weeks.",
    ),
}
MARATHONS = (
    ("Osaka Women's Marathon", "Osaka", (1, 25), (1, 31), True),
    ("Osaka Marathon", "Osaka", (2, 23), (2, 29), False),
    ("Tokyo Marathon", "Tokyo", (3, 1), (3, 6), False),
    ("Nagoya Women's Marathon", "Nagoya", (3, 7), (3, 12), True),
)


def _school(ctx: Ctx) -> tuple[str, str]:
    pref, city, _ = ctx.fact(PREFECTURES)
    suffix = ctx.fact(("Commercial", "Technical", "Gakuen", "Higashi", "Nishi", "Kita", "Minami", "Gakuin"))
    return f"{city} {suffix}", pref


def _shikona(ctx: Ctx) -> str:
    return ctx.fact(SHIKONA[0]) + ctx.fact(SHIKONA[1])


def write(ctx: Ctx) -> Story:
    f = ctx.base()
    kind = ctx.kind(KINDS)
    women = kind in ("marathon", "skating") and ctx.chance(0.6)
    names = FEMALE_NAMES if women else MALE_NAMES
    ctx.person(f, "athlete", low=19, high=34, names=names)
    ctx.person(f, "athlete2", low=19, high=34, names=names)
    ctx.person(f, "coach", low=40, high=66)
    ctx.person(f, "fan", low=15, high=80)
    f["crowd"] = ctx.num(80, 450) * 100
    f["fan_home"] = ctx.fact(PREFECTURES)[1]
    extra = [*SPORT_EXTRA.get(kind, ()), *COMMON]
    caption = "{athlete} celebrates during the game in {city} on {date_long}."
    if kind == "baseball":
        league = ctx.fact((CENTRAL, PACIFIC))
        (home, city), (away, _) = ctx.facts.sample(league, 2)
        win, lose = ctx.num(2, 11), 0
        lose = ctx.num(0, win - 1)
        home_won = ctx.chance(0.55)
        f.update(city=city, home=home, away=away, win=win, lose=lose)
        f["winner"], f["loser"] = (home, away) if home_won else (away, home)
        f["inning"] = ordinal(ctx.num(1, 9))
        f["innings"], f["strikeouts"] = ctx.num(5, 9), ctx.num(3, 12)
        f["hit"] = ctx.fact(
            ("a two-run homer", "a solo home run", "a bases-clearing double", "a go-ahead single")
        )
        f["streak"], f["allowed"] = ctx.num(2, 6), min(lose, ctx.num(0, 3))
        titles = [
            "{winner} beat {loser} {win}-{lose}",
            "Baseball: {athlete_family} powers {winner} past {loser}",
        ]
        core = [
            "{athlete} hit {hit} in the {inning} inning as the {winner} beat the {loser} {win}-{lose} on "
            "{weekday} in {city}.",
            "Starter {athlete2} allowed {allowed} runs over {innings} innings and struck out {strikeouts} to earn "
            "the win, and the {winner} have now won {streak} of their last {last} games.",
            '"I was just trying to make solid contact, and I got a pitch I could drive," {athlete_family} said.',
            "The {loser} had runners in scoring position in the late innings but failed to get the big hit.",
        ]
        f["last"] = f["streak"] + ctx.num(0, 3)
        f["coach_line"] = "{} manager {}".format(f["winner"], f["coach"])
        summary = "The {winner} beat the {loser} {win}-{lose}, with {athlete} hitting {hit}."
    elif kind == "koshien":
        (a, pref_a), (b, pref_b) = _school(ctx), _school(ctx)
        win = ctx.num(2, 12)
        f.update(
            a=a, b=b, pref_a=pref_a, pref_b=pref_b, win=win, lose=ctx.num(0, win - 1), city="Nishinomiya"
        )
        f["round"] = ctx.fact(("first-round", "second-round", "third-round", "quarterfinal", "semifinal"))
        f["event"] = "spring" if ctx.day.month == 3 else "summer"
        titles = ["Koshien: {a} beat {b} {win}-{lose}", "High school baseball: {a} advance at Koshien"]
        core = [
            "{a} High School of {pref_a} beat {b} High School of {pref_b} {win}-{lose} in a {round} game at the "
            "national {event} high school baseball tournament at Koshien Stadium on {weekday}.",
            "Ace pitcher {athlete} went the distance, scattering {hits} hits, while the team scored {big} runs "
            "in the {inning} inning to break the game open.",
            '"Everyone in our town is watching, so we wanted to play our own game," said {athlete_family}, a '
            "third-year student.",
            "{b} High School, making its first appearance in {years} years, fought back in the final inning but "
            "fell short.",
        ]
        f["hits"], f["big"], f["inning"] = ctx.num(3, 9), ctx.num(2, 5), ordinal(ctx.num(2, 8))
        f["years"] = ctx.num(5, 40)
        f["coach_line"] = "the team's head coach, {}".format(f["coach"])
        caption = "Players of {a} High School celebrate at Koshien Stadium on {date_long}."
        summary = "{a} High School of {pref_a} won a {round} game at Koshien, {win}-{lose}."
    elif kind == "sumo":
        basho, city = BASHO[ctx.day.month]
        n = _sumo_day(ctx.day)
        losses = ctx.num(0, min(4, n - 1))
        f.update(basho=basho, city=city, n=n, wins=n - losses, losses=losses)
        f["a"], f["b"] = _shikona(ctx), _shikona(ctx)
        f["rank_a"], f["rank_b"] = ctx.fact(RANKS[:3]), ctx.fact(RANKS[1:])
        f["move"] = ctx.fact(("forced out", "pushed out", "threw", "slapped down", "thrust out"))
        f["day"] = ordinal(n)
        titles = [
            "Sumo: {a} stays in title race on day {n} of {basho} meet",
            "Sumo: {rank_a_cap} {a} improves to {wins}-{losses}",
        ]
        f["rank_a_cap"] = f["rank_a"].capitalize()
        core = [
            "{rank_a_cap} {a} {move} {rank_b} {b} to improve to {wins}-{losses} on the {day} day of the "
            "{basho} Grand Sumo Tournament in {city} on {weekday}.",
            "{a} kept his composure after a fast charge by his opponent and used his footwork to turn the bout "
            "in his favor.",
            '"I just focused on my own sumo and did not think about the standings," {a} told reporters in the '
            "dressing room.",
            "Several wrestlers are one win behind, setting up a tight race for the Emperor's Cup.",
        ]
        f["coach_line"] = "his stablemaster"
        f["athlete"] = f["athlete_family"] = f["a"]
        caption = "{a} (L) faces {b} on the {day} day of the {basho} Grand Sumo Tournament on {date_long}."
        summary = "{rank_a_cap} {a} improved to {wins}-{losses} on the {day} day of the {basho} tournament."
    elif kind == "soccer":
        (home, city), (away, _) = ctx.facts.sample(CLUBS, 2)
        hg, ag = ctx.num(0, 4), ctx.num(0, 3)
        f.update(home=home, away=away, hg=hg, ag=ag, city=city, minute=ordinal(ctx.num(8, 89)))
        f["result"] = "beat" if hg > ag else "lost to" if hg < ag else "drew with"
        f["score"] = f"{max(hg, ag)}-{min(hg, ag)}"
        titles = ["J.League: {home} {hg}-{ag} {away}", "Soccer: {home} {result} {away} {score}"]
        core = [
            "{home} {result} {away} {score} in the J.League first division on {weekday} in {city}.",
            "Forward {athlete} scored in the {minute} minute with a low shot from the edge of the box, and the "
            "home side controlled possession for long periods.",
            "{away} midfielder {athlete2} hit the post in the second half, the visitors' best chance.",
            '"We showed character today, and we will build on this," said {home} manager {coach}.',
        ]
        f["coach_line"] = "{} manager {}".format(f["home"], f["coach"])
        summary = "{home} {result} {away} {score} in the J.League."
    elif kind == "marathon":
        options = [m for m in MARATHONS if m[2] <= (ctx.day.month, ctx.day.day) <= m[3]] or [MARATHONS[2]]
        race, city, _start, _end, women = ctx.fact(options)
        names = FEMALE_NAMES if women else MALE_NAMES
        ctx.person(f, "athlete", low=19, high=34, names=names)
        ctx.person(f, "athlete2", low=19, high=34, names=names)
        f.update(
            race=race, city=city, h=2, m=ctx.num(5, 22) if not women else ctx.num(19, 30), s=ctx.num(0, 59)
        )
        f["runners"] = ctx.num(10, 38) * 1000
        f["who"] = "runner" if women else "runner"
        titles = [
            "{athlete} wins {race} in {h}:{m:02d}:{s:02d}",
            "Marathon: {athlete_family} claims {race} title",
        ]
        core = [
            "{athlete} won the {race} on {weekday} in {h} hours, {m} minutes and {s} seconds, pulling away "
            "from the lead group after the 30-kilometer mark.",
            "About {runners:,} runners took part in the race, which also serves as a selection event for "
            "Japan's national team.",
            '"I was nervous at the start, but the crowd along the course carried me," {athlete_family} said.',
            "{athlete2} finished second, about {gap} seconds behind, in a personal best.",
        ]
        f["gap"] = ctx.num(8, 90)
        f["coach_line"] = "the winner's coach, {}".format(f["coach"])
        caption = "{athlete} crosses the finish line to win the {race} in {city} on {date_long}."
        summary = "{athlete} won the {race} in {h}:{m:02d}:{s:02d}."
    elif kind == "skating":
        event = "NHK Trophy" if ctx.day.month == 11 else "Japan Figure Skating Championships"
        f.update(event=event, city=ctx.fact(("Tokyo", "Osaka", "Sapporo", "Nagoya", "Kadoma")))
        f["score"], f["lead"] = ctx.dec(85.0, 110.0, 2), ctx.dec(0.5, 9.0, 2)
        titles = [
            "{athlete} leads after short program at {event}",
            "Figure skating: {athlete_family} tops short program",
        ]
        core = [
            "{athlete} scored {score} points to lead after the short program at the {event} in {city} on "
            "{weekday}, landing all of the jumps cleanly.",
            "{athlete2} was second, {lead} points behind, after stepping out of a landing on a triple Axel.",
            '"I could skate with confidence because I trusted my practice," {athlete_family} said.',
            "The free skate will be held the following day.",
        ]
        f["coach_line"] = "the skater's coach, {}".format(f["coach"])
        caption = "{athlete} performs in the short program at the {event} in {city} on {date_long}."
        summary = "{athlete} leads with {score} points after the short program at the {event}."
    else:
        f.update(
            nation=ctx.fact(NATIONS), city=ctx.fact(("Tokyo", "Saitama", "Osaka", "Toyota", "Kobe", "Sendai"))
        )
        jg, og = ctx.num(0, 4), ctx.num(0, 2)
        f.update(jg=jg, og=og, minute=ordinal(ctx.num(10, 88)))
        f["result"] = "beat" if jg > og else "lost to" if jg < og else "drew with"
        f["score"] = f"{max(jg, og)}-{min(jg, og)}"
        titles = [
            "Soccer: Japan {result} {nation} {score} in friendly",
            "Japan {result} {nation} in international friendly",
        ]
        core = [
            "Japan {result} {nation} {score} in an international friendly soccer match in {city} on {weekday}.",
            "{athlete}, who plays for a club in Europe, opened the scoring in the {minute} minute with a "
            "header from a corner.",
            "The national team coach used the match to test several young players ahead of qualifiers later "
            "this year.",
            '"We are still building, and every game teaches us something," the head coach said.',
        ]
        f["coach_line"] = "one of the team's coaches"
        summary = "Japan {result} {nation} {score} in a friendly in {city}."
    f.setdefault("city", "Tokyo")
    return finish(
        ctx,
        f,
        topic="sports",
        kind=kind,
        titles=titles,
        summary=summary,
        core=core,
        extra=extra,
        caption=caption,
    )
