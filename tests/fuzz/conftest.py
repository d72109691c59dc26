"""Hypothesis profiles: a short run in the normal suite, a long one for `make fuzz` (CONFPLAN_FUZZ=long)."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

settings.register_profile(
    "ci", max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True
)
settings.register_profile("long", max_examples=5000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("long" if os.environ.get("CONFPLAN_FUZZ") == "long" else "ci")
