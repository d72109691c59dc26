"""Hypothesis profiles: a short run in the normal suite, a long one for `make fuzz` (CONFPLAN_FUZZ=long).

The long run keeps each failing input (Hypothesis's example database) in .hypothesis/examples at the top of the
checkout, so that the next `make fuzz` tries it first, until it passes.  The short run is derandomized: the normal
suite gives the same result on every machine.
"""

from __future__ import annotations

import os
from pathlib import Path

from hypothesis import HealthCheck, settings
from hypothesis.database import DirectoryBasedExampleDatabase

EXAMPLES = Path(__file__).resolve().parents[2] / ".hypothesis" / "examples"

settings.register_profile(
    "ci", max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True
)
settings.register_profile(
    "long",
    max_examples=5000,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    database=DirectoryBasedExampleDatabase(EXAMPLES),
)
settings.load_profile("long" if os.environ.get("CONFPLAN_FUZZ") == "long" else "ci")
