import { inQuoteMarks, languageName, speakerLabel, type Answer, type AnswerQuote, type AnswerSource } from "../answer/model.ts";
import { english } from "./i18n/en.ts";
import type { BotMessages } from "./i18n/messages.ts";

/**
 * Renders an Answer as Telegram HTML (parse_mode "HTML"): every piece of text escaped, quotes in blockquotes,
 * citation numbers linked to their articles, a sources list, split into messages that Telegram accepts.
 * Nothing here alters quote text: it is only escaped.
 */

/** Telegram's limit on one message's text. HTML is never shorter than the text it yields, so measuring HTML is safe. */
export const TELEGRAM_MESSAGE_LIMIT = 4096;

/** Quotes longer than this collapse into an expandable blockquote (Telegram shows about three lines of it). */
const EXPANDABLE_QUOTE_CHARS = 300;

/** Longer links are left unlinked: a reopened `<a>` in every split part must leave room for text. */
const MAX_LINK_CHARS = 1000;

/**
 * The text with each lone UTF-16 surrogate replaced by U+FFFD. Telegram takes only valid UTF-8 and refuses a whole
 * message over one half of an emoji (cut from a title, or echoed from a garbled question), so the person gets nothing.
 */
export function wellFormed(text: string): string {
  return text.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, "\ufffd");
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** For attribute values in double quotes. */
export function escapeAttribute(text: string): string {
  return escapeHtml(text).replace(/"/g, "&quot;");
}

/** The URL in normalised form when it is an http(s) link short enough to link, else null (javascript:, tg:, junk). */
export function safeHttpUrl(url: string | null | undefined): string | null {
  if (!url) return null;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") return null;
  return parsed.href.length <= MAX_LINK_CHARS ? parsed.href : null;
}

/** `<a href="…">inner</a>` for a safe link, else the inner HTML alone. `innerHtml` must already be escaped. */
export function link(url: string | null | undefined, innerHtml: string): string {
  const safe = safeHttpUrl(url);
  return safe ? `<a href="${escapeAttribute(safe)}">${innerHtml}</a>` : innerHtml;
}

/** "2024-05-02" from an ISO date or date-time, keeping the article's own calendar day. */
export function shortDate(iso: string | null): string | null {
  if (!iso) return null;
  const day = iso.slice(0, 10);
  return /^\d{4}-\d{2}-\d{2}$/.test(day) ? day : null;
}

function citation(number: number, source: AnswerSource | undefined): string {
  return link(source?.url, `[${number}]`);
}

function quoteBlock(quote: AnswerQuote, source: AnswerSource | undefined): string {
  const text = escapeHtml(inQuoteMarks(quote.text.trim()));
  const open = quote.text.length > EXPANDABLE_QUOTE_CHARS ? "<blockquote expandable>" : "<blockquote>";
  const label = speakerLabel(quote);
  const speaker = label ? `— ${escapeHtml(label)} ` : "";
  return `${open}${text}</blockquote>\n${speaker}${citation(quote.sourceNumber, source)}`;
}

/** "[1] Title — Outlet, 2026-03-02 (in Russian)": the language said when it is not the reader's. */
function sourceLine(source: AnswerSource, t: BotMessages): string {
  const details = [source.outlet, shortDate(source.publishedAt)].filter((part): part is string => Boolean(part));
  const title = link(source.url, escapeHtml(source.title || source.url || t.untitled));
  const language = languageName(source.language, t.locale);
  let line = `[${source.number}] ${title}${details.length > 0 ? ` — ${escapeHtml(details.join(", "))}` : ""}${language ? ` ${escapeHtml(t.sourceLanguage(language))}` : ""}`;
  const others = source.alsoReportedBy.map((copy) => link(copy.url, escapeHtml(copy.outlet ?? safeHttpUrl(copy.url) ?? t.anotherOutlet)));
  if (others.length > 0) line += `\n    ${t.alsoReported}: ${others.join(", ")}`;
  return line;
}

/**
 * The answer as blocks of HTML, each complete in itself (every tag it opens, it closes): the units that
 * messages are packed from. The bot's own words are in `t`'s language; quotes stay in their article's.
 */
export function answerBlocks(answer: Answer, t: BotMessages = english): string[] {
  const blocks: string[] = [];
  if (answer.understoodAs) blocks.push(`<i>${t.understoodAs}: ${escapeHtml(answer.understoodAs)}</i>`);
  const note = answer.noteKind ? t.note(answer.noteKind) : answer.note;
  if (note) blocks.push(escapeHtml(note));
  const sourceByNumber = new Map(answer.sources.map((source) => [source.number, source]));
  for (const quote of answer.quotes) blocks.push(quoteBlock(quote, sourceByNumber.get(quote.sourceNumber)));

  // "More" may bring passages without extracted quotes: show them as quoted passages of their article.
  if (answer.quotes.length === 0 && answer.kind === "answer") {
    const numberByArticle = new Map(answer.sources.map((source) => [source.articleId, source.number]));
    for (const passage of answer.passages) {
      const number = numberByArticle.get(passage.articleId);
      const open = passage.text.length > EXPANDABLE_QUOTE_CHARS ? "<blockquote expandable>" : "<blockquote>";
      const cite = number === undefined ? link(passage.url, "[source]") : citation(number, sourceByNumber.get(number));
      blocks.push(`${open}${escapeHtml(passage.text.trim())}</blockquote>\n${cite}`);
    }
  }

  if (answer.kind === "answer" && answer.sources.length > 0) {
    blocks.push(`<b>${t.sourcesHeading}</b>\n${answer.sources.map((source) => sourceLine(source, t)).join("\n")}`);
  }
  if (blocks.length === 0) blocks.push(escapeHtml(t.nothingToSay));
  return blocks;
}

/** The answer as Telegram HTML messages, each at most `limit` characters, split only between blocks when possible. */
export function renderAnswerHtml(answer: Answer, limit = TELEGRAM_MESSAGE_LIMIT, t: BotMessages = english): string[] {
  return packBlocks(answerBlocks(answer, t), limit);
}

/** Joins blocks with blank lines into as few messages as fit in `limit`; a block too long on its own is split safely. */
export function packBlocks(blocks: readonly string[], limit = TELEGRAM_MESSAGE_LIMIT): string[] {
  const messages: string[] = [];
  let current = "";
  const flush = (): void => {
    if (current !== "") messages.push(current);
    current = "";
  };
  for (const block of blocks) {
    const pieces = block.length > limit ? splitHtml(block, limit) : [block];
    for (const piece of pieces) {
      const joined = current === "" ? piece : `${current}\n\n${piece}`;
      if (joined.length <= limit) {
        current = joined;
      } else {
        flush();
        current = piece;
      }
    }
  }
  flush();
  return messages;
}

interface OpenTag {
  name: string;
  /** The opening tag as written, to reopen it in the next part. */
  open: string;
}

interface Breakpoint {
  at: number;
  stack: OpenTag[];
}

// A tag, an entity, or one code point of text: the units that must never be cut.
const TOKEN = /<\/?[a-zA-Z][^>]*>|&(?:#\d+|#x[\da-fA-F]+|[a-zA-Z]+);|[\s\S]/gu;

const closingOf = (stack: readonly OpenTag[]): string => stack.map((tag) => `</${tag.name}>`).reverse().join("");
const openingOf = (stack: readonly OpenTag[]): string => stack.map((tag) => tag.open).join("");

/**
 * Splits well-formed Telegram HTML into parts of at most `limit` characters, never inside a tag or an entity:
 * tags open at a cut are closed at the end of one part and reopened at the start of the next. Cuts prefer the
 * last line break, then the last space, in the second half of a part.
 */
export function splitHtml(html: string, limit = TELEGRAM_MESSAGE_LIMIT): string[] {
  const parts: string[] = [];
  let stack: OpenTag[] = [];
  let current = "";
  let lineBreak: Breakpoint | null = null;
  let space: Breakpoint | null = null;

  const cut = (): void => {
    const point = [lineBreak, space].find(
      (candidate) =>
        candidate !== null &&
        candidate.at > current.length / 2 &&
        candidate.at > openingOf(candidate.stack).length &&
        candidate.at + closingOf(candidate.stack).length <= limit,
    );
    if (point) {
      parts.push(current.slice(0, point.at) + closingOf(point.stack));
      current = openingOf(point.stack) + current.slice(point.at);
    } else {
      parts.push(current + closingOf(stack));
      current = openingOf(stack);
    }
    lineBreak = null;
    space = null;
  };

  for (const [token] of html.matchAll(TOKEN)) {
    const closing = token.startsWith("</");
    const opening = !closing && token.startsWith("<") && token.length > 1;
    const name = opening || closing ? (/^<\/?([a-zA-Z][\w-]*)/.exec(token)?.[1] ?? "") : "";
    // Room needed after this token: closers for what stays open (one more for an opening tag).
    const after = opening ? [...stack, { name, open: token }] : closing ? stack.slice(0, -1) : stack;
    while (current.length + token.length + closingOf(after).length > limit && current.length > openingOf(stack).length) cut();
    current += token;
    stack = after;
    if (token === "\n") lineBreak = { at: current.length, stack: [...stack] };
    else if (token === " ") space = { at: current.length, stack: [...stack] };
  }
  if (current.length > 0 && current !== openingOf(stack)) parts.push(current + closingOf(stack));
  return parts;
}
