#!/usr/bin/env python3
"""Write the bundled ctxbench databases: schemas/<db>/db.sql for each database.

Every value is synthetic, drawn from the word lists below with a fixed seed, so
running the script twice gives byte-identical files. Each table has an explicit
`id INTEGER PRIMARY KEY` and one INSERT per row in id order, so rowid = id.

    python3 schemas/make_data.py        # rewrites the five db.sql files

The sentence templates (verbalize.json) and the queries (queries/<db>.jsonl)
are written by hand; schemas/check_data.py checks all three fit together.
"""

import datetime
import math
import os
import random
import sys
import unicodedata

SEED = 20240917
SCHEMAS = os.path.dirname(os.path.abspath(__file__))

# Characters no value may hold: the template syntax ([ ] { }), the unit
# separator (newline) and the comma that templates use between placeholders.
FORBIDDEN = "[]{}\n,"

# ---------------------------------------------------------------- word lists

FIRST_NAMES = """
Aaliyah Abel Ada Adrian Ahmed Aiko Alba Alejandro Amara Amir Ana Anders Andrea
Anika Arjun Astrid Ayumi Beatrice Beatriz Benedikt Bianca Bruno Camila Carlos
Carmen Chen Chiara Chloe Dalia Daniel Dario Declan Diana Dmitri Eduardo Elena
Elif Elijah Emeka Emil Emma Erik Erin Esther Farah Fatima Felix Femi Freya
Gabriel George Grace Greta Hana Hannah Hassan Helena Henrik Hugo Ibrahim Ines
Ingrid Irene Isaac Isabel Ismael Ivan Jakob Jana Jasmine Javier Jin Joana
Jonas Jorge Julia Kai Kamal Karin Keiko Kenji Kevin Kofi Lara Lars Laura Leila
Leon Liam Lina Lucas Lucia Luka Magnus Malik Marco Mariam Marta Martin Mateo
Maya Mei Milan Mira Monica Nadia Nadine Naomi Nicolas Nikhil Nina Noah Nora
Olga Oliver Olivia Omar Oscar Pablo Paolo Patrick Priya Quentin Rafael Rania
Ravi Rebecca Renata Rosa Ruben Sakura Samir Sara Sebastian Selin Simon Sofia
Soren Stefan Tariq Teresa Tessa Theo Tobias Tomas Ursula Valentina Vera Victor
Wei William Xavier Yara Yasmin Yusuf Zara Zoe Zoltan
""".split()

LAST_NAMES = """
Abbott Adeyemi Alvarez Andersen Baker Bauer Becker Bennett Bianchi Borg
Brennan Campbell Carter Castillo Chen Clarke Cooper Costa Dahl Delgado Dubois
Ellis Eriksson Fernandes Fischer Fletcher Fontaine Foster Garcia Gonzalez
Graham Greco Haddad Hansen Hartmann Hayashi Hoffmann Horvat Hughes Hunt
Ibrahim Jensen Johansson Kaplan Kato Keller Kennedy Kim Kowalski Kumar Larsen
Laurent Lawson Lindqvist Lopez Mancini Marshall Martins Mendes Meyer Mitchell
Moreau Moretti Morgan Murphy Nakamura Navarro Nguyen Novak Nowak O'Brien
Okafor Olsen Ortega Palmer Parker Patel Pereira Petrov Quinn Rahman Ramos Reed
Reyes Ricci Rossi Russell Sato Schmidt Shaw Silva Singh Sorensen Spencer
Sullivan Suzuki Tanaka Torres Turner Varga Vidal Vogel Wagner Walsh Ward Webb
Weber Wells Whitfield Yamamoto Yilmaz Zhang Achterberg Banerjee Castro Dimitrov
Edwards Falk Gallagher Haas Iversen Jovanovic Kovacs Lindgren Mensah Nilsson
Osei Pham Quiroga Rinaldi Santos Takahashi Umarov Valdez Wojcik Xu Yoon Zapata
Aguilar Brandt Cruz Dumont Esposito Ferreira Gruber Hakimi Ito Jansen Koch Lund
Mwangi Nieminen Olawale Popescu Rasmussen Serrano Toth Ueda Vasquez Winter
""".split()

# Syllables for invented place-like names (wineries, brands, airlines).
STEM_HEADS = """
Alba Ash Bel Bram Bri Cal Cas Cor Del Dor Elm Fal Fen Gal Gran Hal Kes Lin Lor
Mar Mel Mira Mon Ner Nor Or Pal Ros San Sol Tor Val Ver Wil
""".split()
STEM_TAILS = """
bella brook court dale ferra field ford gard lena ley mar mere mont nova rana
rido sella ston terra vento vista wood
""".split()

# Countries and some of their cities, shared by wine, soccer and flights.
COUNTRY_CITIES = {
    "United States": "New York|Los Angeles|Chicago|Houston|Phoenix|Denver|Seattle|Atlanta|Boston|Miami|Dallas|San Francisco|Minneapolis|Detroit|Portland|Nashville",
    "Canada": "Toronto|Montreal|Vancouver|Calgary|Ottawa|Edmonton|Winnipeg|Halifax|Quebec City|Victoria|Regina|Saskatoon",
    "Mexico": "Mexico City|Guadalajara|Monterrey|Cancún|Puebla|Tijuana|Mérida|León|Oaxaca|Querétaro|Chihuahua|Veracruz",
    "Brazil": "São Paulo|Rio de Janeiro|Brasília|Salvador|Fortaleza|Belo Horizonte|Manaus|Curitiba|Recife|Porto Alegre|Belém|Goiânia",
    "Argentina": "Buenos Aires|Córdoba|Rosario|Mendoza|La Plata|Mar del Plata|Salta|Tucumán|Santa Fe|Bariloche|Neuquén|Ushuaia",
    "Chile": "Santiago|Valparaíso|Concepción|Antofagasta|La Serena|Temuco|Iquique|Puerto Montt|Arica|Talca|Rancagua|Punta Arenas",
    "Colombia": "Bogotá|Medellín|Cali|Barranquilla|Cartagena|Bucaramanga|Pereira|Santa Marta|Manizales|Cúcuta|Ibagué|Pasto",
    "United Kingdom": "London|Manchester|Birmingham|Glasgow|Edinburgh|Liverpool|Leeds|Bristol|Newcastle|Cardiff|Belfast|Sheffield|Nottingham|Southampton|Aberdeen",
    "Ireland": "Dublin|Cork|Galway|Limerick|Waterford|Kilkenny|Sligo|Drogheda|Dundalk|Athlone|Tralee|Ennis",
    "France": "Paris|Marseille|Lyon|Toulouse|Nice|Nantes|Strasbourg|Bordeaux|Lille|Rennes|Montpellier|Grenoble|Toulon|Reims|Dijon",
    "Spain": "Madrid|Barcelona|Valencia|Seville|Bilbao|Málaga|Zaragoza|Palma|Alicante|Granada|Valladolid|Vigo|Murcia|Oviedo",
    "Portugal": "Lisbon|Porto|Braga|Coimbra|Faro|Funchal|Aveiro|Évora|Guimarães|Setúbal|Viseu|Leiria",
    "Italy": "Rome|Milan|Naples|Turin|Palermo|Genoa|Bologna|Florence|Venice|Verona|Bari|Catania|Cagliari|Trieste|Parma",
    "Germany": "Berlin|Hamburg|Munich|Cologne|Frankfurt|Stuttgart|Düsseldorf|Leipzig|Dortmund|Bremen|Dresden|Hanover|Nuremberg|Freiburg|Kiel",
    "Netherlands": "Amsterdam|Rotterdam|The Hague|Utrecht|Eindhoven|Groningen|Tilburg|Breda|Nijmegen|Maastricht|Arnhem|Zwolle",
    "Belgium": "Brussels|Antwerp|Ghent|Bruges|Liège|Leuven|Namur|Charleroi|Mechelen|Ostend|Hasselt|Kortrijk",
    "Switzerland": "Zürich|Geneva|Basel|Bern|Lausanne|Lucerne|Lugano|St. Gallen|Winterthur|Sion|Thun|Chur",
    "Austria": "Vienna|Graz|Linz|Salzburg|Innsbruck|Klagenfurt|Villach|Wels|St. Pölten|Dornbirn|Bregenz|Leoben",
    "Sweden": "Stockholm|Gothenburg|Malmö|Uppsala|Linköping|Örebro|Umeå|Luleå|Helsingborg|Norrköping|Västerås|Kiruna",
    "Norway": "Oslo|Bergen|Trondheim|Stavanger|Tromsø|Kristiansand|Bodø|Ålesund|Drammen|Fredrikstad|Haugesund|Molde",
    "Denmark": "Copenhagen|Aarhus|Odense|Aalborg|Esbjerg|Randers|Kolding|Horsens|Vejle|Roskilde|Herning|Silkeborg",
    "Poland": "Warsaw|Kraków|Gdańsk|Wrocław|Poznań|Łódź|Katowice|Szczecin|Lublin|Białystok|Rzeszów|Bydgoszcz",
    "Greece": "Athens|Thessaloniki|Patras|Heraklion|Larissa|Volos|Ioannina|Chania|Rhodes|Kavala|Corfu|Kalamata",
    "Turkey": "Istanbul|Ankara|Izmir|Antalya|Bursa|Adana|Trabzon|Konya|Gaziantep|Kayseri|Samsun|Eskişehir",
    "Egypt": "Cairo|Alexandria|Giza|Luxor|Aswan|Hurghada|Port Said|Suez|Mansoura|Tanta|Ismailia|Sharm El Sheikh",
    "Morocco": "Casablanca|Rabat|Marrakesh|Fez|Tangier|Agadir|Meknes|Oujda|Tetouan|Essaouira|Nador|El Jadida",
    "Nigeria": "Lagos|Abuja|Kano|Ibadan|Port Harcourt|Benin City|Enugu|Kaduna|Jos|Ilorin|Calabar|Owerri",
    "Kenya": "Nairobi|Mombasa|Kisumu|Nakuru|Eldoret|Malindi|Nyeri|Thika|Lamu|Kitale|Garissa|Naivasha",
    "South Africa": "Johannesburg|Cape Town|Durban|Pretoria|Gqeberha|Bloemfontein|East London|Polokwane|Mbombela|Kimberley|George|Stellenbosch",
    "India": "Mumbai|Delhi|Bangalore|Chennai|Kolkata|Hyderabad|Pune|Ahmedabad|Jaipur|Kochi|Lucknow|Chandigarh|Indore|Nagpur",
    "Japan": "Tokyo|Osaka|Nagoya|Sapporo|Fukuoka|Kobe|Kyoto|Hiroshima|Sendai|Naha|Niigata|Kagoshima|Kanazawa|Matsuyama",
    "South Korea": "Seoul|Busan|Incheon|Daegu|Daejeon|Gwangju|Ulsan|Jeju|Suwon|Pohang|Cheongju|Yeosu",
    "China": "Beijing|Shanghai|Guangzhou|Shenzhen|Chengdu|Wuhan|Xi'an|Hangzhou|Chongqing|Nanjing|Kunming|Xiamen|Qingdao|Harbin|Tianjin",
    "Thailand": "Bangkok|Chiang Mai|Phuket|Pattaya|Krabi|Hat Yai|Udon Thani|Khon Kaen|Surat Thani|Chiang Rai|Hua Hin|Nakhon Ratchasima",
    "Indonesia": "Jakarta|Surabaya|Bandung|Medan|Denpasar|Makassar|Yogyakarta|Semarang|Palembang|Balikpapan|Manado|Padang",
    "Australia": "Sydney|Melbourne|Brisbane|Perth|Adelaide|Canberra|Hobart|Darwin|Cairns|Gold Coast|Newcastle|Townsville",
    "New Zealand": "Auckland|Wellington|Christchurch|Queenstown|Dunedin|Hamilton|Tauranga|Napier|Nelson|Rotorua|Invercargill|Palmerston North",
}
COUNTRY_CITIES = {k: v.split("|") for k, v in COUNTRY_CITIES.items()}
COUNTRIES = list(COUNTRY_CITIES)

