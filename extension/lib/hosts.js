// Which hosts the guard cares about, and the PAC script that routes only those through it.
//
// The Seller Central hosts are read from the manifest's content-script matches, so the list
// lives in one place (match patterns cannot wildcard a TLD, so the manifest lists every host).
// The SP-API hosts are the three regional endpoints and their sandboxes.

export const SP_API_HOSTS = [
  "sellingpartnerapi-na.amazon.com",
  "sellingpartnerapi-eu.amazon.com",
  "sellingpartnerapi-fe.amazon.com",
  "sandbox.sellingpartnerapi-na.amazon.com",
  "sandbox.sellingpartnerapi-eu.amazon.com",
  "sandbox.sellingpartnerapi-fe.amazon.com",
];

export function sellerCentralHosts(manifest = chrome.runtime.getManifest()) {
  const hosts = new Set();
  for (const script of manifest.content_scripts || []) {
    for (const pattern of script.matches || []) {
      const m = /^https:\/\/([^/]+)\/\*$/.exec(pattern);
      if (m && m[1].startsWith("sellercentral")) hosts.add(m[1]);
    }
  }
  return [...hosts].sort();
}

export function isSellerCentralHost(host) {
  return sellerCentralHosts().includes(String(host).toLowerCase());
}

// A PAC script that sends exactly the listed hosts to the guard's proxy and everything else
// direct. Exact names (no regex) so a look-alike domain is never routed; "; DIRECT" lets the
// browser reach Seller Central when the guard is not running (the extension says so plainly).
export function pacScript(proxyHost, proxyPort, hosts = [...sellerCentralHosts(), ...SP_API_HOSTS]) {
  const table = JSON.stringify(Object.fromEntries(hosts.map((h) => [h, 1])));
  const target = `PROXY ${proxyHost}:${Number(proxyPort)}; DIRECT`;
  return [
    "var GUARDED = " + table + ";",
    "function FindProxyForURL(url, host) {",
    "  if (Object.prototype.hasOwnProperty.call(GUARDED, String(host).toLowerCase())) {",
    "    return " + JSON.stringify(target) + ";",
    "  }",
    '  return "DIRECT";',
    "}",
  ].join("\n");
}
