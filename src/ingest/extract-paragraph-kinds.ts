import type { Paragraph } from "./extract-text.ts";

/*
 * Readability finds the article's container well but keeps what sits inside it. These rules recognise, one paragraph
 * at a time, the kinds of block that are never the article's words on any site: ad labels, newsletter and
 * subscription prompts, bylines and datelines, photo credits and captions repeated from images, "read more" prompts,
 * comment counts and prompts, and code or style sheets that leaked into the text. Each kind is told by its wording or
 * its shape, never by a particular site's markup.
 */

export type BoilerplateKind =
  | "label"
  | "newsletter"
  | "byline"
  | "dateline"
  | "credit"
  | "caption"
  | "read-more"
  | "comments"
  | "code"
  | "repeat";

/** Labels that stand alone as a whole paragraph: ad markers, buttons, navigation words, reading times. */
const LABEL: RegExp[] = [
  /^(advertisement|advertising|advert|ad|anzeige|werbung|publicidad|publicité|pubblicità|iklan|реклама|sponsored( content)?)$/i,
  /^(skip to (main )?content|sign in|subscribe|log ?in|sign up|register|close|caption|menu|search|home|share|tweet|email|print|reply|loading\W*|view author archive|email the author)$/i,
  /^image \d+ (of|\/)( \/)? ?\d*$/i,
  /this (website|site) uses cookies/i,
  /^this (post|article|page) (may contain|contains) affiliate/i,
  /^(like|share|enjoy(ed)?) this (story|article|post)/i,
  /^(\d+ )?min(ute)?s? read$/i,
  /^(reading time|tempo de leitura|lesezeit|temps de lecture|tiempo de lectura)\b/i,
  /^this (\w+ )?requires javascript/i,
  /^(copyright\s*)?(©|ⓒ|\(c\))|^copyright\s+(\d{4}|by\b)/i,
  /^(follow|like) (us|@|[\w ]+ on (twitter|facebook|instagram))/i,
  /^have a (news )?tip\?/i,
  /^(filed under|tagged|tags|categories|category)\s*:/i,
  /\b(all rights reserved|unauthori[sz]ed reproduction)\b/i,
  /^_{3,}$|^[-=*~•·]{3,}$/,
];

/** Newsletter, subscription and sign-up prompts. */
const NEWSLETTER: RegExp[] = [
  /^subscribe to\b/i,
  /^(\W*\w+:\s*)?(sign up|subscribe|register|get)\b.*\b(newsletters?|inbox|e-?mail|updates)\b/i,
  /\bnewsletters?\b.*\b(sign up|subscribe)\b|\b(sign up|subscribe)\b.*\bnewsletters?\b/i,
  /^(subscribe|get) .*\b(magazine|print edition|delivered)\b/i,
  // Second person and an inbox: "Let our news meet your inbox", "the best stories, straight to your inbox".
  /^[^"“”«»]*\byour inbox\b[^"“”«»]*$/i,
];

/** Headings and prompts that introduce other stories rather than continue this one. */
const READ_MORE_HEADING =
  /^(read more|related( stories| articles| posts| content| reading| coverage)?|see also|more|more on this( story)?|recommended( for you| reading)?|you (may|might) also (like|enjoy)|more from [\w ]+|more (great )?[\w ]+ (stories|articles|news)|popular( now| this week)?|trending( now| news| stories)?|most (read|popular|viewed|shared)|recent (articles|posts|stories)|editor'?s picks|top stories|don't miss|also read|read next|up next|latest( news)?|more stories)\b\W*$/i;

