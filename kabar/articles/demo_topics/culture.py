"""Demo topic: culture (festivals in their season, museums, anime, crafts, New Year customs)."""

from __future__ import annotations

from datetime import date

from kabar.articles.demo_topics.words import Ctx, Story, always, between, finish

# (festival, city, prefecture, first day, last day, what happens)
FESTIVALS = (
    ("Sapporo Snow Festival", "Sapporo", "Hokkaido", (2, 4), (2, 11), "Large snow and ice sculptures line Odori Park in the center of the city."),
    ("Namahage Sedo Festival", "Oga", "Akita", (2, 7), (2, 9), "Men dressed as masked demons appear by torchlight to drive away idleness and bring good fortune."),
    ("Omizutori ceremony", "Nara", "Nara", (3, 1), (3, 14), "Monks at Todaiji Temple swing large burning torches from the balcony of a hall, showering sparks on the crowd below."),
    ("Takayama Spring Festival", "Takayama", "Gifu", (4, 14), (4, 15), "Ornate floats decorated with carvings and mechanical puppets are pulled through the old town."),
    ("Hakata Dontaku", "Fukuoka", "Fukuoka", (5, 3), (5, 4), "Parades of dancers and musicians fill the streets of the city."),
    ("Aoi Matsuri", "Kyoto", "Kyoto", (5, 15), (5, 15), "Participants in the court costumes of the Heian period walk from the Imperial Palace to two shrines."),
    ("Sanja Matsuri", "Tokyo", "Tokyo", (5, 15), (5, 21), "Teams of bearers carry portable shrines through the streets of Asakusa."),
    ("Gion Matsuri", "Kyoto", "Kyoto", (7, 1), (7, 24), "Towering wooden floats known as yamaboko are pulled through the center of the city."),
    ("Hakata Gion Yamakasa", "Fukuoka", "Fukuoka", (7, 1), (7, 15), "Teams race through the city carrying heavy decorated floats on their shoulders."),
    ("Tenjin Matsuri", "Osaka", "Osaka", (7, 24), (7, 25), "A procession of boats on the Okawa River is followed by fireworks."),
    ("Aomori Nebuta Festival", "Aomori", "Aomori", (8, 2), (8, 7), "Giant illuminated floats depicting warriors and mythical figures are paraded at night."),
    ("Kanto Festival", "Akita", "Akita", (8, 3), (8, 6), "Performers balance long bamboo poles hung with dozens of paper lanterns."),
    ("Sendai Tanabata Festival", "Sendai", "Miyagi", (8, 6), (8, 8), "Shopping arcades are decorated with colorful paper streamers."),
    ("Yosakoi Festival", "Kochi", "Kochi", (8, 9), (8, 12), "Teams of dancers perform energetic routines holding wooden clappers."),
    ("Awa Odori", "Tokushima", "Tokushima", (8, 12), (8, 15), "Groups of dancers move through the streets to the rhythm of drums, flutes and shamisen."),
    ("Gozan no Okuribi", "Kyoto", "Kyoto", (8, 16), (8, 16), "Bonfires in the shape of giant characters are lit on the mountains around the city to send off ancestral spirits."),
    ("Kishiwada Danjiri Festival", "Kishiwada", "Osaka", (9, 13), (9, 16), "Wooden carts weighing several tons are pulled at speed around tight street corners."),
    ("Nagasaki Kunchi", "Nagasaki", "Nagasaki", (10, 7), (10, 9), "Performances reflect the port city's long history of trade with China and Europe."),
    ("Takayama Autumn Festival", "Takayama", "Gifu", (10, 9), (10, 10), "Decorated floats are displayed in front of a shrine and lit with lanterns at night."),
    ("Jidai Matsuri", "Kyoto", "Kyoto", (10, 22), (10, 22), "People in costumes from different periods of history parade through the city."),
    ("Karatsu Kunchi", "Karatsu", "Saga", (11, 2), (11, 4), "Huge lacquered floats shaped like a lion's head and a samurai helmet are pulled through the town."),
    ("Chichibu Night Festival", "Chichibu", "Saitama", (12, 2), (12, 3), "Lantern-lit floats are hauled up a slope as fireworks burst overhead."),
)  # fmt: skip


def _festivals_on(day: date):
    return [x for x in FESTIVALS if x[3] <= (day.month, day.day) <= x[4]]


