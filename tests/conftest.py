"""Fixtures shared across the test tree: one real PostgreSQL server per test session."""

from __future__ import annotations

import pytest

from tests import pg


@pytest.fixture(scope="session")
def pg_server():
    server = pg.start_server()
    yield server
    server.destroy()


@pytest.fixture
def pg_url(pg_server):
    """A fresh, empty database on the session's server."""
    return pg_server.new_database()
