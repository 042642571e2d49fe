"""Write eval/copies/pairs.jsonl: labelled article pairs for measuring the copy threshold.

    python -m assistant.eval.studies.copies.pairs

Deterministic (seeded). Each line: {"id", "kind", "copy" (the label), "edit", "a", "b"}, where
`a` and `b` are article files as text (headline, blank line, body). Kinds:

- `true_copy`: the same body under a new headline, with a dateline and credits added;
- `edited_copy`: a typical wire edit of that (words changed, a sentence cut or added, the end
  cut, or several at once);
- `different_story`: two articles that are not copies: two outlets' own reports of one event,
  a follow-up that reuses the earlier story's background paragraph, or two unrelated articles.

The originals are the ten OneStopQA dev articles (CC BY-SA 4.0, see results.md) and the seed
Reuters article in corpus/; the same-event stories below were written for this set.
"""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

# Run from the repository root, as every script here is.
ONESTOPQA = Path("../shared/data/onestopqa-dev/articles")
SEED = Path("corpus/000_42df4043e14da31e.txt")
PAIRS = Path("eval/copies/pairs.jsonl")
OUTLETS = ("Reuters", "AP", "AFP", "UPI")
CITIES = ("LONDON", "WARSAW", "TOKYO", "MADRID", "DHAKA", "PARIS")
SENTENCE = re.compile(r"(?<=[.!?”])\s+(?=[A-Z“])")
ADDED = (
    "The ministry did not immediately respond to a request for comment.",
    "Officials said more details would be released later this week.",
    "The report could not be independently verified.",
)
SWAPS = {"said": "says", "about": "around", "more": "over", "big": "large", "but": "yet"}

# Two outlets' own reports of one event (same facts, their own words), and follow-ups that
# reuse an earlier story's background paragraph: all "different_story".
SAME_EVENT = [
    (
        "Wildfire forces evacuations near Valencia\n\nA wildfire fanned by strong winds forced "
        "the evacuation of 1,200 people from villages near Valencia on Friday, regional "
        "officials said. Firefighters backed by six aircraft were battling the blaze, which "
        "broke out in dry scrubland on Thursday evening. No injuries have been reported.\n",
        "Thousands flee Spanish wildfire\n\nAbout 5,000 people have left their homes as a fire "
        "spread through hills west of Valencia, emergency services said on Sunday. The blaze "
        "has burned 3,000 hectares since Thursday and crews expect hot weather to hamper "
        "their work. Two firefighters were treated for smoke inhalation.\n",
    ),
    (
        "Central bank raises rates to 4.5%\n\nThe central bank raised its main interest rate "
        "by a quarter point to 4.5% on Thursday, its third increase this year, saying "
        "inflation remained too high. Governor Ana Ruiz told reporters that further rises "
        "could not be ruled out if prices kept climbing.\n",
        "Rates up again as inflation bites\n\nBorrowing costs rose for the third time this "
        "year after policymakers voted seven to two for a 0.25-point increase, taking the "
        "benchmark rate to 4.5%. Economists had expected the move. Mortgage lenders are "
        "likely to pass the rise on to customers within weeks, analysts said.\n",
    ),
    (
        "Earthquake shakes southern Turkey\n\nA magnitude 5.8 earthquake struck southern "
        "Turkey early on Tuesday, damaging buildings in several towns, the disaster agency "
        "said. At least 14 people were injured, mostly while fleeing their homes. The quake "
        "was felt as far away as Cyprus.\n",
        "Dozens hurt as quake hits Turkey\n\nRescuers searched damaged houses after a "
        "strong earthquake rattled the south of the country before dawn. Officials put the "
        "number of injured at 31 by midday. Schools in the province will stay closed for "
        "two days while engineers inspect them.\n",
    ),
    (
        "City votes to ban cars from centre\n\nCouncillors voted 32 to 18 on Monday to close "
        "the old town to private cars from next spring. The mayor said the plan would cut "
        "pollution and make streets safer. Shopkeepers warned that they would lose "
        "customers.\n",
        "Car ban divides shop owners\n\nTraders in the historic centre say the council's "
        "decision to keep cars out will hurt business, while cycling groups welcomed it. "
        "The ban starts in April and residents will get permits. A legal challenge is being "
        "prepared by a group of businesses.\n",
    ),
]
BACKGROUND = (
    "The drought has left reservoirs at a third of their capacity, and farmers in the region "
    "have been told to cut their water use by half. Scientists say rising temperatures have "
    "made such dry spells longer and more frequent across southern Europe over the past two "
    "decades."
)
FOLLOW_UPS = [
    (
        "Farmers protest water cuts\n\nHundreds of farmers drove tractors into the city "
        f"centre on Monday to protest against limits on irrigation.\n\n{BACKGROUND}\n",
        "Government offers drought aid\n\nThe government announced 200 million euros in aid "
        f"for farms hit by the drought on Wednesday, two days after protests.\n\n{BACKGROUND}\n",
    ),
    (
        "Reservoir levels fall again\n\nWater levels in the main reservoir fell another two "
        f"points this week, the water authority said.\n\n{BACKGROUND}\n\nThe authority will "
        "review the limits next month.\n",
        "Rain brings little relief\n\nStorms over the weekend brought the first rain in "
        f"three months but did little to refill reservoirs, officials said.\n\n{BACKGROUND}\n",
    ),
]


