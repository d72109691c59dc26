"""Fixtures for the real-client tests (khal, Radicale)."""

from __future__ import annotations

from pathlib import Path

import pytest
from export_scenario import ReimportCycle, make_reimport_cycle


@pytest.fixture
def reimport_cycle(tmp_path: Path) -> ReimportCycle:
    return make_reimport_cycle(tmp_path)
