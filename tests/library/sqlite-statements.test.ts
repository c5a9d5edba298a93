import Database from "better-sqlite3";
import { expect, it, vi } from "vitest";
import { SqliteLibrary } from "../../src/library/sqlite/sqlite-library.ts";
import { tempDir } from "../helpers/temp-dir.ts";
import { article, draft } from "./contract.ts";

it("compiles the statements a question and its answer run once, not on every question", async () => {
  const dir = tempDir();
  const library = SqliteLibrary.open(dir.path);
  const prepare = vi.spyOn(Database.prototype, "prepare");
  try {
    const { articleId } = await library.addArticle(article(draft()));
    const answerOnce = async (conversationId: string, messageId: number): Promise<void> => {
      await library.countArticles();
      await library.latestArticles(5);
      await library.chunksOf(articleId);
      await library.quotesOf(articleId);
      await library.conversations.latest(conversationId);
      const turn = await library.conversations.add({ conversationId, question: "What did the mayor say?", understood: "mayor", speaker: null, articleIds: [articleId], quotes: [], passages: [], shown: 0 });
      await library.conversations.markShown(turn, 1);
      await library.conversations.latest(conversationId, turn.id);
      await library.botMessages.remember(7, messageId, { conversationId, turnId: turn.id });
      await library.botMessages.find(7, messageId);
    };
    await answerOnce("tg:7", 1);
    prepare.mockClear();
    await answerOnce("tg:7", 2);
    await answerOnce("tg:8", 3);
    expect(prepare).not.toHaveBeenCalled();
  } finally {
    prepare.mockRestore();
    await library.close();
    dir.remove();
  }
});
