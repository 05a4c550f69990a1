"""Copy development-set pages chosen for the HTML reader's failure kinds into tests/data/.

Each page is copied gzipped as it is, with its expectations written to
``tests/data/extraction/cases.toml``: the first and last paragraphs of its ground truth (which
must be read) and junk strings seen on the page (which must not be). The benchmark's licence
notice goes beside them. Tests never read the development set itself; run this to regenerate
the fixtures on purpose:

    python3 scripts/make_extraction_fixtures.py [--dev ../shared/extraction-dev]
"""

from __future__ import annotations

import argparse
import json
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "tests" / "data" / "extraction"
# ../shared beside the checkout (or beside the folder of worktrees that holds it).
DEFAULT_DEV = next(
    (
        d
        for d in (
            ROOT.parent / "shared" / "extraction-dev",
            ROOT.parent.parent / "shared" / "extraction-dev",
        )
        if d.is_dir()
    ),
    ROOT.parent / "shared" / "extraction-dev",
)

# page id prefix -> (failure kind, junk strings seen on that page)
CASES: dict[str, tuple[str, list[str]]] = {
    "7916ecca": (
        "the whole page sits in a <form>",
        ["Featured Documentaries", "Cookie Preferences", "Sign up for our"],
    ),
    "432362af": (
        "the article's block has a widget-like class (modal)",
        ["Most Popular Today", "This story has been shared", "View author archive"],
    ),
    "f8ff621a": (
        "a print-only reprint notice looks like the article",
        [
            "This copy is for your personal, non-commercial use only",
            "Photograph by Robyn Beck/AFP/Getty Images",
            "Order Reprints",
        ],
    ),
    "ec3878db": ("two headings in a row", []),
    "c69e539d": (
        "a company About boilerplate closes a press release",
        ["Ascom is a global solutions provider", "Ascom is headquartered in Baar"],
    ),
    "21486419": ("a tag list closes the post", ["Filed under"]),
    "55bb6340": (
        "newsletter promotions",
        ["Sign up for the free daily newsletter", "Sign up for The Water Coolest today"],
    ),
    "65408257": (
        "a subscription promotion",
        ["Get access to India's fastest growing financial subscriptions service"],
    ),
    "8267acac": ("a time stamp line", ["5:45 AM PST 11/19/2019"]),
    "08f79376": (
        "headline cards and a newsletter box after the story",
        ["Gronk, Serena perform with Laker Girls", "Pick Six Newsletter", "Thanks for signing up!"],
    ),
    "2f42ef1d": (
        "trafilatura reads only part of an article split across blocks",
        ["Subscribe to WIRED and stay smart"],
    ),
    "9cb8224b": (
        "line breaks inside a paragraph (tour dates)",
        ["15 Fun Facts About the 2019 American Music Awards Nominations"],
    ),
    "3c5bf8db": (
        "Related: teasers, link lists and a caption",
        [
            "Related: From Big Bang to Present",
            "15 Amazing Images of Stars",
            "The violent simulated birth of a galaxy cluster",
            "Need more space? Subscribe to our sister title",
        ],
    ),
    "bd673bd7": (
        "a Related: teaser and a magazine promotion",
        [
            "Related: 7 Strange Signs You're Having an Allergic Reaction",
            "Want more science? Get a subscription",
        ],
    ),
}


def toml_string(text: str) -> str:
    """``text`` as a TOML basic string."""
    return json.dumps(text, ensure_ascii=False)


def main() -> None:
    """Copy the pages and write cases.toml and the licence notice."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--dev", type=Path, default=DEFAULT_DEV)
    args = ap.parse_args()
    truth = json.loads((args.dev / "ground-truth.json").read_text(encoding="utf-8"))
    OUT.mkdir(parents=True, exist_ok=True)
    shutil.copy(args.dev / "LICENSE", OUT / "LICENSE")
    lines = [
        "# Development-set pages of the ScrapingHub article-extraction benchmark (MIT, see",
        "# LICENSE here), chosen for the HTML reader's failure kinds. Regenerate with",
        "# scripts/make_extraction_fixtures.py; do not edit by hand.",
        "",
    ]
    for prefix, (kind, junk) in CASES.items():
        key = next(k for k in truth if k.startswith(prefix))
        name = f"{key[:16]}.html.gz"
        shutil.copy(args.dev / "html" / f"{key}.html.gz", OUT / name)
        paragraphs = [p.strip() for p in truth[key]["articleBody"].split("\n") if p.strip()]
        lines += [
            "[[page]]",
            f"file = {toml_string(name)}",
            f"kind = {toml_string(kind)}",
            f"url = {toml_string(truth[key]['url'])}",
            f"first = {toml_string(paragraphs[0])}",
            f"last = {toml_string(paragraphs[-1])}",
            "junk = [" + ", ".join(toml_string(j) for j in junk) + "]",
            "",
        ]
    (OUT / "cases.toml").write_text("\n".join(lines), encoding="utf-8")
    print(f"{len(CASES)} pages written to {OUT}")


if __name__ == "__main__":
    main()
