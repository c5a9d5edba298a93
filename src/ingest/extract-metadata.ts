import { all, type DomDocument } from "./dom.ts";
import {
  cleanSiteName,
  dateInPath,
  namesSite,
  SEPARATOR,
  siteDomain,
  siteNameInTitle,
  stripSiteName,
} from "./extract-site.ts";
import { cleanInline } from "./extract-text.ts";

/** What a page says about itself, read from its head, JSON-LD and markup before Readability rewrites the DOM. */
export interface PageMetadata {
  title: string | null;
  outlet: string | null;
  authors: string[];
  publishedAt: string | null;
  canonicalUrl: string | null;
  language: string | null;
  /** The JSON-LD article object, when the page has one. */
  jsonLd: JsonObject | null;
  /** True when the page declares an article (og:type article or an Article-like JSON-LD type). */
  declaresArticle: boolean;
  /** True when JSON-LD marks the article as not free to read. */
  paywalled: boolean;
}

type JsonObject = Record<string, unknown>;

const ARTICLE_TYPE = /(Article|BlogPosting|Report|Posting|Review)$/;

/*
 * Each field is read from every source the page offers, most trusted first: JSON-LD (the publisher's own structured
 * description of the article), then Open Graph and Twitter cards, then <meta> conventions and Dublin Core, then the
 * markup (<time>, <h1>, <title>), then the address itself (a date in its path, its domain as the outlet's name).
 */
export function readMetadata(doc: DomDocument, pageUrl: string | null): PageMetadata {
  const jsonLd = findArticleJsonLd(readJsonLd(doc));
  const canonicalUrl = readCanonicalUrl(doc, pageUrl);
  const domain = siteDomain(pageUrl) ?? siteDomain(canonicalUrl);
  const names = siteNames(doc, jsonLd, domain);
  const title = readTitle(doc, jsonLd, names, domain);
  const ogType = meta(doc, "og:type");
  return {
    title,
    outlet: readOutlet(doc, names, domain),
    authors: readAuthors(doc, jsonLd),
    publishedAt: readPublishedAt(doc, jsonLd) ?? dateInPath(pageUrl) ?? dateInPath(canonicalUrl),
    canonicalUrl,
    language: readLanguage(doc, jsonLd),
    jsonLd,
    declaresArticle: jsonLd !== null || ogType?.toLowerCase() === "article",
    paywalled: jsonLd?.["isAccessibleForFree"] === false || jsonLd?.["isAccessibleForFree"] === "False",
  };
}

/**
 * The names the page gives its site, most trusted first; addresses are left out (a URL is no outlet name). The site
 * name comes before JSON-LD's publisher, which is at times the wire that wrote the story ("Associated Press" on a
 * local paper's page) or the blogging platform ("Blogger").
 */
function siteNames(doc: DomDocument, jsonLd: JsonObject | null, domain: string | null): string[] {
  const names = [
    meta(doc, "og:site_name"),
    nameOf(jsonLd?.["publisher"]),
    meta(doc, "application-name"),
    meta(doc, "apple-mobile-web-app-title"),
    meta(doc, "dc.publisher"),
    meta(doc, "dcterms.publisher"),
  ];
  const given = names.filter((name): name is string => name !== null && !/^https?:|^www\./i.test(name));
  // A site's logo is often its <h1>; when <title> ends with the same words, those words are the site's name.
  const heading = collapse(doc.querySelector("h1")?.textContent ?? "");
  const titleParts = collapse(doc.title).split(SEPARATOR);
  const logo = titleParts.length > 1 && [titleParts[0], titleParts.at(-1)].includes(heading) ? [heading] : [];
  return [...given, ...given.map((name) => cleanSiteName(name, domain)), ...logo];
}

/**
 * The site's name (the first that spells the site's domain, else the most trusted); else the name the title gives
 * the site; else the site's domain.
 */
