"""Demo topic: technology. Companies named here are invented; agencies and places are real."""

from __future__ import annotations

from kabar.articles.demo_topics.words import Ctx, Story, always, finish

KINDS = (
    ("chips", always, 2),
    ("rocket", always, 1),
    ("ai", always, 2),
    ("robot", always, 1),
    ("cyber", always, 1),
    ("driverless", always, 1),
    ("cashless", always, 1),
    ("gadget", always, 1),
)
COMPANIES = (
    "Minato Robotics",
    "Kaede Systems",
    "Hoshizora Labs",
    "Aozora Mobility",
    "Tsubame Devices",
    "Nagi Data",
    "Kumo Works",
    "Sakura Circuit Design",
)
CHIP_SITES = (
    ("Chitose", "Hokkaido"),
    ("Kikuyo", "Kumamoto"),
    ("Hiroshima", "Hiroshima"),
    ("Yokkaichi", "Mie"),
    ("Kitakami", "Iwate"),
)
PAYLOADS = (
    "a navigation satellite",
    "an Earth observation satellite",
    "a weather satellite",
    "a data relay satellite",
    "a cargo spacecraft bound for the International Space Station",
)
GENERAL = (
    "The government sees digital technology as a way to cope with labor shortages caused by the aging and "
    "shrinking population.",
    "{expert}, a professor of information science at a university in {pref_city}, said Japan had strengths "
    'in materials and manufacturing equipment. "The challenge is to turn research into products quickly, '
    'before other countries do," {expert_family} said.',
    "Industry groups have called for more engineers, and universities are expanding courses in data science.",
    "Startups in Japan have found it easier to raise money in recent years, although funding remains small "
    "compared with the United States.",
    "Privacy advocates have urged the government to set clear rules on how personal data is collected and "
    "used.",
    "The Ministry of Economy, Trade and Industry has offered subsidies to encourage companies to invest in "
    "new technology.",
    "Many small businesses still rely on paper documents and fax machines, and digitalization has been slow "
    "in some sectors.",
    "The Digital Agency, launched in 2021, is in charge of modernizing government IT systems.",
    "Surveys show that older people are increasingly comfortable with smartphones, although many still ask "
    "family members for help with new services.",
)
COMPANY = (
    "{company} plans to hire {hires} engineers over the next three years, including from overseas.",
    "The company was founded by former engineers of a major electronics maker and has about {staff} "
    "employees.",
    "The technology was shown at an exhibition in Chiba near Tokyo, where it drew long lines of visitors.",
    "Consumers surveyed by a research company said price and ease of use mattered more to them than "
    "advanced features.",
    "The company said it would also consider selling the product in Southeast Asia.",
)
SPACE = (
    "The H3 succeeds the H-2A, which served as Japan's main rocket for more than two decades.",
    "The Tanegashima Space Center, on an island south of Kyushu, is often described as one of the most "
    "beautiful launch sites in the world.",
    "Launches are sometimes postponed because of bad weather, including strong winds high in the atmosphere.",
    "Private startups in Japan are also developing small rockets, with launch sites planned in Hokkaido and "
    "Wakayama Prefecture.",
    "Satellites launched by Japan are used for weather forecasting, disaster monitoring and navigation.",
    "{expert}, a professor of aerospace engineering, said reliable launches were key to winning contracts "
    "from overseas satellite operators.",
    "Local hotels on the island were fully booked by space fans who traveled to watch the launch.",
)
CHIPS = (
    "Japan has set a goal of raising domestic sales of chips and related products to more than 15 trillion "
    "yen by 2030.",
    "Analysts said demand from data centers had been a major driver of investment in the sector.",
    "Some experts warned that relying on a small number of overseas suppliers posed risks for economic "
    "security.",
    "Electricity demand is expected to rise as more data centers and chip plants are built, raising "
    "questions about power supply.",
    "Local governments in {pref_p} hope the plant will create jobs and keep young people in the region.",
    "Housing rents near the site have risen as workers move in, local real estate agents said.",
)

POOLS = {"chips": CHIPS + GENERAL, "robot": COMPANY + GENERAL, "gadget": COMPANY + GENERAL, "rocket": SPACE}