# ------------------------------------------------------------------ helpers


class Table:
    """One table: its column declarations and its rows, the id added on insert."""

    def __init__(self, name, *columns):
        self.name = name
        self.columns = ("id INTEGER PRIMARY KEY",) + columns
        self.rows = []

    def add(self, *values):
        """Append a row and return its id, which is also its rowid."""
        if len(values) + 1 != len(self.columns):
            raise ValueError(f"{self.name}: {len(values)} values for "
                             f"{len(self.columns) - 1} columns")
        self.rows.append((len(self.rows) + 1,) + values)
        return len(self.rows)


def sql_value(v):
    if v is None:
        return "NULL"
    if isinstance(v, bool):
        raise TypeError("booleans are stored as integers")
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        return repr(v)
    if any(c in v for c in FORBIDDEN) or v != v.strip():
        raise ValueError(f"value {v!r} holds a forbidden character")
    return "'" + v.replace("'", "''") + "'"


def write_database(db, tables):
    lines = [f"-- ctxbench bundled database '{db}': synthetic data written by "
             "schemas/make_data.py (edit the script, not this file)."]
    for t in tables:
        lines.append(f"CREATE TABLE {t.name} (\n  " + ",\n  ".join(t.columns)
                     + "\n);")
    lines.append("BEGIN;")
    for t in tables:
        for row in t.rows:
            values = ",".join(sql_value(v) for v in row)
            lines.append(f"INSERT INTO {t.name} VALUES({values});")
    lines.append("COMMIT;")
    os.makedirs(os.path.join(SCHEMAS, db), exist_ok=True)
    path = os.path.join(SCHEMAS, db, "db.sql")
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(lines) + "\n")
    counts = ", ".join(f"{t.name} {len(t.rows)}" for t in tables)
    print(f"{path}: {counts}")


def weighted(rng, pairs):
    """One value from a list of (value, weight) pairs."""
    return rng.choices([v for v, _ in pairs], [w for _, w in pairs])[0]


def skewed_weights(rng, n, sigma=1.0):
    """n positive weights with a long tail: a few items get most of the picks."""
    return [rng.lognormvariate(0, sigma) for _ in range(n)]


def clamp(x, lo, hi):
    return max(lo, min(hi, x))


def bounded(draw, lo, hi):
    """Call draw() until its value lies in [lo, hi] (no pile-up at the bounds)."""
    while True:
        x = draw()
        if lo <= x <= hi:
            return x


def person(rng):
    return f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"


def stem(rng):
    return rng.choice(STEM_HEADS) + rng.choice(STEM_TAILS)


def unique(seen, make, key=lambda v: v):
    """Call make() until key(value) is not in seen; remember the key, return the value."""
    for _ in range(10000):
        v = make()
        if key(v) not in seen:
            seen.add(key(v))
            return v
    raise RuntimeError("ran out of unique values")


def date_between(rng, start, end):
    """A uniform ISO date between two ISO dates, both included."""
    a = datetime.date.fromisoformat(start).toordinal()
    b = datetime.date.fromisoformat(end).toordinal()
    return datetime.date.fromordinal(rng.randint(a, b)).isoformat()


def add_days(iso, days):
    d = datetime.date.fromisoformat(iso) + datetime.timedelta(days=days)
    return d.isoformat()


def retail(rng, raw):
    """A shop price near raw: 12.99, 24.49 or 19.95 below 100, whole above."""
    if raw < 100:
        return round(max(int(raw), 2) + weighted(
            rng, [(0.99, 6), (0.49, 2), (0.95, 2), (0.0, 1)]), 2)
    return float(round(raw / 5) * 5)


def ascii_letters(text):
    plain = unicodedata.normalize("NFKD", text)
    return "".join(c for c in plain if c.isascii() and c.isalpha()).upper()


# --------------------------------------------------------------------- wine

# region, country, red grapes, white grapes, price factor, share of wineries
WINE_REGIONS = [
    ("Bordeaux", "France", ["Merlot", "Cabernet Sauvignon", "Cabernet Franc"], ["Sauvignon Blanc", "Sémillon"], 1.6, 8),
    ("Burgundy", "France", ["Pinot Noir"], ["Chardonnay"], 2.0, 6),
    ("Rhône Valley", "France", ["Syrah", "Grenache"], ["Viognier", "Marsanne"], 1.2, 4),
    ("Loire Valley", "France", ["Cabernet Franc"], ["Chenin Blanc", "Sauvignon Blanc"], 0.9, 3),
    ("Champagne", "France", ["Pinot Noir"], ["Chardonnay"], 2.2, 3),
    ("Alsace", "France", ["Pinot Noir"], ["Riesling", "Gewürztraminer", "Pinot Gris"], 1.0, 2),
    ("Tuscany", "Italy", ["Sangiovese", "Merlot"], ["Vermentino"], 1.4, 7),
    ("Piedmont", "Italy", ["Nebbiolo", "Barbera"], ["Arneis", "Moscato"], 1.5, 5),
    ("Veneto", "Italy", ["Corvina"], ["Garganega", "Glera"], 1.0, 4),
    ("Sicily", "Italy", ["Nero d'Avola"], ["Grillo"], 0.8, 2),
    ("Rioja", "Spain", ["Tempranillo", "Garnacha"], ["Viura"], 0.9, 5),
    ("Ribera del Duero", "Spain", ["Tempranillo"], ["Verdejo"], 1.1, 3),
    ("Priorat", "Spain", ["Garnacha", "Cariñena"], ["Garnacha Blanca"], 1.3, 1),
    ("Douro", "Portugal", ["Touriga Nacional"], ["Rabigato"], 0.9, 3),
    ("Mosel", "Germany", ["Pinot Noir"], ["Riesling"], 1.0, 3),
    ("Wachau", "Austria", ["Zweigelt"], ["Grüner Veltliner", "Riesling"], 1.0, 2),
    ("Napa Valley", "United States", ["Cabernet Sauvignon", "Merlot", "Zinfandel"], ["Chardonnay", "Sauvignon Blanc"], 2.1, 8),
    ("Sonoma County", "United States", ["Pinot Noir", "Zinfandel"], ["Chardonnay"], 1.5, 5),
    ("Willamette Valley", "United States", ["Pinot Noir"], ["Pinot Gris", "Chardonnay"], 1.3, 3),
    ("Finger Lakes", "United States", ["Cabernet Franc"], ["Riesling"], 0.8, 2),
    ("Barossa Valley", "Australia", ["Shiraz", "Grenache"], ["Semillon"], 1.1, 4),
    ("Yarra Valley", "Australia", ["Pinot Noir"], ["Chardonnay"], 1.0, 2),
    ("Marlborough", "New Zealand", ["Pinot Noir"], ["Sauvignon Blanc"], 0.9, 3),
    ("Central Otago", "New Zealand", ["Pinot Noir"], ["Pinot Gris"], 1.2, 2),
    ("Mendoza", "Argentina", ["Malbec", "Cabernet Sauvignon"], ["Torrontés"], 0.7, 5),
    ("Maipo Valley", "Chile", ["Cabernet Sauvignon", "Carmenère"], ["Sauvignon Blanc"], 0.7, 4),
    ("Stellenbosch", "South Africa", ["Pinotage", "Cabernet Sauvignon"], ["Chenin Blanc"], 0.7, 3),
    ("Okanagan Valley", "Canada", ["Merlot"], ["Riesling"], 0.9, 2),
    ("Tokaj", "Hungary", ["Kadarka"], ["Furmint"], 1.1, 1),
    ("Santorini", "Greece", ["Mavrotragano"], ["Assyrtiko"], 1.1, 1),
]

