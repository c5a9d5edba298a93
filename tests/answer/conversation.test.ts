import type { Library } from "../../src/library/library.ts";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createAnswerEngine } from "../../src/answer/engine.ts";
import { SqliteLibrary } from "../../src/library/sqlite/sqlite-library.ts";
import { tempDir } from "../helpers/temp-dir.ts";
import { buildLibrary, NOW, silentLogger } from "../helpers/news-fixtures.ts";

describe("conversations", () => {
  let dir: ReturnType<typeof tempDir>;
  let library: Library;
  const open = () => createAnswerEngine({ library, conversations: library.conversations, embedder: null, logger: silentLogger });
  const conversationId = "chat-42";

  beforeEach(async () => {
    dir = tempDir();
    library = await buildLibrary(dir.path);
  });
  afterEach(async () => {
    await library.close();
    dir.remove();
  });

  it("resolves 'what did he say next?' to the next quotes of the same speaker", async () => {
    const engine = open();
    const first = await engine.ask("What did Ostrem say about the border checks?", { now: NOW, conversationId });
    const next = await engine.ask("what did he say next?", { now: NOW, conversationId });
    expect(next.understoodAs).toMatch(/Ostrem say next/);
    expect(next.quotes.length).toBeGreaterThan(0);
    expect(next.quotes.every((q) => q.speaker?.includes("Ostrem"))).toBe(true);
    const shown = new Set(first.quotes.map((q) => q.text));
    expect(next.quotes.some((q) => shown.has(q.text))).toBe(false);
  });

  it("rewrites 'and Ukraine?' into the previous question about Ukraine", async () => {
    const engine = open();
    await engine.ask("What did Ostrem say about the border checks?", { now: NOW, conversationId });
    const answer = await engine.ask("and Ukraine?", { now: NOW, conversationId });
    expect(answer.understoodAs).toBe("What did Ostrem say about Ukraine?");
    expect(answer.quotes[0]?.text).toContain("Ukraine's refugees will always find a door open here");
  });

  it("answers 'why?' from the articles of the previous answer", async () => {
    const engine = open();
    await engine.ask("How many homes lost power in the storm yesterday?", { now: NOW, conversationId });
    const answer = await engine.ask("why?", { now: NOW, conversationId });
    expect(answer.understoodAs).toBe("Why? (following “How many homes lost power in the storm yesterday”)");
    expect(answer.quotes[0]?.text).toContain("because falling trees");
  });

  it("answers 'when was that?' with the publish date", async () => {
    const engine = open();
    await engine.ask("How many homes lost power in the storm yesterday?", { now: NOW, conversationId });
    const answer = await engine.ask("When was that?", { now: NOW, conversationId });
    expect(answer.understoodAs).toBe("When? (following “How many homes lost power in the storm yesterday”)");
    expect(answer.note).toContain("2026-03-15");
  });

  it("pages through further passages with 'more' and lists sources on 'source?'", async () => {
    const engine = open();
    const first = await engine.ask("What did Ostrem say about the ferry border checks?", { now: NOW, conversationId });
    const more = await engine.ask("more", { now: NOW, conversationId });
    expect(more.turnId).toBe(first.turnId);
    expect(more.understoodAs).toMatch(/^More on: /);
    const again = await engine.more(conversationId);
    expect(["answer", "no-answer"]).toContain(again.kind);
    const sources = await engine.ask("source?", { now: NOW, conversationId });
    expect(sources.sources.length).toBeGreaterThan(0);
    expect(sources.sources[0]?.url).toMatch(/^https:\/\//);
  });

  it("lists the earlier answer's sources on 'source?' even after a 'why?' that found no cause", async () => {
    const engine = open();
    const first = await engine.ask("What did Vanko say about housing?", { now: NOW, conversationId });
    expect(first.sources.length).toBeGreaterThan(0);
    const why = await engine.ask("why?", { now: NOW, conversationId });
    expect(why.kind).toBe("no-answer");
    const sources = await engine.ask("source?", { now: NOW, conversationId });
    expect(sources.sources.map((s) => s.articleId)).toEqual(first.sources.map((s) => s.articleId));
  });

  it("leaves standalone questions alone", async () => {
    const engine = open();
    await engine.ask("What did Ostrem say about the border checks?", { now: NOW, conversationId });
    const answer = await engine.ask("What did the central bank do to interest rates?", { now: NOW, conversationId });
    expect(answer.understoodAs).toBeNull();
    expect(answer.sources[0]?.title).toBe("Central bank lifts rates to 4.25 percent");
  });

  it("keeps the thread when the library is closed and reopened", async () => {
    await open().ask("What did Ostrem say about the border checks?", { now: NOW, conversationId });
    await library.close();
    library = SqliteLibrary.open(dir.path);
    const answer = await open().ask("and Ukraine?", { now: NOW, conversationId });
    expect(answer.understoodAs).toBe("What did Ostrem say about Ukraine?");
    await open().forget(conversationId);
    const forgotten = await open().ask("and Ukraine?", { now: NOW, conversationId });
    expect(forgotten.understoodAs).toBeNull();
  });
});
