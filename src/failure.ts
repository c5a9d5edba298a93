/**
 * Why a source could not be added, as data rather than words: the command line and logs say it in English
 * (`englishFailure`), and the bot in each person's language (its ru/uk tables word every kind), as the answer
 * engine's notes are.
 */

export type ExtractionProblem = "cookie-wall" | "paywall" | "too-little-text" | "not-an-article" | "unreadable";

/** What a link that is no web page turned out to be. */
export type NonPageType = "pdf" | "image" | "video" | "audio" | "json" | "xml" | "file";

/** Where a refused link pointed: "points" for the link itself, "redirects" for a hop on its way. */
export type Leads = "points" | "redirects";

export type IngestFailure =
  | { kind: "not-a-link" }
  | { kind: "not-http" }
  | { kind: "not-web"; leads: Leads }
  | { kind: "credentials"; leads: Leads }
  | { kind: "port"; leads: Leads; port: number }
  | { kind: "private-address"; leads: Leads }
  | { kind: "too-many-redirects"; max: number }
  | { kind: "redirect-nowhere" }
  | { kind: "redirect-broken" }
  | { kind: "timeout"; ms: number }
  | { kind: "site-not-found"; host: string }
  | { kind: "insecure"; host: string }
  | { kind: "unreachable"; host: string }
  /** `statusText` is HTTP's own name for the status ("Not Found"), left as it is in every language. */
  | { kind: "http-status"; status: number; statusText: string | null }
  | { kind: "not-a-page"; type: NonPageType }
  | { kind: "too-large"; maxBytes: number }
  | { kind: "extraction"; problem: ExtractionProblem }
  | { kind: "too-short" }
  | { kind: "bad-date"; date: string }
  | { kind: "disk-full" }
  | { kind: "read-only" }
  | { kind: "disk-error" }
  | { kind: "busy" }
  | { kind: "unexpected" };

const NON_PAGE: Record<NonPageType, string> = {
  pdf: "a PDF",
  image: "an image",
  video: "a video",
  audio: "an audio file",
  json: "JSON data",
  xml: "an XML document or feed",
  file: "a file download",
};

const EXTRACTION: Record<ExtractionProblem, string> = {
  "cookie-wall": "The page only showed a cookie consent screen, not the article.",
  paywall: "The article is behind a paywall; only its first lines are readable.",
  "not-an-article": "The page is a list of stories, not an article.",
  "too-little-text": "The page has too little text to be an article.",
  unreadable: "The page could not be read as an article.",
};

/** The reason in English, as `verbatim ingest` prints it and the bot says it to English speakers. */
export function englishFailure(failure: IngestFailure): string {
  switch (failure.kind) {
    case "not-a-link":
      return "that doesn't look like a web link";
    case "not-http":
      return "that is not a web link (http or https)";
    case "not-web":
      return `that link ${failure.leads} to something other than a web page (not http or https)`;
    case "credentials":
      return `that link ${failure.leads} to an address with a username or password in it`;
    case "port":
      return `that link ${failure.leads} to port ${failure.port}, not a usual web port`;
    case "private-address":
      return `that link ${failure.leads} to a private or local network address`;
    case "too-many-redirects":
      return `the link redirected more than ${failure.max} times`;
    case "redirect-nowhere":
      return "the site redirected without saying where to";
    case "redirect-broken":
      return "the site redirected to a broken address";
    case "timeout":
      return `the site took longer than ${formatSeconds(failure.ms)} to answer`;
    case "site-not-found":
      return `couldn't find the site ${failure.host}`;
    case "insecure":
      return `couldn't make a secure connection to ${failure.host}`;
    case "unreachable":
      return `couldn't connect to ${failure.host}`;
    case "http-status":
      return `the site answered ${failure.status}${failure.statusText ? ` ${failure.statusText}` : ""}`;
    case "not-a-page":
      return `that link is ${NON_PAGE[failure.type]}, not a web page`;
    case "too-large":
      return `the page is larger than ${formatBytes(failure.maxBytes)}`;
    case "extraction":
      return EXTRACTION[failure.problem];
    case "too-short":
      return "it has too little text to be an article";
    case "bad-date":
      return `its publish date "${failure.date}" is not a date`;
    case "disk-full":
      return "the library's disk is full, so nothing was added; send it again once whoever runs me has freed some space";
    case "read-only":
      return "the library is read-only (its folder cannot be written), so nothing was added; send it again once whoever runs me has fixed that";
    case "disk-error":
      return "the library's disk failed to write, so nothing was added; send it again once whoever runs me has looked at the disk";
    case "busy":
      return "I'm busy reading other links; please send it again in a few minutes";
    case "unexpected":
      return "something went wrong while reading it";
  }
}

/** 1.5 MB, 100 KB, 300 bytes: decimal units, as sizes are shown to people. */
function formatBytes(bytes: number): string {
  if (bytes >= 1_000_000) return `${Number((bytes / 1_000_000).toFixed(1))} MB`;
  if (bytes >= 1_000) return `${Number((bytes / 1_000).toFixed(1))} KB`;
  return `${bytes} bytes`;
}

/** 20 s, 1.5 s, 300 ms. */
function formatSeconds(ms: number): string {
  return ms >= 1_000 ? `${Number((ms / 1_000).toFixed(1))} s` : `${ms} ms`;
}