WINERY_STYLES = {
    "France": ["Château {}", "Domaine {}", "Maison {}"],
    "Italy": ["Tenuta {}", "Cantina {}", "Podere {}", "Castello {}"],
    "Spain": ["Bodegas {}", "Viñedos {}"],
    "Portugal": ["Quinta do {}", "Quinta da {}"],
    "Germany": ["Weingut {}"],
    "Austria": ["Weingut {}"],
    "Hungary": ["{} Pincészet"],
    "Greece": ["Ktima {}"],
}
NEW_WORLD_STYLES = ["{} Estate", "{} Cellars", "{} Vineyards", "{} Ridge",
                    "{} Creek Winery", "{} Family Wines"]

CUVEES = ["Reserve", "Old Vines", "Grand Reserve", "Hillside", "Estate",
          "Single Vineyard", "Heritage", "Black Label", "Barrel Select",
          "Terrace", "River Block", "Limestone", "Family Selection",
          "Cuvée Prestige", "North Slope", "First Press"]
SPARKLING_CUVEES = ["Brut", "Extra Brut", "Brut Nature", "Blanc de Blancs",
                    "Brut Rosé"]
DESSERT_CUVEES = ["Late Harvest", "Noble Rot", "Ice Wine", "Passito"]
PORT_CUVEES = ["Vintage Port", "Tawny Reserve"]  # the Douro's dessert wines

WINE_CRITIC_PUBLICATIONS = ["Cellar Notes", "The Vine Quarterly",
                            "Grape and Barrel", "Pour Review",
                            "The Tasting Room", "Vintage Ledger",
                            "Corkscrew Journal", "Terroir Weekly"]


def styled(rng, styles):
    """A fresh stem and a name made of it in one of the given styles."""
    name_stem = stem(rng)
    return name_stem, rng.choice(styles).format(name_stem)


def make_wine(rng):
    wineries = Table(
        "wineries", "name TEXT NOT NULL", "region TEXT NOT NULL",
        "country TEXT NOT NULL", "founded INTEGER NOT NULL",
        "owner TEXT NOT NULL", "hectares REAL")
    wines = Table(
        "wines", "winery_id INTEGER NOT NULL REFERENCES wineries(id)",
        "name TEXT NOT NULL", "color TEXT NOT NULL", "grape TEXT NOT NULL",
        "vintage INTEGER NOT NULL", "price REAL NOT NULL",
        "alcohol REAL NOT NULL", "cases_made INTEGER")
    reviews = Table(
        "reviews", "wine_id INTEGER NOT NULL REFERENCES wines(id)",
        "critic TEXT NOT NULL", "publication TEXT NOT NULL",
        "score INTEGER NOT NULL", "review_date TEXT NOT NULL",
        "drink_by INTEGER")
    shipments = Table(
        "shipments", "wine_id INTEGER NOT NULL REFERENCES wines(id)",
        "city TEXT NOT NULL", "country TEXT NOT NULL",
        "ship_date TEXT NOT NULL", "bottles INTEGER NOT NULL",
        "freight_cost REAL NOT NULL", "delivered_date TEXT")

    names, stems, regions = set(), [], []
    region_weights = [r[5] for r in WINE_REGIONS]
    for _ in range(1600):
        region = rng.choices(WINE_REGIONS, region_weights)[0]
        country = region[1]
        styles = WINERY_STYLES.get(country, NEW_WORLD_STYLES)
        # (stem, name): the stem alone also names the winery's wines.
        name_stem, name = unique(names, lambda: styled(rng, styles),
                                 key=lambda v: v[1])
        old_world = country not in ("United States", "Australia", "New Zealand",
                                    "Argentina", "Chile", "South Africa",
                                    "Canada")
        age = rng.expovariate(1 / (110 if old_world else 35))
        founded = int(clamp(2019 - age, 1680 if old_world else 1840, 2019))
        hectares = None
        if rng.random() >= 0.1:
            hectares = round(rng.lognormvariate(math.log(22), 0.9), 1)
        wineries.add(name, region[0], country, founded, person(rng), hectares)
        stems.append(name_stem)
        regions.append(region)

    winery_weights = skewed_weights(rng, len(wineries.rows), 0.8)
    for _ in range(3000):
        w = rng.choices(range(len(regions)), winery_weights)[0]
        region = regions[w]
        reds, whites, factor = region[2], region[3], region[4]
        if region[0] == "Champagne":
            color = weighted(rng, [("sparkling", 8), ("white", 1), ("red", 1)])
        elif region[0] in ("Tokaj", "Douro"):
            color = weighted(rng, [("dessert", 4), ("red", 3), ("white", 3)])
        else:
            color = weighted(rng, [("red", 52), ("white", 30), ("rosé", 8),
                                   ("sparkling", 5), ("dessert", 5)])
        if color in ("red", "rosé") or (color == "dessert"
                                        and region[0] == "Douro"):
            grape = rng.choice(reds)
        elif color == "sparkling":
            grape = rng.choice(["Chardonnay", "Pinot Noir"] + whites)
        else:
            grape = rng.choice(whites)
        if color == "sparkling":
            cuvee = rng.choice(SPARKLING_CUVEES)
        elif color == "dessert":
            cuvee = rng.choice(PORT_CUVEES if region[0] == "Douro"
                               else DESSERT_CUVEES)
        else:
            cuvee = rng.choice(CUVEES)
        age = int(rng.expovariate(1 / (7 if color in ("red", "dessert") else 3)))
        vintage = clamp(2022 - age, 1985, 2022)
        raw = (rng.lognormvariate(math.log(19), 0.55) * factor
               * (1 + 0.05 * (2022 - vintage))
               * {"sparkling": 1.4, "dessert": 1.3, "rosé": 0.75}.get(color, 1))
        alcohol = {"red": (12.5, 15.5), "white": (11.0, 14.0),
                   "rosé": (11.5, 13.5), "sparkling": (11.0, 12.5),
                   "dessert": (9.0, 20.0)}[color]
        cases = None
        if rng.random() >= 0.09:
            cases = int(rng.lognormvariate(math.log(1800), 1.1)) // 10 * 10 + 50
        wines.add(w + 1, f"{stems[w]} {cuvee}", color, grape, vintage,
                  retail(rng, raw), round(rng.uniform(*alcohol) * 2) / 2,
                  cases)

    critics = [(person(rng), rng.choice(WINE_CRITIC_PUBLICATIONS))
               for _ in range(70)]
    critic_weights = skewed_weights(rng, len(critics), 0.7)
    wine_weights = skewed_weights(rng, len(wines.rows), 0.6)
    reviewed = sorted(rng.choices(range(len(wines.rows)), wine_weights, k=2000))
    for w in reviewed:
        _, _, _, color, _, vintage, price, _, _ = wines.rows[w]
        critic, publication = rng.choices(critics, critic_weights)[0]
        score = round(84 + 2.4 * math.log(price / 12) + rng.gauss(0, 2.6))
        reviewed_on = date_between(rng, f"{max(vintage + 1, 2016)}-01-01",
                                   "2024-12-31")
        drink_by = None
        if rng.random() >= 0.12:
            drink_by = max(vintage + rng.randint(3, 28 if color == "red" else 10),
                           int(reviewed_on[:4]) + 1)
        reviews.add(w + 1, critic, publication, int(clamp(score, 78, 100)),
                    reviewed_on, drink_by)

    destinations = [(city, country) for country in COUNTRIES
                    for city in COUNTRY_CITIES[country][:3]]
    dest_weights = skewed_weights(rng, len(destinations), 0.9)
    shipped = rng.choices(range(len(wines.rows)), wine_weights, k=2000)
    dates = sorted(date_between(rng, "2021-01-01", "2024-12-31")
                   for _ in shipped)
    for w, ship_date in zip(shipped, dates):
        city, country = rng.choices(destinations, dest_weights)[0]
        bottles = 6 * int(clamp(rng.lognormvariate(math.log(20), 1.0), 1, 400))
        home = regions[wines.rows[w][1] - 1][1]
        rate = 0.35 if country == home else 1.1
        freight = round(bottles * rate * rng.uniform(0.8, 1.3) + 25, 2)
        delivered = None
        if rng.random() >= 0.08:
            delivered = add_days(ship_date, rng.randint(2, 9 if country == home
                                                         else 45))
        shipments.add(w + 1, city, country, ship_date, bottles, freight,
                      delivered)
    return [wineries, wines, reviews, shipments]


