import type { Update } from "grammy/types";
import { describe, expect, it } from "vitest";
import type { BotContext } from "../../src/bot/context.ts";
import { ignoreMalformed, malformedField } from "../../src/bot/update-shape.ts";
import type { Logger } from "../../src/logger.ts";
import { ALICE, BOT_INFO, callbackUpdate, entity, messageUpdate, PRIVATE, testBot } from "./harness.ts";

const fields = (update: Update): Record<string, unknown> => update as unknown as Record<string, unknown>;
/** A message update with one field replaced, as a forged or garbled post would have it. */
const withField = (field: string, value: unknown): Record<string, unknown> => {
  const update = fields(messageUpdate({ text: "What did the mayor say?" }));
  return { ...update, message: { ...(update.message as object), [field]: value } };
};

describe("updates Telegram could not have sent", () => {
  it("lets every shape Telegram sends through", () => {
    const text = "see https://example.com/a and @alice";
    const real: Update[] = [
      messageUpdate({ text, entities: [entity(text, "https://example.com/a", "url"), { type: "text_mention", offset: 30, length: 6, user: ALICE }, { type: "text_link", offset: 0, length: 3, url: "https://example.com/b" }] }),
      messageUpdate({ text: "news", forward_origin: { type: "channel", chat: { id: -100777, type: "channel", title: "Harbour News" }, message_id: 55, date: 1_714_000_000 } }),
      messageUpdate({ text: "gossip", forward_origin: { type: "hidden_user", sender_user_name: "Someone", date: 1_714_000_000 } }),
      messageUpdate({ text: "and then?", reply_to_message: { message_id: 3, date: 0, chat: PRIVATE, from: BOT_INFO } as never }),
      messageUpdate({ photo: [{ file_id: "p", file_unique_id: "p", width: 1, height: 1 }], caption: "look", caption_entities: [{ type: "bold", offset: 0, length: 4 }] }),
      // 4,096 characters, Telegram's most, of two UTF-16 units each; a Premium sender's caption of 4,096.
      messageUpdate({ text: "😀".repeat(4_096) }),
      messageUpdate({ photo: [{ file_id: "p", file_unique_id: "p", width: 1, height: 1 }], caption: "x".repeat(4_096) }),
      callbackUpdate("more:turn-1", { chatId: PRIVATE.id, messageId: 9 }),
      { update_id: 99, edited_message: { text: 42 } } as never,
    ];
    expect(real.map((update) => malformedField(fields(update)))).toEqual(real.map(() => null));
  });

  it("names the field that breaks the Bot API's schema", () => {
    const text = "What did the mayor say?";
    expect(malformedField({ update_id: 1, message: "hi" })).toBe("message");
    expect(malformedField(withField("text", 42))).toBe("message.text");
    expect(malformedField(withField("chat", undefined))).toBe("message.chat");
    expect(malformedField(withField("chat", { type: "private" }))).toBe("message.chat");
    expect(malformedField(withField("from", { is_bot: false }))).toBe("message.from");
    expect(malformedField(withField("from", { id: 7, language_code: 42 }))).toBe("message.from.language_code");
    expect(malformedField(withField("entities", "x"))).toBe("message.entities");
    expect(malformedField(withField("entities", [{ type: "bold", offset: 0, length: 4 }, { type: "url", length: 4 }]))).toBe("message.entities[1]");
    expect(malformedField(withField("entities", [{ type: "text_mention", offset: 0, length: text.length }]))).toBe("message.entities[0].user");
    expect(malformedField(withField("forward_origin", { type: "channel" }))).toBe("message.forward_origin");
    expect(malformedField(withField("forward_origin", { type: "channel", chat: {}, date: 1 }))).toBe("message.forward_origin.chat");
    expect(malformedField(withField("forward_origin", { type: "chat", date: 1 }))).toBe("message.forward_origin.sender_chat");
    expect(malformedField(withField("reply_to_message", 42))).toBe("message.reply_to_message");
    expect(malformedField(withField("text", "😀".repeat(4_096) + "x"))).toBe("message.text");
    expect(malformedField(withField("caption", "\u2028".repeat(170_000)))).toBe("message.caption");
    const callback = fields(callbackUpdate("sources:10", { chatId: PRIVATE.id, messageId: 9 }));
    expect(malformedField({ ...callback, callback_query: { ...(callback.callback_query as object), data: [] } })).toBe("callback_query.data");
    expect(malformedField({ ...callback, callback_query: { ...(callback.callback_query as object), message: { message_id: 9 } } })).toBe("callback_query.message");
    expect(malformedField({ ...callback, callback_query: { ...(callback.callback_query as object), from: undefined } })).toBe("callback_query.from");
  });

  it("the bot drops them without an error or a reply, and still answers the next real message", async () => {
    const { bot, calls, engine, sent } = testBot();
    for (const forged of [withField("text", 42), withField("entities", "x"), withField("entities", [{ type: "text_mention", offset: 0, length: 3 }]), withField("forward_origin", { type: "channel" })]) {
      await bot.handleUpdate(forged as unknown as Update);
    }
    expect(calls).toEqual([]);
    await bot.handleUpdate(messageUpdate({ text: "What did the mayor say?" }));
    expect(engine.asked).toHaveLength(1);
    expect(sent()).toHaveLength(1);
  });

  it("drops a text longer than Telegram allows before any handler reads it, logged once, with no reply", async () => {
    const { bot, calls, engine, sent } = testBot();
    await bot.handleUpdate(messageUpdate({ text: "why? ".repeat(34_000) }));
    expect(calls).toEqual([]);
    expect(engine.asked).toEqual([]);

    const warnings: Array<[unknown, string]> = [];
    const logger = { warn: (fields: unknown, msg: string) => warnings.push([fields, msg]) } as unknown as Logger;
    const forged = messageUpdate({ text: "\u2028".repeat(170_000) });
    let handled = false;
    await ignoreMalformed(logger)({ update: forged } as BotContext, () => {
      handled = true;
      return Promise.resolve();
    });
    expect(handled).toBe(false);
    expect(warnings).toEqual([[{ updateId: forged.update_id, field: "message.text" }, "update with a field Telegram never sends like this; ignored"]]);

    // A text within Telegram's limit but too long for a question still gets the reply that says so.
    await bot.handleUpdate(messageUpdate({ text: "😀".repeat(4_096) }));
    expect(sent()).toEqual([expect.stringMatching(/long for a question/)]);
  });
});
