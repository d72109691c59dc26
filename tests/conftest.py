"""Settings for the whole suite."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def private_cache_dir(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own empty cache directory (parsed schedules, downloads), never the user's: the command
    caches what it parses, and a test must neither leave files behind nor see another test's."""
    directory = tmp_path_factory.mktemp("cache")
    monkeypatch.setenv("CONFPLAN_CACHE_DIR", str(directory))
    # No test touches the internet: the planner would otherwise fetch the bundled programme's paper titles from
    # OpenReview.  Tests of fetching unset this and name a server on 127.0.0.1 instead.
    monkeypatch.setenv("CONFPLAN_OFFLINE", "1")
    return directory


@pytest.fixture(autouse=True)
def private_config_dir(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own empty config directory (where `confplan sync` remembers calendars), never the user's."""
    directory = tmp_path_factory.mktemp("config")
    monkeypatch.setenv("CONFPLAN_CONFIG_DIR", str(directory))
    return directory
