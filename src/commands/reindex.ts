import { Command } from "commander";
import cliProgress from "cli-progress";
import { reattributeQuotes } from "../ingest/reattribute.ts";
import { everyArticle } from "./quotes.ts";
import { createRuntime, openEmbedder, openLibrary, print, withCommonOptions, type CommonOptions } from "./runtime.ts";

const BATCH = 64;

interface ReindexOptions extends CommonOptions {
  quotes?: boolean;
}

export function reindexCommand(): Command {
  return withCommonOptions(new Command("reindex"))
    .option("--quotes", "read who said what again in every stored article, with the current rules (no fetching, no embedding)")
    .action(async (options: ReindexOptions) => {
      const runtime = createRuntime(options);
      const library = await openLibrary(runtime, { mustExist: true, write: true });
      try {
        if (options.quotes) {
          const done = await reattributeQuotes(library, await everyArticle(library));
          print(runtime, done, `re-attributed the quotes of ${done.articles} articles: ${done.quotes} quotes, ${done.changed} articles changed`);
          return;
        }
        const embedder = await openEmbedder(runtime);
        if (!embedder) {
          process.stderr.write("verbatim: reindex needs an embedding model; nothing was changed.\n");
          process.exitCode = 1;
          return;
        }
        const model = await library.embeddingModel();
        if (model !== null && model !== embedder.modelName) await library.clearVectors();
        const pending = (await library.stats()).pendingChunks;
        const progress = !runtime.json && process.stderr.isTTY ? new cliProgress.SingleBar({ stream: process.stderr }, cliProgress.Presets.shades_classic) : null;
        progress?.start(pending, 0);
        let embedded = 0;
        for (let batch = await library.pendingChunks(BATCH); batch.length > 0; batch = await library.pendingChunks(BATCH)) {
          const vectors = await embedder.embedDocuments(batch.map((chunk) => chunk.text));
          await library.storeVectors(
            embedder.modelName,
            batch.map((chunk, i) => ({ chunkId: chunk.id, vector: Float32Array.from(vectors[i]!) })),
          );
          embedded += batch.length;
          progress?.update(embedded);
        }
        progress?.stop();
        await library.saveIndex();
        print(runtime, { embedded, model: embedder.modelName }, `embedded ${embedded} passages with ${embedder.modelName}`);
      } finally {
        await library.close();
      }
    });
}
