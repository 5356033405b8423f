"""The guard's own CA (proxy/ca.py), with the real parts: mitmproxy's CertStore loads it, a
real guard signs its leaf certificates with it, and a CA that is already in the data dir (a
current user's "mitmproxy" CA, made here by mitmproxy itself) stays byte for byte."""

from __future__ import annotations

import asyncio
import datetime as dt
import http.client
import os
import ssl
import stat
from pathlib import Path

import aiohttp
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtensionOID, NameOID
from mitmproxy import certs
from mitmproxy.options import CONF_BASENAME, KEY_SIZE

from proxy import ca
from proxy.cli import main
from proxy.service import GuardService, open_state

KEY_FILES = ("mitmproxy-ca.pem", "mitmproxy-ca.p12")
CERT_FILES = ("mitmproxy-ca-cert.pem", "mitmproxy-ca-cert.cer", "mitmproxy-ca-cert.p12")


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def snapshot(data_dir: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(data_dir.glob("mitmproxy-ca*"))}


def leaf_through(proxy_port: int, trust: ssl.SSLContext) -> tuple[int, bytes]:
    """An HTTPS request for Seller Central through the guard (CONNECT, TLS, GET): the status
    and the certificate the client was shown. The guard answers this path itself."""
    conn = http.client.HTTPSConnection("127.0.0.1", proxy_port, context=trust, timeout=10)
    conn.set_tunnel("sellercentral.amazon.com", 443)
    try:
        conn.request("GET", "/__bsm-guard/status")
        status = conn.getresponse().status
        return status, conn.sock.getpeercert(binary_form=True)
    finally:
        conn.close()


async def serve_and_look(data_dir: Path) -> tuple[int, x509.Certificate, bytes]:
    """Start a real guard (proxy and API) on `data_dir`, make one HTTPS request through it
    trusting only `ca-path`, fetch /api/ca.pem; the status, the leaf, the served PEM."""
    state = open_state(data_dir)
    service = GuardService(state, proxy_port=0, api_port=0)
    await service.start()
    try:
        trust = ssl.create_default_context(cafile=str(service.ca_path))
        status, der = await asyncio.to_thread(leaf_through, service.proxy_port, trust)
        async with aiohttp.ClientSession() as s:
            async with s.get(f"http://127.0.0.1:{service.api_port}/api/ca.pem") as resp:
                assert resp.status == 200
                served = await resp.read()
    finally:
        await service.stop()
        state.store.close()
    return status, x509.load_der_x509_certificate(der), served


def test_a_fresh_data_dir_gets_the_guards_own_ca(tmp_path):
    before = dt.datetime.now(dt.timezone.utc)
    path = ca.ensure_ca(tmp_path)
    assert path == tmp_path / "mitmproxy-ca-cert.pem"
    cert = x509.load_pem_x509_certificate(path.read_bytes())
    cn = cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value
    org = cert.subject.get_attributes_for_oid(NameOID.ORGANIZATION_NAME)[0].value
    assert cn.startswith("bsm-guard local CA (") and cn.endswith(f", {before:%Y-%m-%d})")
    assert org == "bsm-guard" and cert.issuer == cert.subject
    cert.verify_directly_issued_by(cert)  # self-signed

    basic = cert.extensions.get_extension_for_oid(ExtensionOID.BASIC_CONSTRAINTS)
    assert basic.critical and basic.value.ca is True
    usage = cert.extensions.get_extension_for_oid(ExtensionOID.KEY_USAGE)
    assert usage.critical and usage.value.key_cert_sign and usage.value.crl_sign
    assert not usage.value.digital_signature
    ski = cert.extensions.get_extension_for_oid(ExtensionOID.SUBJECT_KEY_IDENTIFIER).value
    assert ski == x509.SubjectKeyIdentifier.from_public_key(cert.public_key())
    assert cert.not_valid_before_utc <= before
    assert cert.not_valid_after_utc - before > dt.timedelta(days=365 * 10)

    # mitmproxy loads it as its CA, rather than creating its own
    store = certs.CertStore.from_store(tmp_path, CONF_BASENAME, KEY_SIZE)
    assert store.default_ca.fingerprint() == cert.fingerprint(hashes.SHA256())
    assert store.default_privatekey.public_key() == cert.public_key()

    # the certificate-only files hold no key; the key files are the owner's only
    for name in CERT_FILES[:2]:
        assert (tmp_path / name).read_bytes() == path.read_bytes()
    p12 = pkcs12.load_pkcs12((tmp_path / "mitmproxy-ca-cert.p12").read_bytes(), None)
    assert p12.key is None and [c.certificate for c in p12.additional_certs] == [cert]
    assert b"PRIVATE KEY" not in path.read_bytes()
    for name in KEY_FILES:
        assert mode(tmp_path / name) == 0o600
    assert not list(tmp_path.glob(".*.tmp"))


def test_key_files_are_0600_whatever_the_umask(tmp_path):
    old = os.umask(0)
    try:
        ca.ensure_ca(tmp_path)
    finally:
        os.umask(old)
    assert [mode(tmp_path / name) for name in KEY_FILES] == [0o600, 0o600]
    assert all(mode(tmp_path / name) & 0o022 == 0 for name in CERT_FILES)


def test_a_second_call_keeps_the_ca(tmp_path):
    ca.ensure_ca(tmp_path)
    first = snapshot(tmp_path)
    ca.ensure_ca(tmp_path)
    assert snapshot(tmp_path) == first


