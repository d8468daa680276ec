"""Build the first-name gender table the speaker resolver reads, from the US Census 1990 name lists.

    python -m rashomon_eval.train.first_names [--out PATH]

The lists come from the `names` package (MIT; the data are the US Census Bureau's 1990 frequency files,
public domain). A name goes in as "m" or "f" when one sex's frequency is at least `RATIO` times the
other's, so "Hillary" is "f" and "Jordan" (both) is left out: a pronoun then relies on other evidence.
"""

from __future__ import annotations

import argparse
import gzip
import json
from collections.abc import Sequence
from importlib import resources
from pathlib import Path

from rashomon.text.genders import FIRST_NAMES_PATH

RATIO = 4.0


def frequencies(sex: str) -> dict[str, float]:
    """Name -> frequency (percent of people) of one census list: "male" or "female"."""
    text = resources.files("names").joinpath(f"dist.{sex}.first").read_text(encoding="utf-8")
    out = {}
    for line in text.splitlines():
        parts = line.split()
        if len(parts) >= 2:
            out[parts[0].lower()] = float(parts[1])
    return out


def table() -> dict[str, str]:
    """First name -> "m" or "f", for names whose sex is clear from the census frequencies."""
    male, female = frequencies("male"), frequencies("female")
    out = {}
    for name in sorted(set(male) | set(female)):
        m, f = male.get(name, 0.0), female.get(name, 0.0)
        if m >= RATIO * f:
            out[name] = "m"
        elif f >= RATIO * m:
            out[name] = "f"
    return out


def main(argv: Sequence[str] | None = None) -> None:
    """Write the table as gzipped JSON."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--out", type=Path, default=FIRST_NAMES_PATH)
    args = parser.parse_args(argv)
    data = table()
    with gzip.GzipFile(args.out, "wb", mtime=0) as handle:
        handle.write(json.dumps(data, sort_keys=True, separators=(",", ":")).encode("utf-8"))
    print(f"wrote {args.out}: {len(data)} names")


if __name__ == "__main__":
    main()