# -------------------------------------------------------------------- store

US_CITIES = [tuple(pair.split(":")) for pair in (
    "New York:New York, Los Angeles:California, Chicago:Illinois, "
    "Houston:Texas, Phoenix:Arizona, Philadelphia:Pennsylvania, "
    "San Antonio:Texas, San Diego:California, Dallas:Texas, Austin:Texas, "
    "Jacksonville:Florida, Columbus:Ohio, Charlotte:North Carolina, "
    "Indianapolis:Indiana, Seattle:Washington, Denver:Colorado, "
    "Boston:Massachusetts, Nashville:Tennessee, Portland:Oregon, "
    "Las Vegas:Nevada, Detroit:Michigan, Memphis:Tennessee, "
    "Louisville:Kentucky, Baltimore:Maryland, Milwaukee:Wisconsin, "
    "Albuquerque:New Mexico, Tucson:Arizona, Sacramento:California, "
    "Kansas City:Missouri, Atlanta:Georgia, Omaha:Nebraska, "
    "Raleigh:North Carolina, Miami:Florida, Minneapolis:Minnesota, "
    "Tulsa:Oklahoma, Cleveland:Ohio, New Orleans:Louisiana, Tampa:Florida, "
    "Pittsburgh:Pennsylvania, Cincinnati:Ohio, Salt Lake City:Utah, "
    "Boise:Idaho, Anchorage:Alaska, Honolulu:Hawaii, Madison:Wisconsin, "
    "Buffalo:New York, Richmond:Virginia, Spokane:Washington, "
    "Des Moines:Iowa, Burlington:Vermont").split(", ")]

# department -> (item, typical price in dollars, typical weight in kg)
DEPARTMENTS = {
    "Electronics": [("Headphones", 80, 0.3), ("Bluetooth Speaker", 60, 0.6),
                    ("Phone Charger", 20, 0.1), ("Smartwatch", 180, 0.1),
                    ("Webcam", 55, 0.2), ("Tablet", 320, 0.5),
                    ("Power Bank", 35, 0.3), ("Keyboard", 60, 0.8),
                    ("Monitor", 240, 4.5), ("Router", 110, 0.7)],
    "Kitchen": [("Kettle", 40, 1.2), ("Blender", 70, 3.0), ("Skillet", 35, 1.6),
                ("Chef Knife", 60, 0.3), ("Toaster", 45, 2.0),
                ("Coffee Grinder", 50, 1.1), ("Cutting Board", 25, 1.0),
                ("Stand Mixer", 280, 9.5), ("Dutch Oven", 90, 5.0),
                ("Water Bottle", 18, 0.3)],
    "Home": [("Desk Lamp", 35, 1.2), ("Throw Blanket", 40, 1.0),
             ("Bath Towel Set", 45, 1.5), ("Wall Clock", 30, 0.8),
             ("Storage Basket", 22, 0.6), ("Curtain Panel", 28, 0.9),
             ("Pillow", 25, 0.7), ("Area Rug", 120, 6.0), ("Candle", 15, 0.4),
             ("Picture Frame", 18, 0.5)],
    "Garden": [("Garden Hose", 35, 3.0), ("Pruning Shears", 25, 0.4),
               ("Planter", 30, 2.5), ("Bird Feeder", 22, 0.8),
               ("Patio Chair", 85, 6.5), ("Watering Can", 18, 0.7),
               ("Leaf Rake", 20, 1.0), ("Solar Light", 25, 0.5),
               ("Seed Starter Kit", 15, 0.6), ("Wheelbarrow", 110, 14.0)],
    "Sports": [("Yoga Mat", 30, 1.2), ("Running Shoes", 95, 0.8),
               ("Dumbbell Set", 70, 10.0), ("Tennis Racket", 110, 0.4),
               ("Cycling Helmet", 60, 0.4), ("Jump Rope", 12, 0.2),
               ("Camping Tent", 160, 3.5), ("Hiking Backpack", 90, 1.3),
               ("Soccer Ball", 25, 0.5), ("Fitness Tracker", 75, 0.1)],
    "Toys": [("Building Blocks", 35, 1.0), ("Jigsaw Puzzle", 18, 0.6),
             ("Plush Bear", 20, 0.4), ("Toy Car", 15, 0.3),
             ("Board Game", 32, 1.1), ("Kite", 20, 0.3),
             ("Doll House", 95, 5.0), ("Art Set", 25, 0.9),
             ("Train Set", 80, 2.5), ("Water Blaster", 16, 0.5)],
    "Clothing": [("T-Shirt", 18, 0.2), ("Hoodie", 45, 0.6),
                 ("Rain Jacket", 85, 0.7), ("Jeans", 55, 0.7),
                 ("Wool Sweater", 70, 0.6), ("Baseball Cap", 20, 0.2),
                 ("Scarf", 25, 0.2), ("Sneakers", 75, 0.9),
                 ("Dress Shirt", 40, 0.3), ("Winter Coat", 150, 1.6)],
    "Beauty": [("Face Cream", 28, 0.2), ("Shampoo", 12, 0.5),
               ("Hair Dryer", 60, 0.9), ("Lip Balm", 6, 0.05),
               ("Perfume", 75, 0.4), ("Sunscreen", 14, 0.3),
               ("Nail Kit", 18, 0.3), ("Body Lotion", 13, 0.5),
               ("Beard Trimmer", 45, 0.4), ("Makeup Brush Set", 26, 0.3)],
    "Office": [("Notebook", 9, 0.4), ("Desk Organizer", 24, 0.9),
               ("Office Chair", 210, 15.0), ("Fountain Pen", 45, 0.05),
               ("Stapler", 14, 0.4), ("Whiteboard", 60, 4.0),
               ("Paper Shredder", 95, 7.0), ("Label Maker", 40, 0.6),
               ("Filing Cabinet", 140, 18.0), ("Standing Desk", 380, 30.0)],
    "Pet Supplies": [("Dog Bed", 50, 2.0), ("Cat Tree", 85, 9.0),
                     ("Pet Carrier", 45, 1.8), ("Dog Leash", 18, 0.3),
                     ("Litter Box", 30, 1.5), ("Aquarium", 120, 8.0),
                     ("Pet Bowl", 12, 0.4), ("Chew Toy", 9, 0.2),
                     ("Bird Cage", 70, 4.0), ("Grooming Brush", 14, 0.2)],
}
DEPARTMENT_SHARE = {"Electronics": 14, "Kitchen": 12, "Home": 13, "Garden": 8,
                    "Sports": 10, "Toys": 8, "Clothing": 15, "Beauty": 9,
                    "Office": 6, "Pet Supplies": 5}
PRODUCT_ADJECTIVES = ["Compact", "Deluxe", "Classic", "Pro", "Ultra",
                      "Everyday", "Premium", "Travel", "Smart", "Eco",
                      "Heavy-Duty", "Mini", "Essential", "Signature", "Lite"]
BRANDS = ["Lumina", "Northvale", "Kestrel", "Brightwood", "Auralis",
          "Pinecrest", "Velora", "Tidewell", "Corvana", "Halden", "Marisol",
          "Quillon", "Ravelle", "Stonegate", "Orbix", "Fernly", "Juniper Lane",
          "Arcwell", "Bluehaven", "Cobalto", "Driftway", "Emberly", "Foxglen",
          "Granitek", "Hollis and Co", "Ironleaf", "Kairo", "Larkspur",
          "Moonbay", "Nimbus"]
COLORS = [("Black", 20), ("White", 15), ("Gray", 10), ("Silver", 7),
          ("Blue", 9), ("Navy", 6), ("Red", 7), ("Green", 6), ("Beige", 5),
          ("Pink", 4), ("Yellow", 3), ("Orange", 3), ("Purple", 3),
          ("Brown", 4)]


