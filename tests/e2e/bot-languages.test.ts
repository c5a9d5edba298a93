import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startWorld, type World } from "./harness.ts";

/**
 * The bot's own words follow the Telegram user's language_code (English, Russian, Ukrainian); quotes stay in the
 * article's language, and the sources say which when it is not the reader's. The real bot against the emulator.
 */
describe("the bot's words in its users' languages", () => {
  let world: World;
  const inRussian = { from: { language_code: "ru" } };

  beforeAll(async () => {
    world = await startWorld();
  });

  afterAll(async () => {
    await world?.close();
  });

  it("greets, reports a link and answers «Кто сказал …?» in Russian, quoting the Russian article", async () => {
    const olga = world.person({ userId: 201 });
    await olga.say("/start", { entities: [{ type: "bot_command", offset: 0, length: 6 }], ...inRussian });
    const hello = await olga.waitForMessage(1);
    expect(hello.text).toMatch(/^Здравствуйте! Я отвечаю на вопросы о новостях/);
    expect(hello.text).not.toContain("Hello");

    await olga.sayWithLinks(`${world.pages.url}/kremlin-truce`, inRussian);
    const status = await olga.waitForMessage(2, (message) => message.text.startsWith("✓"));
    expect(status.text).toMatch(/^✓ Добавлено: <b>Кремль отверг зимнее перемирие<\/b> \(Восток-Лента, 2026-03-02\) — \d+ фрагмент/);

    await olga.say("Кто сказал «никаких оснований менять нашу позицию»?", inRussian);
    const answer = await olga.waitForMessage(3);
    expect(answer.text).toMatch(/^Это сказал\(а\) Пресс-секретарь Кремля Дмитрий Песков\./);
    expect(answer.text).toMatch(/<blockquote>«Мы не видим сейчас никаких оснований менять нашу позицию по переговорам»<\/blockquote>/);
    expect(answer.text).toContain("<b>Источники</b>");
    // The reader's own language goes without saying.
    expect(answer.text).not.toContain("(язык:");
  });

  it("answers an English speaker with the Russian quote as written, the source marked as Russian", async () => {
    const sam = world.person({ userId: 202 });
    await sam.sayWithLinks(`${world.pages.url}/kremlin-truce`);
    await sam.waitForMessage(1, (message) => message.text.startsWith("✓"));
    await sam.say("Who said «никаких оснований менять нашу позицию»?");
    const answer = await sam.waitForMessage(2);
    expect(answer.text).toMatch(/^Пресс-секретарь Кремля Дмитрий Песков said it\./);
    expect(answer.text).toContain("Мы не видим сейчас никаких оснований");
    expect(answer.text).toMatch(/<b>Sources<\/b>\n\[1\] <a href="[^"]+">Кремль отверг зимнее перемирие<\/a> — Восток-Лента, 2026-03-02 \(in Russian\)/);
  });

  it("says it does not know, and shows its help, in Ukrainian", async () => {
    const taras = world.person({ userId: 203 });
    const inUkrainian = { from: { language_code: "uk" } };
    await taras.say("Що сказав мер Одеси про ремонт мостів?", inUkrainian);
    const refusal = await taras.waitForMessage(1);
    expect(refusal.text).toMatch(/^Я не знайшов відповіді на це запитання в \d+ (статті|статтях), які в мене є\./);
    await taras.say("/help", { entities: [{ type: "bot_command", offset: 0, length: 5 }], ...inUkrainian });
    const help = await taras.waitForMessage(2);
    expect(help.text).toContain("<b>Запитуйте</b> що завгодно");
  });

  it("says why a link could not be added in the reader's language", async () => {
    const olga = world.person({ userId: 204 });
    await olga.sayWithLinks(`${world.pages.url}/no-such-story`, inRussian);
    const russian = await olga.waitForMessage(1, (message) => message.text.startsWith("✗"));
    expect(russian.text).toMatch(/^✗ \S+\/no-such-story: не удалось прочитать: сайт ответил 404 Not Found$/);

    const taras = world.person({ userId: 205 });
    await taras.sayWithLinks(`${world.pages.url}/no-such-story`, { from: { language_code: "uk" } });
    const ukrainian = await taras.waitForMessage(1, (message) => message.text.startsWith("✗"));
    expect(ukrainian.text).toMatch(/^✗ \S+\/no-such-story: не вдалося прочитати: сайт відповів 404 Not Found$/);
  });
});