def paragraphs(text: str) -> tuple[str, list[str]]:
    """(headline, body paragraphs) of an article file."""
    blocks = [b.strip() for b in text.strip().split("\n\n") if b.strip()]
    return blocks[0], blocks[1:]


def article(headline: str, body: list[str]) -> str:
    return headline + "\n\n" + "\n\n".join(body) + "\n"


def republish(body: list[str], rng: random.Random) -> tuple[str, list[str]]:
    """The body under another outlet: new headline, dateline, credits."""
    outlet = rng.choice(OUTLETS)
    headline = f"{rng.choice(('UPDATE 1', 'FACTBOX', 'WRAPUP'))}-{outlet} report"
    first = f"{rng.choice(CITIES)}, Aug {rng.randint(1, 28)} ({outlet}) - {body[0]}"
    return headline, [first, *body[1:], "Reporting by Jane Smith; Editing by Tom Brown"]


def change_words(body: list[str], rng: random.Random, n: int) -> list[str]:
    text = "\n\n".join(body)
    spots = [m for m in re.finditer(r"\b(" + "|".join(SWAPS) + r")\b", text)]
    for m in sorted(rng.sample(spots, min(n, len(spots))), key=lambda m: -m.start()):
        text = text[: m.start()] + SWAPS[m.group(1)] + text[m.end() :]
    return text.split("\n\n")


def cut_sentence(body: list[str], rng: random.Random) -> list[str]:
    i = rng.randrange(len(body))
    sentences = SENTENCE.split(body[i])
    if len(sentences) > 1:
        del sentences[rng.randrange(1, len(sentences))]
    return [*body[:i], " ".join(sentences), *body[i + 1 :]]


def add_sentence(body: list[str], rng: random.Random) -> list[str]:
    i = rng.randrange(len(body))
    return [*body[:i], f"{body[i]} {rng.choice(ADDED)}", *body[i + 1 :]]


def cut_end(body: list[str], share: float) -> list[str]:
    return body[: max(1, round(len(body) * (1 - share)))]


EDITS = {
    "two words changed": lambda b, r: change_words(b, r, 2),
    "five words changed": lambda b, r: change_words(b, r, 5),
    "a sentence cut": cut_sentence,
    "a sentence added": add_sentence,
    "last fifth cut": lambda b, r: cut_end(b, 0.2),
    "last third cut": lambda b, r: cut_end(b, 1 / 3),
    "three words changed, a sentence cut and one added": lambda b, r: add_sentence(
        cut_sentence(change_words(b, r, 3), r), r
    ),
}


def build() -> list[dict]:
    """Every labelled pair, in file order: a true copy of each source article, two edited copies per
    edit of `EDITS`, then the different stories; the same on every run (seeded)."""
    rng = random.Random(16)
    sources = sorted(ONESTOPQA.glob("*.txt")) + [SEED]
    texts = {p.name: p.read_text(encoding="utf-8") for p in sources}
    pairs = []

    def add(kind: str, copy: bool, edit: str, a: str, b: str) -> None:
        pairs.append(
            {
                "id": f"{kind}-{len(pairs):02d}",
                "kind": kind,
                "copy": copy,
                "edit": edit,
                "a": a,
                "b": b,
            }
        )

    for name, text in texts.items():
        _, body = paragraphs(text)
        headline, copied = republish(body, rng)
        add(
            "true_copy",
            True,
            f"{name}: new headline, dateline, credits",
            text,
            article(headline, copied),
        )
    names = list(texts)
    for n, (edit, how) in enumerate(EDITS.items()):
        for name in (names[n % len(names)], names[(n + 5) % len(names)]):
            _, body = paragraphs(texts[name])
            headline, copied = republish(how(body, rng), rng)
            add(
                "edited_copy",
                True,
                f"{name}: {edit}, new headline and dateline",
                texts[name],
                article(headline, copied),
            )
    for a, b in SAME_EVENT:
        add("different_story", False, "two outlets' own reports of one event", a, b)
    for a, b in FOLLOW_UPS:
        add("different_story", False, "follow-up sharing a background paragraph", a, b)
    for n in range(6):
        a, b = names[n], names[(n + 3) % len(names)]
        add("different_story", False, f"unrelated: {a} / {b}", texts[a], texts[b])
    return pairs


def main() -> None:
    pairs = build()
    with open(PAIRS, "w", encoding="utf-8") as out:
        for pair in pairs:
            out.write(json.dumps(pair, ensure_ascii=False) + "\n")
    print(f"wrote {len(pairs)} pairs to {PAIRS}")


if __name__ == "__main__":
    main()
