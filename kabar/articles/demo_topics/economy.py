"""Demo topic: the yen, markets and the economy."""

from __future__ import annotations

from kabar.articles.demo_topics.words import Ctx, Story, always, any_of, between, finish, ordinal, signed


def _days(low: int, high: int):
    return lambda day: low <= day.day <= high


KINDS = (
    ("yen", always, 3),
    ("stocks", always, 3),
    (
        "boj",
        any_of(lambda d: d.month in (1, 3, 6, 7, 9, 10, 12) and d.day >= 14, between((4, 25), (5, 2))),
        6,
    ),
    ("cpi", _days(17, 24), 3),
    (
        "gdp",
        any_of(
            between((2, 12), (2, 20)),
            between((5, 14), (5, 20)),
            between((8, 12), (8, 18)),
            between((11, 13), (11, 18)),
        ),
        5,
    ),
    ("wages", between((3, 10), (3, 25)), 6),
    ("tourism", _days(14, 22), 2),
    ("rice", always, 1),
)
BACKGROUND = (
    "The yen's weakness has pushed up the cost of imported energy and food, squeezing household budgets.",
    "Exporters such as automakers benefit from a weaker yen, which inflates the value of profits earned "
    "overseas.",
    "Real wages, adjusted for inflation, have struggled to keep pace with rising prices for much of the past "
    "two years.",
    "{analyst}, chief economist at a Tokyo-based research institute, said the outlook depended heavily on "
    'overseas demand and on how quickly wages rise. "Companies are more willing to pass higher costs on to '
    'consumers than they used to be," {analyst_family} said.',
    "The Bank of Japan kept interest rates at or below zero for years to fight deflation before it began "
    "to raise them.",
    "Market participants are watching for any sign of intervention by the Finance Ministry to support the "
    "currency.",
    "Small and midsize companies, which employ about 70 percent of the country's workers, have found it "
    "harder to raise pay than large firms.",
    "The government has subsidised electricity and gas bills at times to ease the burden of higher prices.",
    "Tourism has become a key source of growth, with foreign visitors spending heavily on lodging, food and "
    "shopping.",
    "{shopper}, {shopper_age}, {shopper_job} shopping at a supermarket in {pref_city}, said "
    "{shopper_family} now checks prices more carefully and buys fewer fresh vegetables.",
    "Economists polled by a private research firm had expected a smaller move.",
    "Japan's population is shrinking and ageing, which weighs on domestic demand over the long term.",
    "Interest rate differences between Japan and the United States remain a major driver of currency moves.",
    "Some retailers in {pref} said they had trimmed prices on private-label goods to keep customers coming "
    "back.",
    "The Cabinet Office is scheduled to release its next monthly economic report later this month.",
    "{analyst2}, a senior economist at a major bank, said further rate increases by the central bank would "
    "likely be gradual.",
    "Corporate earnings have been at record highs, but many firms remain cautious about investing at home.",
    "Household spending has been weak as consumers economize on everyday items.",
    "Japan's trade balance is sensitive to the cost of imported fuel, which is priced in dollars.",
    "The Finance Ministry has stepped into the currency market in the past to stem sharp falls in the yen.",
    "Some economists warned that a sudden shift in global markets could quickly reverse the trend.",
    "{trader}, a fund manager in Tokyo, said investors would be watching U.S. economic data due later in the "
    "week.",
    "Department stores reported that sales of luxury goods to foreign tourists remained strong.",
    "Labor shortages have pushed companies in the service sector to raise hourly pay for part-time staff.",
    "Japanese companies hold large amounts of cash, and shareholders have urged them to spend more on wages and investment.",
    "Prices of imported goods such as wheat and cooking oil are especially sensitive to the exchange rate.",
    "Strategists at a major brokerage said they expected the market to trade in a wide range in the coming weeks.",
    "Consumer sentiment improved slightly last month, according to a separate government survey.",
    '"The question is whether wage gains will spread to smaller companies and to the regions," said '
    "{analyst3}, a researcher at a private think tank.",
)


