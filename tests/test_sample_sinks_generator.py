"""The sample survey, CCUS and measures generators: deterministic, committed, shaped right."""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

from sample_generator import DEFAULT_SEED, ccus, forestry

SAMPLE_DIR = Path(__file__).resolve().parents[1] / "data" / "sample"


def _relative(paths: list[Path], root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in paths}


def test_committed_sample_equals_a_fresh_generation(tmp_path):
    fresh = _relative(forestry.generate(tmp_path, DEFAULT_SEED) + ccus.generate(tmp_path, DEFAULT_SEED), tmp_path)
    assert set(fresh) == {f"forestry_survey/{w}/plots.csv" for w in (2017, 2020, 2023)} | {
        f"{folder}/{year}.csv" for folder in ("ccus", "measures") for year in range(2020, 2025)}
    for name, content in fresh.items():
        assert (SAMPLE_DIR / name).read_bytes() == content, (
            f"data/sample/{name} differs from a fresh generation: regenerate it with "
            "`python -m sample_generator --out data/sample`")


def test_other_seed_gives_other_plots(tmp_path):
    other = forestry.generate(tmp_path, DEFAULT_SEED + 1)[0].read_bytes()
    assert other != (SAMPLE_DIR / "forestry_survey" / "2017" / "plots.csv").read_bytes()


def test_survey_shape():
    waves = {}
    for wave in (2017, 2020, 2023):
        with (SAMPLE_DIR / "forestry_survey" / str(wave) / "plots.csv").open(encoding="utf-8") as handle:
            waves[wave] = list(csv.DictReader(handle))
    for wave, rows in waves.items():
        assert 2_000 <= len(rows) <= 3_000, wave  # a few thousand plots per wave at most
        area = Counter()
        for row in rows:
            area[row["land_class"]] += float(row["area_ha"]) / 1e4  # 万 ha
        forest = area["乔木林"] + area["疏林地"] + area["灌木林"]
        assert 2_500 <= forest <= 2_700 and 5_300 <= area["草地"] <= 5_600 and 360 <= area["湿地"] <= 400, wave
        assert len({row["league_code"] for row in rows}) == 12
    ids = {wave: {row["plot_id"] for row in rows} for wave, rows in waves.items()}
    assert 0 < len(ids[2017] ^ ids[2020]) < 30 and 0 < len(ids[2020] ^ ids[2023]) < 30
