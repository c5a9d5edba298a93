import { all, isElement, TEXT_NODE, type DomDocument, type DomElement, type DomNode } from "./dom.ts";
import type { Paragraph } from "./extract-text.ts";

/*
 * Readability finds the article's container well but keeps what sits inside it: captions and photo credits,
 * share and newsletter prompts, "Read more" links, datelines and bylines, ad labels. These rules remove that,
 * generically (by markup conventions and by wording common to news sites), never keyed to a particular site.
 */

/** Markup that never holds article prose, removed before Readability scores the page. */
const NEVER_PROSE = ["nav", '[role="navigation"]', '[aria-hidden="true"]', "[hidden]", "figcaption"].join(", ");

/** Class or id fragments for page furniture; matched anywhere in the name. */
const FURNITURE =
  /caption|credit|byline|newsletter|sharing|share-?(bar|tools|buttons|links)|social|related|promo|sponsor|subscri|breadcrumb|sr-only|visually-hidden|screen-reader|author-?bio|dateline|timestamp|standfirst/i;

/** Class or id words that must stand alone ("ad" but not "header", "tags" but not "stage"); camelCase counts. */
const FURNITURE_WORD = /(^|[\s_-]|[a-z](?=[A-Z]))(ad|ads|advert|share|tags|dek|deck)($|[\s_-]|[A-Z])/;

/** Class words for media blocks: their text is a caption or a credit, not prose. */
const MEDIA_BLOCK = /(caption|credit|gallery|slideshow|slider|image|photo|picture|figure|video|media)/i;

/** Pop-ups shown on hover: their text sits inside a sentence in the markup but is not part of it. */
const HOVER_CARD = /tooltip|rollover|hovercard|popover/i;

const INLINE_TAGS = new Set([
  "a", "abbr", "b", "cite", "em", "i", "mark", "q", "small", "span", "strong", "sub", "sup", "time", "u",
]);

export function removeNonProse(doc: DomDocument): void {
  for (const element of all(doc, NEVER_PROSE)) element.remove();
}

/**
 * Removes furniture from the page, or from the container Readability chose (parsed with `keepClasses` so the class
 * names survive). Children go first, so a hover card inside a linked name goes and the name stays.
 */
export function removeFurniture(root: DomElement): void {
  for (const element of all(root, "[class], [id], [itemprop]").reverse()) {
    if (isFurniture(element)) element.remove();
  }
  for (const figure of all(root, "figure")) {
    if (hasMedia(figure)) figure.remove();
  }
  for (const list of all(root, "ul, ol")) {
    if (isLinkList(list)) list.remove();
  }
}

function isFurniture(element: DomElement): boolean {
  const names = `${element.getAttribute("class") ?? ""} ${element.getAttribute("id") ?? ""}`;
  if (HOVER_CARD.test(names) && isCard(element)) return true;
  if (isInSentence(element)) return false;
  const length = textLength(element);
  const furniture =
    FURNITURE.test(names) || FURNITURE_WORD.test(names) || element.getAttribute("itemprop") === "description";
  if (furniture && length < 400) return true;
  return MEDIA_BLOCK.test(names) && length < 300 && hasMedia(element);
}

function isCard(element: DomElement): boolean {
  return element.querySelector("img") !== null || all(element, "a").length > 1;
}

/** An inline element with words beside it, or inside one that has, is part of a sentence: never furniture. */
function isInSentence(element: DomElement): boolean {
  let current: DomElement | null = element;
  while (current && INLINE_TAGS.has(current.tagName.toLowerCase())) {
    const siblings = Array.from(current.parentNode?.childNodes ?? []);
    if (siblings.some((node) => node.nodeType === TEXT_NODE && (node.nodeValue ?? "").trim() !== "")) return true;
    const parent: DomNode | null = current.parentNode;
    current = parent && isElement(parent) ? parent : null;
  }
  return false;
}

/** A list of nothing but short links: related stories, tags, a menu. */
function isLinkList(list: DomElement): boolean {
  const items = Array.from(list.children).filter((child) => child.tagName.toLowerCase() === "li");
  if (items.length < 2) return false;
  return items.every((item) => {
    const length = textLength(item);
    const linked = all(item, "a").reduce((sum, link) => sum + textLength(link), 0);
    return length < 120 && linked >= 0.9 * length;
  });
}

function textLength(element: DomElement): number {
  return (element.textContent ?? "").replace(/\s+/g, " ").trim().length;
}

function hasMedia(element: DomElement): boolean {
  return element.querySelector("img, picture, video, iframe, svg") !== null;
}

