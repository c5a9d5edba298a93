import type { ConversationStore, Library, Turn, TurnQuote } from "../library/library.ts";
import { LibraryNotWritable } from "../errors.ts";
import type { Logger } from "../logger.ts";
import type { SearchHit } from "../retrieval/search.ts";
import type { Answer } from "./model.ts";
import { mostQuoted } from "./speakers.ts";

/** What a remembered turn carries forward for follow-ups; quotes and cited articles default to the answer's own. */
export interface ThreadState {
  understood: string;
  speaker: string | null;
  hits: SearchHit[];
  /** Passages already shown, so "more" goes on after them. */
  shown: number;
  now: Date;
  quotes?: TurnQuote[];
  articleIds?: number[];
}

/** Remembers the answer as the conversation's next turn (none without a conversation) and gives it the turn's id. */
export async function rememberTurn(
  memory: { conversations: ConversationStore; logger: Pick<Logger, "warn"> },
  answer: Answer,
  conversationId: string | undefined,
  thread: ThreadState,
): Promise<Answer> {
  if (!conversationId) return answer;
  let turn: Turn;
  try {
    turn = await memory.conversations.add({
      conversationId,
      question: answer.question,
      understood: thread.understood,
      speaker: thread.speaker ?? mostQuoted(answer.quotes),
      articleIds: thread.articleIds ?? answer.sources.map((s) => s.articleId),
      quotes: thread.quotes ?? turnQuotes(answer),
      passages: thread.hits.map((hit) => ({ chunkId: hit.chunk.id, score: hit.score })),
      shown: thread.shown,
      askedAt: thread.now.toISOString(),
    });
  } catch (error) {
    if (!(error instanceof LibraryNotWritable)) throw error;
    // The answer is still good; only its follow-ups and "More" are lost until the library is writable again.
    memory.logger.warn({ err: error }, "could not remember the turn; answering without it");
    return { ...answer, hasMore: false };
  }
  return { ...answer, turnId: turn.id };
}

/** A remembered turn's passages as search hits again, leaving out those whose chunk or article is gone. */
export async function hitsOf(library: Library, passages: ReadonlyArray<{ chunkId: number; score: number }>): Promise<SearchHit[]> {
  const chunks = await library.getChunks(passages.map((p) => p.chunkId));
  const articles = await library.getSummaries([...new Set([...chunks.values()].map((c) => c.articleId))]);
  return passages.flatMap(({ chunkId, score }) => {
    const chunk = chunks.get(chunkId);
    const article = chunk ? articles.get(chunk.articleId) : undefined;
    return chunk && article ? [{ chunk, article, score, alsoReportedBy: [] }] : [];
  });
}

/** The "now" a remembered thread was asked at (turns stored before it was recorded: the current question's). */
export function askedAt(turn: Turn, fallback: Date): Date {
  return turn.askedAt ? new Date(turn.askedAt) : fallback;
}

/** What an answer showed, as a turn remembers it. */
export function turnQuotes(answer: Answer): TurnQuote[] {
  return answer.quotes.map((q) => ({ articleId: q.articleId, start: q.start, end: q.end, speaker: q.speaker }));
}
