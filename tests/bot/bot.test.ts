import { describe, expect, it, vi } from "vitest";
import { ALICE, BOB, BOT_INFO, callbackUpdate, entity, fakeLibrary, GROUP, messageUpdate, PRIVATE, testBot } from "./harness.ts";

const command = (text: string): { text: string; entities: ReturnType<typeof entity>[] } => ({ text, entities: [entity(text, text.split(" ")[0] ?? text, "bot_command")] });

describe("asking", () => {
  it("shows typing, then answers with a quoted, cited answer in the chat's conversation", async () => {
    const { bot, engine, calls, sent } = testBot();
    await bot.handleUpdate(messageUpdate({ text: "What did the mayor say?" }));
    expect(engine.asked).toEqual([{ question: "What did the mayor say?", options: { conversationId: `tg:${PRIVATE.id}` } }]);
    expect(calls[0]?.method).toBe("sendChatAction");
    expect(sent()).toHaveLength(1);
    expect(sent()[0]).toContain('<blockquote>“We will dredge the harbour by May.”</blockquote>\n— Ann Lee <a href="https://example.com/dredging">[1]</a>');
    expect(sent()[0]).toContain("Harbour &lt;dredging&gt;");
  });

  it("still answers when the optional typing action fails", async () => {
    const { bot, sent } = testBot({}, { failMethods: ["sendChatAction"] });
    await bot.handleUpdate(messageUpdate({ text: "What did the mayor say?" }));
    expect(sent()).toHaveLength(1);
  });

  it("continues the thread of the answer a reply points to", async () => {
    const { bot, engine, calls } = testBot();
    await bot.handleUpdate(messageUpdate({ text: "What did the mayor say?" }));
    const answerId = calls.filter((call) => call.method === "sendMessage").length + 1000;
    await bot.handleUpdate(
      messageUpdate({ text: "and about the ferries?", reply_to_message: { message_id: answerId, date: 0, chat: PRIVATE, from: BOT_INFO } as never }),
    );
    expect(engine.asked[1]?.options).toEqual({ conversationId: `tg:${PRIVATE.id}`, replyToTurnId: "turn-1" });
  });

  it("after a restart, a reply to an answer with a More button continues that button's turn", async () => {
    const { bot, engine } = testBot();
    const reply_markup = { inline_keyboard: [[{ text: "More", callback_data: "more:turn-7" }]] };
    await bot.handleUpdate(messageUpdate({ text: "and the ferries?", reply_to_message: { message_id: 3, date: 0, chat: PRIVATE, from: BOT_INFO, reply_markup } as never }));
    expect(engine.asked[0]?.options).toEqual({ conversationId: `tg:${PRIVATE.id}`, replyToTurnId: "turn-7" });
  });

  it("offers More when there is more, and the button brings the next passages of that turn", async () => {
    const { bot, engine, calls, sent } = testBot();
    engine.hasMore = true;
    await bot.handleUpdate(messageUpdate({ text: "What did the mayor say?" }));
    const answer = calls.find((call) => call.method === "sendMessage");
    expect(JSON.stringify(answer?.payload.reply_markup)).toContain('"callback_data":"more:turn-1"');
    await bot.handleUpdate(callbackUpdate("more:turn-1", { chatId: PRIVATE.id, messageId: 1001 }));
    expect(engine.more_).toEqual([{ conversationId: `tg:${PRIVATE.id}`, turnId: "turn-1" }]);
    expect(sent()[1]).toContain("Dredging starts on 3 May.");
    expect(calls.map((call) => call.method)).toContain("answerCallbackQuery");
  });

  it("after a restart, More continues the turn named in the button in the presser's conversation", async () => {
    const { bot, engine, sent } = testBot();
    await bot.handleUpdate(callbackUpdate("more:turn-9", { chatId: PRIVATE.id, messageId: 5 }));
    expect(engine.more_).toEqual([{ conversationId: `tg:${PRIVATE.id}`, turnId: "turn-9" }]);
    expect(sent()).toHaveLength(1);
  });

  it("apologises without details when the engine fails", async () => {
    const { bot, engine, sent } = testBot();
    engine.fail = true;
    await bot.handleUpdate(messageUpdate({ text: "What did the mayor say?" }));
    expect(sent()).toEqual(["Sorry, something went wrong on my side. Please try again in a moment."]);
  });

  it("counts questions by when they were sent, so a flood queued behind slow answers is still held to the limit", async () => {
    // Before the bot is built, so that its limiter reads the same clock.
    vi.useFakeTimers({ toFake: ["Date"] });
    const { bot, engine, sent } = testBot({ QUESTIONS_PER_MINUTE: "3" });
    const ask = engine.ask.bind(engine);
    // Each answer takes 30 s: by the fifth question's turn, the first three were sent over a minute before.
    engine.ask = async (question, options) => {
      vi.setSystemTime(Date.now() + 30_000);
      return ask(question, options);
    };
    try {
      await Promise.all(Array.from({ length: 5 }, (_, i) => bot.handleUpdate(messageUpdate({ text: `Question number ${i}?` }))));
    } finally {
      vi.useRealTimers();
    }
    expect(engine.asked).toHaveLength(3);
    expect(sent().filter((text) => /faster than I can keep up/.test(text))).toHaveLength(1);
  });

  it("limits questions per person per minute, saying so once", async () => {
    const { bot, engine, sent } = testBot({ QUESTIONS_PER_MINUTE: "1" });
    for (let i = 0; i < 3; i++) await bot.handleUpdate(messageUpdate({ text: `Question number ${i}?` }));
    expect(engine.asked).toHaveLength(1);
    expect(sent()).toHaveLength(2);
    expect(sent()[1]).toMatch(/faster than I can keep up/);
  });
});

