import type { Message, MessageEntity } from "grammy/types";
import type { BotContext } from "./context.ts";

/** At most this many links are taken from one message. */
export const MAX_LINKS_PER_MESSAGE = 10;

/** Longer texts are not taken as questions (a pasted article, a runaway paste). */
export const MAX_QUESTION_CHARS = 1_000;

function entitiesOf(message: Message): { text: string; entities: MessageEntity[] } {
  if (message.text !== undefined) return { text: message.text, entities: message.entities ?? [] };
  return { text: message.caption ?? "", entities: message.caption_entities ?? [] };
}

/** Telegram marks "example.com/a" as a link too; those get https:// so they can be fetched. */
function withScheme(link: string): string {
  return /^[a-z][a-z\d+.-]*:\/\//i.test(link) ? link : `https://${link}`;
}

/** Links in a message or caption, in order, without repeats: `url` entities and `text_link` entities. */
export function linksIn(message: Message): string[] {
  const { text, entities } = entitiesOf(message);
  const links: string[] = [];
  for (const entity of entities) {
    // Entity offsets are UTF-16 code units, like JavaScript string indices.
    if (entity.type === "url") links.push(withScheme(text.slice(entity.offset, entity.offset + entity.length)));
    else if (entity.type === "text_link") links.push(entity.url);
  }
  return [...new Set(links)];
}

/** The message text with link entities, bot commands and mentions of this bot cut out, whitespace tidied. */
export function textWithout(message: Message, botUsername: string, drop: ReadonlyArray<MessageEntity["type"]>): string {
  const { text, entities } = entitiesOf(message);
  let kept = "";
  let position = 0;
  for (const entity of [...entities].sort((a, b) => a.offset - b.offset)) {
    const value = text.slice(entity.offset, entity.offset + entity.length);
    const isOwnMention = entity.type === "mention" && value.toLowerCase() === `@${botUsername.toLowerCase()}`;
    if (!drop.includes(entity.type) && !isOwnMention) continue;
    if (entity.offset < position) continue;
    kept += `${text.slice(position, entity.offset)} `;
    position = entity.offset + entity.length;
  }
  kept += text.slice(position);
  return tidyWhitespace(kept);
}

/**
 * Runs of spaces and tabs as one space, and any run of whitespace with a line break in it as one line break. Each
 * run is matched once: a pattern of optional whitespace, a line break and optional whitespace rescanned a long run
 * with no line break from every position in it, so a forged update of 170,000 line separators (U+2028) held the
 * event loop for 27 seconds.
 */
function tidyWhitespace(text: string): string {
  return text.replace(/\s+/g, (run) => (run.includes("\n") ? "\n" : run.replace(/[ \t]+/g, " "))).trim();
}

/** The question in a text message: its text without mentions of this bot. */
export function questionIn(ctx: BotContext): string {
  return ctx.message ? textWithout(ctx.message, ctx.me.username, []) : "";
}

export function isGroup(ctx: BotContext): boolean {
  return ctx.chat?.type === "group" || ctx.chat?.type === "supergroup";
}

/** Follow-ups are remembered per chat, and per person in groups. */
export function conversationIdOf(ctx: BotContext): string | null {
  const chatId = ctx.chat?.id;
  if (chatId === undefined) return null;
  if (!isGroup(ctx)) return `tg:${chatId}`;
  return ctx.from ? `tg:${chatId}:${ctx.from.id}` : null;
}

/** Whether the text, once its links are gone, still asks something. */
export function looksLikeQuestion(text: string): boolean {
  return text.includes("?") || text.split(/\s+/).filter(Boolean).length >= 4;
}
