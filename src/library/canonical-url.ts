/** Query parameters that only track where a click came from; they never change which article a URL names. */
const TRACKING_PARAMS = new Set([
  "fbclid", "gclid", "dclid", "msclkid", "yclid", "igshid", "mc_cid", "mc_eid", "_ga", "_gl", "ref", "ref_src",
  "ref_url", "referrer", "cmpid", "cmp", "ocid", "smid", "smtyp", "sr_share", "taid", "ito", "at_medium",
  "at_campaign", "at_custom1", "at_custom2", "at_custom3", "at_custom4", "guccounter", "guce_referrer",
  "guce_referrer_sig", "share", "s_cid", "wt_mc", "xtor", "ns_mchannel", "ns_source", "ns_campaign",
  "ns_linkname", "ns_fee", "spm", "outputtype", "amp", "output",
]);
const TRACKING_PREFIXES = ["utm_", "pk_", "mtm_", "hsa_", "oly_"];

function isTracking(name: string): boolean {
  const lower = name.toLowerCase();
  return TRACKING_PARAMS.has(lower) || TRACKING_PREFIXES.some((prefix) => lower.startsWith(prefix));
}

/** AMP copies of a page live at `/amp`, `/amp/`, `.amp` or `.amp.html`, or on an `amp.` host. */
function stripAmpPath(pathname: string): string {
  return pathname
    .replace(/\/amp\/?$/i, "/")
    .replace(/\/amp\//i, "/")
    .replace(/\.amp(\.html?)?$/i, "$1");
}

/**
 * A key naming the article a URL points to, equal for the variants people share: scheme, `www.`/`m.`/`amp.`
 * host prefixes, default ports, fragments, tracking parameters, AMP paths, parameter order and trailing
 * slashes do not matter. Returns null for anything that is not an http(s) URL.
 */
export function urlKey(raw: string): string | null {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return null;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return null;

  const host = url.hostname.toLowerCase().replace(/^(www|m|amp|mobile)\./, "");
  const params = [...url.searchParams.entries()]
    .filter(([name]) => !isTracking(name))
    .sort(([a, av], [b, bv]) => (a === b ? av.localeCompare(bv) : a.localeCompare(b)));
  const query = new URLSearchParams(params).toString();
  let path = stripAmpPath(url.pathname).replace(/\/index\.html?$/i, "/");
  if (path.length > 1) path = path.replace(/\/+$/, "");
  const port = url.port ? `:${url.port}` : "";
  return `${host}${port}${path}${query ? `?${query}` : ""}`;
}

/** The URL people should be sent to: the canonical form without tracking parameters or fragment. */
export function cleanUrl(raw: string): string {
  const url = new URL(raw.trim());
  for (const name of [...url.searchParams.keys()]) {
    if (isTracking(name)) url.searchParams.delete(name);
  }
  url.hash = "";
  return url.toString();
}
