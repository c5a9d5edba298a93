import type { Message } from "grammy/types";
import { describe, expect, it } from "vitest";
import { textWithout } from "../../src/bot/messages.ts";

function message(text: string, entities: Message["entities"] = []): Message {
  return { message_id: 1, date: 0, chat: { id: 1, type: "private", first_name: "A" }, text, entities } as Message;
}

describe("textWithout", () => {
  it("cuts the entities asked for and the bot's own mention, and tidies the whitespace left", () => {
    const text = "@TestNameBot  what did\t the council\u2028say \n \n\u00a0 about https://x.example/a ?";
    const link = text.indexOf("https://");
    const entities: Message["entities"] = [
      { type: "mention", offset: 0, length: 12 },
      { type: "url", offset: link, length: "https://x.example/a".length },
    ];
    expect(textWithout(message(text, entities), "TestNameBot", ["url"])).toBe("what did the council\u2028say\nabout ?");
  });

  it("tidies a run of whitespace without a line break in time that grows with its length", () => {
    for (const space of ["\u2028", "\ufeff", " \u00a0"]) {
      const text = `why?${space.repeat(200_000)}x`;
      const started = performance.now();
      const tidied = textWithout(message(text), "TestNameBot", []);
      expect(performance.now() - started).toBeLessThan(1_000);
      expect(tidied.startsWith("why?")).toBe(true);
      expect(tidied.endsWith("x")).toBe(true);
    }
  });
});
