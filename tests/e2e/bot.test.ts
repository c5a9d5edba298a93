import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { BOT, startWorld, type World } from "./harness.ts";

/**
 * The real bot end to end: startBot (library, ingest pipeline, answer engine, grammY runner) against
 * telegram-test-api over HTTP, with article pages served from 127.0.0.1.
 */
describe("verbatim bot against the Telegram emulator", () => {
  let world: World;
  const allowed = [101, 102, 103, 104, 105, 106];

  beforeAll(async () => {
    world = await startWorld({ ALLOWED_USER_IDS: allowed.join(",") });
  });

  afterAll(async () => {
    await world?.close();
  });

  it("adds a forwarded link, answers a question about it with a quoted, cited answer, then a follow-up", async () => {
    const alice = world.person({ userId: 101 });
    const link = `${world.pages.url}/lighthouse`;
    await alice.sayWithLinks(link, { forward_origin: { type: "user", sender_user: { id: 5, is_bot: false, first_name: "Friend" }, date: 1_776_000_000 } });
    const status = await alice.waitForMessage(1, (message) => message.text.startsWith("✓"));
    expect(status.text).toMatch(/^✓ Added <b>Old lighthouse on Gull Point to shine again after restoration<\/b> \(Harbourside Herald, 2026-04-14\) — \d+ passages?$/);

    await alice.say("What did Marta Kowalski say about the lamp?");
    const answer = await alice.waitForMessage(2);
    expect(answer.raw).toMatchObject({ parse_mode: "HTML", link_preview_options: { is_disabled: true } });
    expect(answer.text).toMatch(/<blockquote( expandable)?>[^<]*The lamp will shine again by the autumn equinox/);
    expect(answer.text).toContain(`<a href="${link}">[1]</a>`);
    expect(answer.text).toMatch(/<b>Sources<\/b>\n\[1\] <a href="[^"]+">Old lighthouse on Gull Point/);

    await alice.say("And what did the harbour pilot say?");
    const followUp = await alice.waitForMessage(3);
    // A new speaker, found by the role the article introduces him with, on the topic of the first question.
    expect(followUp.text).toMatch(/^<i>Understood as: What did the harbour pilot say about the lamp\?<\/i>/);
    expect(followUp.text).toContain("fog comes in");
    expect(followUp.text).toContain("— Harbour pilot Jonas Weber");
    expect(followUp.text).not.toContain("Kowalski");
    expect(followUp.text).toContain(`href="${link}"`);
  });

  it("says when a link is already in the library, and adds a link in a question before answering it", async () => {
    const alice = world.person({ userId: 101, chatId: 1101 });
    await alice.sayWithLinks(`${world.pages.url}/lighthouse`);
    const again = await alice.waitForMessage(1, (message) => !message.text.startsWith("⏳"));
    expect(again.text).toMatch(/^✓ <b>Old lighthouse.*<\/b> is already in the library$/);

    await alice.sayWithLinks(`What did the union steward say in ${world.pages.url}/ferry-strike about the rosters?`);
    const answer = await alice.waitForMessage(3);
    const status = alice.messages()[1];
    expect(status?.text).toMatch(/^✓ Added <b>Ferry crews walk out over night-shift rosters<\/b> \(Coastline Daily, 2026-04-20\)/);
    expect(answer.text).toContain("We are not asking for the moon");
  });

  it("fetches a link sent by two people at once only once", async () => {
    const [first, second] = [world.person({ userId: 101, chatId: 2101 }), world.person({ userId: 106 })];
    const link = `${world.pages.url}/tram-line`;
    await Promise.all([first.sayWithLinks(link), second.sayWithLinks(link)]);
    for (const person of [first, second]) expect((await person.waitForMessage(1, (message) => message.text.startsWith("✓"))).text).toMatch(/Tram line to the university approved/);
    expect(world.pages.hits.get("/tram-line")).toBe(1);
  });

  it("offers More under a long answer, and the button brings the next passages of that answer", async () => {
    const frank = world.person({ userId: 101, chatId: 4101 });
    await frank.sayWithLinks(`${world.pages.url}/crane-inquiry ${world.pages.url}/crane-diary`);
    await frank.waitForMessage(1, (message) => !message.text.includes("⏳"));
    await frank.say("What did the crane inquiry hear about the cables?");
    const answer = await frank.waitForMessage(2);
    const more = JSON.stringify(answer.replyMarkup).match(/"callback_data":"(more:[^"]+)"/)?.[1];
    expect(more).toBeDefined();
    await frank.press(more ?? "", answer.messageId);
    const next = await frank.waitForMessage(3);
    expect(next.text).toMatch(/^<i>Understood as: More on: .*crane inquiry/);
    expect(next.text).toMatch(/<blockquote/);
    expect(next.text).not.toBe(answer.text);
  });

  it("stores a forwarded channel post without links as an article, then answers from it", async () => {
    const carol = world.person({ userId: 103 });
    const post = [
      "Swing bridge closed for cable repairs",
      "The swing bridge over the Kelvin river will stay shut to traffic for three weeks while its lifting cables are replaced, the city's roads department said.",
      "“The bridge will stay closed until every cable has been replaced and tested,” said chief engineer Hana Sato.",
    ].join("\n");
    await carol.say(post, {
      forward_origin: { type: "channel", chat: { id: -1001234, type: "channel", title: "Kelvin City Roads", username: "kelvinroads" }, message_id: 77, date: 1_776_600_000 },
    });
    const stored = await carol.waitForMessage(1);
    expect(stored.text).toMatch(/^✓ Added <b>Swing bridge closed for cable repairs<\/b> \(Kelvin City Roads, 2026-04-19\) — \d+ passages?$/);

    await carol.say("What did Hana Sato say about the bridge?");
    const answer = await carol.waitForMessage(2);
    expect(answer.text).toContain("The bridge will stay closed until every cable has been replaced and tested");
    expect(answer.text).toContain('href="https://t.me/kelvinroads/77"');
  });

  it("in a group, ignores chatter and answers mentions, commands for it, and replies to its answers", async () => {
    const bob = world.person({ userId: 102, chatId: -2002, type: "supergroup" });
    await bob.say("anyone for lunch?");
    await bob.say("/help@SomeOtherBot", { entities: [{ type: "bot_command", offset: 0, length: 18 }] });
    const mention = `@${BOT.username} what did the operations director say?`;
    await bob.say(mention, { entities: [{ type: "mention", offset: 0, length: BOT.username.length + 1 }] });
    // Updates of one chat are handled in order: by the time the mention is answered, the chatter was ignored.
    const answer = await bob.waitForMessage(1);
    expect(bob.messages()).toHaveLength(1);
    expect(answer.text).toContain("Our door is open");
    expect(answer.raw.reply_parameters).toBeDefined();

    await bob.say("what did the union steward say?", { reply_to_message: { message_id: answer.messageId, from: { id: BOT.id, is_bot: true, first_name: "Bot" }, chat: { id: -2002, type: "supergroup" }, date: 0 } });
    const reply = await bob.waitForMessage(2);
    expect(reply.text).toContain("We are not asking for the moon");

    await bob.say(`/help@${BOT.username}`, { entities: [{ type: "bot_command", offset: 0, length: BOT.username.length + 6 }] });
    expect((await bob.waitForMessage(3)).text).toMatch(/I answer questions about the news/);
  });

  it("refuses a stranger once, politely, and answers nothing", async () => {
    const stranger = world.person({ userId: 999 });
    await stranger.say("What did Marta Kowalski say?");
    await stranger.sayWithLinks(`${world.pages.url}/ferry-strike`);
    const refusal = await stranger.waitForMessage(1);
    expect(refusal.text).toMatch(/this bot is private/);
    // The second message goes the same way: a later ping to an allowed chat proves the runner moved on.
    const alice = world.person({ userId: 101, chatId: 3101 });
    await alice.say("/stats", { entities: [{ type: "bot_command", offset: 0, length: 6 }] });
    await alice.waitForMessage(1);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(stranger.messages()).toHaveLength(1);
  });

  it("rides out a 429 from the Bot API: waits retry_after, then delivers", async () => {
    const erin = world.person({ userId: 105 });
    world.proxy.rateLimitNext("sendMessage", 1, erin.chatId);
    const started = Date.now();
    await erin.say("/help", { entities: [{ type: "bot_command", offset: 0, length: 5 }] });
    const help = await erin.waitForMessage(1);
    expect(help.text).toMatch(/I answer questions about the news/);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_000);
    // The emulator shows the message before its reply to the bot has passed back through the proxy, which
    // records the status then: wait for it.
    await vi.waitFor(() => {
      const sends = world.proxy.calls.filter((call) => call.method === "sendMessage" && call.chatId === erin.chatId);
      const limitedAt = sends.findIndex((call) => call.status === 429);
      expect(limitedAt).toBeGreaterThanOrEqual(0);
      expect(sends[limitedAt + 1]?.status).toBe(200);
    });
  });

  it("gives non-text messages and broken links a short useful reply and leaves the library unchanged", async () => {
    const dave = world.person({ userId: 104 });
    const before = await world.running.services.library.countArticles();
    await dave.say("", { text: undefined, photo: [{ file_id: "p1", file_unique_id: "p1", width: 10, height: 10 }] });
    await dave.say("", { text: undefined, sticker: { file_id: "s1", file_unique_id: "s1", type: "regular", width: 1, height: 1, is_animated: false, is_video: false } });
    await dave.say("", { text: undefined, voice: { file_id: "v1", file_unique_id: "v1", duration: 3 } });
    await dave.say("", { text: undefined, document: { file_id: "d1", file_unique_id: "d1", file_name: "report.pdf", mime_type: "application/pdf" } });
    await dave.say("x ".repeat(1_500));
    await dave.sayWithLinks(`${world.pages.url}/no-such-page`);
    await dave.say("/add nonsense", { entities: [{ type: "bot_command", offset: 0, length: 4 }] });
    const last = await dave.waitForMessage(7, (message) => /look like a web link/.test(message.text));
    expect(last).toBeDefined();
    const texts = dave.messages().map((message) => message.text);
    expect(texts.slice(0, 5)).toEqual([
      expect.stringMatching(/only read text/),
      expect.stringMatching(/Try asking one/),
      expect.stringMatching(/can't listen/),
      expect.stringMatching(/can't read PDFs/),
      expect.stringMatching(/long for a question/),
    ]);
    expect(texts[5]).toMatch(/^✗ .*no-such-page: couldn't read it: /);
    expect(await world.running.services.library.countArticles()).toBe(before);
  });

  it("survives the emulator's HTTP 500 for optional calls, and never logs message text", () => {
    const optional = world.proxy.calls.filter((call) => call.method === "setMyCommands" || call.method === "sendChatAction");
    expect(optional.map((call) => call.method)).toEqual(expect.arrayContaining(["setMyCommands", "sendChatAction"]));
    expect(optional.every((call) => call.status === 500)).toBe(true);
    const logs = world.logs.join("\n");
    expect(logs).toContain('"msg":"answered"');
    for (const text of ["Marta Kowalski", "harbour pilot", "operations director", "anyone for lunch"]) expect(logs).not.toContain(text);
  });
});
