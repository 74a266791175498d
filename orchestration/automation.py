"""Schedules and sensors: when the full refresh runs without a person starting it."""

from __future__ import annotations

import hashlib
from pathlib import Path

import dagster as dg

from orchestration.settings import Settings

QUARTERLY_CRON = "0 6 1 1,4,7,10 *"  # 06:00 on the first day of each quarter
TIMEZONE = "Asia/Shanghai"


def landing_fingerprint(data_dir: Path) -> str:
    """A digest of every file's relative path, size and modification time under the landing
    directory: it changes when a file is added, removed or replaced."""
    digest = hashlib.sha256()
    if data_dir.is_dir():
        for path in sorted(p for p in data_dir.rglob("*") if p.is_file() and not p.name.startswith((".", "~$"))):
            stat = path.stat()
            digest.update(f"{path.relative_to(data_dir)}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()[:16]


def build_automation(job, settings: Settings) -> tuple[list[dg.ScheduleDefinition], list[dg.SensorDefinition]]:
    """The quarterly schedule and the landing-directory sensor of `job` (an asset job)."""
    quarterly = dg.ScheduleDefinition(
        name="quarterly_refresh",
        job=job,
        cron_schedule=QUARTERLY_CRON,
        execution_timezone=TIMEZONE,
        default_status=dg.DefaultScheduleStatus.STOPPED,
        description="Quarterly refresh 季度刷新 (enable in the UI; needs the dagster-daemon).",
    )

    @dg.sensor(
        name="landing_directory_changed",
        job=job,
        minimum_interval_seconds=300,
        default_status=dg.DefaultSensorStatus.STOPPED,
        description="Runs the full refresh when files in the landing directory are added, removed or "
        "replaced 落地目录有新文件时自动刷新 (one run per state of the directory).",
    )
    def landing_directory_changed(context: dg.SensorEvaluationContext):
        fingerprint = landing_fingerprint(settings.data_dir)
        if fingerprint == context.cursor:
            return dg.SkipReason(f"{settings.data_dir}: unchanged since the last run ({fingerprint})")
        context.update_cursor(fingerprint)
        return dg.RunRequest(run_key=f"landing-{fingerprint}", tags={"dualctl/landing_fingerprint": fingerprint})

    return [quarterly], [landing_directory_changed]