def write(ctx: Ctx) -> Story:
    f = ctx.base()
    ctx.place(f)
    f["city"] = "Tokyo"
    ctx.person(f, "expert", low=38, high=70)
    ctx.person(f, "boss", low=32, high=68)
    ctx.person(f, "user", low=20, high=85)
    f["company"], f["hires"], f["staff"] = ctx.fact(COMPANIES), ctx.num(5, 50) * 10, ctx.num(3, 40) * 10
    kind = ctx.kind(KINDS)
    caption = "A demonstration at the offices of {company} in Tokyo on {date_long}."
    if kind == "chips":
        city, pref = ctx.fact(CHIP_SITES)
        f.update(site=city, city=city, pref=pref, billion=ctx.num(10, 90) * 10, jobs=ctx.num(8, 30) * 100)
        f["year_run"] = ctx.day.year + ctx.num(1, 3)
        titles = [
            "Government to give extra {billion} billion yen to chip plant in {pref}",
            "Chip plant in {site} to get more state aid",
        ]
        core = [
            "The government will provide up to {billion} billion yen in additional subsidies for a "
            "semiconductor plant under construction in {site}, {pref_p}, the industry ministry said on "
            "{weekday}.",
            "The plant is expected to start mass production in {year_run} and to employ about {jobs:,} people.",
            "Officials said a stable supply of advanced chips was essential for industries from cars to "
            "artificial intelligence, and for economic security.",
            "Critics in the Diet have questioned whether the large sums of public money will pay off.",
        ]
        caption = "The construction site of a semiconductor plant in {site}, {pref_p}, on {date_long}."
        summary = "A chip plant in {site} will receive up to {billion} billion yen more in state support."
    elif kind == "rocket":
        f.update(payload=ctx.fact(PAYLOADS), n=ctx.num(3, 9), minutes=ctx.num(16, 30), city="Kagoshima")
        titles = [
            "JAXA launches H3 rocket carrying {payload}",
            "H3 rocket No. {n} lifts off from Tanegashima",
        ]
        core = [
            "The Japan Aerospace Exploration Agency launched its H3 rocket No. {n} from the Tanegashima Space "
            "Center in Kagoshima Prefecture on {weekday}, carrying {payload}.",
            "The payload separated from the rocket as planned about {minutes} minutes after liftoff, the agency "
            "said.",
            "The H3 is Japan's new flagship rocket, designed to lower launch costs and to win more orders from "
            "overseas customers.",
            "Spectators gathered at viewing spots on the island to watch the launch.",
        ]
        caption = "An H3 rocket lifts off from the Tanegashima Space Center on {date_long}."
        summary = "JAXA's H3 rocket No. {n} successfully put {payload} into orbit."
    elif kind == "ai":
        f["use"] = ctx.fact(
            (
                "drafting replies to residents' inquiries",
                "summarizing minutes of assembly meetings",
                "translating disaster information into foreign languages",
                "helping teachers prepare lessons",
                "checking documents for errors",
            )
        )
        f["pct"] = ctx.num(30, 80)
        caption = (
            "A city employee tries a generative AI tool at a municipal office in {pref_city} on {date_long}."
        )
        titles = [
            "More local governments turn to generative AI",
            "Survey: {pct}% of municipalities use AI tools",
        ]
        core = [
            "About {pct} percent of Japan's local governments have started using generative artificial "
            "intelligence, a government survey released on {weekday} showed, with many using it for tasks such as {use}.",
            "Officials in {pref_city} said the tools had cut the time spent on routine paperwork, leaving staff "
            "more time to deal with residents directly.",
            "The survey also found that many municipalities lacked staff with the skills to check the accuracy "
            "of AI-generated text.",
            "The government plans to issue guidelines on the safe use of the technology in public services.",
        ]
        summary = (
            "About {pct} percent of municipalities now use generative AI, often for tasks such as {use}."
        )
    elif kind == "robot":
        f["robot"] = ctx.fact(("delivery robots", "security robots", "cleaning robots", "guide robots"))
        ctx.place(f, "town")
        f["city"] = f["town_city"]
        titles = [
            "{company} begins trial of {robot} in {city}",
            "{robot_cap} start work on streets of {city}",
        ]
        f["robot_cap"] = f["robot"].capitalize()
        core = [
            "{company} began a trial of {robot} in {city} on {weekday}, the latest in a series of tests as "
            "Japan looks for ways to cope with labor shortages.",
            "The robots move at walking speed and are monitored remotely by staff, who can take control if "
            "needed.",
            "A law revised in 2023 allows such robots to operate on public roads if they meet safety standards.",
            '"People stop and take photos now, but we hope they will become part of everyday life," said '
            "{boss}, the company's president.",
        ]
        caption = "A robot developed by {company} on a street in {city} on {date_long}."
        summary = "{company} is testing {robot} in {city}."
    elif kind == "cyber":
        f["victim"] = ctx.fact(
            ("a hospital", "a logistics company", "a port terminal operator", "a city office")
        )
        f["days"], f["city"] = ctx.num(2, 14), f["pref_city"]
        caption = "A notice about a system outage is posted at an entrance in {pref_city} on {date_long}."
        titles = [
            "Cyberattack disrupts systems at {victim} in {pref_city}",
            "Ransomware hits {victim} in {pref}",
        ]
        core = [
            "A cyberattack has disrupted computer systems at {victim} in {pref_city}, {pref_p}, for {days} "
            "days, police said on {weekday}, in what appears to be a ransomware attack.",
            "Staff switched to paper records and telephone calls while the systems were restored, and some "
            "services were delayed.",
            "The organization said it had not paid any ransom and was investigating whether personal "
            "information had been stolen.",
            "The National Police Agency has warned of a rise in ransomware attacks on small and midsize "
            "organizations with limited security budgets.",
        ]
        summary = "A ransomware attack has disrupted {victim} in {pref_city} for {days} days."
    elif kind == "driverless":
        ctx.place(f, "town")
        f["city"] = f["town_city"]
        f["km"], f["seats"] = ctx.dec(1.2, 9.5), ctx.num(6, 20)
        titles = [
            "Driverless bus service starts in {city}",
            "Level 4 self-driving bus begins carrying passengers in {city}",
        ]
        core = [
            "A self-driving bus began carrying passengers without a driver on board in {city} on {weekday}, "
            "one of a growing number of such services in Japan.",
            "The {seats}-seat bus runs on a {km}-kilometer route between the station and a hospital, with an "
            "operator monitoring it from a control center.",
            "Rural areas have lost bus routes because of a shortage of drivers, and the government aims to "
            "expand driverless services to more than 100 locations.",
            '"I no longer drive, so the bus is my way to get to the hospital," said {user}, {user_age}.',
        ]
        caption = "A self-driving bus in {city} on {date_long}."
        summary = "A driverless bus service with no one at the wheel began in {city}."
    elif kind == "cashless":
        f["pct"] = ctx.dec(40.0, 48.0)
        f["prev"] = round(f["pct"] - ctx.dec(1.5, 4.0), 1)
        caption = "A customer pays with a smartphone at a shop in Tokyo on {date_long}."
        titles = [
            "Cashless payments reach {pct}% of spending in Japan",
            "Japan's cashless ratio rises to {pct}%",
        ]
        core = [
            "Cashless payments accounted for {pct} percent of consumer spending in Japan last year, up from "
            "{prev} percent a year earlier, the industry ministry said on {weekday}.",
            "Credit cards made up the largest share, followed by code payments using smartphones and "
            "electronic money.",
            "The government aims to raise the ratio further, saying cashless payments can cut costs for shops "
            "and help foreign tourists.",
            "Some older people and small shops in rural areas still prefer cash, citing fees and security "
            "concerns.",
        ]
        summary = "The share of cashless payments in Japan rose to {pct} percent."
    else:
        f["gadget"] = ctx.fact(
            (
                "a pocket translation device",
                "a smart rice cooker that learns users' tastes",
                "a folding electric scooter",
                "a wearable neck fan with a cooling plate",
                "a pillow that tracks sleep",
            )
        )
        f["price"] = ctx.num(8, 60) * 1000
        titles = ["{company} unveils {gadget}", "New gadget: {company} launches {gadget} at {price:,} yen"]
        core = [
            "{company}, a Tokyo-based startup, unveiled {gadget} on {weekday}, priced at {price:,} yen.",
            "The company said the product had been developed over two years with feedback from about 1,000 "
            "test users.",
            "It will go on sale online next month and in electronics stores later in the year.",
            '"We want to make something people will use every day, not just something that looks clever," '
            "{boss}, the company's founder, said.",
        ]
        summary = "{company} launched {gadget} for {price:,} yen."
    return finish(
        ctx,
        f,
        topic="technology",
        kind=kind,
        titles=titles,
        summary=summary,
        core=core,
        extra=POOLS.get(kind, GENERAL),
        caption=caption,
    )
