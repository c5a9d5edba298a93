import { STATUS_CODES } from "node:http";
import { isIP, type LookupFunction } from "node:net";
import iconv from "iconv-lite";
import { Agent, fetch, type Response } from "undici";
import type { Config } from "../config.ts";
import { FetchFailed, FetchRefused } from "../errors.ts";
import type { IngestFailure, Leads, NonPageType } from "../failure.ts";
import { BlockedAddressError, guardLookup, isPublicAddress } from "./address-policy.ts";

export interface FetchOptions {
  /** Lifts the address rule and the port rule: for local development and tests, never for strangers' links. */
  allowPrivate: boolean;
  /** Budget for the whole fetch: every redirect hop, the headers and the body. */
  timeoutMs: number;
  /** Largest decoded (decompressed) body accepted. */
  maxBytes: number;
  /** Default 5. */
  maxRedirects?: number;
  userAgent?: string;
  /** Ports fetched when allowPrivate is false. Default 80 and 443. */
  allowedPorts?: readonly number[];
  /** DNS resolution, injectable so tests can make a made-up name resolve anywhere. Default `dns.lookup`. */
  lookup?: LookupFunction;
  /**
   * Replaces the address rule (default: public addresses only, or anything when allowPrivate). Exists so
   * tests can let a loopback server stand in for a public host; production callers should not set it.
   */
  isAddressAllowed?: (address: string) => boolean;
  signal?: AbortSignal;
}

/** Fetch limits as configured (ALLOW_PRIVATE_URLS, FETCH_TIMEOUT_MS, FETCH_MAX_BYTES). */
export function fetchOptionsFrom(config: Pick<Config, "ALLOW_PRIVATE_URLS" | "FETCH_TIMEOUT_MS" | "FETCH_MAX_BYTES">): FetchOptions {
  return { allowPrivate: config.ALLOW_PRIVATE_URLS, timeoutMs: config.FETCH_TIMEOUT_MS, maxBytes: config.FETCH_MAX_BYTES };
}

export interface FetchedPage {
  requestedUrl: string;
  /** Where the page was found, after redirects. */
  url: string;
  status: number;
  /** The media type without parameters, e.g. "text/html". */
  contentType: string;
  /** The encoding the text was decoded from, e.g. "utf-8" or "windows-1252". */
  charset: string;
  html: string;
}

export const DEFAULT_USER_AGENT = "verbatim/0.1 (a Telegram bot that quotes the news articles people send it)";

const ACCEPT = "text/html,application/xhtml+xml;q=0.9,text/plain;q=0.5,*/*;q=0.1";
const WEB_PORTS: readonly number[] = [80, 443];
/** What lifts the address and port rules, named in refusals so that someone testing with a local server knows. */
const LOCAL_LINKS_SETTING = "ALLOW_PRIVATE_URLS=true";
const DEFAULT_MAX_REDIRECTS = 5;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
const PAGE_TYPES = new Set(["text/html", "application/xhtml+xml", "text/plain"]);
const HTML_TYPES = new Set(["text/html", "application/xhtml+xml"]);
/** The HTML spec's prescan window for `<meta charset>`. */
const CHARSET_PRESCAN_BYTES = 1024;

interface Session {
  requestedUrl: string;
  options: FetchOptions;
  isAddressAllowed: (address: string) => boolean;
  agent: Agent;
  signal: AbortSignal;
  deadline: AbortSignal;
}

/**
 * Fetches a page a stranger linked to, refusing anything that could reach our own network: every hop's
 * address is checked at connect time, on the very address the socket uses. Throws FetchRefused for links
 * we will not follow and FetchFailed for links we could not read; an abort through `options.signal`
 * rejects with the signal's reason.
 */
export async function fetchPage(url: string, options: FetchOptions): Promise<FetchedPage> {
  const isAddressAllowed = options.isAddressAllowed ?? (options.allowPrivate ? () => true : isPublicAddress);
  const deadline = AbortSignal.timeout(options.timeoutMs);
  const session: Session = {
    requestedUrl: url,
    options,
    isAddressAllowed,
    agent: new Agent({ connect: { lookup: guardLookup(isAddressAllowed, options.lookup) } }),
    signal: options.signal ? AbortSignal.any([deadline, options.signal]) : deadline,
    deadline,
  };
  try {
    const { response, finalUrl } = await followRedirects(parseLink(url), session);
    return await readPage(response, finalUrl, session);
  } finally {
    await session.agent.destroy();
  }
}

