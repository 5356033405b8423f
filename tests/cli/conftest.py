"""Every CLI test runs against its own (absent) guard: `bsm-guard check` reads the local
guard's saved settings from the user data dir, which must never be the developer's own."""

import pytest


@pytest.fixture(autouse=True)
def no_local_guard(tmp_path_factory, monkeypatch):
    home = tmp_path_factory.mktemp("xdg") / "data"  # does not exist
    monkeypatch.setenv("XDG_DATA_HOME", str(home))
    monkeypatch.delenv("BSM_GUARD_STORE", raising=False)
    return home