describe("groups", () => {
  it("ignores chatter that neither mentions the bot, replies to it, nor is a command for it", async () => {
    const { bot, engine, calls } = testBot();
    await bot.handleUpdate(messageUpdate({ text: "lunch anyone?" }, ALICE, GROUP));
    await bot.handleUpdate(messageUpdate(command("/help@other_bot"), ALICE, GROUP));
    await bot.handleUpdate(messageUpdate({ text: "what about @someone_else?", entities: [entity("what about @someone_else?", "@someone_else", "mention")] }, ALICE, GROUP));
    expect(engine.asked).toEqual([]);
    expect(calls).toEqual([]);
  });

  it("answers a mention, without the mention, in that person's own conversation, as a reply", async () => {
    const { bot, engine, calls } = testBot();
    const text = "@verbatim_bot what did the mayor say?";
    await bot.handleUpdate(messageUpdate({ text, entities: [entity(text, "@verbatim_bot", "mention")] }, BOB, GROUP));
    expect(engine.asked).toEqual([{ question: "what did the mayor say?", options: { conversationId: `tg:${GROUP.id}:${BOB.id}` } }]);
    const reply = calls.find((call) => call.method === "sendMessage");
    expect(reply?.payload.reply_parameters).toMatchObject({ allow_sending_without_reply: true });
  });

  it("answers commands addressed to it and replies to its messages", async () => {
    const { bot, engine, sent } = testBot();
    await bot.handleUpdate(messageUpdate(command("/help@verbatim_bot"), ALICE, GROUP));
    expect(sent()[0]).toMatch(/I answer questions about the news/);
    await bot.handleUpdate(messageUpdate({ text: "and the ferries?", reply_to_message: { message_id: 1, date: 0, chat: GROUP, from: BOT_INFO } as never }, ALICE, GROUP));
    expect(engine.asked).toHaveLength(1);
  });
});

