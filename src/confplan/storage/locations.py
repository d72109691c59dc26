"""The one place where confplan decides where files live.  Tests point these at temporary directories."""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

import platformdirs

APP_NAME = "confplan"
BUNDLED_CONFERENCE = "iclr2023"


def data_root() -> Path:
    """The bundled programmes: inside the installed package, or ``data/`` of a source checkout."""
    packaged = Path(str(resources.files("confplan"))) / "_data"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[3] / "data"


def docs_root() -> Path:
    """The user documentation (``confplan help TOPIC``): inside the installed package, or ``docs/`` of a checkout."""
    packaged = Path(str(resources.files("confplan"))) / "_docs"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[3] / "docs"


def bundled_schedule() -> Path:
    return data_root() / BUNDLED_CONFERENCE / "programme.txt"


def user_data_dir() -> Path:
    """Where agendas are kept (XDG data directory); ``CONFPLAN_DATA_DIR`` overrides it."""
    override = os.environ.get("CONFPLAN_DATA_DIR")
    return Path(override) if override else Path(platformdirs.user_data_dir(APP_NAME))


def user_cache_dir() -> Path:
    """Where downloaded schedules are cached (XDG cache directory); ``CONFPLAN_CACHE_DIR`` overrides it."""
    override = os.environ.get("CONFPLAN_CACHE_DIR")
    return Path(override) if override else Path(platformdirs.user_cache_dir(APP_NAME))


def user_config_dir() -> Path:
    """Where settings are kept (XDG config directory: the calendar each agenda syncs to); ``CONFPLAN_CONFIG_DIR``
    overrides it."""
    override = os.environ.get("CONFPLAN_CONFIG_DIR")
    return Path(override) if override else Path(platformdirs.user_config_dir(APP_NAME))
