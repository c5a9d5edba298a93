import { Command } from "commander";
import { createRuntime, openLibrary, print, withCommonOptions, type CommonOptions } from "./runtime.ts";

export function statsCommand(): Command {
  return withCommonOptions(new Command("stats"))
    .action(async (options: CommonOptions) => {
      const runtime = createRuntime(options);
      const library = await openLibrary(runtime, { mustExist: true });
      try {
        const stats = await library.stats();
        const mb = (bytes: number): string => `${(bytes / 1e6).toFixed(1)} MB`;
        const lines = [
          `articles          ${stats.articles}`,
          `passages          ${stats.chunks}`,
          `quotes            ${stats.quotes}`,
          `embedded          ${stats.embeddedChunks} (${stats.pendingChunks} pending)`,
          `model             ${stats.model ?? "none (lexical search only)"}`,
          `vector index      ${stats.indexedVectors} vectors, ${mb(stats.indexFileBytes)} on disk`,
          `database          ${mb(stats.databaseBytes)}`,
          `languages         ${stats.languages.map((l) => `${l.language} ${l.articles}`).join(", ") || "none"}`,
          `coverage          ${stats.oldestPublished ? `${stats.oldestPublished.slice(0, 10)} to ${stats.newestPublished?.slice(0, 10)}` : "no dated articles"}`,
        ];
        print(runtime, stats, lines.join("\n"));
      } finally {
        await library.close();
      }
    });
}
