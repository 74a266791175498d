"""Command line: `python -m sample_generator --out data/sample [--seed N]`."""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence
from pathlib import Path

from sample_generator import DEFAULT_SEED, ccus, falsification, forestry, yearbook

# Every source of the landing directory, in generation order: name -> generate(out_dir, seed).
SOURCES: dict[str, Callable[[Path, int], list[Path]]] = {
    "yearbook": yearbook.generate,
    "forestry_survey": forestry.generate,
    "ccus": ccus.generate,  # ccus/<YYYY>.csv and measures/<YYYY>.csv
    # enterprise_reports/<YYYY>/<credit_code>.json with the labelled falsification cases (the truth
    # goes next to the landing directory: <out>/../sample_truth/falsification_truth.csv)
    "enterprise_reports": falsification.generate,
}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m sample_generator", description=__doc__)
    parser.add_argument(
        "--out", type=Path, default=Path("data/sample"), help="landing directory to write"
    )
    parser.add_argument(
        "--seed", type=int, default=DEFAULT_SEED, help="random seed (default %(default)s)"
    )
    parser.add_argument(
        "--only", choices=sorted(SOURCES), action="append", help="generate only these sources"
    )
    args = parser.parse_args(argv)
    for name in args.only or list(SOURCES):
        paths = SOURCES[name](args.out, args.seed)
        print(f"{name}: wrote {len(paths)} files under {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