KINDS = (
    ("festival", lambda d: bool(_festivals_on(d)), 5),
    ("exhibition", always, 2),
    ("anime", always, 2),
    ("hatsumode", between((1, 1), (1, 4)), 10),
    ("tuna", between((1, 5), (1, 6)), 10),
    ("koyo", between((11, 5), (12, 5)), 5),
    ("fuji", between((7, 1), (9, 10)), 3),
    ("crafts", always, 1),
    ("heritage", always, 1),
)
MUSEUMS = (
    ("Tokyo National Museum", "Tokyo"),
    ("National Museum of Western Art", "Tokyo"),
    ("Kyoto National Museum", "Kyoto"),
    ("Nara National Museum", "Nara"),
    ("Mori Art Museum", "Tokyo"),
    ("21st Century Museum of Contemporary Art", "Kanazawa"),
    ("Kyushu National Museum", "Dazaifu"),
    ("Yokohama Museum of Art", "Yokohama"),
    ("Osaka City Museum of Fine Arts", "Osaka"),
)
THEMES = (
    "woodblock prints of the Edo period",
    "Buddhist statues from temples in the Kansai region",
    "contemporary ceramics by young artists",
    "samurai armor and swords",
    "kimono from the 17th to the 20th centuries",
    "original drawings by manga artists",
    "tea ceremony utensils",
    "landscape paintings of the Meiji era",
    "photographs of postwar Tokyo",
    "folding screens painted with gold leaf",
)
SHRINES = (
    ("Meiji Jingu shrine", "Tokyo"),
    ("Naritasan Shinshoji temple", "Narita"),
    ("Kawasaki Daishi temple", "Kawasaki"),
    ("Fushimi Inari Taisha shrine", "Kyoto"),
    ("Sumiyoshi Taisha shrine", "Osaka"),
    ("Dazaifu Tenmangu shrine", "Dazaifu"),
    ("Atsuta Jingu shrine", "Nagoya"),
)
CRAFTS = (
    ("Wajima lacquerware", "Wajima", "Ishikawa"),
    ("Arita porcelain", "Arita", "Saga"),
    ("Nambu ironware", "Morioka", "Iwate"),
    ("Bizen pottery", "Bizen", "Okayama"),
    ("Edo kiriko cut glass", "Tokyo", "Tokyo"),
    ("Echizen washi paper", "Echizen", "Fukui"),
    ("Tsugaru lacquerware", "Hirosaki", "Aomori"),
    ("Kyo-yuzen silk dyeing", "Kyoto", "Kyoto"),
)
KOYO = (
    ("Arashiyama", "Kyoto", "Kyoto"),
    ("Nikko", "Nikko", "Tochigi"),
    ("Korankei gorge", "Toyota", "Aichi"),
    ("Lake Kawaguchi", "Fujikawaguchiko", "Yamanashi"),
    ("Kiyomizu-dera temple", "Kyoto", "Kyoto"),
    ("Meiji no Mori Mino Quasi-National Park", "Mino", "Osaka"),
)
EVENT = (
    "Organizers said visitor numbers had recovered strongly, helped by a rise in foreign tourists.",
    "Local hotels and inns reported high occupancy rates during the period.",
    "Some municipalities have introduced reserved seating and paid viewing areas to manage crowds.",
    "Visitors were asked not to block streets while taking photos and to follow the instructions of staff.",
    '"I saw it on social media and decided to come," said {visitor}, {visitor_age}, {visitor_job} from '
    "{home}.",
    "Shops along the route sold local sweets and souvenirs.",
    "Guides offering tours in English and Chinese were fully booked, according to the tourism association.",
    "Overtourism has become a concern in popular areas, and some sites now limit the number of visitors.",
    "Local railway companies ran extra trains to carry visitors.",
    "Police officers were deployed to guide pedestrians at busy intersections.",
)
TRADITION = (
    "The event is supported by volunteers, many of whom have taken part for decades.",
    "Preservation groups say it is becoming harder to find young people to carry on traditions as rural "
    "populations shrink.",
    '"My grandparents took part, and now my children do too," said {local}, {local_age}, a lifelong '
    "resident.",
    "Local governments see culture as a way to bring visitors to regions beyond the big cities.",
    "The Agency for Cultural Affairs provides subsidies for the preservation of traditional events, crafts "
    "and buildings.",
    "Several schools in the area include the tradition in their lessons so that children learn it early.",
    "{expert}, a professor of cultural history, said traditions survive because communities adapt them to "
    'each era. "Culture is not only for looking at. It has to be lived," {expert_family} said.',
    "Many traditional events were scaled back during the coronavirus pandemic and have since returned in "
    "full.",
    "Online streaming has allowed people who cannot travel to follow local traditions from home.",
    "The city plans to use part of the income from a lodging tax to support cultural activities.",
)
MUSEUM = (
    "Museums in Japan have seen visitor numbers rise as foreign tourists add cultural sites to their "
    "itineraries.",
    "Advance tickets with a set entry time are recommended on weekends, the museum said.",
    "Some of the works are fragile and will be swapped for others halfway through the exhibition.",
    "A museum shop sells catalogues and goods inspired by the works on display.",
    "{expert_family} said the exhibition was also meant to introduce younger people to the subject.",
    '"I did not expect to spend three hours here," said {visitor}, {visitor_age}, who came from {home}.',
    "The exhibition will travel to other cities in Japan next year.",
    "Photography is allowed in some rooms, and visitors shared images on social media.",
)
ANIME = (
    "Japanese animation has become one of the country's most successful cultural exports, with overseas "
    "sales growing quickly.",
    "Streaming services have helped anime reach audiences in Asia, Europe and the Americas.",
    "Studios have struggled with a shortage of animators, and the industry has been criticized for long "
    "working hours and low pay.",
    "Fans have been visiting the places that appear in the film, a practice known as a pilgrimage.",
    "Local governments in areas shown in popular anime have used the attention to promote tourism.",
    '"I have seen it four times, and I cry every time," said {visitor}, {visitor_age}, at a cinema in Tokyo.',
    "Merchandise tied to the film has sold out at several shops.",
    "Critics praised the film's detailed backgrounds and its music.",
)
FOOD = (
    "Toyosu market replaced the old Tsukiji market in 2018 and is also a popular tourist site.",
    "Bluefin tuna stocks have recovered in recent years under international catch limits.",
    "Auction prices for the rest of the year are usually much lower than at the first auction.",
    "Sushi restaurants in Tokyo said demand from foreign visitors remained strong.",
    "Fishermen in Oma, a town at the northern tip of Honshu, are known for catching tuna with handlines.",
)