function parseLink(url: string): URL {
  try {
    return new URL(url);
  } catch (error) {
    throw new FetchRefused(url, { kind: "not-a-link" }, { cause: error });
  }
}

async function followRedirects(start: URL, session: Session): Promise<{ response: Response; finalUrl: URL }> {
  const maxRedirects = session.options.maxRedirects ?? DEFAULT_MAX_REDIRECTS;
  let current = start;
  for (let hop = 0; ; hop++) {
    const leads: Leads = hop === 0 ? "points" : "redirects";
    checkUrl(current, session, leads);
    const response = await request(current, session, leads);
    if (!REDIRECT_STATUSES.has(response.status)) return { response, finalUrl: current };
    await response.body?.cancel();
    if (hop >= maxRedirects) {
      throw new FetchFailed(session.requestedUrl, { kind: "too-many-redirects", max: maxRedirects });
    }
    current = redirectTarget(response, current, session);
  }
}

function redirectTarget(response: Response, from: URL, session: Session): URL {
  const location = response.headers.get("location");
  if (!location) throw new FetchFailed(session.requestedUrl, { kind: "redirect-nowhere" });
  try {
    return new URL(location, from);
  } catch (error) {
    throw new FetchFailed(session.requestedUrl, { kind: "redirect-broken" }, { cause: error });
  }
}

/** Checks what can be checked before connecting; hostnames are checked once resolved, inside the socket's lookup. */
function checkUrl(url: URL, session: Session, leads: Leads): void {
  const refuse = (failure: IngestFailure, allowedBy?: string): never => {
    throw new FetchRefused(url.href, failure, { allowedBy });
  };
  if (url.protocol !== "http:" && url.protocol !== "https:") refuse({ kind: "not-web", leads });
  if (url.username || url.password) refuse({ kind: "credentials", leads });
  const port = url.port ? Number(url.port) : url.protocol === "https:" ? 443 : 80;
  const allowedPorts = session.options.allowedPorts ?? WEB_PORTS;
  // Non-web ports on public hosts are how a fetcher gets used as a port scanner; news sites use 80 and 443.
  if (!session.options.allowPrivate && !allowedPorts.includes(port)) refuse({ kind: "port", leads, port }, LOCAL_LINKS_SETTING);
  const host = url.hostname.replace(/^\[(.*)\]$/, "$1");
  // Sockets skip the lookup for IP literals, so those are checked here.
  if (isIP(host) && !session.isAddressAllowed(host)) refuse({ kind: "private-address", leads }, LOCAL_LINKS_SETTING);
}

async function request(url: URL, session: Session, leads: Leads): Promise<Response> {
  try {
    return await fetch(url, {
      dispatcher: session.agent,
      redirect: "manual",
      signal: session.signal,
      headers: { "user-agent": session.options.userAgent ?? DEFAULT_USER_AGENT, accept: ACCEPT },
    });
  } catch (error) {
    const blocked = findCause(error, BlockedAddressError);
    if (blocked) {
      throw new FetchRefused(url.href, { kind: "private-address", leads }, { cause: error, allowedBy: LOCAL_LINKS_SETTING });
    }
    throw networkFailure(error, url, session);
  }
}

function networkFailure(error: unknown, url: URL, session: Session): unknown {
  if (session.options.signal?.aborted) return session.options.signal.reason;
  if (session.deadline.aborted) {
    return new FetchFailed(session.requestedUrl, { kind: "timeout", ms: session.options.timeoutMs }, { cause: error });
  }
  const code = errorCode(error);
  const host = url.hostname;
  if (code === "ENOTFOUND" || code === "EAI_AGAIN") {
    return new FetchFailed(session.requestedUrl, { kind: "site-not-found", host }, { cause: error });
  }
  if (code && /CERT|TLS|SSL|VERIFY/.test(code)) {
    return new FetchFailed(session.requestedUrl, { kind: "insecure", host }, { cause: error });
  }
  return new FetchFailed(session.requestedUrl, { kind: "unreachable", host }, { cause: error });
}

