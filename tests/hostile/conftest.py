"""Every hostile run gets its own data and cache folders (agendas, downloads, parsed schedules)."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture
def private_env(tmp_path: Path) -> dict[str, str]:
    return {"CONFPLAN_DATA_DIR": str(tmp_path / "data"), "CONFPLAN_CACHE_DIR": str(tmp_path / "cache")}