function readOutlet(doc: DomDocument, names: string[], domain: string | null): string | null {
  const cleaned = names.map((name) => cleanSiteName(name, domain));
  // A name that spells the domain agrees with the address, so it is the site's; written as a name, not an address.
  const agreeing = cleaned.filter((name) => namesSite(name, [], domain));
  const named = agreeing.find((name) => !/^\S+\.\S+$/.test(name)) ?? agreeing[0] ?? cleaned[0];
  if (named) return named;
  const documentTitle = collapse(doc.title);
  return (documentTitle ? siteNameInTitle(documentTitle, domain) : null) ?? domain;
}

/** The content of `<meta name|property|itemprop=key>`, trimmed; null when absent or empty. */
function meta(doc: DomDocument, key: string): string | null {
  for (const selector of [`meta[property="${key}" i]`, `meta[name="${key}" i]`, `meta[itemprop~="${key}"]`]) {
    const value = doc.querySelector(selector)?.getAttribute("content");
    const clean = value ? collapse(value) : "";
    if (clean) return clean;
  }
  return null;
}

/** Whitespace collapsed and entities a CMS escaped twice decoded ("&#163;71m" → "£71m"). */
function collapse(text: string): string {
  return cleanInline(text);
}

function readJsonLd(doc: DomDocument): JsonObject[] {
  const found: JsonObject[] = [];
  for (const script of all(doc, 'script[type="application/ld+json" i]')) {
    const parsed = parseJson(script.textContent ?? "");
    collectObjects(parsed, found);
  }
  return found;
}

function parseJson(source: string): unknown {
  try {
    return JSON.parse(source);
  } catch {
    // CMSs often leave raw newlines and tabs inside JSON strings; JSON forbids them, browsers' consumers tolerate them.
    try {
      return JSON.parse(source.replace(/[\n\r\t]+/g, " "));
    } catch {
      return null;
    }
  }
}

function collectObjects(value: unknown, into: JsonObject[]): void {
  if (Array.isArray(value)) {
    for (const item of value) collectObjects(item, into);
  } else if (isObject(value)) {
    into.push(value);
    collectObjects(value["@graph"], into);
  }
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function findArticleJsonLd(objects: JsonObject[]): JsonObject | null {
  const isArticle = (object: JsonObject): boolean => {
    const type = object["@type"];
    const types = Array.isArray(type) ? type : [type];
    return types.some((t) => typeof t === "string" && ARTICLE_TYPE.test(t));
  };
  const article = objects.find(isArticle);
  if (!article) return null;
  // Graphs name the publisher and authors once and point to them: {"publisher": {"@id": "https://site/#org"}}.
  const byId = new Map(objects.map((object) => [object["@id"], object]));
  const resolve = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(resolve);
    const id = isObject(value) && value["name"] === undefined ? value["@id"] : undefined;
    return (typeof id === "string" ? byId.get(id) : undefined) ?? value;
  };
  return { ...article, publisher: resolve(article["publisher"]), author: resolve(article["author"]) };
}

/** A string, or the `name` of an object (`{"@type": "Organization", "name": ...}`), or the first of an array. */
function nameOf(value: unknown): string | null {
  if (typeof value === "string") return collapse(value) || null;
  if (Array.isArray(value)) return nameOf(value[0]);
  if (isObject(value)) return nameOf(value["name"]);
  return null;
}

function stringOf(value: unknown): string | null {
  if (typeof value === "string") return collapse(value) || null;
  if (Array.isArray(value)) return stringOf(value[0]);
  return null;
}

/**
 * The headline from the structured sources, else from <title> and <h1>; without the site's name around it. Among the
 * structured ones, the most trusted that the reader also sees (in <title> or <h1>) wins: JSON-LD headlines are at
 * times a search-engine variant or, on small sites, an image's caption. An <h1> is taken only when <title> holds it
 * (else the <h1> is often the site's logo), and then it is the cleaner of the two.
 */
