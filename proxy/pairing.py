"""Pairing: the token goes only to an extension whose user typed a code this machine printed.

An Origin header proves nothing outside a browser: any local process, of any OS user, can send
`Origin: chrome-extension://<id>`. What another user cannot do is read the seller's terminal or
the seller's data dir (0700, files 0600). So `bsm-guard run` (and `bsm-guard pair`, which works
beside a running guard) writes a short one-time code to `<data dir>/pairing-code` and prints
it; the seller types it into the extension's popup, and `POST /api/pair` gives the token only
for that code:

* the code is 6 characters from an alphabet without look-alikes (31^6, about 887 million),
  case and separators ignored, valid for `CODE_MINUTES`, used once;
* after `MAX_ATTEMPTS` wrong codes the code is burned and a new one must be printed, so
  guessing has no useful odds;
* the file is the only shared state, so `bsm-guard pair` in another terminal simply replaces
  the code the running guard will accept.
"""

from __future__ import annotations

import hmac
import json
import os
import secrets
import time
from pathlib import Path

CODE_FILE = "pairing-code"
ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 6
CODE_MINUTES = 10
MAX_ATTEMPTS = 5


def normal(code: str) -> str:
    return "".join(ch for ch in str(code).upper() if ch.isalnum())


def display(code: str) -> str:
    return f"{code[:3]}-{code[3:]}"


def new_code(data_dir: Path, *, minutes: int = CODE_MINUTES, clock=time.time) -> str:
    """A fresh code (as displayed), replacing any earlier one; the file is owner-only."""
    code = "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))
    path = data_dir / CODE_FILE
    tmp = path.with_name(f".{CODE_FILE}.{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        json.dump({"code": code, "expires": clock() + minutes * 60, "failures": 0}, out)
    os.replace(tmp, path)
    return display(code)


class PairingRefused(Exception):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
        self.message = message


def redeem(data_dir: Path, given: object, *, clock=time.time) -> None:
    """Accept `given` once if it is the current code; raise PairingRefused otherwise.
    Called on the API's event loop: a small file read and write, nothing more."""
    path = data_dir / CODE_FILE
    again = "run `bsm-guard pair` for a new code"
    if not isinstance(given, str) or not normal(given):
        raise PairingRefused(400, "type the pairing code that `bsm-guard run` printed "
                             f"(or {again})")
    try:
        current = json.loads(path.read_text(encoding="utf-8"))
        code, expires = str(current["code"]), float(current["expires"])
        failures = int(current.get("failures", 0))
    except (OSError, ValueError, KeyError, TypeError):
        raise PairingRefused(403, f"there is no pairing code; {again}") from None
    if clock() > expires:
        path.unlink(missing_ok=True)
        raise PairingRefused(403, f"the pairing code has expired; {again}")
    if hmac.compare_digest(normal(given).encode(), code.encode()):
        path.unlink(missing_ok=True)
        return
    failures += 1
    if failures >= MAX_ATTEMPTS:
        path.unlink(missing_ok=True)
        raise PairingRefused(429, f"{MAX_ATTEMPTS} wrong codes: that code no longer works; "
                             f"{again}")
    current["failures"] = failures
    fd = os.open(path, os.O_WRONLY | os.O_TRUNC)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        json.dump(current, out)
    raise PairingRefused(403, "that is not the pairing code; check it and try again")
