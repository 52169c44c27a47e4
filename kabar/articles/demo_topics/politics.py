"""Demo topic: Diet politics."""

from __future__ import annotations

from kabar.articles.demo_topics.words import (
    FOREIGN_COUNTRIES,
    Ctx,
    Story,
    always,
    any_of,
    between,
    finish,
    in_months,
)

KINDS = (
    ("bill", in_months(1, 2, 3, 4, 5, 6, 10, 11, 12), 3),
    ("budget", between((2, 15), (3, 31)), 4),
    ("session", any_of(between((1, 15), (1, 31)), between((10, 1), (11, 15))), 4),
    ("poll", always, 2),
    ("no_confidence", between((6, 10), (6, 25)), 4),
    ("leadership", in_months(9), 4),
    ("diplomacy", always, 2),
    ("debate", any_of(between((1, 20), (3, 31)), in_months(10, 11, 12)), 2),
)
BILLS = (
    "expand support for families raising children",
    "tighten rules on political donations",
    "strengthen cyber defences at power plants and other key infrastructure",
    "promote the research and use of artificial intelligence",
    "allow driverless buses on more local roads",
    "create a new residence status for skilled foreign workers",
    "extend pension coverage to more part-time workers",
    "curb overtourism at popular destinations",
    "protect freelance workers from unfair contracts",
    "secure stable supplies of rice and other staple foods",
    "speed up reconstruction in disaster-hit areas",
    "raise penalties for online investment fraud",
    "expand tuition-free high school education",
    "promote offshore wind power in the exclusive economic zone",
)
ISSUES = (
    "rising rice prices",
    "political funds scandals",
    "the response to the falling birthrate",
    "the cost of living",
    "defense spending",
    "disaster preparedness",
    "wage growth in rural areas",
    "the shortage of care workers",
)
MINISTERS = (
    "Finance Minister",
    "Foreign Minister",
    "Health Minister",
    "Economy Minister",
    "Education Minister",
    "Digital Minister",
    "Agriculture Minister",
    "Land and Transport Minister",
)
# Background that fits any political story. A pool item that names a person by family name only
# also introduces that person, so the pair always appears together.
GENERAL = (
    "Political analysts say the debate is likely to shape the agenda ahead of the next national election.",
    "{expert}, a professor of political science at a university in {pref_city}, said voters were paying "
    'close attention to how the government handles household budgets. "People want to see concrete results '
    'rather than slogans," {expert_family} said.',
    "The Diet, Japan's parliament, consists of the House of Representatives and the House of Councillors.",
    '{voter}, {voter_age}, {voter_job} from {pref_city}, said, "I hope the politicians remember that prices '
    'are still rising for ordinary people."',
    "Opinion polls have shown that rising living costs remain the top concern for voters of all ages.",
    "At a regular news conference, Chief Cabinet Secretary {spokes} said the government would explain its "
    "position carefully to the public.",
    "The opposition camp remains divided over security and energy policy, which has limited its ability to "
    "act together.",
    "Local assembly members in {pref} said they would watch closely how the national debate plays out in "
    "their communities.",
    "Turnout among voters in their 20s has lagged far behind that of older generations in recent elections, "
    "and parties have stepped up their campaigns on social media.",
    "The government plans to compile a package of economic measures later this year, and ruling party "
    "policy chiefs have begun hearing requests from industry groups.",
    "Japan's public debt is the largest among major economies relative to the size of its economy, a point "
    "often raised by fiscal hawks.",
    "The Cabinet's approval rating has fluctuated in recent months, which some lawmakers said made them "
    "wary of pushing unpopular measures.",
    '"We need a debate that looks ten or twenty years ahead, not just to the next election," said '
    "{commentator}, a political commentator.",
)
# Background for stories about bills, budgets and Diet debates.
POLICY = (
    "The ruling bloc has relied on the support of smaller opposition parties to pass key legislation "
    "during the current session.",
    "Opposition parties have called for a more detailed explanation of how the measures will be funded.",
    "The government has set up a panel of experts to examine the details and is expected to receive its "
    "report later this year.",
    "Lawmakers from several parties said the issue had come up repeatedly in meetings with voters in their "
    "constituencies.",
    "Some members of the ruling party have privately voiced concern that the plan could prove costly.",
    "A bill generally becomes law once it passes both chambers, although the lower house can override the "
    "upper house with a two-thirds majority.",
    "Officials at the Cabinet Office said the details would be discussed with local governments before the "
    "measures take effect.",
    "Business groups welcomed the direction but urged the government to reduce paperwork for small firms.",
    "Citizens' groups gathered outside the Diet building in Tokyo's Nagatacho district to make their views "
    "known.",
    "The government aims to settle the details by the end of the fiscal year in March.",
    "Several ministries are involved, and officials said coordination among them would be key.",
    "The ruling party's policy council discussed the issue at a meeting that lasted more than two hours, "
    "according to participants.",
    "Television stations carried the debate live, and the exchanges drew wide attention online.",
    "The issue is also being discussed in local assemblies, several of which have adopted written opinions "
    "addressed to the central government.",
    "Experts note that similar measures in other countries took several years to show results.",
    "Civic groups said they would hold a symposium in Tokyo next month to discuss the plan.",
    "Government sources said the prime minister was keen to show progress before the end of the session.",
)
POLL = (
    "A support rate below 30 percent is often described by political commentators as a danger zone for a "
    "government.",
    "Support for the Cabinet was lower among respondents in their 20s and 30s than among those aged 60 or "
    "older.",
    "Respondents were also asked about {issue}, and opinions were split roughly evenly.",
    "Asked which issue the government should prioritize, the largest share chose economic measures, "
    "followed by social security and child-rearing support.",
    "Other media organizations have reported similar trends in their own surveys this month.",
)
DIPLOMACY = (
    "Japan has been expanding its network of security and economic partnerships in the region.",
    "Business leaders from both countries attended a reception in Tokyo ahead of the talks.",
    "The two sides also agreed to expand student exchanges and working holiday programs.",
    "Officials said a joint statement would be released after working-level talks are completed.",
    "The number of tourists traveling between the two countries has risen sharply in recent years.",
)
POOLS = {"poll": POLL + GENERAL, "diplomacy": DIPLOMACY + GENERAL[:6]}
POOLS.update(leadership=GENERAL, no_confidence=GENERAL)