def make_store(rng):
    customers = Table(
        "customers", "name TEXT NOT NULL", "city TEXT NOT NULL",
        "state TEXT NOT NULL", "birth_year INTEGER NOT NULL",
        "join_date TEXT NOT NULL", "loyalty_tier TEXT")
    products = Table(
        "products", "name TEXT NOT NULL", "brand TEXT NOT NULL",
        "department TEXT NOT NULL", "color TEXT NOT NULL",
        "price REAL NOT NULL", "stock INTEGER NOT NULL", "weight_kg REAL")
    orders = Table(
        "orders", "customer_id INTEGER NOT NULL REFERENCES customers(id)",
        "order_date TEXT NOT NULL", "payment_method TEXT NOT NULL",
        "shipping_cost REAL NOT NULL", "status TEXT NOT NULL",
        "delivered_on TEXT")
    items = Table(
        "order_items", "order_id INTEGER NOT NULL REFERENCES orders(id)",
        "product_id INTEGER NOT NULL REFERENCES products(id)",
        "quantity INTEGER NOT NULL", "unit_price REAL NOT NULL",
        "discount_pct INTEGER NOT NULL")

    city_weights = [1 / (i + 4) for i in range(len(US_CITIES))]
    for _ in range(2000):
        city, state = rng.choices(US_CITIES, city_weights)[0]
        tier = None
        if rng.random() >= 0.12:
            tier = weighted(rng, [("bronze", 50), ("silver", 30), ("gold", 15),
                                  ("platinum", 5)])
        birth = int(clamp(rng.gauss(1982, 14), 1940, 2006))
        joined = date_between(rng, max("2016-01-01", f"{birth + 18}-01-01"),
                              "2024-10-31")
        customers.add(person(rng), city, state, birth, joined, tier)

    for _ in range(1800):
        department = weighted(rng, DEPARTMENT_SHARE.items())
        item, base, kg = rng.choice(DEPARTMENTS[department])
        price = retail(rng, base * rng.lognormvariate(0, 0.45))
        stock = 0 if rng.random() < 0.06 else int(rng.lognormvariate(4, 1.0))
        weight = None
        if rng.random() >= 0.1:
            weight = round(kg * rng.uniform(0.7, 1.4), 2)
        products.add(f"{rng.choice(PRODUCT_ADJECTIVES)} {item}",
                     rng.choice(BRANDS), department, weighted(rng, COLORS),
                     price, stock, weight)

    buyer_weights = skewed_weights(rng, len(customers.rows), 0.9)
    buyers = rng.choices(range(len(customers.rows)), buyer_weights, k=1800)
    placed = []
    for c in buyers:
        joined = customers.rows[c][5]
        placed.append((date_between(rng, max(joined, "2022-01-01"),
                                    "2024-12-31"), c))
    placed.sort()
    for order_date, c in placed:
        status = weighted(rng, [("delivered", 82), ("returned", 6),
                                ("shipped", 4), ("processing", 2),
                                ("cancelled", 6)])
        if order_date > "2024-12-20" and status == "delivered":
            status = "processing"
        delivered = None
        if status in ("delivered", "returned"):
            delivered = add_days(order_date, rng.randint(1, 9))
        shipping = weighted(rng, [(0.0, 35), (4.99, 30), (7.99, 20),
                                  (12.99, 10), (24.99, 5)])
        payment = weighted(rng, [("credit card", 48), ("debit card", 20),
                                 ("PayPal", 18), ("gift card", 6),
                                 ("mobile wallet", 8)])
        orders.add(c + 1, order_date, payment, shipping, status, delivered)

    product_weights = skewed_weights(rng, len(products.rows), 1.0)
    lines = list(range(len(orders.rows)))
    lines += rng.choices(range(len(orders.rows)), k=3200 - len(lines))
    for o in sorted(lines):
        p = rng.choices(range(len(products.rows)), product_weights)[0]
        price = products.rows[p][5]
        quantity = weighted(rng, [(1, 70), (2, 18), (3, 6), (4, 3), (6, 2),
                                  (10, 1)])
        discount = weighted(rng, [(0, 70), (5, 8), (10, 10), (15, 5),
                                  (20, 5), (30, 2)])
        items.add(o + 1, p + 1, quantity, price, discount)
    return [customers, products, orders, items]


# ------------------------------------------------------------------ college

# department, course code prefix, topics for course titles, salary factor
COLLEGE_DEPARTMENTS = [
    ("Computer Science", "CS", "Programming|Data Structures|Algorithms|Operating Systems|Databases|Computer Networks|Machine Learning|Compilers|Computer Graphics|Software Engineering", 1.3),
    ("Mathematics", "MATH", "Calculus|Linear Algebra|Real Analysis|Abstract Algebra|Number Theory|Topology|Differential Equations|Combinatorics|Complex Analysis|Probability", 1.0),
    ("Physics", "PHYS", "Mechanics|Electromagnetism|Quantum Mechanics|Thermodynamics|Optics|Astrophysics|Solid State Physics|Particle Physics|Relativity|Acoustics", 1.05),
    ("Chemistry", "CHEM", "General Chemistry|Organic Chemistry|Physical Chemistry|Inorganic Chemistry|Biochemistry|Analytical Chemistry|Polymer Chemistry|Spectroscopy|Electrochemistry|Chemical Kinetics", 1.0),
    ("Biology", "BIO", "Cell Biology|Genetics|Ecology|Microbiology|Evolution|Physiology|Botany|Neuroscience|Marine Biology|Immunology", 0.95),
    ("Economics", "ECON", "Microeconomics|Macroeconomics|Econometrics|Labor Economics|Public Finance|Game Theory|Development Economics|International Trade|Monetary Policy|Behavioral Economics", 1.2),
    ("History", "HIST", "Ancient Rome|Medieval Europe|The Ottoman Empire|Modern China|The Atlantic World|Latin American History|The Cold War|African History|The Renaissance|Environmental History", 0.85),
    ("English", "ENGL", "Shakespeare|The Victorian Novel|Poetry|Creative Writing|American Literature|Literary Theory|The Short Story|Modernism|Rhetoric|Drama", 0.85),
    ("Psychology", "PSYC", "Cognitive Psychology|Developmental Psychology|Social Psychology|Abnormal Psychology|Research Methods|Personality|Perception|Memory|Health Psychology|Motivation", 0.95),
    ("Philosophy", "PHIL", "Ethics|Logic|Metaphysics|Epistemology|Philosophy of Mind|Political Philosophy|Aesthetics|Ancient Philosophy|Philosophy of Science|Existentialism", 0.85),
    ("Sociology", "SOC", "Social Theory|Urban Sociology|Social Inequality|Sociology of Religion|Demography|Criminology|Family and Society|Social Movements|Migration|Sociology of Work", 0.85),
    ("Political Science", "POLS", "Comparative Politics|International Relations|Public Policy|Political Theory|Elections|Constitutional Law|Foreign Policy|Political Economy|Democracy|Conflict Studies", 0.9),
    ("Mechanical Engineering", "ME", "Statics|Dynamics|Fluid Mechanics|Heat Transfer|Machine Design|Materials Science|Control Systems|Robotics|Vibrations|Manufacturing", 1.3),
    ("Electrical Engineering", "EE", "Circuits|Signals and Systems|Electronics|Digital Logic|Power Systems|Electromagnetics|Embedded Systems|Communications|Microprocessors|Control Theory", 1.3),
    ("Civil Engineering", "CE", "Structural Analysis|Geotechnics|Hydraulics|Transportation|Surveying|Concrete Design|Steel Design|Construction Management|Water Resources|Earthquake Engineering", 1.2),
    ("Art History", "ARTH", "Renaissance Art|Modern Art|Baroque Art|Architecture|Photography|Asian Art|Museum Studies|Sculpture|Contemporary Art|Islamic Art", 0.8),
    ("Music", "MUS", "Music Theory|Ear Training|Orchestration|Jazz|Music History|Composition|Conducting|Ethnomusicology|Counterpoint|Opera", 0.8),
    ("Linguistics", "LING", "Phonetics|Phonology|Syntax|Semantics|Morphology|Sociolinguistics|Historical Linguistics|Psycholinguistics|Language Acquisition|Pragmatics", 0.9),
    ("Statistics", "STAT", "Statistical Inference|Regression|Bayesian Statistics|Time Series|Sampling|Experimental Design|Statistical Computing|Multivariate Analysis|Survival Analysis|Nonparametric Statistics", 1.15),
    ("Geology", "GEOL", "Mineralogy|Petrology|Sedimentology|Structural Geology|Geochemistry|Hydrogeology|Volcanology|Paleontology|Geophysics|Glaciology", 0.95),
    ("Nursing", "NURS", "Health Assessment|Pharmacology|Pediatric Nursing|Community Health|Nursing Ethics|Critical Care|Maternal Health|Mental Health Nursing|Gerontology|Patient Safety", 1.0),
    ("Business Administration", "BUS", "Accounting|Marketing|Corporate Finance|Operations Management|Business Law|Entrepreneurship|Organizational Behavior|Supply Chains|Business Strategy|Negotiation", 1.35),
    ("Anthropology", "ANTH", "Cultural Anthropology|Archaeology|Human Evolution|Ethnography|Medical Anthropology|Kinship|Linguistic Anthropology|Forensic Anthropology|Material Culture|Ritual", 0.85),
    ("Environmental Science", "ENVS", "Climate Science|Conservation|Environmental Policy|Ecosystems|Soil Science|Renewable Energy|Pollution|Oceanography|Sustainability|Environmental Justice", 0.95),
]
DEPARTMENT_SIZE = [9, 6, 5, 5, 8, 6, 4, 4, 8, 3, 3, 4, 6, 5, 4, 2, 2, 2, 3, 2,
                   5, 9, 2, 3]

US_STATES = [s for line in """
Alabama|Alaska|Arizona|Arkansas|California|Colorado|Connecticut|Delaware
Florida|Georgia|Hawaii|Idaho|Illinois|Indiana|Iowa|Kansas|Kentucky|Louisiana
Maine|Maryland|Massachusetts|Michigan|Minnesota|Mississippi|Missouri|Montana
Nebraska|Nevada|New Hampshire|New Jersey|New Mexico|New York|North Carolina
North Dakota|Ohio|Oklahoma|Oregon|Pennsylvania|Rhode Island|South Carolina
South Dakota|Tennessee|Texas|Utah|Vermont|Virginia|Washington|West Virginia
Wisconsin|Wyoming""".split("\n") for s in line.split("|") if s]

TITLES = [("Lecturer", 60000), ("Assistant Professor", 78000),
          ("Associate Professor", 92000), ("Professor", 118000),
          ("Distinguished Professor", 150000)]
