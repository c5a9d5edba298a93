import { Command } from "commander";
import type { Library } from "../library/library.ts";
import { PostgresLibrary } from "../library/postgres/postgres-library.ts";
import { SqliteLibrary } from "../library/sqlite/sqlite-library.ts";
import { copyArticles, type ArticleTransfer } from "../library/transfer.ts";
import { createRuntime, print, withCommonOptions, type CommonOptions, type Runtime } from "./runtime.ts";

interface CopyOptions extends CommonOptions {
  to: string;
  from?: string;
}

/** A postgres:// URL or a SQLite library's folder, opened as a library that can be copied from and into. */
async function openAt(where: string, runtime: Runtime): Promise<Library & ArticleTransfer> {
  if (/^postgres(ql)?:\/\//.test(where)) return PostgresLibrary.open(where, { dataDir: runtime.config.DATA_DIR });
  return SqliteLibrary.open(where);
}

/** Where a location is, for messages: a URL without its password. */
function shown(where: string): string {
  return where.replace(/\/\/([^:/@]+):[^@]*@/, "//$1:***@");
}

/**
 * `verbatim copy --to postgres://…` (or a folder): the whole library with its ids, addresses, quotes and vectors,
 * nothing embedded again. Run it again after an interruption: it skips what is there.
 */
export function copyCommand(): Command {
  return withCommonOptions(new Command("copy"))
    .requiredOption("--to <url|dir>", "the library to copy into: postgres://… or a folder (an empty library)")
    .option("--from <url|dir>", "the library to copy from (default: DATABASE_URL, else --data-dir)")
    .action(async (options: CopyOptions) => {
      const runtime = createRuntime(options);
      const from = options.from ?? runtime.config.DATABASE_URL ?? runtime.config.DATA_DIR;
      const source = await openAt(from, runtime);
      try {
        const target = await openAt(options.to, runtime);
        try {
          const started = performance.now();
          const progress = await copyArticles(source, target, {
            onProgress: (p) => {
              if (!runtime.json) process.stderr.write(`\r${p.copied} copied, ${p.skipped} already there`);
            },
          });
          if (!runtime.json) process.stderr.write("\n");
          const seconds = (performance.now() - started) / 1000;
          print(runtime, { from: shown(from), to: shown(options.to), ...progress, seconds }, `copied ${progress.copied} articles (${progress.skipped} were there already) from ${shown(from)} to ${shown(options.to)} in ${seconds.toFixed(1)} s`);
        } finally {
          await target.close();
        }
      } finally {
        await source.close();
      }
    });
}
