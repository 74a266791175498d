"""Helpers shared by the benchmark scripts: the machine line and writing a marked section of a
Markdown page (other sections of the page are left as they are)."""

from __future__ import annotations

import os
import platform
import re
from pathlib import Path


def machine() -> str:
    """`2 cores (CPU model), Python 3.x, OS` for the measured-on line."""
    try:
        cpu = next(line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                   if line.startswith("model name"))
    except (OSError, StopIteration):
        cpu = platform.processor()
    return f"{os.cpu_count()} cores ({cpu}), Python {platform.python_version()}, {platform.system()}"


def write_section(doc: Path, start: str, end: str, section: str) -> None:
    """Replace the text between the `start` and `end` markers of `doc` (both included in
    `section`), or append the section when the page has no such markers yet."""
    text = doc.read_text(encoding="utf-8") if doc.exists() else "# Benchmarks\n\n"
    if start in text:
        text = re.sub(re.escape(start) + ".*?" + re.escape(end), lambda _: section, text, flags=re.DOTALL)
    else:
        text = text.rstrip() + "\n\n" + section + "\n"
    doc.write_text(text, encoding="utf-8")
    print(f"\nwritten to {doc}")
