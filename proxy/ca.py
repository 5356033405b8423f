"""The guard's own certificate authority, created with `cryptography`.

Why: a seller is asked to trust the guard's CA as a root. Left alone, mitmproxy creates one on
first run whose name is "mitmproxy", which tells a seller (or their IT) nothing about what
they trusted or where it came from. This module creates the root as "bsm-guard local CA
(<host>, <date>)", organization "bsm-guard", and writes it under the names mitmproxy loads
from its confdir (the data dir), so mitmproxy finds a CA and uses it instead of making one:

* `<basename>-ca.pem`: the private key and the certificate (the only file mitmproxy reads);
* `<basename>-ca.p12`: the same, PKCS#12;
* `<basename>-ca-cert.pem`, `.cer`, `.p12`: the certificate alone, to trust it
  (`bsm-guard ca-path` and `/api/ca.pem` use the `.pem`).

mitmproxy writes `<basename>-dhparam.pem` itself when it is missing.

An existing CA is never replaced: a current user already trusts the "mitmproxy" CA in their
data dir, so when `<basename>-ca.pem` exists it stays as it is; a certificate-only file is
written only when it is missing or holds another certificate than the one mitmproxy will use.
Key files are 0600; every file is written to a temporary name and moved into place, and the
key file is published with a hard link, which fails rather than overwrite when another
process created a CA first.
"""

from __future__ import annotations

import datetime as dt
import getpass
import os
import socket
import tempfile
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID

BASENAME = "mitmproxy"  # mitmproxy.options.CONF_BASENAME: the names mitmproxy looks for
ORGANIZATION = "bsm-guard"
VALIDITY = dt.timedelta(days=3653)  # a root outlives many leaves: about ten years
BACKDATE = dt.timedelta(days=2)  # a client whose clock is a little behind still accepts it
KEY_SIZE = 2048  # RSA, as mitmproxy generates; mitmproxy also gives the leaves this key
_CN_MAX = 64  # RFC 5280 upper bound for a common name


def ca_files(data_dir: Path, basename: str = BASENAME) -> dict[str, Path]:
    """The CA files in `data_dir`, by role."""
    return {
        "key": data_dir / f"{basename}-ca.pem",
        "key_p12": data_dir / f"{basename}-ca.p12",
        "cert": data_dir / f"{basename}-ca-cert.pem",
        "cert_cer": data_dir / f"{basename}-ca-cert.cer",
        "cert_p12": data_dir / f"{basename}-ca-cert.p12",
    }


def common_name(now: dt.datetime | None = None, where: str | None = None) -> str:
    """"bsm-guard local CA (<host or user>, <YYYY-MM-DD>)", within the 64-character limit."""
    now = now or dt.datetime.now(dt.timezone.utc)
    where = where or _this_machine()
    fixed = f"bsm-guard local CA (, {now:%Y-%m-%d})"
    return f"bsm-guard local CA ({where[:_CN_MAX - len(fixed)]}, {now:%Y-%m-%d})"


def _this_machine() -> str:
    host = socket.gethostname().split(".")[0].strip()
    if host and host != "localhost":
        return host
    try:
        return getpass.getuser()
    except Exception:  # no user name to be had (e.g. no passwd entry in a container)
        return host or "this computer"


def create_ca(now: dt.datetime | None = None,
              where: str | None = None) -> tuple[rsa.RSAPrivateKey, x509.Certificate]:
    """A new self-signed root: the key and its certificate."""
    now = now or dt.datetime.now(dt.timezone.utc)
    key = rsa.generate_private_key(public_exponent=65537, key_size=KEY_SIZE)
    name = x509.Name([
        x509.NameAttribute(NameOID.COMMON_NAME, common_name(now, where)),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, ORGANIZATION),
    ])
    cert = (
        x509.CertificateBuilder()
        .subject_name(name).issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - BACKDATE)
        .not_valid_after(now + VALIDITY)
        # path_length=0: it signs the guard's leaf certificates and never an intermediate
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(x509.KeyUsage(
            digital_signature=False, content_commitment=False, key_encipherment=False,
            data_encipherment=False, key_agreement=False, key_cert_sign=True, crl_sign=True,
            encipher_only=False, decipher_only=False), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()),
                       critical=False)
        .sign(key, hashes.SHA256())
    )
    return key, cert