describe("access", () => {
  it("refuses people not on the allow-list politely, once, and touches nothing", async () => {
    const { bot, engine, ingestor, sent } = testBot({ ALLOWED_USER_IDS: String(ALICE.id) });
    const text = "https://example.com/story";
    await bot.handleUpdate(messageUpdate({ text, entities: [entity(text, text, "url")] }, BOB, { id: BOB.id, type: "private", first_name: "Bob" }));
    await bot.handleUpdate(messageUpdate({ text: "What did the mayor say?" }, BOB, { id: BOB.id, type: "private", first_name: "Bob" }));
    expect(sent()).toHaveLength(1);
    expect(sent()[0]).toMatch(/this bot is private/);
    expect(engine.asked).toEqual([]);
    expect(ingestor.urls).toEqual([]);
    await bot.handleUpdate(messageUpdate({ text: "What did the mayor say?" }));
    expect(engine.asked).toHaveLength(1);
  });

  it("remembers a bounded number of refused people", async () => {
    const { bot, services, sent } = testBot({ ALLOWED_USER_IDS: String(ALICE.id) });
    for (let id = 1000; id < 11_005; id++) {
      const stranger = { ...BOB, id };
      await bot.handleUpdate(messageUpdate({ text: "hello?" }, stranger, { id, type: "private", first_name: "Bob" }));
    }
    expect(sent()).toHaveLength(10_005);
    expect(services.refusedUsers.size).toBe(10_000);
  });

  it("lets only admins remove articles", async () => {
    const library = fakeLibrary(3);
    const { bot, sent } = testBot({ ADMIN_USER_IDS: String(BOB.id) }, { library });
    await bot.handleUpdate(messageUpdate(command("/remove 2")));
    expect(sent()[0]).toMatch(/Only the bot's admins/);
    await bot.handleUpdate(messageUpdate(command("/remove 2"), BOB, { id: BOB.id, type: "private", first_name: "Bob" }));
    expect(library.removed).toEqual([2]);
    expect(sent()[1]).toBe("Removed #2 <b>Story &lt;2&gt;</b> and its passages.");
    const russianAdmin = { ...BOB, language_code: "ru" };
    await bot.handleUpdate(messageUpdate(command("/remove 1"), russianAdmin, { id: BOB.id, type: "private", first_name: "Bob" }));
    expect(sent()[2]).toBe("Статья №1 <b>Story &lt;1&gt;</b> удалена вместе с её фрагментами.");
  });
});

describe("adding articles", () => {
  it("adds links with one status message edited as each finishes", async () => {
    const { bot, ingestor, calls } = testBot();
    const text = "https://example.com/a and https://example.com/broken";
    await bot.handleUpdate(messageUpdate({ text, entities: [entity(text, "https://example.com/a", "url"), entity(text, "https://example.com/broken", "url")] }));
    expect(ingestor.urls).toEqual(["https://example.com/a", "https://example.com/broken"]);
    const status = calls.filter((call) => call.method === "sendMessage");
    expect(status).toHaveLength(1);
    const last = calls.filter((call) => call.method === "editMessageText").at(-1);
    expect(last?.payload.text).toBe(
      "✓ Added <b>Harbour dredging</b> (Port Gazette, 2024-05-02) — 4 passages\n✗ https://example.com/broken: couldn't read it: the server answered 404",
    );
  });

  it("adds the link in a question first, then answers the question", async () => {
    const { bot, ingestor, engine } = testBot();
    const order: string[] = [];
    ingestor.onIngest = () => order.push("ingest");
    const text = "What did the mayor say in https://example.com/a ?";
    const ask = engine.ask.bind(engine);
    engine.ask = (question, options) => {
      order.push("ask");
      return ask(question, options);
    };
    await bot.handleUpdate(messageUpdate({ text, entities: [entity(text, "https://example.com/a", "url")] }));
    expect(order).toEqual(["ingest", "ask"]);
    expect(engine.asked[0]?.question).toBe("What did the mayor say in ?");
  });

  it("stores a forwarded channel post without links as an article", async () => {
    const { bot, ingestor, sent } = testBot();
    const channel = { id: -100777, type: "channel" as const, title: "Harbour News", username: "harbournews" };
    const text = "Dredging begins\nThe harbour authority said dredging of the main channel will begin on 3 May and last six weeks.";
    await bot.handleUpdate(messageUpdate({ text, forward_origin: { type: "channel", chat: channel, message_id: 55, date: 1_714_000_000 } }));
    const [draft, source, origin] = ingestor.drafts[0] ?? [];
    expect(origin).toBe("telegram");
    expect(source).toBe("https://t.me/harbournews/55");
    expect(draft).toMatchObject({ title: "Dredging begins", outlet: "Harbour News", url: "https://t.me/harbournews/55", publishedAt: "2024-04-24T23:06:40.000Z" });
    expect(draft?.text).toBe("Dredging begins\n\nThe harbour authority said dredging of the main channel will begin on 3 May and last six weeks.");
    expect(sent()[0]).toBe("✓ Added <b>Dredging begins</b> (Harbour News, 2024-04-24) — 1 passage");
  });

  it("stores a forwarded channel post whose date is past what a date can hold without a date", async () => {
    const { bot, ingestor } = testBot();
    const channel = { id: -100777, type: "channel" as const, title: "Harbour News" };
    await bot.handleUpdate(messageUpdate({ text: "Dredging begins\nThe dredging will last six weeks.", forward_origin: { type: "channel", chat: channel, message_id: 55, date: Number.MAX_SAFE_INTEGER } }));
    expect(ingestor.drafts[0]?.[0]).toMatchObject({ title: "Dredging begins", publishedAt: null });
  });

  it("explains /add without a link", async () => {
    const { bot, ingestor, sent } = testBot();
    await bot.handleUpdate(messageUpdate(command("/add")));
    await bot.handleUpdate(messageUpdate(command("/add htp:/nowhere")));
    expect(sent()[0]).toMatch(/^Send \/add followed by a link/);
    expect(sent()[1]).toMatch(/doesn't look like a web link/);
    expect(ingestor.urls).toEqual([]);
  });
});

describe("commands and other messages", () => {
  it("pages /sources with buttons", async () => {
    const { bot, calls, sent } = testBot({}, { library: fakeLibrary(25) });
    await bot.handleUpdate(messageUpdate(command("/sources")));
    expect(sent()[0]).toMatch(/^<b>Latest articles<\/b> \(1–10 of 25\)\n#25 <a href="https:\/\/example.com\/25">Story &lt;25&gt;<\/a> — Port Gazette, 2024-05-02, en\n/);
    expect(JSON.stringify(calls[0]?.payload.reply_markup)).toContain("sources:10");
    await bot.handleUpdate(callbackUpdate("sources:20", { chatId: PRIVATE.id, messageId: 1001 }));
    const edit = calls.find((call) => call.method === "editMessageText");
    expect(edit?.payload.text).toMatch(/\(21–25 of 25\)/);
    expect(JSON.stringify(edit?.payload.reply_markup)).toContain("sources:10");
  });

  it("answers a /sources page button pressed without its message, and edits nothing", async () => {
    const { bot, calls } = testBot({}, { library: fakeLibrary(25) });
    const press = callbackUpdate("sources:10", { chatId: PRIVATE.id, messageId: 1001 });
    delete press.callback_query?.message;
    await bot.handleUpdate(press);
    expect(calls.map((call) => call.method)).toEqual(["answerCallbackQuery"]);
  });

  it("answers /start, /help, /stats and /forget", async () => {
    const { bot, engine, sent } = testBot({}, { library: fakeLibrary(2) });
    for (const text of ["/start", "/help", "/stats", "/forget"]) await bot.handleUpdate(messageUpdate(command(text)));
    expect(sent()[0]).toMatch(/I hold 2 articles/);
    expect(sent()[2]).toMatch(/Articles: 2/);
    expect(sent()[2]).toMatch(/Languages: en 2/);
    expect(engine.forgotten).toEqual([`tg:${PRIVATE.id}`]);
  });

  it("gives photos, stickers, voice and PDFs a short useful reply and changes nothing", async () => {
    const { bot, engine, ingestor, sent } = testBot();
    await bot.handleUpdate(messageUpdate({ photo: [{ file_id: "p", file_unique_id: "p", width: 1, height: 1 }] }));
    await bot.handleUpdate(messageUpdate({ sticker: { file_id: "s" } as never }));
    await bot.handleUpdate(messageUpdate({ voice: { file_id: "v", file_unique_id: "v", duration: 1 } }));
    await bot.handleUpdate(messageUpdate({ document: { file_id: "d", file_unique_id: "d", mime_type: "application/pdf" } }));
    await bot.handleUpdate(messageUpdate({ text: "x".repeat(2_000) }));
    await bot.handleUpdate(messageUpdate(command("/frobnicate")));
    expect(sent()).toEqual([
      expect.stringMatching(/only read text/),
      expect.stringMatching(/Try asking one/),
      expect.stringMatching(/can't listen/),
      expect.stringMatching(/can't read PDFs/),
      expect.stringMatching(/long for a question/),
      expect.stringMatching(/don't know that command/),
    ]);
    expect(engine.asked).toEqual([]);
    expect(ingestor.urls).toEqual([]);
  });
});