def write(ctx: Ctx) -> Story:
    f = ctx.base()
    for role, low, high in (("minister", 48, 76), ("spokes", 50, 72), ("opposition", 42, 74)):
        ctx.person(f, role, low=low, high=high)
    ctx.person(f, "expert", low=40, high=70)
    ctx.person(f, "voter", low=19, high=82)
    ctx.person(f, "commentator", low=45, high=75)
    ctx.place(f)
    f["minister_title"] = ctx.fact(MINISTERS)
    f["issue"] = ctx.fact(ISSUES)
    kind = ctx.kind(KINDS)
    caption = ctx.pick(
        (
            "Lawmakers attend a plenary session of the House of Councillors in Tokyo on {date_long}.",
            "{minister_title} {minister} speaks at a news conference in Tokyo on {date_long}.",
            "The Diet building in Tokyo's Nagatacho district.",
        )
    )
    if kind == "bill":
        f["bill"] = ctx.fact(BILLS)
        f["n_parties"] = ctx.fact(("two", "three", "some"))
        f["months"], f["cost"] = ctx.num(3, 12), ctx.num(12, 480)
        f["criticism"] = ctx.fact(
            (
                "lacked safeguards against abuse",
                "left too many details to ministerial ordinances",
                "did not go far enough",
                "would place a heavy burden on local governments",
            )
        )
        stage = ctx.pick(("enacted", "lower", "committee"))
        titles = {
            "enacted": [
                "Diet enacts law to {bill}",
                "Japan enacts law to {bill}",
                "Law to {bill} clears Diet",
            ],
            "lower": ["Lower house passes bill to {bill}", "Bill to {bill} clears lower house"],
            "committee": ["Diet committee approves bill to {bill}", "Bill to {bill} clears key committee"],
        }[stage]
        lead = {
            "enacted": "The Diet on {weekday} enacted a law to {bill}, with the ruling bloc and {n_parties} "
            "opposition parties voting in favor at a plenary session of the House of Councillors.",
            "lower": "The House of Representatives on {weekday} passed a bill to {bill}, sending it to the "
            "House of Councillors, where it is expected to be enacted later in the session.",
            "committee": "A House of Representatives committee on {weekday} approved a government-sponsored "
            "bill to {bill}, paving the way for a vote at a plenary session as early as next week.",
        }[stage]
        core = [
            lead,
            "Under the legislation, the government will draw up a basic plan within {months} months and "
            "review the measures every three years. Related spending is estimated at about {cost} billion "
            "yen in the first year.",
            "The largest opposition party voted against the bill, arguing that it {criticism}. {opposition}, "
            "a senior lawmaker of the party, told reporters the debate had been rushed.",
            '"We will make sure the new system reaches the people who need it, and we will keep reviewing '
            'how it works in practice," {minister_title} {minister} said after the vote.',
        ]
        summary = "The bill to {bill} moved forward in the Diet on {weekday}. Opposition lawmakers said it {criticism}."
    elif kind == "budget":
        f["fy"] = ctx.day.year
        f["amount"], f["social"] = ctx.dec(112.0, 118.9), ctx.dec(37.5, 39.9)
        f["defense"], f["debt"] = ctx.dec(8.3, 9.6), ctx.dec(28.0, 31.5)
        f["bond_pct"] = ctx.num(22, 27)
        early = (ctx.day.month, ctx.day.day) < (3, 10)
        if early:
            titles = [
                "Lower house approves {amount} trillion yen budget for fiscal {fy}",
                "Record budget for fiscal {fy} clears lower house",
            ]
            lead = (
                "The House of Representatives on {weekday} approved the government's {amount} trillion yen "
                "budget for fiscal {fy}, all but ensuring its enactment before the fiscal year begins in April."
            )
        else:
            titles = [
                "Diet enacts {amount} trillion yen budget for fiscal {fy}",
                "Japan's budget for fiscal {fy} enacted at {amount} trillion yen",
            ]
            lead = (
                "The Diet on {weekday} enacted the {amount} trillion yen budget for fiscal {fy}, as the House "
                "of Councillors approved the spending plan after weeks of debate."
            )
        core = [
            lead,
            "Social security, the largest single item, accounts for {social} trillion yen as the population "
            "ages, while defense spending rises to {defense} trillion yen.",
            "Debt-servicing costs are set to reach {debt} trillion yen as interest rates climb, and new "
            "government bonds will cover about {bond_pct} percent of revenue.",
            '"The budget supports wage growth and prepares the country for the future," {minister_title} '
            "{minister} said, while {opposition} of the opposition called it a missed chance to cut waste.",
        ]
        summary = "The budget for fiscal {fy} totals {amount} trillion yen. Social security and debt costs keep rising."
    elif kind == "session":
        f["focus"] = ctx.fact(ISSUES)
        ordinary = ctx.day.month == 1
        f["days"] = 150 if ordinary else ctx.num(30, 70)
        f["what"] = "ordinary" if ordinary else "extraordinary"
        titles = [
            "Diet convenes {days}-day {what} session with {focus} in focus",
            "{what_cap} Diet session opens as parties clash over {focus}",
        ]
        f["what_cap"] = f["what"].capitalize()
        core = [
            "The Diet on {weekday} convened a {days}-day {what} session, with {focus} expected to dominate "
            "debate between the ruling bloc and the opposition.",
            "The government plans to submit about {bills_n} bills during the session, including measures "
            "related to {bill}.",
            "{opposition}, who heads the policy team of the largest opposition party, said the party would "
            "press the government over {issue} from the first day of questioning.",
            "The prime minister is scheduled to deliver a policy speech at plenary sessions of both chambers, "
            "followed by questions from party leaders.",
        ]
        f["bills_n"], f["bill"] = ctx.num(18, 62), ctx.fact(BILLS)
        summary = "A {days}-day {what} session of the Diet opened on {weekday}, with {focus} at the top of the agenda."
    elif kind == "poll":
        f["approval"], f["change"] = ctx.dec(18.0, 52.0), ctx.dec(0.3, 6.8)
        up = ctx.chance(0.45)
        f["dir"], f["moved"] = ("rises", "rose") if up else ("falls", "fell")
        f["dis"] = round(min(85.0, 100 - f["approval"] - ctx.dec(4.0, 14.0)), 1)
        f["price_ng"], f["resp"] = ctx.num(55, 78), ctx.num(1020, 1290)
        titles = [
            "Cabinet approval rating {dir} to {approval}% in latest poll",
            "Support for Cabinet {dir} to {approval}%, survey shows",
        ]
        core = [
            "The approval rating for the Cabinet {moved} {change} points from a month earlier to {approval} "
            "percent, according to a nationwide telephone survey conducted over the weekend.",
            "The disapproval rate stood at {dis} percent. Asked about the government's response to rising "
            "prices, {price_ng} percent said they did not think it was sufficient.",
            "Support for the ruling party was broadly unchanged, while backing for the largest opposition "
            "party edged up. More than a third of respondents said they supported no party.",
            "The survey reached {resp:,} randomly selected voters on landlines and mobile phones.",
        ]
        summary = "Cabinet support {moved} to {approval} percent in a nationwide poll. Most respondents were unhappy with price measures."
    elif kind == "no_confidence":
        f["groups"] = ctx.fact(("one", "two", "several"))
        titles = [
            "Lower house votes down no-confidence motion against Cabinet",
            "Opposition no-confidence motion rejected as Diet session nears end",
        ]
        core = [
            "The House of Representatives on {weekday} rejected a no-confidence motion against the Cabinet "
            "submitted by opposition parties, as the ordinary Diet session neared its end.",
            "Explaining the motion, {opposition}, a senior lawmaker of the largest opposition party, "
            "criticized the government's handling of {issue}.",
            "The motion was voted down by the ruling parties and {groups} other opposition groups, which said "
            "a political vacuum would not help voters.",
            "Chief Cabinet Secretary {spokes} told reporters the government would focus on carrying out the "
            "measures the Diet had approved.",
        ]
        summary = "A no-confidence motion against the Cabinet failed in the lower house on {weekday}."
    elif kind == "leadership":
        f["n"] = ctx.num(3, 8)
        f["vote"] = f"September {min(30, ctx.day.day + ctx.num(9, 14))}"
        ctx.person(f, "rival", low=44, high=70)
        titles = [
            "{n} candidates enter ruling party leadership race",
            "Ruling party leadership race kicks off with {n} contenders",
        ]
        core = [
            "Official campaigning for the ruling party's presidential election began on {weekday}, with {n} "
            "candidates vying to lead the party. Voting is scheduled for {vote}.",
            "The contenders include former {minister_title} {minister} and {rival}, a {rival_age}-year-old "
            "lawmaker who has pledged a generational change in the party's leadership.",
            "The candidates will hold debates in several regions, and rank-and-file members will vote by mail "
            "before lawmakers cast their ballots in Tokyo.",
            "{issue_cap} is expected to be a central theme of the campaign.",
        ]
        f["issue_cap"] = f["issue"][0].upper() + f["issue"][1:]
        summary = "{n} candidates are running to lead the ruling party, with voting set for {vote}."
    elif kind == "diplomacy":
        f["country"] = ctx.fact(FOREIGN_COUNTRIES)
        f["area"] = ctx.fact(
            (
                "economic security",
                "energy",
                "supply chains for critical minerals",
                "climate change",
                "tourism and people-to-people exchanges",
                "disaster relief",
            )
        )
        titles = [
            "Japan, {country} agree to deepen cooperation on {area}",
            "Japan and {country} pledge closer ties on {area}",
        ]
        core = [
            "Foreign Minister {minister} and the foreign minister of {country} agreed in Tokyo on {weekday} to "
            "deepen cooperation on {area}, according to Japan's Foreign Ministry.",
            "The two ministers also exchanged views on regional security and confirmed plans for a summit "
            "meeting later this year.",
            "Trade between the two countries has grown steadily, and more than {firms} Japanese companies "
            "operate there, the ministry said.",
            '"We share a strong interest in a free and open international order," {minister} told reporters '
            "after the meeting, which lasted about {minutes} minutes.",
        ]
        f["firms"], f["minutes"] = ctx.num(2, 14) * 100, ctx.num(40, 110)
        caption = (
            "Foreign Minister {minister} meets the foreign minister of {country} in Tokyo on {date_long}."
        )
        summary = "Japan and {country} agreed to work more closely on {area} during talks in Tokyo."
    else:
        titles = [
            "Opposition presses government over {issue} in Diet debate",
            "Budget committee debate heats up over {issue}",
        ]
        f["ask"] = ctx.fact(("a cash handout", "a cut in the consumption tax", "a new panel of experts"))
        core = [
            "Opposition lawmakers pressed the government over {issue} at a House of Representatives Budget "
            "Committee session on {weekday}, as questioning continued into the evening.",
            "{opposition} of the largest opposition party asked whether the government would consider "
            "{ask}, saying current measures had not reached households in {pref}.",
            "{minister_title} {minister} replied that the government was considering further steps but that "
            "any measure had to be sustainable.",
            "The committee session was broadcast live, and clips of the exchange were widely shared online.",
        ]
        summary = "Opposition lawmakers questioned the government over {issue} in a Diet committee."
    f.setdefault("city", "Tokyo")
    return finish(
        ctx,
        f,
        topic="politics",
        kind=kind,
        titles=titles,
        summary=summary,
        core=core,
        extra=POOLS.get(kind, POLICY + GENERAL),
        caption=caption,
    )