async function readPage(response: Response, url: URL, session: Session): Promise<FetchedPage> {
  const { maxBytes } = session.options;
  if (response.status < 200 || response.status > 299) {
    await response.body?.cancel();
    throw new FetchFailed(session.requestedUrl, { kind: "http-status", status: response.status, statusText: STATUS_CODES[response.status] ?? null });
  }
  const header = parseContentType(response.headers.get("content-type"));
  if (header && !PAGE_TYPES.has(header.essence)) {
    await response.body?.cancel();
    throw new FetchFailed(session.requestedUrl, { kind: "not-a-page", type: nonPageType(header.essence) });
  }
  const declaredLength = Number(response.headers.get("content-length") ?? Number.NaN);
  if (declaredLength > maxBytes) {
    await response.body?.cancel();
    throw tooLarge(session);
  }
  const bytes = await readBody(response, url, session);
  const contentType = header?.essence ?? sniffType(bytes, session);
  const charset = detectCharset(bytes, header?.charset, HTML_TYPES.has(contentType));
  return {
    requestedUrl: session.requestedUrl,
    url: url.href,
    status: response.status,
    contentType,
    charset,
    html: iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), charset, { stripBOM: true }),
  };
}

async function readBody(response: Response, url: URL, session: Session): Promise<Uint8Array> {
  if (!response.body) return new Uint8Array();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    // Counted after decompression, so a small gzip bomb is stopped as surely as a large page.
    for await (const chunk of response.body) {
      total += chunk.byteLength;
      if (total > session.options.maxBytes) throw tooLarge(session);
      chunks.push(chunk);
    }
  } catch (error) {
    if (error instanceof FetchFailed) throw error;
    throw networkFailure(error, url, session);
  }
  return Buffer.concat(chunks);
}

function tooLarge(session: Session): FetchFailed {
  return new FetchFailed(session.requestedUrl, { kind: "too-large", maxBytes: session.options.maxBytes });
}

