"""Per-tenant flavour: names, themes, markets, products. Pure data, no randomness."""

DEFAULT = {
    "aov_usd": 60.0,
    "season_amp": 0.2,
    "season_peak_doy": 330,
    "themes": ["Brand", "Bestsellers", "New Arrivals", "Sale", "Gift Ideas", "Accessories"],
    "keywords": ["gifts", "online shop", "free shipping", "best price", "new collection", "sale"],
    "countries": [["US", 0.6], ["CA", 0.15], ["GB", 0.1], ["AU", 0.05], ["DE", 0.05], ["FR", 0.05]],
    "products": [["Gift Card", "Gifts"], ["Starter Bundle", "Bundles"]],
}

TENANTS = {
    "rare-seeds": {
        "aov_usd": 42.0,
        "season_amp": 0.45,
        "season_peak_doy": 85,
        "themes": ["Heirloom Tomatoes", "Vegetable Seeds", "Herb Seeds", "Wildflower Mix", "Seed Starter Kits",
                   "Peppers", "Squash & Pumpkins", "Flower Seeds", "Microgreens", "Garden Tools", "Brand",
                   "Organic Seeds", "Bulbs", "Cover Crops", "Seed Collections"],
        "keywords": ["heirloom tomato seeds", "organic vegetable seeds", "herb seeds", "wildflower seeds",
                     "seed starter kit", "pepper seeds", "pumpkin seeds for planting", "flower seeds", "microgreen seeds",
                     "non gmo seeds", "rare seeds", "garden seeds", "cherry tomato seeds", "basil seeds", "zinnia seeds",
                     "sunflower seeds to plant", "lettuce seeds", "carrot seeds", "bean seeds", "seed bank"],
        "countries": [["US", 0.84], ["CA", 0.08], ["GB", 0.02], ["AU", 0.015], ["MX", 0.01], ["DE", 0.008],
                      ["NZ", 0.005], ["IE", 0.004], ["FR", 0.004], ["NL", 0.004], ["SE", 0.003], ["JP", 0.003],
                      ["PR", 0.002], ["ZA", 0.002]],
        "products": [["Cherokee Purple Tomato", "Tomatoes"], ["Brandywine Tomato", "Tomatoes"],
                     ["Sungold Cherry Tomato", "Tomatoes"], ["Genovese Basil", "Herbs"], ["Thai Basil", "Herbs"],
                     ["Cilantro Santo", "Herbs"], ["California Wonder Pepper", "Peppers"],
                     ["Carolina Reaper", "Peppers"], ["Jalapeno Early", "Peppers"], ["Lemon Queen Sunflower", "Flowers"],
                     ["Zinnia State Fair Mix", "Flowers"], ["California Poppy", "Flowers"],
                     ["Pollinator Wildflower Mix", "Wildflowers"], ["Butternut Squash", "Squash"],
                     ["Atlantic Giant Pumpkin", "Squash"], ["Scarlet Nantes Carrot", "Vegetables"],
                     ["Buttercrunch Lettuce", "Vegetables"], ["Kentucky Wonder Bean", "Vegetables"],
                     ["Microgreens Sampler", "Microgreens"], ["Seed Starting Kit", "Supplies"],
                     ["Heirloom Seed Vault", "Collections"], ["Kids Garden Collection", "Collections"]],
    },
    "nordic-knits": {
        "aov_usd": 95.0,
        "season_amp": 0.4,
        "season_peak_doy": 335,
        "themes": ["Wool Sweaters", "Cardigans", "Mittens", "Scarves", "Beanies", "Socks", "Brand", "Sale",
                   "Kids Knitwear", "Merino Basics", "Gift Ideas", "Yarn Kits"],
        "keywords": ["wool sweater", "nordic sweater", "merino cardigan", "knitted mittens", "wool scarf",
                     "knit beanie", "wool socks", "fair isle sweater", "icelandic sweater", "knitting kit",
                     "chunky knit cardigan", "kids wool sweater"],
        "countries": [["DE", 0.3], ["SE", 0.22], ["US", 0.14], ["NO", 0.07], ["DK", 0.06], ["NL", 0.05], ["FI", 0.04],
                      ["AT", 0.04], ["CH", 0.03], ["GB", 0.03], ["FR", 0.02]],
        "products": [["Fjord Fair Isle Sweater", "Sweaters"], ["Lofoten Cardigan", "Cardigans"],
                     ["Merino Crew Neck", "Sweaters"], ["Reindeer Mittens", "Accessories"],
                     ["Aurora Scarf", "Accessories"], ["Cable Beanie", "Accessories"], ["Wool Hiking Socks", "Socks"],
                     ["Kids Star Sweater", "Kids"], ["Yarn Kit Beginner", "Kits"], ["Icelandic Lopi Sweater", "Sweaters"]],
    },
    "kiwi-outdoors": {
        "aov_usd": 150.0,
        "season_amp": 0.3,
        "season_peak_doy": 340,
        "themes": ["Tramping Packs", "Tents", "Rain Jackets", "Sleeping Bags", "Boots", "Brand", "Sale",
                   "Camp Cooking", "Merino Layers", "Headlamps"],
        "keywords": ["tramping pack", "hiking backpack nz", "2 person tent", "rain jacket", "sleeping bag",
                     "hiking boots", "camp stove", "merino base layer", "headlamp", "great walks gear"],
        "countries": [["NZ", 0.86], ["AU", 0.1], ["US", 0.02], ["GB", 0.01], ["DE", 0.01]],
        "products": [["Routeburn 45L Pack", "Packs"], ["Kepler 2P Tent", "Tents"], ["Milford Rain Shell", "Jackets"],
                     ["Tongariro Down Bag", "Sleeping"], ["Abel Tasman Boots", "Footwear"], ["Camp Stove Mini", "Cooking"],
                     ["Merino 200 Top", "Layers"], ["Beam 400 Headlamp", "Lighting"]],
    },
}

COUNTRY_NAMES = {
    "US": "United States", "CA": "Canada", "GB": "United Kingdom", "AU": "Australia", "MX": "Mexico", "DE": "Germany",
    "NZ": "New Zealand", "IE": "Ireland", "FR": "France", "NL": "Netherlands", "SE": "Sweden", "JP": "Japan",
    "PR": "Puerto Rico", "ZA": "South Africa", "NO": "Norway", "DK": "Denmark", "FI": "Finland", "AT": "Austria",
    "CH": "Switzerland",
}

FIRST_NAMES = ["Olivia", "Liam", "Emma", "Noah", "Ava", "Elijah", "Sophia", "James", "Isabella", "Lucas", "Mia",
               "Mason", "Amelia", "Ethan", "Harper", "Aiden", "Ella", "Leo", "Freya", "Oskar", "Astrid", "Mateo",
               "Aroha", "Nikau", "Ingrid", "Lars", "Maja", "Hugo", "Chloe", "Ruby"]
LAST_NAMES = ["Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Martinez", "Wilson",
              "Andersson", "Johansson", "Nilsen", "Schmidt", "Muller", "Ngata", "Walker", "Thompson", "Clarke", "Lee",
              "Kowalski", "Rossi", "Dubois", "Jensen", "Larsen", "Taylor", "Moore", "White", "Harris", "Young"]


def profile(tenant_id: str) -> dict:
    return {**DEFAULT, **TENANTS.get(tenant_id, {})}


def sql_list(items: list) -> str:
    def lit(x: object) -> str:
        if isinstance(x, str):
            return "'" + x.replace("'", "''") + "'"
        return repr(x)

    return "[" + ", ".join(lit(i) for i in items) + "]"
