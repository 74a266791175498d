"""Deterministic generator of the embedded sample data (`data/sample/`).

Each source has its own module with a `generate(out_dir, seed)` function; `python -m
sample_generator --out data/sample` runs them all. The same seed always gives byte-identical
files, so the committed sample can be checked against a fresh generation.

Sources so far: `yearbook` (统计年鉴分盟市表, `yearbook/<YYYY>.xlsx`), `forestry` (林草湿调查样地,
`forestry_survey/<YYYY>/plots.csv`), `ccus` (`ccus/<YYYY>.csv` and `measures/<YYYY>.csv`),
`enterprise_reports` (重点排放单位年度排放报告, `enterprise_reports/<YYYY>/<credit_code>.json`).
"""

DEFAULT_SEED = 20260101
