"""The TOML files under policy/data that the rules and token finders read.

Word lists and thresholds are data (Vale-style), read with importlib.resources so they ship
inside the wheel, parsed once per process and cached.
"""

from __future__ import annotations

import tomllib
from functools import lru_cache
from importlib import resources


@lru_cache(maxsize=None)
def load(name: str) -> dict:
    """policy/data/<name> (a TOML file), parsed once."""
    return tomllib.loads(resources.files("policy.data").joinpath(name).read_text("utf-8"))
