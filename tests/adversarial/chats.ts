import type { TelegramServer } from "telegram-test-api/lib/telegramServer.js";
import { Person } from "../e2e/harness.ts";
import { article } from "./articles.ts";

/**
 * Counts what the bot sends to each chat as the emulator stores it, with the time each arrived: one listener instead
 * of every simulated user scanning the whole store.
 */
export class ChatLog {
  private readonly arrivals = new Map<number, number[]>();

  constructor(private readonly emulator: TelegramServer) {
    emulator.on("AddedBotMessage", () => {
      const added = emulator.storage.botMessages.at(-1);
      if (!added) return;
      const chatId = Number(added.message.chat_id);
      const times = this.arrivals.get(chatId) ?? [];
      times.push(performance.now());
      this.arrivals.set(chatId, times);
    });
  }

  count(chatId: number): number {
    return this.arrivals.get(chatId)?.length ?? 0;
  }

  /** When message number `n` (1-based) to the chat arrived; waits for it up to `timeoutMs`. */
  async arrival(chatId: number, n: number, timeoutMs = 300_000): Promise<number> {
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      const at = this.arrivals.get(chatId)?.[n - 1];
      if (at !== undefined) return at;
      if (performance.now() > deadline) throw new Error(`chat ${chatId}: message #${n} never came (have ${this.count(chatId)})`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  texts(chatId: number): string[] {
    return this.emulator.storage.botMessages.filter((update) => Number(update.message.chat_id) === chatId).map((update) => String(update.message.text));
  }
}

export function person(emulator: TelegramServer, userId: number): Person {
  return new Person(emulator, { userId });
}

/** A question about article n of articles.ts, worded one of a few ways. */
export function questionAbout(n: number, variant: number): string {
  const a = article(n);
  const town = a.title.split(" to repair ")[0] ?? "the town";
  const questions = [
    `What did councillor Mara Quill${n} say?`,
    `How much will ${town} spend on the repairs, item ${n}?`,
    `When does the work start in ${town}?`,
    `Who is the contractor for item ${n}?`,
  ];
  return questions[variant % questions.length] ?? questions[0]!;
}

/** An article page (HTML) for article n, as a news site would serve it. */
export function articlePage(n: number): string {
  const a = article(n);
  const paragraphs = a.text.split("\n\n").map((p) => `<p>${p.replace(/&/g, "&amp;").replace(/</g, "&lt;")}</p>`).join("");
  return `<!doctype html><html><head><title>${a.title}</title><meta property="og:site_name" content="${a.outlet}"><meta property="article:published_time" content="${a.publish_date}T08:00:00Z"></head><body><article><h1>${a.title}</h1>${paragraphs}</article></body></html>`;
}
