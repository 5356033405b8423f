"""The mitmproxy addon that guards Seller Central and SP-API message sends."""
