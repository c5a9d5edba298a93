import { Command } from "commander";
import { createPool } from "../library/postgres/pool.ts";
import { migrate } from "../library/postgres/schema.ts";
import { createRuntime, openLibrary, print, withCommonOptions, type CommonOptions } from "./runtime.ts";

/** `verbatim migrate`: brings the library's schema up to this version (opening one does too, when it is safe). */
export function migrateCommand(): Command {
  return withCommonOptions(new Command("migrate")).action(async (options: CommonOptions) => {
    const runtime = createRuntime(options);
    const url = runtime.config.DATABASE_URL;
    if (!url) {
      // A SQLite library is upgraded in place whenever it is opened.
      const library = await openLibrary(runtime, { write: true });
      await library.close();
      print(runtime, { library: runtime.config.DATA_DIR, upToDate: true }, `the SQLite library in ${runtime.config.DATA_DIR} is up to date`);
      return;
    }
    const pool = createPool(url, 1);
    try {
      const outcome = await migrate(pool);
      print(runtime, outcome, outcome.from === outcome.to ? `schema at version ${outcome.to}: nothing to do` : `schema migrated from version ${outcome.from} to ${outcome.to}`);
    } finally {
      await pool.end();
    }
  });
}