def write(ctx: Ctx) -> Story:
    f = ctx.base()
    ctx.person(f, "analyst", low=38, high=64)
    ctx.person(f, "shopper", low=24, high=78)
    for role in ("dealer", "trader", "analyst2", "analyst3", "economist"):
        ctx.person(f, role, low=30, high=62)
    ctx.place(f)
    kind = ctx.kind(KINDS)
    city = "Tokyo"
    caption = "Shoppers at a supermarket in {pref_city}, {pref_p}, on {date_long}."
    if kind == "yen":
        caption = "A board at a foreign exchange brokerage in Tokyo shows the yen's rate against the dollar on {date_long}."
        f["rate"], f["move"] = ctx.dec(138.0, 161.5, 2), ctx.dec(0.4, 2.6, 2)
        weak = ctx.chance(0.55)
        f["dir"], f["verb"] = ("weakens", "weakened") if weak else ("strengthens", "strengthened")
        f["cause"] = ctx.fact(
            (
                "strong U.S. jobs data",
                "comments by a Bank of Japan board member",
                "a rise in U.S. Treasury yields",
                "expectations of slower rate cuts in the United States",
                "weak Japanese household spending figures",
            )
        )
        titles = ["Yen {dir} to {rate} per dollar after {cause}", "Yen {dir} against dollar on {cause}"]
        core = [
            "The yen {verb} to the upper {band} range against the U.S. dollar in Tokyo on {weekday}, moving "
            "about {move} yen from the previous day, as traders reacted to {cause}.",
            "At 5 p.m., the dollar fetched {rate} yen, compared with {prev} yen in New York late the previous "
            "day. The euro traded at {euro} yen.",
            '"The market is very sensitive to any hint about the pace of interest rate changes," said '
            "{dealer}, a currency dealer at a bank in Tokyo.",
            "The Nikkei Stock Average ended {stock_move}, with exporters moving in line with the currency.",
        ]
        f["band"] = int(f["rate"])
        f["prev"] = round(f["rate"] + (-f["move"] if weak else f["move"]), 2)
        f["euro"] = round(f["rate"] * ctx.dec(1.05, 1.12, 3), 2)
        f["stock_move"] = "higher" if weak else "lower"
        summary = "The yen {verb} to {rate} per dollar on {weekday} as traders reacted to {cause}."
    elif kind == "stocks":
        caption = "An electronic board displays the Nikkei Stock Average in Tokyo on {date_long}."
        f["level"], f["pts"] = ctx.num(31200, 42900), ctx.dec(40, 1250, 2)
        up = ctx.chance(0.52)
        f["dir"], f["verb"] = ("higher", "rose") if up else ("lower", "fell")
        f["pct"] = round(f["pts"] / f["level"] * 100, 2)
        f["topix"] = ctx.num(2250, 3050)
        f["sector"] = ctx.fact(("chip-related", "bank", "automaker", "trading house", "real estate"))
        titles = [
            "Nikkei ends {dir} as {sector} shares move",
            "Tokyo stocks close {dir}; Nikkei at {level:,}",
        ]
        core = [
            "The Nikkei Stock Average {verb} {pts} points, or {pct} percent, on {weekday} to close at {level:,}, "
            "led by {sector} shares.",
            "The broader TOPIX index ended at {topix:,}. Trading on the Tokyo Stock Exchange's prime market "
            "was {volume}.",
            '"Investors are taking positions ahead of central bank decisions at home and abroad," said '
            "{dealer}, a strategist at a securities firm in Tokyo.",
            "Gainers outnumbered losers on the prime market"
            + (" by a wide margin." if up else " only slightly."),
        ]
        f["volume"] = ctx.fact(("brisk", "moderate", "thin"))
        summary = "Tokyo stocks closed {dir} on {weekday}, with the Nikkei at {level:,}."
    elif kind == "boj":
        f["rate"] = ctx.fact(("0.25", "0.5", "0.75"))
        f["votes"] = ctx.fact(("8-1", "7-2", "unanimously"))
        ctx.person(f, "governor", low=60, high=72)
        hold = ctx.chance(0.7)
        f["decision"] = "keeps interest rate at" if hold else "raises interest rate to"
        f["did"] = (
            "kept its short-term policy rate unchanged at" if hold else "raised its short-term policy rate to"
        )
        titles = ["BOJ {decision} {rate}%", "Bank of Japan {decision} {rate}% as it watches wages"]
        core = [
            "The Bank of Japan on {weekday} {did} {rate} percent at the end of a two-day policy meeting, a "
            "decision taken {votes}.",
            "The central bank said the economy was recovering moderately, though some weakness remained, and "
            "that it would keep adjusting the degree of monetary easing if its outlook were realized.",
            "At a news conference, Governor {governor} said the bank would look closely at wage trends and at "
            "the impact of overseas economies before deciding its next step.",
            "The yen moved in a narrow range after the announcement, and Japanese government bond yields "
            "edged {bond_dir}.",
        ]
        f["bond_dir"] = ctx.fact(("up", "down"))
        caption = "Bank of Japan Governor {governor} holds a news conference in Tokyo on {date_long}."
        summary = "The Bank of Japan {did} {rate} percent on {weekday}."
    elif kind == "cpi":
        f["core"], f["fresh"] = ctx.dec(1.8, 3.9), ctx.dec(1.2, 3.4)
        f["food"], f["energy"] = ctx.dec(4.0, 8.5), signed(ctx.dec(-4.0, 9.0), " percent")
        f["streak"] = ordinal(ctx.num(25, 48))
        titles = [
            "Japan's core consumer prices rise {core}% in {prev_month}",
            "Core inflation at {core}% in {prev_month} as food costs climb",
        ]
        core = [
            "Japan's core consumer price index, which excludes volatile fresh food, rose {core} percent in "
            "{prev_month} from a year earlier, the internal affairs ministry said on {weekday}.",
            "It was the {streak} straight month of increase. Food prices excluding fresh food climbed "
            "{food} percent, while energy prices were {energy}.",
            "The so-called core-core index, which also strips out energy, rose {fresh} percent.",
            "The figures are closely watched by the Bank of Japan, which aims for stable inflation of 2 "
            "percent accompanied by wage growth.",
        ]
        summary = (
            "Core consumer prices rose {core} percent in {prev_month}. Food costs were again the main driver."
        )
    elif kind == "gdp":
        f["annual"] = ctx.dec(-2.9, 3.6)
        f["qoq"] = signed(round(f["annual"] / 4, 1), " percent")
        ctx.person(f, "minister", low=50, high=74)
        f["grow"] = "grows" if f["annual"] >= 0 else "shrinks"
        f["abs"] = abs(f["annual"])
        cons = ctx.dec(-0.6, 0.9)
        f["cons"] = signed(cons, " percent")
        titles = [
            "Japan's economy {grow} annualized {abs}% in quarter",
            "Japan GDP {grow} {abs}% as consumption {cons_word}",
        ]
        f["cons_word"] = "picks up" if cons >= 0 else "slips"
        core = [
            "Japan's economy {grew} an annualized real {abs} percent in the latest quarter, the Cabinet Office "
            "said in a preliminary report on {weekday}.",
            "On a quarter-on-quarter basis, gross domestic product was {qoq}. Private consumption, "
            "which accounts for more than half of the economy, was {cons}.",
            "Exports were affected by slower demand in China, while capital spending by companies held up.",
            "Economy Minister {minister} said the government would watch the effects of higher prices on "
            "households.",
        ]
        f["grew"] = "grew" if f["annual"] >= 0 else "shrank"
        summary = "Japan's real GDP {grew} an annualized {abs} percent in the latest quarter."
    elif kind == "wages":
        f["raise"], f["small"] = ctx.dec(4.6, 5.8, 2), ctx.dec(3.6, 4.9, 2)
        f["unions"] = ctx.num(700, 1400)
        titles = [
            "Big firms offer average {raise}% pay raise in spring wage talks",
            "Spring wage talks yield {raise}% raise",
        ]
        core = [
            "Major Japanese companies have offered pay raises averaging {raise} percent in this year's annual "
            "spring wage negotiations, the country's largest labor organization said on {weekday}.",
            "The figure, based on responses from {unions} unions, includes regular pay increases based on "
            "seniority. Raises at smaller companies averaged {small} percent.",
            "Union leaders said the result was a step toward wages that outpace prices, but they warned that "
            "workers at small firms and in rural areas were falling behind.",
            "{economist}, an economist at a think tank in Tokyo, said the outcome would support the case for "
            "further rate hikes by the Bank of Japan.",
        ]
        summary = "Major companies offered average pay raises of {raise} percent in the spring wage talks."
    elif kind == "tourism":
        f["visitors"], f["spend"] = ctx.dec(2.6, 4.1, 2), ctx.dec(1.6, 2.5, 2)
        f["top"] = ctx.fact(("South Korea", "China", "Taiwan", "the United States", "Hong Kong"))
        titles = [
            "Foreign visitors to Japan hit {visitors} million in {prev_month}",
            "Inbound tourism stays strong with {visitors} million visitors",
        ]
        core = [
            "The number of foreign visitors to Japan reached an estimated {visitors} million in {prev_month}, "
            "the Japan National Tourism Organization said on {weekday}, a record for the month.",
            "Visitors from {top} made up the largest group, followed by travelers from other parts of Asia and "
            "from North America.",
            "Popular destinations such as Kyoto and {pref_city} have struggled with crowding, and several "
            "municipalities are considering new lodging taxes.",
            "Spending by foreign tourists is on course to exceed {spend} trillion yen this year, according to "
            "an estimate by the Japan Tourism Agency.",
        ]
        summary = "About {visitors} million foreign visitors came to Japan in {prev_month}, led by travelers from {top}."
    else:
        f["price"], f["pct"] = ctx.num(3400, 4600), ctx.num(40, 95)
        f["tons"] = ctx.num(50, 300) * 1000
        titles = [
            "Average rice price at supermarkets at {price:,} yen per 5 kg",
            "Rice prices stay high despite stockpile release",
        ]
        core = [
            "The average price of a 5-kilogram bag of rice at supermarkets across Japan was {price:,} yen in "
            "the week through last Sunday, the agriculture ministry said on {weekday}.",
            "The price is about {pct} percent higher than a year earlier, after a poor harvest and strong "
            "demand from restaurants and tourists.",
            "The government has released about {tons:,} tons from its emergency stockpile in an effort to bring "
            "prices down, but officials said it would take time for the effect to reach shops.",
            '"We used to buy rice without thinking about it," said {shopper}, {shopper_age}, in {pref_city}. '
            '"Now we compare prices at three stores."',
        ]
        summary = "A 5 kg bag of rice cost an average of {price:,} yen at supermarkets, about {pct} percent more than a year ago."
    f.setdefault("city", city)
    return finish(
        ctx,
        f,
        topic="economy",
        kind=kind,
        titles=titles,
        summary=summary,
        core=core,
        extra=BACKGROUND,
        caption=caption,
    )