function readTitle(doc: DomDocument, jsonLd: JsonObject | null, names: string[], domain: string | null): string | null {
  const structured = [
    stringOf(jsonLd?.["headline"]),
    meta(doc, "og:title"),
    meta(doc, "twitter:title"),
    meta(doc, "dc.title"),
    meta(doc, "dcterms.title"),
  ].filter((title) => title !== null);
  // Compared by their words alone: a <title> and an <h1> often differ only in quote marks or punctuation.
  const documentTitle = wordsOf(doc.title);
  const heading = wordsOf(doc.querySelector("h1")?.textContent ?? "");
  const seen = (title: string): boolean => documentTitle.includes(wordsOf(title)) || heading === wordsOf(title);
  let title = structured.find(seen) ?? structured[0] ?? null;
  // JSON-LD headlines are often cut to 110 characters; a longer title that starts the same way is the whole one.
  const cut = title?.replace(/\s*(…|\.\.\.)$/, "");
  title = structured.find((other) => cut !== undefined && other.length > cut.length && other.startsWith(cut)) ?? title;
  if (!title) {
    const fullTitle = collapse(doc.title) || null;
    const fullHeading = collapse(doc.querySelector("h1")?.textContent ?? "") || null;
    const headingIsTitle = fullHeading && documentTitle.includes(heading) && !names.includes(fullHeading);
    title = (headingIsTitle ? fullHeading : null) ?? fullTitle ?? fullHeading;
  }
  return title ? stripSiteName(title, names, domain) : null;
}

/** A text's words, lowercased, one space apart. */
function wordsOf(text: string): string {
  return text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, " ").trim();
}

function readAuthors(doc: DomDocument, jsonLd: JsonObject | null): string[] {
  const raw: string[] = [];
  for (const author of asArray(jsonLd?.["author"])) {
    const name = nameOf(author);
    if (name) raw.push(name);
  }
  if (raw.length === 0) {
    for (const key of ["author", "article:author", "parsely-author", "sailthru.author", "dc.creator", "byl"]) {
      const value = meta(doc, key);
      if (value) raw.push(value);
    }
  }
  if (raw.length === 0) {
    const selectors = 'a[rel~="author"], [itemprop~="author"], [class~="author" i], [class*="byline" i]';
    for (const link of all(doc, selectors)) {
      const text = collapse(link.textContent ?? "");
      if (text) raw.push(text);
    }
  }
  return dedupe(raw.flatMap(splitNames));
}

