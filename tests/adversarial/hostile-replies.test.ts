import { join } from "node:path";
import Database from "better-sqlite3";
import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import { parseConfig } from "../../src/config.ts";
import { declaredLengthRoute, dripRoute, endlessRoute, gzipBombRoute, redirectRoute, sendRoute } from "../helpers/hostile-routes.ts";
import type { RouteHandler } from "../helpers/http-server.ts";
import { article } from "./articles.ts";
import { botRig } from "./bot-rig.ts";
import { articlePage, ChatLog, person, questionAbout } from "./chats.ts";
import { FULL, recordFigures } from "./figures.ts";
import { telegramHtmlProblems } from "./telegram-html.ts";

/** Links the bot refuses before fetching (private, local, odd spellings, bad schemes), some with markup in them. */
const REFUSED = [
  "http://169.254.169.254/latest/meta-data/",
  "http://2130706433/",
  "http://0177.0.0.1/",
  "http://0x7f.1/",
  "http://0.0.0.0/",
  "http://[::1]/",
  "http://[::ffff:127.0.0.1]/",
  "http://[fe80::1]/",
  "http://10.0.0.1/<b>bold</b>",
  "http://192.168.1.1/a&b=<i>&amp;\"'",
  "http://100.64.0.1/</blockquote><a href=x>",
  "http://user:pass@example.com/",
  "http://example.com:22/",
  "ftp://example.com/file",
  `http://10.1.2.3/${"<&>".repeat(60)}`,
  "http://10.0.0.1/\u202eevil\u200d",
];

/** Link texts for text_link entities (the address is not in the text, only in the entity). */
const TEXT_LINKS = ["javascript:alert('<b>')", "tg://resolve?domain=x&<y>", "data:text/html,<script>", "http://127.0.0.1/\"><script>"];

/**
 * Fetch limits for the bot that fetches hostile pages: the defaults (src/config.ts) at full size, so the figures are
 * those of a bot as it ships; short ones inside `npm test`, where the drip would otherwise hold the test 15 s a time.
 */
const LIMITS = FULL ? parseConfig({}) : { FETCH_TIMEOUT_MS: 2_000, FETCH_MAX_BYTES: 1_000_000 };
/** How far past its fetch timeout a status may come before the link counts as hung: generous, the machine is shared. */
const SLACK_MS = 60_000;

const seconds = LIMITS.FETCH_TIMEOUT_MS / 1_000;
const megabytes = LIMITS.FETCH_MAX_BYTES / 1_000_000;
const TOO_LARGE = { en: new RegExp(`: couldn't read it: the page is larger than ${megabytes} MB$`), ru: new RegExp(`: не удалось прочитать: страница больше ${megabytes} МБ$`) };