const READ_MORE_PROMPT: RegExp[] = [
  /^[[(]?(read more|related( posts?| stories| articles| reading| content)?|see also|more|watch|listen|also read|read also|click here|don't miss|read next)\s*[:>»|-]/i,
  /^also on [\w-]+\.[a-z]{2,}\b/i,
  /^\[(\w+)[^\]]*\].*\[\/\1\]$/,
];

/** Words for comments in the languages news pages are most often written in. */
const COMMENT_WORD =
  /(?<!\p{L})(comments?|responses|repl(?:y|ies)|kommentare?n?|commentaires?|comentarios?|comentários?|commenti|commento|reacties|komentar|комментари[йяев]*)(?!\p{L})/iu;
const COMMENT_PROMPT: RegExp[] = [
  /^\W*\p{L}+\W*$/u,
  /^[(\d\s]*\d+\)?\s*$/,
  /^\(?\d+\)?\s+\S+$/,
  /^\S+\s*\(\d+\)$/,
  /\b(leave|post|add|write|show|view|load|read|hide) (a |the |all )?(\d+ )?(comments?|repl(y|ies)|responses)\b/i,
  /\b(tell us|let us know|share) what you think\b|\bjoin the (conversation|discussion|debate)\b|\bwhat do you think\?/i,
  /\bmoderat|\bapprov|\baprovad|\bpolicy\b|\bclosed\b|\bguidelines\b|\bfermés?\b|\bcerrados?\b|\bgeschlossen\b/i,
];

/** Photo and image credits: agencies, "via", "Photo:", "personal archive". */
const CREDIT: RegExp[] = [
  /^\(?(photo|image|picture|credit|foto|фото|source|video|illustration|graphic|chart)s?( credit)?\s*(:|\.\.\.|\||by\b)/i,
  /\b(getty images|shutterstock|istock(photo)?|associated press|ap photo|afp|epa(-efe)?|reuters|alamy|unsplash|pixabay|wikimedia commons|bloomberg via)\b/i,
  /\b(courtesy( of)?|handout|photographed by|photo by|pictured:?)\b/i,
  /\bvia\s+[\p{L}.@_-]*[\p{Lu}@][\p{L}.@_-]*$/u,
  /(?<!\p{L})(личный архив|archivio personale|archivo personal|arquivo pessoal|privatarchiv|archives? personnelles?)(?!\p{L})/iu,
];

/** "© …" and "/Getty" credits in a caption are short and hold no sentence; prose that names an agency stays. */
function isCredit(text: string): boolean {
  if (text.length > 120 || /[.!?]["”»]?$/.test(text.replace(/\b(Inc|Ltd|Co|Jr|Sr|St)\.$/, ""))) return false;
  return CREDIT.some((pattern) => pattern.test(text)) || /^[\p{L} .'-]+(\/[\p{L} .'-]+)+$/u.test(text);
}

/**
 * Style sheets and scripts a CMS printed as text: a leading `/*` or `//`, CSS rules, or a paragraph dense with code
 * punctuation. Prose has at most a few brackets and semicolons per hundred characters.
 */
export function isCode(text: string): boolean {
  if (/^(\/\*|\*\/|\/\/|<!--|-->|@(media|import|font-face|keyframes)\b)/.test(text)) return true;
  if (/[\w\]-]\s*\{[^{}]*[\w-]+\s*:\s*[^;{}]+;/.test(text)) return true;
  if (/\b(function\s*\(|var \w+ ?=|const \w+ ?=|let \w+ ?=|document\.\w+|window\.\w+)/.test(text)) {
    const symbols = (text.match(/[{}();=<>[\]]/g) ?? []).length;
    return symbols / text.length > 0.05;
  }
  return false;
}

/** Month and weekday names (full, short, standalone and in a date) in the languages of the news we read. */
const DATE_WORDS = ((): Set<string> => {
  const words = new Set<string>();
  const locales = ["en", "de", "fr", "es", "pt", "it", "nl", "ru", "id", "pl", "sv", "tr", "uk", "cs", "da", "no", "fi"];
  for (const locale of locales) {
    for (let month = 0; month < 12; month++) {
      const date = new Date(Date.UTC(2021, month, 15));
      for (const options of [{ month: "long" }, { month: "short" }, { month: "long", day: "numeric" }] as const) {
        const text = new Intl.DateTimeFormat(locale, { ...options, timeZone: "UTC" }).format(date);
        for (const word of text.toLowerCase().match(/\p{L}+/gu) ?? []) words.add(word);
      }
    }
    for (let day = 0; day < 7; day++) {
      const date = new Date(Date.UTC(2021, 1, day + 1));
      for (const weekday of ["long", "short"] as const) {
        const text = new Intl.DateTimeFormat(locale, { weekday, timeZone: "UTC" }).format(date);
        for (const word of text.toLowerCase().match(/\p{L}+/gu) ?? []) words.add(word);
      }
    }
  }
  // English short forms the formatter does not give, and the connecting words of a written date and time.
  for (const word of ["sept", "tues", "thur", "thurs", "am", "pm", "a", "m", "p", "at", "on", "of", "de", "del", "às",
    "à", "a", "las", "le", "um", "uhr", "alle", "ore", "om", "uur", "в", "г", "года", "pukul", "wib", "updated",
    "posted", "published", "modified", "first", "last", "aktualisiert", "veröffentlicht", "publié", "publicado",
    "atualizado", "actualizado", "pubblicato", "aggiornato", "opublikowano", "обновлено", "опубликовано"]) {
    words.add(word);
  }
  return words;
})();

/** "18 NOV 2019", "November 18, 2019 | 4:10pm", "sexta-feira, 22 de outubro de 2010 às 20:13". */
export function isDateline(text: string): boolean {
  if (text.length > 80 || !/\d/.test(text)) return false;
  const words = text.match(/\p{L}+/gu) ?? [];
  const rest = words.filter((word) => !DATE_WORDS.has(word.toLowerCase()) && !/^[A-Z]{2,4}$/.test(word));
  return rest.join("").length <= 2;
}

/** Words a byline may hold besides capitalised names and a date. */
const BYLINE_WORDS = new Set(["and", "und", "et", "y", "e", "of", "the", "for", "in", "at", "de", "van", "von", "da"]);

/**
 * "By Ann Lee and Bo Park, Reuters", "by Ann Lee September 15, 2014", "Posted on March 30, 2015 by Admin", a bare
 * "By"; not "By the time we arrived, ...".
 */
export function isByline(text: string): boolean {
  if (/^(by|von|par|por|door|di|oleh|автор)\s*:?$/i.test(text)) return true;
  const lead = /^(?:(?:posted|written|published|reported|words|text|story|photos?)(?: on (.{4,40}?))? )?(?:by|von|par|por|door|oleh)\s*:?\s+(.+)$/i;
  const match = lead.exec(text);
  if (!match?.[2] || text.length > 100 || /[.!?]$/.test(text)) return false;
  if (match[1] && !isDateline(match[1])) return false;
  const words = match[2].split(/[\s,|&/]+/).filter((word) => /\p{L}/u.test(word) && !DATE_WORDS.has(word.toLowerCase()));
  return words.every((word) => /^\p{Lu}/u.test(word) || BYLINE_WORDS.has(word.toLowerCase()));
}

/** What the page said about itself, to recognise its title, byline, address and image captions repeated in the body. */
export interface BoilerplateContext {
  title: string | null;
  authors: string[];
  urls: string[];
  /** Alternative texts and captions of the page's images. */
  captions: Set<string>;
}

/** The kind of boilerplate a paragraph is, or null when it may be the article's words. */
export function boilerplateKind(paragraph: Paragraph, context: BoilerplateContext): BoilerplateKind | null {
  const text = paragraph.text;
  const short = text.length < 200;
  if (isCode(text)) return "code";
  if (LABEL.some((pattern) => pattern.test(text))) return "label";
  if (short && NEWSLETTER.some((pattern) => pattern.test(text))) return "newsletter";
  if (READ_MORE_HEADING.test(text) || (short && READ_MORE_PROMPT.some((pattern) => pattern.test(text)))) {
    return "read-more";
  }
  if (short && COMMENT_WORD.test(text) && COMMENT_PROMPT.some((pattern) => pattern.test(text))) return "comments";
  if (short && /\b(tell us|let us know) what you think\b|\bjoin the (conversation|discussion)\b/i.test(text)) {
    return "comments";
  }
  if (isByline(text) || (short && /^\(?(additional )?(reporting|writing|editing) by\b/i.test(text))) return "byline";
  if (isDateline(text)) return "dateline";
  if (isCredit(text)) return "credit";
  if (short && context.captions.has(normalise(text))) return "caption";
  const repeats = [context.title, ...context.authors, ...context.urls];
  if (repeats.some((repeat) => repeat !== null && normalise(repeat) === normalise(text))) return "repeat";
  return null;
}

export function normalise(text: string): string {
  return text.toLowerCase().replace(/\s+/g, " ").trim();
}

/**
 * Drops "read more" lists: after a heading that introduces other stories, the short linked lines that follow it; and
 * anywhere, a run of three or more short lines that are all links (teasers for other stories set between paragraphs).
 */
export function dropTeaserRuns(paragraphs: Paragraph[]): Paragraph[] {
  const drop = new Set<number>();
  paragraphs.forEach((paragraph, index) => {
    if (!READ_MORE_HEADING.test(paragraph.text)) return;
    for (let next = index + 1; next < paragraphs.length; next++) {
      const item = paragraphs[next] as Paragraph;
      if (item.linkChars === 0 || item.text.length > 200) break;
      drop.add(next);
    }
  });
  let start = 0;
  while (start < paragraphs.length) {
    let end = start;
    while (end < paragraphs.length && isTeaser(paragraphs[end] as Paragraph)) end++;
    if (end - start >= 3) for (let index = start; index < end; index++) drop.add(index);
    start = end + 1;
  }
  return paragraphs.filter((_, index) => !drop.has(index));
}

/** A headline-like line that is all link: no sentence of its own. */
function isTeaser(paragraph: Paragraph): boolean {
  return paragraph.text.length < 150 && paragraph.linkChars >= 0.8 * paragraph.text.length && !/[.!?]$/.test(paragraph.text);
}

/**
 * Drops an author's biography from the end of the body ("Ann Lee is a reporter who covers ..."): it describes the
 * writer, not the story.
 */
export function dropAuthorBio(paragraphs: Paragraph[], authors: string[]): Paragraph[] {
  const tailStart = Math.max(0, paragraphs.length - 3);
  return paragraphs.filter(
    (paragraph, index) =>
      index < tailStart || !authors.some((author) => paragraph.text.startsWith(`${author} is `)),
  );
}

/**
 * Trims the edges of the body: before the first and after the last paragraph that reads as prose, lines that are
 * mostly links are breadcrumbs, menus and related-story lists rather than article text.
 */
export function trimEdges(paragraphs: Paragraph[]): Paragraph[] {
  const first = paragraphs.findIndex(isProse);
  if (first === -1) return paragraphs;
  let last = paragraphs.length - 1;
  while (last > first && isLinkLine(paragraphs[last] as Paragraph)) last--;
  let start = first;
  while (start > 0 && !isLinkLine(paragraphs[start - 1] as Paragraph)) start--;
  return paragraphs.slice(start, last + 1);
}

function isProse(paragraph: Paragraph): boolean {
  return paragraph.text.length >= 120 || (paragraph.text.length >= 40 && /[.!?。…"”»)]$/.test(paragraph.text));
}

function isLinkLine(paragraph: Paragraph): boolean {
  return !isProse(paragraph) && paragraph.linkChars / paragraph.text.length > 0.6;
}