function asArray(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

/** Pieces of a byline that are not a person: addresses, handles, job titles, "Staff". */
const NOT_A_NAME =
  /https?:|www\.|@|\d|\.(com|org|net|co)\b|\b(writer|reporter|editor|correspondent|columnist|contributor|staff|media for)\b/i;

/** "By Ann Lee and Bo Park" → ["Ann Lee", "Bo Park"]; drops URLs, handles and things too long to be a name. */
export function splitNames(byline: string): string[] {
  const withoutPrefix = byline.replace(/^\s*(by|von|par|por|di|door)\s+/i, "");
  return withoutPrefix
    .split(/\s*(?:,|;|&|\band\b|\bund\b|\bet\b|\by\b|\be\b|\|)\s*/i)
    .map((name) => collapse(name.replace(/^(by)\s+/i, "")))
    .filter((name) => name.length > 1 && name.length <= 60 && !NOT_A_NAME.test(name));
}

function dedupe(names: string[]): string[] {
  const seen = new Set<string>();
  return names.filter((name) => {
    const key = name.toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function readPublishedAt(doc: DomDocument, jsonLd: JsonObject | null): string | null {
  const candidates = [
    stringOf(jsonLd?.["datePublished"]),
    meta(doc, "article:published_time"),
    meta(doc, "article:published"),
    meta(doc, "og:published_time"),
    meta(doc, "datePublished"),
    meta(doc, "pubdate"),
    meta(doc, "publishdate"),
    meta(doc, "parsely-pub-date"),
    meta(doc, "sailthru.date"),
    meta(doc, "dc.date.issued"),
    meta(doc, "dcterms.issued"),
    meta(doc, "dc.date"),
    meta(doc, "dcterms.date"),
    meta(doc, "dc.date.created"),
    meta(doc, "dcterms.created"),
    meta(doc, "date"),
    doc.querySelector("time[pubdate]")?.getAttribute("datetime") ?? null,
    doc.querySelector("article time[datetime]")?.getAttribute("datetime") ?? null,
    doc.querySelector("time[datetime]")?.getAttribute("datetime") ?? null,
    stringOf(jsonLd?.["dateCreated"]),
  ];
  for (const candidate of candidates) {
    const iso = candidate ? toIsoDate(candidate) : null;
    if (iso) return iso;
  }
  return null;
}

const ISO_DATE_TIME =
  /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2})(:\d{2})?(?:\.\d+)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?)?$/i;

/**
 * Normalises a page's date to ISO 8601: a date-time with its offset when the page gives both, else a date.
 * A time without an offset is ambiguous, so only its date is kept.
 */
export function toIsoDate(value: string): string | null {
  const text = value.trim();
  const iso = ISO_DATE_TIME.exec(text);
  if (iso) {
    const [, date, time, seconds, zone] = iso;
    if (!date || !validDate(date)) return null;
    if (!time || !zone) return date;
    return `${date}T${time}${seconds ?? ":00"}${normaliseZone(zone)}`;
  }
  const parsed = new Date(text);
  if (Number.isNaN(parsed.getTime())) return null;
  if (/\d{1,2}:\d{2}.*(GMT|UTC|Z\b|[+-]\d{2}:?\d{2})/i.test(text)) return parsed.toISOString().replace(".000Z", "Z");
  const day = `${parsed.getFullYear()}-${pad(parsed.getMonth() + 1)}-${pad(parsed.getDate())}`;
  return validDate(day) ? day : null;
}

function normaliseZone(zone: string): string {
  if (zone.toUpperCase() === "Z") return "Z";
  const digits = zone.replace(":", "");
  return `${digits.slice(0, 3)}:${digits.slice(3, 5) || "00"}`;
}

function validDate(date: string): boolean {
  const year = Number(date.slice(0, 4));
  return year >= 1900 && year <= 2200 && !Number.isNaN(Date.parse(`${date}T00:00:00Z`));
}

function pad(n: number): string {
  return String(n).padStart(2, "0");
}

function readCanonicalUrl(doc: DomDocument, pageUrl: string | null): string | null {
  const candidates = [
    doc.querySelector('link[rel~="canonical" i]')?.getAttribute("href"),
    meta(doc, "og:url"),
  ];
  for (const candidate of candidates) {
    const url = candidate ? resolveHttpUrl(candidate.trim(), pageUrl) : null;
    if (url) return url;
  }
  return null;
}

function resolveHttpUrl(href: string, base: string | null): string | null {
  try {
    const url = base ? new URL(href, base) : new URL(href);
    return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
  } catch {
    return null;
  }
}

function readLanguage(doc: DomDocument, jsonLd: JsonObject | null): string | null {
  const candidates = [
    doc.documentElement.getAttribute("lang"),
    doc.documentElement.getAttribute("xml:lang"),
    doc.querySelector('meta[http-equiv="content-language" i]')?.getAttribute("content"),
    stringOf(jsonLd?.["inLanguage"]),
    meta(doc, "og:locale"),
  ];
  for (const candidate of candidates) {
    const tag = candidate ? toLanguageTag(candidate) : null;
    if (tag) return tag;
  }
  return null;
}

/** "en_US" → "en-US"; the first of a list ("de, en"); null for anything that is not a BCP 47 tag. */
export function toLanguageTag(value: string): string | null {
  const first = value.split(/[,;]/)[0]?.trim().replace(/_/g, "-");
  if (!first) return null;
  try {
    return Intl.getCanonicalLocales(first)[0] ?? null;
  } catch {
    return null;
  }
}