BUILDINGS = ["Hartley Hall", "Ostrom Hall", "Kimball Hall", "Reyes Center",
             "Whitcomb Hall", "Lindgren Building", "Ashby Hall",
             "Morrow Science Center", "Delacroix Hall", "Pemberton Hall",
             "Okafor Engineering Building", "Sutter Library Annex"]
# Fall 2024 is the current term (no grades yet) and has fewer courses on file.
SEMESTERS = [("Fall 2022", 5), ("Spring 2023", 5), ("Fall 2023", 5),
             ("Spring 2024", 5), ("Fall 2024", 2)]
GRADES = ["A", "A-", "B+", "B", "B-", "C+", "C", "C-", "D", "F"]


def course_title(rng, topic, level):
    if level == 1:
        return rng.choice([f"Introduction to {topic}", f"{topic} I",
                           f"Foundations of {topic}"])
    if level == 2:
        return rng.choice([f"{topic} II", f"Intermediate {topic}",
                           f"Methods in {topic}"])
    if level == 3:
        return rng.choice([f"Advanced {topic}", f"Topics in {topic}",
                           f"{topic} Laboratory"])
    return rng.choice([f"Seminar in {topic}", f"Research in {topic}",
                       f"Graduate {topic}"])


def make_college(rng):
    students = Table(
        "students", "name TEXT NOT NULL", "major TEXT NOT NULL",
        "home_state TEXT NOT NULL", "enrollment_year INTEGER NOT NULL",
        "credits_earned INTEGER NOT NULL", "gpa REAL")
    instructors = Table(
        "instructors", "name TEXT NOT NULL", "department TEXT NOT NULL",
        "title TEXT NOT NULL", "hire_year INTEGER NOT NULL",
        "salary INTEGER NOT NULL", "office TEXT")
    courses = Table(
        "courses", "code TEXT NOT NULL", "title TEXT NOT NULL",
        "department TEXT NOT NULL", "credits INTEGER NOT NULL",
        "instructor_id INTEGER NOT NULL REFERENCES instructors(id)",
        "semester TEXT NOT NULL", "capacity INTEGER NOT NULL", "room TEXT")
    enrollments = Table(
        "enrollments", "student_id INTEGER NOT NULL REFERENCES students(id)",
        "course_id INTEGER NOT NULL REFERENCES courses(id)",
        "enrolled_on TEXT NOT NULL", "attendance INTEGER NOT NULL",
        "grade TEXT")

    state_weights = [5 if s in ("California", "New York", "Texas", "Illinois",
                                "Massachusetts", "Pennsylvania") else 1
                     for s in US_STATES]
    student_ability = []
    for _ in range(2200):
        dept = rng.choices(COLLEGE_DEPARTMENTS, DEPARTMENT_SIZE)[0]
        year = weighted(rng, [(2018, 2), (2019, 5), (2020, 14), (2021, 20),
                              (2022, 21), (2023, 20), (2024, 18)])
        ability = rng.gauss(0, 1)
        credits = int(clamp((2024 - year) * rng.uniform(24, 33)
                            + rng.randint(0, 15), 0, 150))
        gpa = None
        if year < 2024 or rng.random() < 0.5:
            gpa = round(clamp(3.05 + 0.45 * ability + rng.gauss(0, 0.2),
                              1.2, 4.0), 2)
        students.add(person(rng), dept[0], rng.choices(US_STATES,
                                                      state_weights)[0],
                     year, credits, gpa)
        student_ability.append(ability)

    staff = {d[0]: [] for d in COLLEGE_DEPARTMENTS}
    for _ in range(1600):
        dept = rng.choices(COLLEGE_DEPARTMENTS, DEPARTMENT_SIZE)[0]
        rank = weighted(rng, [(0, 18), (1, 28), (2, 26), (3, 24), (4, 4)])
        title, base = TITLES[rank]
        hire = int(clamp(2024 - rng.randint(0, 6) - 6 * rank
                         - int(rng.expovariate(1 / 3)), 1980, 2024))
        salary = round(base * dept[3] * (1 + 0.006 * (2024 - hire))
                       * rng.lognormvariate(0, 0.08), -2)
        office = None
        if rng.random() >= 0.09:
            office = f"{rng.choice(BUILDINGS)} {rng.randint(1, 4)}{rng.randint(0, 3)}{rng.randint(1, 9)}"
        iid = instructors.add(person(rng), dept[0], title, hire, int(salary),
                              office)
        staff[dept[0]].append(iid)

    codes = set()
    for _ in range(2000):
        dept = rng.choices(COLLEGE_DEPARTMENTS, DEPARTMENT_SIZE)[0]
        level = weighted(rng, [(1, 35), (2, 30), (3, 25), (4, 10)])
        code = unique(codes, lambda: f"{dept[1]} {level}{rng.randint(0, 9)}{rng.randint(0, 9)}")
        topic = rng.choice(dept[2].split("|"))
        credits = weighted(rng, [(3, 60), (4, 28), (1, 4), (2, 5), (5, 3)])
        capacity = int(clamp(rng.lognormvariate(math.log(
            {1: 120, 2: 60, 3: 35, 4: 18}[level]), 0.45), 8, 400))
        room = None
        if rng.random() >= 0.08:
            room = f"{rng.choice(BUILDINGS)} {rng.randint(1, 3)}{rng.randint(0, 2)}{rng.randint(1, 9)}"
        courses.add(code, course_title(rng, topic, level), dept[0], credits,
                    rng.choice(staff[dept[0]]), weighted(rng, SEMESTERS),
                    capacity, room)

    by_department = {d[0]: [] for d in COLLEGE_DEPARTMENTS}
    for c in courses.rows:
        by_department[c[3]].append(c[0])
    picks = []
    for _ in range(3000):
        s = rng.randrange(len(students.rows))
        major = students.rows[s][2]
        if rng.random() < 0.55 and by_department[major]:
            c = rng.choice(by_department[major])
        else:
            c = rng.randint(1, len(courses.rows))
        picks.append((s, c))
    picks.sort()
    for s, c in picks:
        semester = courses.rows[c - 1][6]
        season, year = semester.split()
        if season == "Fall":
            enrolled = date_between(rng, f"{year}-04-01", f"{year}-08-25")
        else:
            enrolled = date_between(rng, f"{int(year) - 1}-11-01",
                                    f"{year}-01-10")
        ability = student_ability[s]
        attendance = int(clamp(round(88 + 7 * ability + rng.gauss(0, 8)),
                               25, 100))
        grade = None
        if semester != "Fall 2024" and rng.random() >= 0.04:
            g = 2.8 - 1.2 * ability - (attendance - 85) / 10 + rng.gauss(0, 1.3)
            grade = GRADES[int(clamp(round(g), 0, len(GRADES) - 1))]
        enrollments.add(s + 1, c, enrolled, attendance, grade)
    return [students, instructors, courses, enrollments]


# ------------------------------------------------------------------- soccer

SOCCER_COUNTRIES = ["England", "Spain", "Italy", "Germany", "France",
                    "Portugal", "Netherlands", "Belgium", "Brazil",
                    "Argentina", "Mexico", "United States", "Japan", "Turkey",
                    "Scotland", "Sweden", "Norway", "Denmark", "Poland",
                    "Greece", "Austria", "Switzerland", "Colombia", "Chile",
                    "Nigeria"]
EXTRA_CITIES = {
    "England": COUNTRY_CITIES["United Kingdom"][:7] + COUNTRY_CITIES["United Kingdom"][8:]
    + ["Ipswich", "Norwich", "Reading", "Derby", "Coventry", "Plymouth",
       "Brighton", "Leicester", "Wigan", "Stoke", "Burnley", "Bolton"],
    "Scotland": ["Glasgow", "Edinburgh", "Aberdeen", "Dundee", "Inverness",
                 "Perth", "Stirling", "Kilmarnock", "Paisley", "Motherwell",
                 "Falkirk", "Ayr", "Greenock", "Livingston"],
}
TEAM_STYLES = {
    "England": ["{} United", "{} City", "{} Rovers", "{} Athletic",
                "{} Town", "{} Wanderers", "{} Albion", "{} Rangers"],
    "Scotland": ["{} Thistle", "{} Athletic", "{} United", "{} Rangers",
                 "{} Academicals"],
    "Spain": ["Real {}", "Atlético {}", "Deportivo {}", "CD {}", "Racing {}",
              "Sporting {}", "UD {}"],
    "Mexico": ["Club {}", "Atlético {}", "Deportivo {}", "Real {}", "{} FC"],
    "Colombia": ["Atlético {}", "Deportivo {}", "Independiente {}",
                 "Club {}", "Real {}"],
    "Argentina": ["Club {}", "Atlético {}", "Racing {}", "Sportivo {}",
                  "Unión {}", "Independiente {}"],
    "Chile": ["Club {}", "Deportes {}", "Unión {}", "Everton {}",
              "Rangers {}", "Deportivo {}", "Provincial {}"],
    "Italy": ["AC {}", "US {}", "Virtus {}", "Sporting {}", "Calcio {}",
              "Real {}", "Atletico {}"],
    "Portugal": ["Sporting {}", "Vitória {}", "Académico {}", "FC {}",
                 "União {}", "Desportivo {}"],
    "Brazil": ["Esporte Clube {}", "Atlético {}", "América {}", "Clube {}",
               "Sport {}", "Grêmio {}"],
    "Germany": ["FC {}", "{} SV", "SC {}", "VfB {}", "Borussia {}",
                "Fortuna {}", "Eintracht {}", "Union {}"],
    "Austria": ["FC {}", "SV {}", "SK {}", "Austria {}", "Admira {}",
                "Sturm {}", "Union {}"],
    "Switzerland": ["FC {}", "{} Sports", "Grasshopper {}", "SC {}",
                    "Young Boys {}", "Servette {}", "AC {}"],
    "Netherlands": ["{} FC", "SC {}", "Go Ahead {}", "VV {}", "{} Stars",
                    "Sparta {}"],
    "Belgium": ["{} FC", "Royal {}", "Sporting {}", "KV {}", "Union {}",
                "Standard {}"],
    "France": ["Olympique {}", "Stade {}", "AS {}", "Racing {}", "FC {}",
               "{} Football Club", "En Avant {}"],
    "Turkey": ["{}spor", "{} Gençlik", "{} Belediye", "{} FK", "Yıldız {}",
               "{} İdman Yurdu", "{} Gücü"],
    "Greece": ["Aris {}", "Panathinaikos {}", "Ethnikos {}", "Atromitos {}",
               "Asteras {}", "Olympiacos {}"],
}
DEFAULT_TEAM_STYLES = ["{} FC", "FC {}", "{} United", "{} City",
                       "Sporting {}", "{} Athletic", "Dynamo {}", "{} Rovers"]