def ensure_ca(data_dir: Path, basename: str = BASENAME) -> Path:
    """Make sure `data_dir` holds a CA for mitmproxy and return its certificate's path.

    With no CA there, create the guard's own. With one there (ours or mitmproxy's), keep it
    byte for byte; write a certificate-only file only when it is missing or does not hold the
    CA's certificate, so `ca-path` always names the root mitmproxy signs with."""
    data_dir = Path(data_dir)
    data_dir.mkdir(parents=True, exist_ok=True)
    files = ca_files(data_dir, basename)
    if not files["key"].exists():
        key, cert = create_ca()
        key_pem = key.private_bytes(serialization.Encoding.PEM,
                                    serialization.PrivateFormat.PKCS8,
                                    serialization.NoEncryption())
        cert_pem = cert.public_bytes(serialization.Encoding.PEM)
        if _publish_new(files["key"], key_pem + cert_pem):
            # This process created the CA: every derived file follows it, replacing any
            # leftover from a CA whose key is gone.
            _write(files["key_p12"], _p12(basename, key, cert), secret=True)
            for role in ("cert", "cert_cer", "cert_p12"):
                _write(files[role], _public_form(role, basename, cert))
            return files["cert"]
    cert = x509.load_pem_x509_certificates(files["key"].read_bytes())[0]  # as mitmproxy does
    for role in ("cert", "cert_cer", "cert_p12"):
        if not _holds(files[role], cert):
            _write(files[role], _public_form(role, basename, cert))
    return files["cert"]


def _holds(path: Path, cert: x509.Certificate) -> bool:
    """Whether the certificate-only file `path` exists and holds `cert`."""
    try:
        raw = path.read_bytes()
        if path.suffix == ".p12":  # a certificate without its key is an "additional" one
            p12 = pkcs12.load_pkcs12(raw, None)
            return [c.certificate for c in [p12.cert, *p12.additional_certs] if c] == [cert]
        return x509.load_pem_x509_certificates(raw)[0] == cert
    except (OSError, ValueError, AttributeError, IndexError):
        return False


def _public_form(role: str, basename: str, cert: x509.Certificate) -> bytes:
    if role == "cert_p12":
        return _p12(basename, None, cert)
    return cert.public_bytes(serialization.Encoding.PEM)  # .pem and .cer: the same PEM


def _p12(basename: str, key: rsa.RSAPrivateKey | None, cert: x509.Certificate) -> bytes:
    return pkcs12.serialize_key_and_certificates(
        name=basename.encode(), key=key, cert=cert, cas=None,
        encryption_algorithm=serialization.NoEncryption())


def _temp(path: Path, data: bytes, mode: int) -> str:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as out:
            os.chmod(tmp, mode)
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
    except BaseException:
        os.unlink(tmp)
        raise
    return tmp


def _write(path: Path, data: bytes, *, secret: bool = False) -> None:
    """Write `path` whole or not at all (a temporary file, then a rename)."""
    tmp = _temp(path, data, 0o600 if secret else 0o644)
    try:
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise


def _publish_new(path: Path, data: bytes) -> bool:
    """Create the key file `path` whole, owner-only, never over an existing one.
    False when it already exists (another process made a CA first)."""
    tmp = _temp(path, data, 0o600)
    try:
        os.link(tmp, path)  # atomic, and fails if `path` exists
        return True
    except FileExistsError:
        return False
    except OSError:  # a file system without hard links: exclusive create instead
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            return False
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        return True
    finally:
        os.unlink(tmp)
