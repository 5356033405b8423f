"""The companion extension's fixed ID.

extension/manifest.json carries a public "key", which fixes the extension ID on every machine;
the local API answers cross-origin requests from exactly this origin (and no wildcard).
"""

EXTENSION_ID = "eklpglfkgeibcmjjjfhigpnkcbgkcpem"
EXTENSION_ORIGIN = f"chrome-extension://{EXTENSION_ID}"
