"""The mitmproxy addon that guards Seller Central and SP-API message sends.

`hosts` (which hosts are Amazon's), `recognise` (every endpoint in one table, pure),
`responses` (the answers the guard gives, pure) and `guard` (the addon applying verdicts).
"""