/** Pages the bot must give up on, each with the reason it must give in English and in Russian. */
const FAILING: Array<{ path: string; route: RouteHandler; en: RegExp; ru: RegExp }> = [
  { path: "/drip", route: dripRoute(), en: new RegExp(`: couldn't read it: the site took longer than ${seconds} s to answer$`), ru: new RegExp(`: не удалось прочитать: сайт не ответил за ${seconds} с$`) },
  { path: "/endless", route: endlessRoute(), ...TOO_LARGE },
  { path: "/two-gigabytes", route: declaredLengthRoute(2 * 1024 ** 3), ...TOO_LARGE },
  { path: "/gzip-bomb", route: gzipBombRoute(20 * LIMITS.FETCH_MAX_BYTES), ...TOO_LARGE },
  { path: "/loop-a", route: redirectRoute("/loop-b"), en: /: couldn't read it: the link redirected more than 5 times$/, ru: /: не удалось прочитать: ссылка перенаправляла больше 5 раз$/ },
  { path: "/pdf", route: sendRoute("application/pdf", "%PDF-1.7\n"), en: /: couldn't read it: that link is a PDF, not a web page$/, ru: /: не удалось прочитать: по ссылке PDF, а не веб-страница$/ },
  { path: "/untyped-pdf", route: sendRoute(undefined, "%PDF-1.7\n%\u00e2\u00e3\n"), en: /: couldn't read it: that link is a PDF, not a web page$/, ru: /: не удалось прочитать: по ссылке PDF, а не веб-страница$/ },
  { path: "/image", route: sendRoute("image/png", Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])), en: /: couldn't read it: that link is an image, not a web page$/, ru: /: не удалось прочитать: по ссылке изображение, а не веб-страница$/ },
  { path: "/json", route: sendRoute("application/json", '{"title":"<b>Harbour</b> & co"}'), en: /: couldn't read it: that link is JSON data, not a web page$/, ru: /: не удалось прочитать: по ссылке данные JSON, а не веб-страница$/ },
];

/** Article pages with a wrong, unknown or missing charset label: each must be stored as its text reads (articles.ts, with curly quotes). */
const CHARSETS: Array<{ path: string; contentType: string | undefined; encoding: string }> = [
  { path: "/unknown-charset", contentType: "text/html; charset=klingon-8", encoding: "utf-8" },
  { path: "/no-charset-utf8", contentType: "text/html", encoding: "utf-8" },
  { path: "/no-charset-legacy", contentType: "text/html", encoding: "windows-1252" },
  { path: "/no-content-type", contentType: undefined, encoding: "utf-8" },
  { path: "/utf8-label-legacy-bytes", contentType: "text/html; charset=utf-8", encoding: "windows-1252" },
  { path: "/latin1-label-utf8-bytes", contentType: "text/html; charset=iso-8859-1", encoding: "utf-8" },
];
const FIRST_ARTICLE = 700;

describe("replies to hostile links are valid Telegram HTML", () => {
  const rig = botRig("verbatim-hostile-replies-");

  it("refusals, failures and added titles with markup in them: every status message parses, and shows the link's characters as text", { timeout: 300_000 }, async () => {
    const telegram = await rig.telegram();
    const chats = new ChatLog(telegram.emulator);
    const bot = await rig.bot({ DATA_DIR: join(rig.scratch.path, "library"), EMBEDDINGS: "off", TELEGRAM_API_ROOT: telegram.proxy.url, LINKS_PER_MINUTE: "1000", FETCH_TIMEOUT_MS: "2000" });
    const sender = person(telegram.emulator, 70_001);
    let expected = 0;
    const finalStatus = async (): Promise<string> => {
      expected++;
      await chats.arrival(sender.chatId, expected);
      await expect.poll(() => chats.texts(sender.chatId)[expected - 1] ?? "", { timeout: 60_000 }).not.toMatch(/⏳/);
      return chats.texts(sender.chatId)[expected - 1] ?? "";
    };

    for (const link of REFUSED) {
      await sender.say(link, { entities: [{ type: "url", offset: 0, length: link.length }] });
      const status = await finalStatus();
      expect(telegramHtmlProblems(status), status).toEqual([]);
      expect(status).toMatch(/^✗ /);
    }
    for (const url of TEXT_LINKS) {
      await sender.say("this story", { entities: [{ type: "text_link", offset: 0, length: 10, url }] });
      const status = await finalStatus();
      expect(telegramHtmlProblems(status), status).toEqual([]);
    }
    // Titles and outlets with markup: a forwarded channel post is stored as it is and its status names it.
    const hostileTitle = `Quay <rebuilt> & "widened" </b><script>alert(1)</script> &amp; <a href="javascript:x">`;
    await sender.say([hostileTitle, "The quay will be rebuilt and widened over the winter so that larger ferries can berth at low tide, the harbour board said."].join("\n"), {
      forward_origin: { type: "channel", chat: { id: -100777, type: "channel", title: "Harbour <News> & Co", username: "harbour" }, message_id: 5, date: 1_776_000_000 },
    });
    const added = await finalStatus();
    expect(telegramHtmlProblems(added), added).toEqual([]);
    expect(added).toContain("Quay &lt;rebuilt&gt; &amp; \"widened\" &lt;/b&gt;&lt;script&gt;");
    expect(added).toContain("Harbour &lt;News&gt; &amp; Co");

    // A page whose title is markup, fetched for real (a public-looking name would need DNS; loopback is allowed here).
    const site = await rig.site({
      "/story": (_request, response) =>
        response
          .writeHead(200, { "content-type": "text/html; charset=utf-8" })
          .end(`<html><head><title>A &lt;b&gt; &amp; "c" </title></head><body><article><h1>Ferries &lt;late&gt; &amp; "crowded"</h1>${"<p>The ferries were late again this week because the quay is being rebuilt &amp; widened, the harbour board said.</p>".repeat(4)}</article></body></html>`),
    });
    await bot.stop();
    // The rig stops it after the test.
    await rig.bot({ DATA_DIR: join(rig.scratch.path, "library"), EMBEDDINGS: "off", TELEGRAM_API_ROOT: telegram.proxy.url, ALLOW_PRIVATE_URLS: "true", FETCH_TIMEOUT_MS: "2000" });
    const link = `${site.url}/story?a=<b>&c="d"`;
    await sender.say(link, { entities: [{ type: "url", offset: 0, length: link.length }] });
    const fetched = await finalStatus();
    expect(telegramHtmlProblems(fetched), fetched).toEqual([]);
    expect(fetched).toMatch(/^✓ Added <b>A &lt;b&gt; &amp; "c"<\/b>/);

    recordFigures("hostile link replies", { links: REFUSED.length + TEXT_LINKS.length + 2, validHtml: expected });
  });

  it("pages that drip, never end, claim 2 GB, unpack far past the limit, loop, are no HTML or mislabel their charset: a clear reason or a clean article, in time, and the bot answers on", { timeout: 600_000 }, async () => {
    const pages = await rig.site({
      ...Object.fromEntries(FAILING.map(({ path, route }) => [path, route])),
      "/loop-b": redirectRoute("/loop-a"),
      ...Object.fromEntries(CHARSETS.map(({ path, contentType, encoding }, i) => [path, sendRoute(contentType, iconv.encode(articlePage(FIRST_ARTICLE + i), encoding))])),
    });
    const telegram = await rig.telegram();
    const chats = new ChatLog(telegram.emulator);
    const data = join(rig.scratch.path, "fetched");
    await rig.bot({
      DATA_DIR: data,
      EMBEDDINGS: "off",
      TELEGRAM_API_ROOT: telegram.proxy.url,
      ALLOW_PRIVATE_URLS: "true",
      LINKS_PER_MINUTE: "1000",
      FETCH_TIMEOUT_MS: String(LIMITS.FETCH_TIMEOUT_MS),
      FETCH_MAX_BYTES: String(LIMITS.FETCH_MAX_BYTES),
    });
    const stored = (): Map<string, string> => {
      const db = new Database(join(data, "library.db"), { readonly: true });
      try {
        return new Map((db.prepare("SELECT title, text FROM articles").all() as Array<{ title: string; text: string }>).map((row) => [row.title, row.text]));
      } finally {
        db.close();
      }
    };
    const link = (path: string): string => `${pages.url}${path}`;
    /** Message `n` to the chat once it no longer shows a link in progress, and how long after `sentAt` it got there. */
    const settledMessage = async (chatId: number, n: number, sentAt: number): Promise<{ text: string; ms: number }> => {
      await chats.arrival(chatId, n, LIMITS.FETCH_TIMEOUT_MS + SLACK_MS);
      await expect.poll(() => chats.texts(chatId)[n - 1] ?? "", { timeout: LIMITS.FETCH_TIMEOUT_MS + SLACK_MS, interval: 20 }).not.toMatch(/⏳/);
      return { text: chats.texts(chatId)[n - 1] ?? "", ms: Math.round(performance.now() - sentAt) };
    };

    // One at a time, in English, each timed from sending to its final status.
    const english = person(telegram.emulator, 71_001);
    const statusMs: Record<string, number> = {};
    let sent = 0;
    for (const { path, en } of FAILING) {
      const before = stored().size;
      const sentAt = performance.now();
      await english.sayWithLinks(link(path));
      const { text, ms } = await settledMessage(english.chatId, ++sent, sentAt);
      statusMs[path] = ms;
      expect(telegramHtmlProblems(text), text).toEqual([]);
      expect(text, path).toMatch(/^✗ http:\/\/127\.0\.0\.1:\d+\//);
      expect(text, path).toMatch(en);
      expect(stored().size, `${path} added something`).toBe(before);
    }
    for (const [i, { path }] of CHARSETS.entries()) {
      const sentAt = performance.now();
      await english.sayWithLinks(link(path));
      const { text, ms } = await settledMessage(english.chatId, ++sent, sentAt);
      statusMs[path] = ms;
      const original = article(FIRST_ARTICLE + i);
      expect(telegramHtmlProblems(text), text).toEqual([]);
      expect(text, path).toMatch(new RegExp(`^✓ Added <b>${original.title.replace(/[()]/g, "\\$&")}</b>`));
      const storedText = stored().get(original.title);
      for (const paragraph of original.text.split("\n\n")) expect(storedText, path).toContain(paragraph);
    }
    expect(stored().size).toBe(CHARSETS.length);
    // A question after them in the same chat (its updates run in order, so it waited for every link above).
    await english.say(questionAbout(FIRST_ARTICLE, 0));
    const answer = await settledMessage(english.chatId, sent + 1, performance.now());
    expect(telegramHtmlProblems(answer.text), answer.text).toEqual([]);
    expect(answer.text).toContain(`We have waited ${(FIRST_ARTICLE % 9) + 2} years for this`);

    // All at once, in Russian, with a question right behind them; someone else asks while they are being fetched.
    const russian = person(telegram.emulator, 71_002);
    const inRussian = { from: { language_code: "ru" } };
    const burstAt = performance.now();
    for (const { path } of [...FAILING, ...CHARSETS]) await russian.sayWithLinks(link(path), inRussian);
    await russian.say(questionAbout(FIRST_ARTICLE + 1, 0), inRussian);
    const bystander = person(telegram.emulator, 71_003);
    const askedAt = performance.now();
    await bystander.say(questionAbout(FIRST_ARTICLE + 2, 0));
    const bystanderAnswer = await settledMessage(bystander.chatId, 1, askedAt);
    expect(bystanderAnswer.text).toContain(`We have waited ${((FIRST_ARTICLE + 2) % 9) + 2} years for this`);
    const russianStatuses: string[] = [];
    for (let n = 1; n <= FAILING.length + CHARSETS.length; n++) russianStatuses.push((await settledMessage(russian.chatId, n, burstAt)).text);
    for (const [i, { path, ru }] of FAILING.entries()) {
      expect(telegramHtmlProblems(russianStatuses[i]!), russianStatuses[i]).toEqual([]);
      expect(russianStatuses[i], path).toMatch(ru);
    }
    for (const [i, { path }] of CHARSETS.entries()) {
      const status = russianStatuses[FAILING.length + i]!;
      expect(telegramHtmlProblems(status), status).toEqual([]);
      expect(status, path).toBe(`✓ <b>${article(FIRST_ARTICLE + i).title}</b> уже есть в библиотеке`);
    }
    const russianAnswer = await settledMessage(russian.chatId, FAILING.length + CHARSETS.length + 1, burstAt);
    expect(telegramHtmlProblems(russianAnswer.text), russianAnswer.text).toEqual([]);
    expect(russianAnswer.text).toContain(`We have waited ${((FIRST_ARTICLE + 1) % 9) + 2} years for this`);
    expect(stored().size).toBe(CHARSETS.length);

    const figures = {
      fetched: FAILING.length + CHARSETS.length,
      fetchTimeoutMs: LIMITS.FETCH_TIMEOUT_MS,
      fetchMaxBytes: LIMITS.FETCH_MAX_BYTES,
      statusMs,
      burstOf: FAILING.length + CHARSETS.length,
      burstThenQuestionMs: russianAnswer.ms,
      bystanderAnswerMs: bystanderAnswer.ms,
    };
    process.stdout.write(`hostile fetches through the bot: ${JSON.stringify(figures)}\n`);
    recordFigures("hostile fetch replies", figures);
  });
});