function parseContentType(header: string | null): { essence: string; charset: string | undefined } | undefined {
  if (!header) return undefined;
  const essence = header.split(";", 1)[0]?.trim().toLowerCase();
  if (!essence) return undefined;
  const charset = /;\s*charset\s*=\s*["']?([^"';\s]+)/i.exec(header)?.[1];
  return { essence, charset };
}

function nonPageType(essence: string): NonPageType {
  if (essence === "application/pdf") return "pdf";
  if (essence.startsWith("image/")) return "image";
  if (essence.startsWith("video/")) return "video";
  if (essence.startsWith("audio/")) return "audio";
  if (essence === "application/json" || essence.endsWith("+json")) return "json";
  if (essence.endsWith("/xml") || essence.endsWith("+xml")) return "xml";
  return "file";
}

/** Servers that send no Content-Type still serve HTML nearly always; binary files show themselves in their first bytes. */
function sniffType(bytes: Uint8Array, session: Session): string {
  const head = Buffer.from(bytes.subarray(0, CHARSET_PRESCAN_BYTES));
  if (head.subarray(0, 5).toString("latin1") === "%PDF-") {
    throw new FetchFailed(session.requestedUrl, { kind: "not-a-page", type: "pdf" });
  }
  if (head.includes(0) && !startsWithUtf16Bom(head)) {
    throw new FetchFailed(session.requestedUrl, { kind: "not-a-page", type: "file" });
  }
  return "text/html";
}

function startsWithUtf16Bom(bytes: Uint8Array): boolean {
  return (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff);
}

/**
 * Picks the encoding: a byte-order mark wins; then the bytes themselves where they contradict the label; then the
 * HTTP header, a `<meta>` in the first 1024 bytes, and UTF-8.
 *
 * Browsers follow a wrong label and show mojibake or U+FFFD, which a reader can look past; we quote pages word for
 * word, so a wrong label would put "â€œ" or "�" into every quote. Labels are often wrong (a server's or a CMS's
 * default), and the bytes settle it: well-formed UTF-8 beyond ASCII is next to never legacy text, and non-ASCII bytes
 * none of which forms UTF-8 are never UTF-8.
 */
export function detectCharset(bytes: Uint8Array, headerCharset: string | undefined, isHtml: boolean): string {
  const fromBom = charsetFromBom(bytes);
  if (fromBom) return fromBom;
  const fromHeader = headerCharset ? normalizeCharset(headerCharset) : undefined;
  const fromMeta = isHtml ? charsetFromMeta(bytes) : undefined;
  const label = fromHeader ?? fromMeta;
  const utf8 = utf8Evidence(bytes);
  // UTF-16 is the one label whose text can be well-formed UTF-8 too (ASCII with NULs between); the bytes prove nothing there.
  if (utf8 === "well-formed" && !label?.startsWith("utf-16")) return "utf-8";
  if (label === "utf-8" && utf8 === "none") return fromMeta && fromMeta !== "utf-8" ? fromMeta : LEGACY_FALLBACK;
  if (label) return label;
  // An unlabelled page that is not valid UTF-8 is almost always legacy Western text; decoding it as
  // UTF-8 would turn its accents and curly quotes into U+FFFD.
  return utf8 === "ascii" || utf8 === "well-formed" ? "utf-8" : LEGACY_FALLBACK;
}

const LEGACY_FALLBACK = "windows-1252";

/**
 * What the bytes say of UTF-8: "ascii" (nothing beyond it), "well-formed" (all of it UTF-8), "some" (UTF-8 with some
 * bytes that are not: a UTF-8 page with a stray byte), or "none" (non-ASCII bytes none of which form a UTF-8 character).
 */
function utf8Evidence(bytes: Uint8Array): "ascii" | "well-formed" | "some" | "none" {
  if (bytes.every((byte) => byte < 0x80)) return "ascii";
  if (isValidUtf8(bytes)) return "well-formed";
  for (const char of new TextDecoder("utf-8").decode(bytes)) {
    if (char !== "\ufffd" && char.codePointAt(0)! >= 0x80) return "some";
  }
  return "none";
}

function charsetFromBom(bytes: Uint8Array): string | undefined {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return "utf-8";
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return "utf-16le";
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return "utf-16be";
  return undefined;
}

function charsetFromMeta(bytes: Uint8Array): string | undefined {
  const head = Buffer.from(bytes.subarray(0, CHARSET_PRESCAN_BYTES)).toString("latin1");
  // Matches both <meta charset="…"> and <meta http-equiv="Content-Type" content="…; charset=…">.
  const label = /<meta\b[^>]*?charset\s*=\s*["']?\s*([\w.:-]+)/i.exec(head)?.[1];
  const charset = label ? normalizeCharset(label) : undefined;
  // A meta tag readable as ASCII cannot truly be UTF-16; the HTML spec says to read such pages as UTF-8.
  return charset?.startsWith("utf-16") ? "utf-8" : charset;
}

/**
 * Labels that the WHATWG Encoding Standard maps to a superset: pages labelled ISO-8859-1 or ASCII
 * routinely contain Windows-1252 curly quotes and dashes, and browsers show them as such.
 */
const CHARSET_ALIASES: Partial<Record<string, string>> = {
  "iso-8859-1": "windows-1252",
  iso8859_1: "windows-1252",
  "iso_8859-1": "windows-1252",
  "iso8859-1": "windows-1252",
  iso88591: "windows-1252",
  latin1: "windows-1252",
  l1: "windows-1252",
  "us-ascii": "windows-1252",
  ascii: "windows-1252",
  cp1252: "windows-1252",
  "x-cp1252": "windows-1252",
  "iso-8859-9": "windows-1254",
  latin5: "windows-1254",
  "tis-620": "windows-874",
  gb2312: "gbk",
  utf8: "utf-8",
};

/** Returns the canonical name of a charset label iconv-lite can decode, or undefined. */
export function normalizeCharset(label: string): string | undefined {
  const cleaned = label.trim().toLowerCase();
  const charset = CHARSET_ALIASES[cleaned] ?? cleaned;
  return iconv.encodingExists(charset) ? charset : undefined;
}

function isValidUtf8(bytes: Uint8Array): boolean {
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

function findCause<T extends Error>(error: unknown, type: abstract new (...args: never[]) => T): T | undefined {
  for (let current = error; current instanceof Error; current = current.cause) {
    if (current instanceof type) return current;
  }
  return undefined;
}

function errorCode(error: unknown): string | undefined {
  for (let current = error; current instanceof Error; current = current.cause) {
    if ("code" in current && typeof current.code === "string") return current.code;
  }
  return undefined;
}