/** Whole paragraphs that are page furniture whatever the site: ad labels, prompts, credits, datelines. */
const BOILERPLATE_PARAGRAPH: RegExp[] = [
  /^(advertisement|advertising|advert|ad|anzeige|werbung|publicidad|publicité|pubblicità|iklan|реклама|sponsored( content)?)$/i,
  /^(skip to (main )?content|sign in|subscribe|log ?in|sign up|register|close|caption|menu|search|home|share|tweet|email|print|comments?|\d+ comments?|reply|loading\W*|view author archive|email the author|post comment.*)$/i,
  /^(read more|related( stories| articles)?|see also|more|recommended( for you)?|you (may|might) also like|more from [\w ]+|popular|trending|most read|recent articles|popular this week|more great [\w ]+ stories)\b\W*$/i,
  /^image \d+ (of|\/)( \/)? ?\d*$/i,
  /this (website|site) uses cookies/i,
  /^this (post|article|page) (may contain|contains) affiliate/i,
  /^(like|share|enjoy(ed)?) this (story|article|post)/i,
  /^(\d+ )?min(ute)?s? read$/i,
  /^(reading time|tempo de leitura|lesezeit|temps de lecture|tiempo de lectura)\b/i,
];

/** Prompts that give themselves away by their wording; only short paragraphs, so prose that mentions them stays. */
const SHORT_PROMPT: RegExp[] = [
  /^[[(]?(read more|related( posts?| stories| articles| reading| content)?|see also|more|watch|listen|also read|read also|click here|don't miss)\s*[:>»|-]/i,
  /^also on [\w-]+\.[a-z]{2,}\b/i,
  /^subscribe to\b/i,
  /^\[(\w+)[^\]]*\].*\[\/\1\]$/,
  /^(\W*\w+:\s*)?(sign up|subscribe|register|get)\b.*\b(newsletters?|inbox|e-?mail|updates)\b/i,
  /\bnewsletters?\b.*\b(sign up|subscribe)\b|\b(sign up|subscribe)\b.*\bnewsletters?\b/i,
  /^\(?(photo|image|picture|credit|foto|фото|source|video)s?( credit)?\s*(:|\.\.\.|\|)/i,
  /^this (\w+ )?requires javascript/i,
  /^(copyright\s*)?(©|ⓒ|\(c\))|^copyright\s+(\d{4}|by\b)/i,
  /^(follow|like) (us|@|[\w ]+ on (twitter|facebook|instagram))/i,
  /^have a (news )?tip\?/i,
  /^(filed under|tagged|tags|categories|category)\s*:/i,
  /^\(?reporting by\b/i,
  /^(subscribe|get) .*\b(magazine|print edition|delivered)\b/i,
  /\b(all rights reserved|unauthori[sz]ed reproduction)\b/i,
];

const MONTH_OR_DAY =
  /\b(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?|\b(mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?/gi;

/** "18 NOV 2019", "November 18, 2019 | 4:10pm", "Updated 1:39 am EST, Wed, Nov 20, 2019". */
export function isDateline(text: string): boolean {
  if (text.length > 80 || !/\d/.test(text)) return false;
  const rest = text
    .replace(MONTH_OR_DAY, "")
    .replace(/\b[A-Z]{2,4}\b/g, "")
    .replace(/\b(am|pm|a\.m\.|p\.m\.|at|on|first|last|updated|posted|published|modified)\b/gi, "")
    .replace(/[^\p{L}]/gu, "");
  return rest.length <= 2;
}

/** Words a byline may hold besides capitalised names and a date. */
const BYLINE_WORDS = new Set(["and", "und", "et", "y", "e", "of", "the", "for", "in", "at", "de", "van", "von", "da"]);

/** "By Ann Lee and Bo Park, Reuters", "by Ann Lee September 15, 2014"; not "By the time we arrived, ...". */
export function isByline(text: string): boolean {
  const match = /^(by|von|par|por)\s+(.+)$/i.exec(text);
  if (!match?.[2] || text.length > 100 || /[.!?]$/.test(text)) return false;
  const words = match[2]
    .replace(MONTH_OR_DAY, "")
    .split(/[\s,|&/]+/)
    .filter((word) => /\p{L}/u.test(word));
  return words.every((word) => /^\p{Lu}/u.test(word) || BYLINE_WORDS.has(word.toLowerCase()));
}

/** What the page said about itself, to recognise its title, byline and address repeated in the body. */
export interface BoilerplateContext {
  title: string | null;
  authors: string[];
  urls: string[];
}

export function isBoilerplate(paragraph: Paragraph, context: BoilerplateContext): boolean {
  const text = paragraph.text;
  if (BOILERPLATE_PARAGRAPH.some((pattern) => pattern.test(text))) return true;
  if (text.length < 200 && SHORT_PROMPT.some((pattern) => pattern.test(text))) return true;
  if (isDateline(text) || isByline(text)) return true;
  const repeats = [context.title, ...context.authors, ...context.urls];
  return repeats.some((repeat) => repeat !== null && sameText(text, repeat));
}

function sameText(text: string, other: string): boolean {
  return text.toLowerCase() === other.toLowerCase().replace(/\s+/g, " ").trim();
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
