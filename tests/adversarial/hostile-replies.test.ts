import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { botRig } from "./bot-rig.ts";
import { ChatLog, person } from "./chats.ts";
import { recordFigures } from "./figures.ts";
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
});