def test_a_long_host_name_still_fits_the_common_name():
    now = dt.datetime(2026, 12, 3, tzinfo=dt.timezone.utc)
    name = ca.common_name(now, "a-very-long-workstation-name-" * 4)
    assert len(name) <= 64 and name.endswith(", 2026-12-03)")
    _, cert = ca.create_ca(now, "a-very-long-workstation-name-" * 4)
    assert cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value == name


async def test_a_real_guard_signs_with_the_new_ca(tmp_path):
    data_dir = tmp_path / "data"
    status, leaf, served = await serve_and_look(data_dir)
    root = x509.load_pem_x509_certificate((data_dir / "mitmproxy-ca-cert.pem").read_bytes())
    assert status == 200
    assert "bsm-guard local CA" in root.subject.rfc4514_string()
    assert leaf.issuer == root.subject
    leaf.verify_directly_issued_by(root)
    sans = leaf.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    assert "sellercentral.amazon.com" in sans.get_values_for_type(x509.DNSName)
    assert x509.load_pem_x509_certificate(served) == root
    assert b"PRIVATE" not in served
    assert not (data_dir / "mitmproxy").exists()


async def test_an_existing_mitmproxy_ca_is_kept_and_used(tmp_path, capsys):
    data_dir = tmp_path / "data"
    certs.CertStore.create_store(data_dir, CONF_BASENAME, KEY_SIZE)  # as mitmproxy made it
    before = snapshot(data_dir)
    assert set(before) == set(KEY_FILES + CERT_FILES)
    old = x509.load_pem_x509_certificate(before["mitmproxy-ca-cert.pem"])
    assert old.subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value == "mitmproxy"

    status, leaf, served = await serve_and_look(data_dir)
    assert status == 200
    leaf.verify_directly_issued_by(old)
    assert x509.load_pem_x509_certificate(served) == old
    assert main(["ca-path", "--data-dir", str(data_dir)]) == 0
    assert Path(capsys.readouterr().out.strip()).read_bytes() == before["mitmproxy-ca-cert.pem"]
    assert snapshot(data_dir) == before  # every CA file, byte for byte


def test_only_the_key_file_there_gets_its_certificate_files(tmp_path):
    # e.g. a CA copied in from ~/.mitmproxy: mitmproxy-ca.pem alone
    certs.CertStore.create_store(tmp_path / "elsewhere", CONF_BASENAME, KEY_SIZE)
    combined = (tmp_path / "elsewhere" / "mitmproxy-ca.pem").read_bytes()
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    (data_dir / "mitmproxy-ca.pem").write_bytes(combined)
    path = ca.ensure_ca(data_dir)
    assert (data_dir / "mitmproxy-ca.pem").read_bytes() == combined
    assert path.read_bytes() == (tmp_path / "elsewhere" / "mitmproxy-ca-cert.pem").read_bytes()
    assert (data_dir / "mitmproxy-ca-cert.cer").read_bytes() == path.read_bytes()


def test_a_certificate_file_from_another_ca_is_replaced_never_the_key(tmp_path):
    ca.ensure_ca(tmp_path)
    key_bytes = (tmp_path / "mitmproxy-ca.pem").read_bytes()
    right = (tmp_path / "mitmproxy-ca-cert.pem").read_bytes()
    certs.CertStore.create_store(tmp_path / "other", CONF_BASENAME, KEY_SIZE)
    stale = (tmp_path / "other" / "mitmproxy-ca-cert.pem").read_bytes()
    (tmp_path / "mitmproxy-ca-cert.pem").write_bytes(stale)
    ca.ensure_ca(tmp_path)
    assert (tmp_path / "mitmproxy-ca-cert.pem").read_bytes() == right
    assert (tmp_path / "mitmproxy-ca.pem").read_bytes() == key_bytes


def test_a_ca_made_meanwhile_by_another_process_wins(tmp_path, monkeypatch):
    # Another process publishes its CA between our check and our write: ours is dropped.
    certs.CertStore.create_store(tmp_path / "other", CONF_BASENAME, KEY_SIZE)
    theirs = (tmp_path / "other" / "mitmproxy-ca.pem").read_bytes()
    real_create = ca.create_ca

    def create_while_another_publishes(*args, **kwargs):
        made = real_create(*args, **kwargs)
        (tmp_path / "mitmproxy-ca.pem").write_bytes(theirs)
        return made

    monkeypatch.setattr(ca, "create_ca", create_while_another_publishes)
    path = ca.ensure_ca(tmp_path)
    assert (tmp_path / "mitmproxy-ca.pem").read_bytes() == theirs
    assert path.read_bytes() == (tmp_path / "other" / "mitmproxy-ca-cert.pem").read_bytes()
    assert not list(tmp_path.glob(".*.tmp"))


def test_without_hard_links_the_key_file_is_still_created_once(tmp_path, monkeypatch):
    def no_links(*args, **kwargs):
        raise PermissionError("this file system has no hard links")

    monkeypatch.setattr(os, "link", no_links)
    path = ca.ensure_ca(tmp_path)
    key_file = tmp_path / "mitmproxy-ca.pem"
    assert mode(key_file) == 0o600 and not list(tmp_path.glob(".*.tmp"))
    store = certs.CertStore.from_store(tmp_path, CONF_BASENAME, KEY_SIZE)
    root = x509.load_pem_x509_certificate(path.read_bytes())
    assert store.default_ca.fingerprint() == root.fingerprint(hashes.SHA256())
    first = key_file.read_bytes()
    ca.ensure_ca(tmp_path)
    assert key_file.read_bytes() == first
