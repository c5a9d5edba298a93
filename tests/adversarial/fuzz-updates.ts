/**
 * Generated Telegram updates, from a seed: the well-formed kinds the bot acts on, and what no real Telegram sends
 * but a forged webhook post can (missing fields, wrong types, entities past the end, lone surrogates, unknown
 * update types, non-objects). Each generated body is JSON text, as it arrives at the webhook.
 */

import { seeded } from "../helpers/seeded.ts";

export const BOT_ID = 666;
export const BOT_USERNAME = "TestNameBot";

const WORDS = ["what", "did", "the", "council", "say", "about", "harbour", "ferry", "tram", "repairs", "Mara", "Quill", "?", "and", "why", "who", "night", "buses", "Kelvin", "Bay", "<b>", "&amp;", "&", "<", ">", '"', "</i>", "<a href=x>"];
const ODD = [
  "\u200f", // right-to-left mark
  "\u202e", // right-to-left override
  "\u200d", // zero-width joiner
  "\u200b", // zero-width space
  "\ufeff", // byte order mark
  "\u0301\u0301\u0301", // combining acute accents
  "\ud800", // lone high surrogate
  "\udfff", // lone low surrogate
  "👩‍👩‍👧‍👦", // a ZWJ sequence
  "\u0000", // NUL
  "\u2028", // line separator
  "ﷺ",
  "ع",
  "\ud83d", // half an emoji
  "Z̤͔ͧ̑̓ä͖̭̈̇lͮ̒ͫǧ̗͚̚o̙̔ͮ̇͐̇",
];
const COMMANDS = ["/start", "/help", "/stats", "/sources", "/forget", "/add", "/remove", "/nonsense", `/help@${BOT_USERNAME}`, "/help@OtherBot", "/add@" + BOT_USERNAME];
const ENTITY_TYPES = ["url", "text_link", "bot_command", "mention", "text_mention", "bold", "hashtag", "code", "pre", "spoiler", "custom_emoji", "blockquote", "made_up"];
const LINKS = ["http://127.0.0.1/", "http://10.0.0.1/x", "http://[::1]/", "javascript:alert(1)", "https://", "ftp://x", "http://169.254.169.254/latest", "tg://user?id=1", "http://0x7f.1/", "", "%%%", "https://user:pw@10.1.1.1/"];

export type UpdateKind =
  | "text"
  | "enormous"
  | "entities"
  | "command"
  | "forward"
  | "media"
  | "group"
  | "reply"
  | "missing-fields"
  | "wrong-types"
  | "edited"
  | "callback"
  | "other-update"
  | "unknown-type"
  | "not-an-update";

const KINDS: Array<[UpdateKind, number]> = [
  ["text", 18],
  ["enormous", 2],
  ["entities", 12],
  ["command", 8],
  ["forward", 5],
  ["media", 5],
  ["group", 6],
  ["reply", 4],
  ["missing-fields", 8],
  ["wrong-types", 6],
  ["edited", 5],
  ["callback", 10],
  ["other-update", 3],
  ["unknown-type", 4],
  ["not-an-update", 4],
];

export class UpdateFuzzer {
  private readonly random: () => number;
  private updateId = 1;
  private messageId = 1;
  readonly counts = new Map<UpdateKind, number>();

  constructor(
    seed: number,
    /** Senders are drawn from this many users (and their private chats), so limits and conversations see repeats. */
    private readonly users = 400,
  ) {
    this.random = seeded(seed);
  }

  private int(max: number): number {
    return Math.floor(this.random() * max);
  }

