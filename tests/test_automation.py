"""The quarterly schedule and the landing-directory sensor."""

from __future__ import annotations

import dagster as dg

from orchestration.automation import build_automation, landing_fingerprint
from orchestration.settings import Settings


def _sensor(tmp_path):
    job = dg.define_asset_job("job")
    settings = Settings(tmp_path / "landing", tmp_path / "wh.duckdb", tmp_path / "pub", "2026.1")
    schedules, sensors = build_automation(job, settings)
    return schedules[0], sensors[0], settings.data_dir


def test_quarterly_schedule(tmp_path):
    schedule, _, _ = _sensor(tmp_path)
    assert schedule.cron_schedule == "0 6 1 1,4,7,10 *" and schedule.execution_timezone == "Asia/Shanghai"


def test_sensor_runs_once_per_state_of_the_landing_directory(tmp_path):
    _, sensor, landing = _sensor(tmp_path)
    (landing / "yearbook").mkdir(parents=True)
    (landing / "yearbook" / "2020.xlsx").write_bytes(b"one")

    first = sensor.evaluate_tick(dg.build_sensor_context())
    assert len(first.run_requests) == 1
    cursor = first.cursor
    assert first.run_requests[0].run_key == f"landing-{cursor}"

    unchanged = sensor.evaluate_tick(dg.build_sensor_context(cursor=cursor))
    assert unchanged.run_requests == [] and "unchanged" in unchanged.skip_message

    (landing / "yearbook" / "2021.xlsx").write_bytes(b"two")  # a new yearbook lands
    changed = sensor.evaluate_tick(dg.build_sensor_context(cursor=cursor))
    assert len(changed.run_requests) == 1 and changed.cursor != cursor


def test_fingerprint_ignores_office_lock_files(tmp_path):
    (tmp_path / "a.xlsx").write_bytes(b"x")
    before = landing_fingerprint(tmp_path)
    (tmp_path / "~$a.xlsx").write_bytes(b"lock")
    assert landing_fingerprint(tmp_path) == before