SOCCER_CITY_SOURCE = {"England": "United Kingdom", "Scotland": "United Kingdom"}
POSITIONS = [("goalkeeper", 10), ("defender", 33), ("midfielder", 35),
             ("forward", 22)]
TIER_NAMES = ["First Division", "Second Division", "Third Division"]


def club(rng, cities, styles):
    """A home city and a club name made of it."""
    city = rng.choice(cities)
    return city, rng.choice(styles).format(city)


def make_soccer(rng):
    teams = Table(
        "teams", "name TEXT NOT NULL", "city TEXT NOT NULL",
        "country TEXT NOT NULL", "league TEXT NOT NULL",
        "founded INTEGER NOT NULL", "stadium TEXT NOT NULL",
        "capacity INTEGER NOT NULL", "coach TEXT")
    players = Table(
        "players", "name TEXT NOT NULL",
        "team_id INTEGER NOT NULL REFERENCES teams(id)",
        "position TEXT NOT NULL", "nationality TEXT NOT NULL",
        "birth_date TEXT NOT NULL", "height_cm INTEGER NOT NULL",
        "shirt_number INTEGER NOT NULL", "market_value REAL")
    matches = Table(
        "matches", "home_team_id INTEGER NOT NULL REFERENCES teams(id)",
        "away_team_id INTEGER NOT NULL REFERENCES teams(id)",
        "match_date TEXT NOT NULL", "home_goals INTEGER NOT NULL",
        "away_goals INTEGER NOT NULL", "referee TEXT NOT NULL",
        "attendance INTEGER")
    seasons = Table(
        "player_seasons", "player_id INTEGER NOT NULL REFERENCES players(id)",
        "season TEXT NOT NULL", "appearances INTEGER NOT NULL",
        "minutes INTEGER NOT NULL", "goals INTEGER NOT NULL",
        "assists INTEGER NOT NULL", "yellow_cards INTEGER NOT NULL",
        "rating REAL")

    leagues, names, team_tier = [], set(), []
    for country in SOCCER_COUNTRIES:
        cities = EXTRA_CITIES.get(country) or COUNTRY_CITIES[
            SOCCER_CITY_SOURCE.get(country, country)]
        styles = TEAM_STYLES.get(country, DEFAULT_TEAM_STYLES)
        for tier, division in enumerate(TIER_NAMES):
            league = f"{country} {division}"
            members = []
            for _ in range(18):
                city, name = unique(names, lambda: club(rng, cities, styles),
                                    key=lambda v: v[1])
                stadium = rng.choice([f"{rng.choice(LAST_NAMES)} Stadium",
                                      f"{city} Arena",
                                      f"Estadio {rng.choice(LAST_NAMES)}",
                                      f"{rng.choice(LAST_NAMES)} Park",
                                      f"{city} Municipal Stadium"])
                capacity = int(rng.lognormvariate(
                    math.log([32000, 14000, 6000][tier]), 0.45)) // 100 * 100
                coach = person(rng) if rng.random() >= 0.07 else None
                founded = int(clamp(1870 + rng.expovariate(1 / 45), 1870, 2010))
                tid = teams.add(name, city, country, league, founded,
                                stadium, max(capacity, 1500), coach)
                members.append(tid)
                team_tier.append(tier)
            leagues.append((tier, members))

    squads = {}
    for _ in range(2600):
        t = rng.randrange(len(teams.rows))
        country, tier = teams.rows[t][3], team_tier[t]
        position = weighted(rng, POSITIONS)
        if rng.random() < 0.7 or country in ("England", "Scotland"):
            nationality = country if country not in ("England", "Scotland") \
                else weighted(rng, [(country, 6), ("Ireland", 1),
                                    ("Wales", 1)])
        else:
            nationality = rng.choice(COUNTRIES + ["England", "Scotland",
                                                  "Wales", "Ghana", "Senegal",
                                                  "Uruguay", "Croatia"])
        birth = date_between(rng, "1986-01-01", "2006-12-31")
        height = int(rng.gauss({"goalkeeper": 190, "defender": 184,
                                "midfielder": 178, "forward": 180}[position], 6))
        used = squads.setdefault(t, set())
        shirt = unique(used, lambda: (rng.choice([1, 12, 13, 30, 31, 99])
                                      if position == "goalkeeper"
                                      else rng.randint(2, 45)))
        value = None
        if rng.random() >= 0.1:
            age = 2024 - int(birth[:4])
            peak = math.exp(-((age - 27) / 6) ** 2)
            value = round(rng.lognormvariate(math.log([9, 2.2, 0.5][tier]), 0.9)
                          * (0.3 + peak), 2)
        players.add(person(rng), t + 1, position, nationality, birth, height,
                    shirt, max(value, 0.05) if value is not None else None)

    referees = [person(rng) for _ in range(140)]
    fixtures = []
    for _ in range(2400):
        tier, members = rng.choice(leagues)
        home, away = rng.sample(members, 2)
        season_start = rng.choice([2022, 2023])
        date = date_between(rng, f"{season_start}-08-05",
                            f"{season_start + 1}-05-31")
        fixtures.append((date, home, away, tier))
    fixtures.sort()
    for date, home, away, tier in fixtures:
        capacity = teams.rows[home - 1][7]
        attendance = None
        if rng.random() >= 0.07:
            attendance = int(capacity * clamp(rng.gauss(0.78, 0.15), 0.2, 1.0))
        matches.add(home, away, date, poisson(rng, 1.55), poisson(rng, 1.2),
                    rng.choice(referees), attendance)

    records = sorted(rng.sample([(s, p) for s in ("2022-23", "2023-24")
                                 for p in range(len(players.rows))], 2800))
    for season, p in records:
        position = players.rows[p][3]
        appearances = int(clamp(rng.triangular(0, 38, 26), 0, 38))
        minutes = int(appearances * rng.uniform(45, 90))
        scoring = {"goalkeeper": 0.002, "defender": 0.05,
                   "midfielder": 0.14, "forward": 0.42}[position]
        goals = poisson(rng, appearances * scoring * rng.uniform(0.4, 1.6))
        assists = poisson(rng, appearances * scoring * 0.7)
        yellows = poisson(rng, appearances * (0.06 if position == "forward"
                                              else 0.12))
        rating = None
        if appearances >= 8:  # too few games for a meaningful average
            rating = round(clamp(6.6 + 0.08 * goals + rng.gauss(0, 0.35),
                                 5.5, 9.0), 1)
        seasons.add(p + 1, season, appearances, minutes, goals, assists,
                    yellows, rating)
    return [teams, players, matches, seasons]


def poisson(rng, mean):
    """A Poisson draw (Knuth's method; the means here are small)."""
    limit, k, product = math.exp(-mean), 0, rng.random()
    while product > limit:
        k += 1
        product *= rng.random()
    return k


# ------------------------------------------------------------------ flights

AIRPORT_STYLES = ["{} International Airport", "{} Regional Airport",
                  "{} Municipal Airport", "{} North Airfield",
                  "{} Executive Airport", "{} Downtown Airport"]
AIRLINE_STYLES = ["{} Air", "{} Airways", "Air {}", "{} Airlines", "Fly{}",
                  "{} Wings", "{} Jet", "{} Aviation", "{} Express"]
ALLIANCES = [("Aurora Alliance", 14), ("Meridian Group", 14),
             ("Polaris Partners", 10), ("unaligned", 62)]
SHORT_HAUL = ["ATR 72", "Dash 8-400", "Embraer E175", "Airbus A220-300"]
MEDIUM_HAUL = ["Airbus A320neo", "Airbus A321neo", "Boeing 737-800",
               "Boeing 737 MAX 8", "Airbus A319"]
LONG_HAUL = ["Boeing 787-9", "Airbus A350-900", "Boeing 777-300ER",
             "Airbus A330-300", "Boeing 767-300ER"]
FARE_CLASSES = [("Economy", 74, 1.0), ("Premium Economy", 11, 1.7),
                ("Business", 12, 3.6), ("First", 3, 6.5)]


LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def airport_code(rng, city, taken, first):
    """A free three-letter code: the city's first letters for its main airport."""
    letters = ascii_letters(city)
    if first and len(letters) >= 3 and letters[:3] not in taken:
        taken.add(letters[:3])
        return letters[:3]
    return unique(taken, lambda: letters[0] + "".join(rng.choices(LETTERS, k=2)))


def make_flights(rng):
    airlines = Table(
        "airlines", "name TEXT NOT NULL", "code TEXT NOT NULL UNIQUE",
        "country TEXT NOT NULL", "headquarters TEXT NOT NULL",
        "hub TEXT NOT NULL", "founded INTEGER NOT NULL",
        "fleet_size INTEGER NOT NULL", "alliance TEXT NOT NULL",
        "rating REAL")
    airports = Table(
        "airports", "code TEXT NOT NULL UNIQUE", "name TEXT NOT NULL",
        "city TEXT NOT NULL", "country TEXT NOT NULL",
        "elevation_m INTEGER NOT NULL", "runways INTEGER NOT NULL",
        "opened INTEGER NOT NULL", "passengers_k INTEGER")
    flights = Table(
        "flights", "flight_number TEXT NOT NULL",
        "airline_id INTEGER NOT NULL REFERENCES airlines(id)",
        "origin TEXT NOT NULL REFERENCES airports(code)",
        "destination TEXT NOT NULL REFERENCES airports(code)",
        "departure_date TEXT NOT NULL", "departure_time TEXT NOT NULL",
        "duration_min INTEGER NOT NULL", "distance_km INTEGER NOT NULL",
        "aircraft TEXT NOT NULL", "status TEXT NOT NULL", "delay_min INTEGER")
    passengers = Table(
        "passengers", "name TEXT NOT NULL", "nationality TEXT NOT NULL",
        "birth_date TEXT NOT NULL", "passport TEXT NOT NULL UNIQUE",
        "ff_since INTEGER")
    bookings = Table(
        "bookings", "flight_id INTEGER NOT NULL REFERENCES flights(id)",
        "passenger_id INTEGER NOT NULL REFERENCES passengers(id)",
        "booking_date TEXT NOT NULL", "fare_class TEXT NOT NULL",
        "seat TEXT NOT NULL", "price REAL NOT NULL",
        "checked_bags INTEGER NOT NULL")

    # Airports: every city gets one; bigger cities (listed first) get more.
    # Airline and airport codes share one namespace so none is ambiguous.
    codes = set()
    ports = []  # (code, country, traffic weight)
    for country in COUNTRIES:
        for rank, city in enumerate(COUNTRY_CITIES[country]):
            count = 2 + (rank < 6) + (rank < 2) + (rng.random() < 0.5)
            extra = AIRPORT_STYLES[1:] + [f"{{}} {rng.choice(LAST_NAMES)} Field"]
            styles = [AIRPORT_STYLES[0]] + rng.sample(extra, count - 1)
            for k, style in enumerate(styles):
                code = airport_code(rng, city, codes, first=k == 0)
                traffic = (rng.lognormvariate(0, 0.6) * (6 if k == 0 else 1)
                           / (1 + rank / 3))
                passengers_k = None
                if rng.random() >= 0.1:
                    passengers_k = int(traffic * rng.uniform(2500, 4000))
                elevation = int(clamp(rng.lognormvariate(math.log(90), 1.3),
                                      0, 3400))
                runways = 1 + (traffic > 2) + (traffic > 5) + (rng.random() < 0.3)
                airports.add(code, style.format(city), city, country,
                             elevation, runways, rng.randint(1925, 2015),
                             passengers_k)
                ports.append((code, country, traffic))
    port_weights = [p[2] for p in ports]
    country_ports = {}
    for p in ports:
        country_ports.setdefault(p[1], []).append(p)

    names = set()
    carriers = []  # (code, hub, fleet size)
    for _ in range(1500):
        name = unique(names, lambda: rng.choice(AIRLINE_STYLES).format(
            stem(rng)))
        country = rng.choice(COUNTRIES)
        hub = rng.choices(country_ports[country],
                          [p[2] for p in country_ports[country]])[0]
        code = unique(codes, lambda: "".join(rng.choices(LETTERS, k=3)))
        fleet = int(bounded(lambda: rng.lognormvariate(math.log(25), 1.2), 2, 900))
        rating = None
        if rng.random() >= 0.1:
            rating = round(clamp(rng.gauss(3.6, 0.55), 1.5, 5.0), 1)
        airlines.add(name, code, country,
                     rng.choice(COUNTRY_CITIES[country][:6]), hub[0],
                     int(clamp(2024 - rng.expovariate(1 / 28), 1919, 2022)),
                     fleet, weighted(rng, ALLIANCES), rating)
        carriers.append((code, hub, fleet))

    distances = {}
    schedule = []
    carrier_weights = [c[2] ** 0.8 for c in carriers]
    for _ in range(9000):
        a = rng.choices(range(len(carriers)), carrier_weights)[0]
        code, hub, _ = carriers[a]
        origin = hub if rng.random() < 0.45 else rng.choices(ports, port_weights)[0]
        destination = origin
        while destination[0] == origin[0]:
            destination = (rng.choices(country_ports[origin[1]],
                                       [p[2] for p in country_ports[origin[1]]])[0]
                           if rng.random() < 0.35
                           else rng.choices(ports, port_weights)[0])
        pair = tuple(sorted((origin[0], destination[0])))
        if pair not in distances:
            domestic = origin[1] == destination[1]
            distances[pair] = int(rng.uniform(150, 1800) if domestic
                                  else bounded(lambda: rng.lognormvariate(
                                      math.log(2200), 0.8), 150, 15500))
        distance = distances[pair]
        date = date_between(rng, "2024-01-01", "2024-12-31")
        minute = rng.choice(range(0, 60, 5))
        hour = weighted(rng, [(h, 1 if h < 6 else 4) for h in range(24)])
        schedule.append((date, f"{hour:02d}:{minute:02d}", a, code, origin[0],
                         destination[0], distance))
    schedule.sort()
    numbers = set()
    for date, time, a, code, origin, destination, distance in schedule:
        number = unique(numbers, lambda: f"{code}{rng.randint(10, 4999)}")
        duration = int(distance / 820 * 60 + 28 + rng.gauss(0, 8))
        aircraft = rng.choice(SHORT_HAUL if distance < 900 else MEDIUM_HAUL
                              if distance < 4500 else LONG_HAUL)
        status = weighted(rng, [("on time", 71), ("delayed", 23),
                                ("cancelled", 4), ("diverted", 1)])
        delay = None
        if status == "on time":
            delay = rng.randint(0, 14)
        elif status == "delayed":
            delay = 15 + int(rng.expovariate(1 / 40))
        if delay is not None and rng.random() < 0.03:
            delay = None  # not reported
        flights.add(number, a + 1, origin, destination, date, time,
                    max(duration, 35), distance, aircraft, status, delay)

    passports = set()
    for _ in range(5000):
        if rng.random() < 0.93:
            birth = date_between(rng, "1940-01-01", "2006-12-31")
        else:
            birth = date_between(rng, "2007-01-01", "2018-12-31")
        passport = unique(passports, lambda: rng.choice("CEFGHKLMNPRTXY")
                          + str(rng.randint(10000000, 99999999)))
        adult = int(birth[:4]) + 18  # children have no frequent-flyer account
        ff_since = None
        if adult <= 2024 and rng.random() >= 0.06:
            ff_since = rng.randint(max(adult, 1995), 2024)
        passengers.add(person(rng), rng.choice(COUNTRIES), birth, passport,
                       ff_since)

    traveller_weights = skewed_weights(rng, len(passengers.rows), 0.9)
    picks = sorted(rng.choices(range(len(flights.rows)), k=9000))
    seats = set()
    for f in picks:
        departure, distance = flights.rows[f][5], flights.rows[f][8]
        classes = FARE_CLASSES if distance >= 4500 else FARE_CLASSES[:3]
        fare, _, factor = rng.choices(classes, [c[1] for c in classes])[0]
        first_row = {"First": 1, "Business": 3, "Premium Economy": 12,
                     "Economy": 18}[fare]
        last_row = {"First": 2, "Business": 10, "Premium Economy": 16,
                    "Economy": 45}[fare]
        seat = unique(seats, lambda: (f, f"{rng.randint(first_row, last_row)}"
                                         f"{rng.choice('ABCDEF')}"))[1]
        price = round((45 + 0.09 * distance) * factor
                      * rng.lognormvariate(0, 0.3), 2)
        booked = add_days(departure, -int(clamp(rng.expovariate(1 / 45), 0, 330)))
        bags = weighted(rng, [(0, 35), (1, 45), (2, 16), (3, 4)])
        p = rng.choices(range(len(passengers.rows)), traveller_weights)[0]
        bookings.add(f + 1, p + 1, booked, fare, seat, price, bags)
    return [airlines, airports, flights, passengers, bookings]


# --------------------------------------------------------------------- main

DATABASES = {"wine": make_wine, "store": make_store, "college": make_college,
             "flights": make_flights, "soccer": make_soccer}


def main():
    chosen = sys.argv[1:] or list(DATABASES)
    for db in chosen:
        # One generator per database, so changing one leaves the others as they are.
        rng = random.Random(f"{SEED}/{db}")
        write_database(db, DATABASES[db](rng))


if __name__ == "__main__":
    main()
