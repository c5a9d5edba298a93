import { getDomain, getDomainWithoutSuffix } from "tldts";

/*
 * Telling the site's own name apart from the headline: pages append it to their titles ("Headline | Outlet",
 * "Headline - www.outlet.ru") and pad their site names with slogans ("Outlet | The news you need"). A part names the
 * site when it is one of the names the page gives itself, or when it spells the site's domain ("NJ.com",
 * "Entermedia" on entermedia.co.kr, "Sputnik International" on sputniknews.com). The public-suffix list (tldts)
 * says which part of a host is the site's own ("entermedia" in www.entermedia.co.kr).
 */

/** Separators between a headline and the site's name; a hyphen or colon only with spaces around it. */
export const SEPARATOR = /\s+[|\-–—·•»:~/]{1,2}\s+/;

/** The site's registrable domain ("entermedia.co.kr" for https://www.entermedia.co.kr/news), null when none. */
export function siteDomain(url: string | null): string | null {
  if (!url) return null;
  try {
    return getDomain(new URL(url).hostname) ?? null;
  } catch {
    return null;
  }
}

/** Lowercase letters and digits only, without an address's scheme and "www." or a leading "the". */
function squash(text: string): string {
  return text
    .toLowerCase()
    .replace(/^(https?:\/\/)?(www\.)?/, "")
    .replace(/^the\s+/, "")
    .replace(/[^\p{L}\p{N}]/gu, "");
}

/** Whether a part of a title or site name names the site rather than the story. */
export function namesSite(part: string, names: string[], domain: string | null): boolean {
  const text = squash(part);
  if (!text || part.length > 60) return false;
  // A name, or a name with a section after it: "RT World News" on a page that calls itself "RT".
  if (names.some((name) => squash(name) === text || (part.length <= 30 && startsWithWord(part, name)))) return true;
  if (!domain) return false;
  const label = squash(getDomainWithoutSuffix(domain) ?? "");
  if (text === squash(domain) || text === label) return true;
  const firstWord = squash(part.replace(/^the\s+/i, "").split(/\s+/)[0] ?? "");
  return label.length >= 4 && (text.includes(label) || (firstWord.length >= 4 && label.startsWith(firstWord)));
}

function startsWithWord(text: string, word: string): boolean {
  return text.toLowerCase().startsWith(`${word.toLowerCase()} `);
}

/**
 * A site name without the slogan or section padded onto it: "LinkNaija | Nigeria's news platform" → "LinkNaija".
 * The part that spells the domain wins; else the first.
 */
export function cleanSiteName(name: string, domain: string | null): string {
  const parts = name.split(SEPARATOR).filter((part) => part.trim() !== "");
  if (parts.length < 2) return name;
  return parts.find((part) => namesSite(part, [], domain)) ?? parts[0] ?? name;
}

/**
 * "Headline | Outlet", "Outlet - Headline", "Headline — www.outlet.ru", "Headline - Outlet - Outlet's slogan" →
 * "Headline".
 */
export function stripSiteName(title: string, names: string[], domain: string | null): string {
  // Odd indexes hold the separators. The longest tail that names the site goes, then a head that does.
  const parts = title.split(new RegExp(`(${SEPARATOR.source})`));
  const tail = parts.findIndex(
    (_, index) => index >= 2 && index % 2 === 0 && namesSite(parts.slice(index).join(""), names, domain),
  );
  if (tail !== -1) parts.splice(tail - 1);
  if (parts.length >= 3 && namesSite(parts[0] ?? "", names, domain)) parts.splice(0, 2);
  return parts.join("").trim();
}

/** The site's name as its title gives it ("Headline - Sputnik International"), when a part of the title names the domain. */
export function siteNameInTitle(title: string, domain: string | null): string | null {
  const parts = title.split(SEPARATOR);
  if (parts.length < 2) return null;
  const ends = [parts[parts.length - 1], parts[0]];
  const name = ends.find((part) => part !== undefined && namesSite(part, [], domain))?.trim() ?? null;
  // "www.wday.ru" is the domain spelled as an address, not a name.
  return name && /^\S+\.\S+$/.test(name) ? domain : name;
}

const DATE_PATHS = [
  /\/((?:19|20)\d{2})\/(0?[1-9]|1[0-2])\/(0?[1-9]|[12]\d|3[01])(?=\/)/,
  /\/((?:19|20)\d{2})-?(0[1-9]|1[0-2])-?(0[1-9]|[12]\d|3[01])(?=[/_.-]|$)/,
];

/** The date in an address's path: /2021/07/09/slug, /2021/7/9/, /2021-07-09-slug, /20210709/. */
export function dateInPath(url: string | null): string | null {
  let path: string;
  try {
    path = url ? new URL(url).pathname : "";
  } catch {
    return null;
  }
  for (const pattern of DATE_PATHS) {
    const [, year, month, day] = pattern.exec(path) ?? [];
    if (year && month && day) return `${year}-${month.padStart(2, "0")}-${day.padStart(2, "0")}`;
  }
  return null;
}
