import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { scoreTurn, summariseConversations, type ConversationMetrics, type DatasetConversation, type TurnOutcome } from "../eval/conversations.ts";
import { Ingestor } from "../ingest/pipeline.ts";
import { readHtmlFile } from "../ingest/sources.ts";
import { createAnswerEngine } from "../answer/engine.ts";
import { renderText } from "../answer/render-text.ts";
import { openEmbedder, openLibrary, type Runtime } from "./runtime.ts";

export interface ConversationEvalOptions {
  dataset: string;
  /** Folder of `<page>.html.gz`; by default the extraction set beside the dataset. */
  pages?: string;
  out?: string;
}

/** Whether a dataset folder holds conversations (the convqa format) rather than a news quiz. */
export function isConversationDataset(dir: string): boolean {
  return existsSync(join(dir, "conversations.json"));
}

/**
 * Runs a conversation dataset the way a person uses `verbatim chat`: the pages are ingested from their files,
 * then each conversation's questions go to one answer engine under one conversation id, and each reply is the
 * terminal rendering the chat prints.
 */
export async function runConversationEval(options: ConversationEvalOptions, runtime: Runtime): Promise<ConversationMetrics> {
  const conversations = JSON.parse(readFileSync(join(options.dataset, "conversations.json"), "utf8")) as DatasetConversation[];
  const pagesDir = options.pages ?? resolve(options.dataset, "..", "extraction-dev", "html");
  const library = await openLibrary(runtime);
  try {
    const embedder = await openEmbedder(runtime);
    if ((await library.countArticles()) === 0) {
      const ingestor = new Ingestor({ library, embedder, logger: runtime.logger, fetch: { allowPrivate: false, timeoutMs: 1, maxBytes: 1 } });
      let added = 0;
      for (const page of new Set(conversations.map((c) => c.page))) {
        const path = join(pagesDir, `${page}.html.gz`);
        const result = await ingestor.ingestHtml(await readHtmlFile(path), path, null, "file");
        if (result.status === "added") added++;
        else process.stderr.write(`verbatim eval: ${page.slice(0, 12)} ${result.status}${result.reason ? `: ${result.reason}` : ""}\n`);
      }
      process.stderr.write(`verbatim eval: built a library of ${added} articles\n`);
    }
    // Every article folded into the derived indexes first, so the figures are those of a library at rest.
    await library.saveIndex();
    const engine = createAnswerEngine({ library, conversations: library.conversations, embedder, logger: runtime.logger });
    const outcomes: TurnOutcome[] = [];
    for (const [index, conversation] of conversations.entries()) {
      const conversationId = `eval-${index + 1}`;
      await engine.forget(conversationId);
      for (const [turnIndex, turn] of conversation.turns.entries()) {
        const answer = await engine.ask(turn.q, { conversationId });
        outcomes.push(scoreTurn(turn, renderText(answer), { conversation: index + 1, turn: turnIndex + 1 }));
      }
    }
    const metrics = summariseConversations(outcomes);
    if (options.out) writeFileSync(options.out, `${JSON.stringify({ metrics, turns: outcomes }, null, 2)}\n`);
    return metrics;
  } finally {
    await library.close();
  }
}