  private pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)] as T;
  }

  private chance(p: number): boolean {
    return this.random() < p;
  }

  private text(maxWords = 12): string {
    const words: string[] = [];
    const count = 1 + this.int(maxWords);
    for (let i = 0; i < count; i++) {
      words.push(this.chance(0.25) ? this.pick(ODD) : this.pick(WORDS));
      if (this.chance(0.1)) words.push(this.pick(LINKS));
    }
    return words.join(this.chance(0.8) ? " " : "");
  }

  private user(): Record<string, unknown> {
    const id = 1_000 + this.int(this.users);
    return { id, is_bot: false, first_name: this.chance(0.2) ? this.pick(ODD) : `U${id}` };
  }

  private entities(text: string): Array<Record<string, unknown>> {
    const entities: Array<Record<string, unknown>> = [];
    const count = this.int(5);
    for (let i = 0; i < count; i++) {
      const type = this.pick(ENTITY_TYPES);
      const offset = this.chance(0.3) ? text.length + this.int(50) : this.chance(0.1) ? -this.int(10) : this.int(text.length + 1);
      const length = this.chance(0.2) ? 100_000 : this.int(text.length + 5);
      const entity: Record<string, unknown> = { type, offset, length };
      if (type === "text_link") entity.url = this.pick(LINKS);
      if (type === "text_mention" && this.chance(0.5)) entity.user = this.chance(0.5) ? { id: BOT_ID, is_bot: true, first_name: "Bot" } : this.user();
      if (this.chance(0.05)) delete entity.offset;
      entities.push(entity);
    }
    return entities;
  }

  private message(from: Record<string, unknown>, text: string | undefined, extra: Record<string, unknown> = {}): Record<string, unknown> {
    const chat = { id: from.id, type: "private", first_name: from.first_name };
    return { message_id: this.messageId++, date: 1_776_000_000 + this.int(1_000_000), chat, from, ...(text === undefined ? {} : { text }), ...extra };
  }

  private wrap(key: string, value: unknown): Record<string, unknown> {
    return { update_id: this.updateId++, [key]: value };
  }

  private kind(): UpdateKind {
    const total = KINDS.reduce((sum, [, weight]) => sum + weight, 0);
    let roll = this.random() * total;
    for (const [kind, weight] of KINDS) {
      roll -= weight;
      if (roll < 0) return kind;
    }
    return "text";
  }

  /** The next update's kind and its JSON body. */
  next(): { kind: UpdateKind; body: string } {
    const kind = this.kind();
    this.counts.set(kind, (this.counts.get(kind) ?? 0) + 1);
    return { kind, body: this.body(kind) };
  }

  private body(kind: UpdateKind): string {
    const from = this.user();
    switch (kind) {
      case "text":
        return JSON.stringify(this.wrap("message", this.message(from, this.text())));
      case "enormous": {
        const unit = this.chance(0.5) ? "why? " : this.pick(ODD);
        return JSON.stringify(this.wrap("message", this.message(from, unit.repeat(Math.floor((20_000 + this.int(150_000)) / unit.length)))));
      }
      case "entities": {
        const text = this.text();
        return JSON.stringify(this.wrap("message", this.message(from, text, { entities: this.entities(text) })));
      }
      case "command": {
        const command = this.pick(COMMANDS);
        const text = `${command} ${this.chance(0.5) ? this.text(4) : ""}`;
        return JSON.stringify(this.wrap("message", this.message(from, text, { entities: [{ type: "bot_command", offset: 0, length: this.chance(0.8) ? command.length : this.int(200) }] })));
      }
      case "forward": {
        const origins = [
          { type: "channel", chat: { id: -100 - this.int(1000), type: "channel", title: this.text(3), username: this.chance(0.5) ? "chan" : undefined }, message_id: this.int(1e6), date: 1_776_000_000 },
          { type: "chat", sender_chat: { id: -5, type: "supergroup", title: this.text(2) }, date: 1_776_000_000 },
          { type: "user", sender_user: this.user(), date: 1_776_000_000 },
          { type: "hidden_user", sender_user_name: this.text(2), date: 1_776_000_000 },
          { type: "channel" },
          { type: "chat", date: "yesterday" },
          { type: "channel", chat: {}, date: Number.MAX_SAFE_INTEGER },
        ];
        const text = this.chance(0.7) ? `${this.text(6)}\n${this.text(30)}\n${this.text(30)}` : undefined;
        return JSON.stringify(this.wrap("message", this.message(from, text, { forward_origin: this.pick(origins), ...(text === undefined ? { caption: this.text(5) } : {}) })));
      }
      case "media": {
        const media = [
          { photo: [{ file_id: "p", file_unique_id: "p", width: 1, height: 1 }], caption: this.text() },
          { sticker: { file_id: "s" } },
          { voice: { file_id: "v", duration: 1 } },
          { document: { file_id: "d", mime_type: this.pick(["application/pdf", "text/html", undefined]) } },
          { location: { latitude: 0, longitude: 0 } },
          { poll: {} },
          { dice: { emoji: "🎲", value: 6 } },
          { new_chat_members: [this.user()] },
          { caption: this.text(), caption_entities: [{ type: "url", offset: 0, length: 40 }] },
        ];
        return JSON.stringify(this.wrap("message", this.message(from, undefined, this.pick(media))));
      }
      case "group": {
        const text = this.chance(0.5) ? `@${BOT_USERNAME} ${this.text()}` : this.text();
        const message = this.message(from, text, { entities: this.chance(0.7) ? [{ type: "mention", offset: 0, length: BOT_USERNAME.length + 1 }] : this.entities(text) });
        message.chat = { id: -1_000 - this.int(50), type: this.pick(["group", "supergroup", "channel"]), title: this.text(2) };
        return JSON.stringify(this.wrap("message", message));
      }
      case "reply": {
        const replyTo = { message_id: this.int(100_000), from: this.chance(0.7) ? { id: BOT_ID, is_bot: true, first_name: "Bot" } : this.user(), chat: { id: from.id, type: "private" }, date: 0, reply_markup: this.chance(0.5) ? { inline_keyboard: [[{ text: "More", callback_data: `more:${this.text(1)}` }]] } : undefined };
        return JSON.stringify(this.wrap("message", this.message(from, this.text(), { reply_to_message: replyTo })));
      }
      case "missing-fields": {
        const message = this.message(from, this.text());
        const drop = this.pick(["chat", "from", "message_id", "date", "text", "chat.id", "from.id", "chat.type"]);
        if (drop === "chat.id") message.chat = { type: "private" };
        else if (drop === "from.id") message.from = { is_bot: false };
        else if (drop === "chat.type") message.chat = { id: from.id };
        else delete message[drop];
        const update = this.wrap("message", message);
        if (this.chance(0.2)) delete update.update_id;
        return JSON.stringify(update);
      }
      case "wrong-types": {
        const message = this.message(from, this.text());
        const field = this.pick(["text", "chat", "from", "entities", "message_id", "reply_to_message", "forward_origin", "caption"]);
        message[field] = this.pick<unknown>([42, null, "x", [], {}, true, -1, "\ud800"]);
        const update = this.wrap("message", message);
        if (this.chance(0.2)) update.update_id = this.pick<unknown>(["7", null, -1, 1e300, {}]);
        return JSON.stringify(update);
      }
      case "edited":
        return JSON.stringify(this.wrap(this.pick(["edited_message", "edited_channel_post"]), this.message(from, this.text(), { edit_date: 1_776_000_001 })));
      case "callback": {
        const data = this.pick([
          `more:${this.int(1e9)}`,
          "more",
          "more:",
          `more:${"x".repeat(this.int(300))}`,
          `sources:${this.pick(["0", "-5", "99999999999999999999", "1e9", "10", "NaN", "9007199254740993"])}`,
          "sources:",
          this.text(3),
          "",
          this.pick(ODD),
        ]);
        const message = this.chance(0.8)
          ? { message_id: this.int(100_000), chat: { id: this.chance(0.8) ? from.id : -1_000 - this.int(50), type: "private" }, date: 0, from: { id: BOT_ID, is_bot: true, first_name: "Bot" }, text: "an answer" }
          : undefined;
        const query: Record<string, unknown> = { id: String(this.int(1e9)), from, chat_instance: "ci", ...(message ? { message } : {}), ...(this.chance(0.9) ? { data } : { game_short_name: "g" }) };
        if (this.chance(0.05)) delete query.from;
        if (this.chance(0.05)) query.inline_message_id = "inline";
        return JSON.stringify(this.wrap("callback_query", query));
      }
      case "other-update":
        return JSON.stringify(
          this.wrap(
            this.pick(["channel_post", "inline_query", "chosen_inline_result", "my_chat_member", "chat_member", "poll", "shipping_query", "message_reaction", "business_message", "chat_join_request"]),
            this.chance(0.5) ? this.message(from, this.text()) : { id: "1", from, query: this.text(), chat: { id: -5, type: "channel" } },
          ),
        );
      case "unknown-type":
        return JSON.stringify(this.wrap(`future_kind_${this.int(5)}`, { anything: this.text(), nested: { deeper: [1, 2, { x: null }] } }));
      case "not-an-update":
        return this.pick(["null", "[]", "42", '"text"', "{}", "true", '{"update_id": 5}', '{"update_id": 6, "message": null}', '{"update_id": 7, "message": "hi"}', '{"update_id": 8, "callback_query": []}', "[{}]", '{"__proto__": {"x": 1}, "update_id": 9}']);
    }
  }
}