POOLS = {
    "festival": EVENT + TRADITION,
    "hatsumode": EVENT + TRADITION[:4],
    "koyo": EVENT,
    "fuji": EVENT,
    "exhibition": MUSEUM + TRADITION[3:6],
    "anime": ANIME,
    "tuna": FOOD,
}


def write(ctx: Ctx) -> Story:
    f = ctx.base()
    ctx.person(f, "local", low=30, high=85)
    ctx.person(f, "visitor", low=18, high=75)
    ctx.person(f, "expert", low=45, high=75)
    ctx.person(f, "maker", low=60, high=88)
    f["home"] = ctx.fact(
        ("Osaka", "Tokyo", "Yokohama", "Taiwan", "Australia", "France", "Singapore", "Canada")
    )
    kind = ctx.kind(KINDS)
    f["city"], f["pref"] = "Tokyo", "Tokyo"
    caption = "Visitors in {city} on {date_long}."
    if kind == "festival":
        name, city, pref, _first, _last, what = ctx.fact(_festivals_on(ctx.day))
        f.update(name=name, city=city, pref=pref, what=what, crowd=ctx.num(5, 300) * 10000)
        titles = [
            "{name} draws crowds in {city}",
            "Festival season: {name} opens",
            "Thousands turn out for {name}",
        ]
        core = [
            "The {name} got under way in {city} on {weekday}, drawing crowds of residents and tourists. {what}",
            "Organizers expect about {crowd:,} visitors over the period, according to local officials.",
            "Preparations began months ago, with neighborhood associations repairing costumes and practicing "
            "in the evenings after work.",
            '"It is the highlight of the year for our town," said {local}, {local_age}, who has taken part '
            "since childhood.",
        ]
        caption = "People take part in the {name} in {city} on {date_long}."
        summary = "The {name} in {city} drew large crowds. {what}"
    elif kind == "exhibition":
        museum, city = ctx.fact(MUSEUMS)
        f.update(museum=museum, city=city, theme=ctx.fact(THEMES), items=ctx.num(8, 40) * 10)
        f["until"] = ctx.fact(
            ("early next month", "the end of next month", "mid-next month", "two months from now")
        )
        titles = ["{museum} opens exhibition of {theme}", "Exhibition of {theme} opens in {city}"]
        core = [
            "An exhibition of {theme} opened at the {museum} in {city} on {weekday}, featuring about {items} "
            "works, some of them shown to the public for the first time.",
            "The exhibition runs until {until}. Curators said they had spent three years borrowing pieces from "
            "collections in Japan and abroad.",
            '"We hope visitors will feel how these works speak to people today," said {expert}, a curator.',
            "The museum is offering audio guides in several languages and extended opening hours on weekends.",
        ]
        caption = "Visitors view works at the {museum} in {city} on {date_long}."
        summary = "An exhibition of {theme} opened at the {museum}."
    elif kind == "anime":
        f["film"] = " ".join((ctx.fact(("Summer", "Starlight", "Paper", "Tide", "Lantern", "Winter")),
                              ctx.fact(("Letters", "Garden", "Express", "Kingdom", "Promise", "Harbor"))))  # fmt: skip
        f["billion"], f["weeks"] = ctx.dec(1.2, 18.5), ctx.num(2, 9)
        f["viewers"] = round(
            f["billion"] / ctx.dec(1.5, 1.9), 1
        )  # million people, at 1,500-1,900 yen a ticket
        f["plot"] = ctx.fact(
            (
                "a group of teenagers in a seaside town over one summer",
                "a girl who delivers letters between two islands",
                "a retired train driver and his granddaughter on a journey north",
                "two rival chefs in a small mountain town",
                "a boy who finds a door to another Tokyo",
            )
        )
        titles = [
            'Anime film "{film}" tops box office for {weeks} weeks',
            'Anime hit "{film}" earns {billion} billion yen',
        ]
        core = [
            'The animated film "{film}" has earned {billion} billion yen at the Japanese box office, topping '
            "the weekend rankings for {weeks} straight weeks, its distributor said on {weekday}.",
            "About {viewers} million people have seen the film, which follows {plot}.",
            "Director {maker} said the team had visited the town many times to capture its atmosphere.",
            "The film will be released in several Asian countries next month, with screenings in North America "
            "and Europe planned later.",
        ]
        caption = 'A poster for the animated film "{film}" at a cinema in Tokyo on {date_long}.'
        summary = 'The anime film "{film}" has earned {billion} billion yen in Japan.'
    elif kind == "hatsumode":
        shrine, city = ctx.fact(SHRINES)
        f.update(shrine=shrine, city=city, visitors=ctx.num(30, 320) * 10000)
        titles = [
            "Crowds visit {shrine} for first prayers of New Year",
            "New Year worshippers flock to {shrine}",
        ]
        core = [
            "Large crowds visited {shrine} in {city} for hatsumode, the first shrine or temple visit of the "
            "New Year, with about {visitors:,} people expected over the first three days of January.",
            "Worshippers lined up for hours to toss coins into offering boxes and pray for health and "
            "happiness in the year ahead.",
            "Stalls along the approach sold amulets and fortune slips, as well as hot sweet sake and grilled "
            "snacks.",
            '"I prayed that my family stays healthy and that I pass my exams," said {visitor}, {visitor_age}.',
        ]
        caption = "People pray at {shrine} in {city} on {date_long}."
        summary = "Crowds made their first visits of the year to {shrine} in {city}."
    elif kind == "tuna":
        f.update(kg=ctx.num(180, 320), million=ctx.num(20, 210), city="Tokyo")
        titles = [
            "Bluefin tuna fetches {million} million yen at New Year auction",
            "Top tuna sells for {million} million yen",
        ]
        core = [
            "A {kg}-kilogram bluefin tuna caught off Oma, Aomori Prefecture, sold for {million} million yen at "
            "the first auction of the year at Tokyo's Toyosu fish market on {weekday}.",
            "The fish was bought by a sushi restaurant operator, who said it would be served at the company's "
            "outlets in Tokyo.",
            "The first auction of the year is seen as a celebration, and winning bidders often pay far more than "
            "the usual market price for the publicity.",
            '"We wanted to bring good luck to our customers for the new year," the buyer, {maker}, told '
            "reporters.",
        ]
        caption = "A bluefin tuna at the first auction of the year at Toyosu market in Tokyo on {date_long}."
        summary = (
            "A bluefin tuna sold for {million} million yen at Toyosu market's first auction of the year."
        )
    elif kind == "koyo":
        spot, city, pref = ctx.fact(KOYO)
        f.update(spot=spot, city=city, pref=pref, visitors=ctx.num(10, 90) * 1000)
        titles = ["Autumn leaves at their best in {spot}", "Visitors flock to {spot} for autumn colors"]
        core = [
            "Autumn leaves were at their best at {spot} in {pref_p} on {weekday}, with bright red and yellow "
            "maples drawing visitors from across Japan and abroad.",
            "Local officials said about {visitors:,} people visited over the weekend, and roads leading to the "
            "area were congested.",
            "The trees are lit up in the evening until early December.",
            '"The colors this year are beautiful, even better than I expected," said {visitor}, {visitor_age}, '
            "from {home}.",
        ]
        caption = "Visitors view autumn leaves at {spot} on {date_long}."
        summary = "Autumn leaves peaked at {spot}, drawing about {visitors:,} visitors over the weekend."
    elif kind == "fuji":
        f.update(city="Fujiyoshida", pref="Yamanashi", climbers=ctx.num(8, 22) * 1000, pct=ctx.num(2, 25))
        titles = [
            "Mt. Fuji climbers urged to follow new rules",
            "Climbers on Mt. Fuji up {pct}% from last year",
        ]
        core = [
            "About {climbers:,} people climbed Mt. Fuji in the first weeks of the summer season, up {pct} "
            "percent from a year earlier, the Environment Ministry said on {weekday}.",
            "Local authorities have introduced an entry fee and a cap on daily climbers on the Yamanashi side, "
            "and they are warning against climbing through the night without rest.",
            "Rangers said several climbers had been rescued after suffering from altitude sickness or "
            "hypothermia near the 3,776-meter summit.",
            '"The mountain is beautiful, but it must be respected," said {local}, a mountain guide.',
        ]
        caption = "Climbers on a trail of Mt. Fuji on {date_long}."
        summary = "About {climbers:,} people have climbed Mt. Fuji so far this season."
    elif kind == "crafts":
        craft, city, pref = ctx.fact(CRAFTS)
        f.update(craft=craft, city=city, pref=pref, apprentices=ctx.num(2, 6))
        f["years"] = ctx.num(25, f["maker_age"] - 20)
        titles = ["Artisan keeps {craft} alive for new generation", "{craft} makers look overseas for buyers"]
        core = [
            "In a workshop in {city}, {maker}, {maker_age}, has spent {years} years making {craft}. "
            "Now {maker_family} is training {apprentices} apprentices, some of them from abroad.",
            "The number of craftspeople has fallen sharply as buyers have turned to cheaper mass-produced goods, "
            "according to the local association.",
            "Orders from overseas restaurants and design shops have risen in recent years, helped by online "
            "sales and exhibitions abroad.",
            '"If we only protect the old ways, the craft will disappear. We have to make things people want to '
            'use today," {maker_family} said.',
        ]
        caption = "{maker} works on a piece of {craft} in {city} on {date_long}."
        summary = "An artisan in {city} is training apprentices to keep {craft} alive."
    else:
        ctx.place(f)
        f["city"] = f["pref_city"]
        f.update(years=ctx.num(3, 13) * 100, span=ctx.num(3, 9))
        cost = ctx.num(4, 60) * 100  # million yen
        f["cost"] = f"{cost} million yen" if cost < 1000 else f"{cost / 1000:.1f} billion yen"
        titles = [
            "Restoration of {years}-year-old temple hall completed in {city}",
            "Historic temple hall reopens after repairs",
        ]
        core = [
            "Repair work on the main hall of a temple in {city} that dates back about {years} years was "
            "completed on {weekday}, and the building reopened to the public.",
            "The {span}-year project cost about {cost}, funded by the national and local "
            "governments and donations from worshippers.",
            "Craftsmen replaced roof tiles and repaired wooden pillars using traditional techniques, keeping as "
            "much of the original material as possible.",
            '"We were able to pass the hall on to the next generation thanks to many people," said the chief '
            "priest, {local}.",
        ]
        caption = "The restored main hall of a temple in {city} on {date_long}."
        summary = "A temple hall in {city} about {years} years old reopened after a {span}-year restoration."
    return finish(
        ctx,
        f,
        topic="culture",
        kind=kind,
        titles=titles,
        summary=summary,
        core=core,
        extra=POOLS.get(kind, TRADITION),
        caption=caption,
    )
