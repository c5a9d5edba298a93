import { existsSync } from "node:fs";
import type { Command } from "commander";
import { parseConfig, type Config } from "../config.ts";
import { LibraryUnusable, UsageError } from "../errors.ts";
import type { ChunkEmbedder } from "../ingest/pipeline.ts";
import { createLogger, type Logger } from "../logger.ts";
import type { Library } from "../library/library.ts";
import { libraryExists, openLibrary as openConfiguredLibrary } from "../library/open.ts";

/** Options every subcommand takes. */
export interface CommonOptions {
  dataDir?: string;
  json?: boolean;
}

export function withCommonOptions(command: Command): Command {
  return command
    .option("--data-dir <dir>", "where the library lives (default: $DATA_DIR or ./data/library)")
    .option("--json", "machine-readable output");
}

export interface Runtime {
  config: Config;
  logger: Logger;
  json: boolean;
}

/** Config from the environment, with command-line flags taking precedence. Logs stay quiet unless LOG_LEVEL asks. */
export function createRuntime(options: CommonOptions, env: NodeJS.ProcessEnv = process.env): Runtime {
  const config = parseConfig({ LOG_LEVEL: "warn", ...env, ...(options.dataDir ? { DATA_DIR: options.dataDir } : {}) });
  return { config, logger: createLogger(config.LOG_LEVEL), json: options.json === true };
}

/**
 * Opens the configured library. Commands that only read it pass `mustExist`: a mistyped --data-dir then stops
 * with a line saying so, instead of creating an empty library and answering from its 0 articles. Commands that
 * change it pass `write`: a library whose folder cannot be written (which readers still open) then stops them
 * with a line saying why, before any work.
 */
export async function openLibrary(runtime: Runtime, options: { mustExist?: boolean; write?: boolean } = {}): Promise<Library> {
  const location = { dataDir: runtime.config.DATA_DIR, databaseUrl: runtime.config.DATABASE_URL, lexicalIndex: runtime.config.LEXICAL_INDEX, logger: runtime.logger };
  if (options.mustExist && !libraryExists(location)) {
    throw new UsageError(`there is no library in ${location.dataDir}: check --data-dir or DATA_DIR, or add articles first with \`verbatim ingest\`.`);
  }
  const library = await openConfiguredLibrary(location);
  if (options.write && library.readOnly) {
    await library.close();
    throw new LibraryUnusable(
      `the library in ${location.dataDir} is read-only (this user may not write its folder), so nothing can be added or changed: make the folder writable, or answer from it as it is.`,
    );
  }
  return library;
}

/** Stops with one line when a file or folder named on the command line is not there. */
export function requirePath(path: string, what: string): void {
  if (!existsSync(path)) throw new UsageError(`${path}: no such ${what}.`);
}

/**
 * Loads the configured embedding model, or explains once on stderr that the program runs lexically without one.
 */
export async function openEmbedder(runtime: Runtime): Promise<ChunkEmbedder | null> {
  // Imported here, not at the top: LangChain and the model runtime are for commands that embed.
  const { loadConfiguredEmbeddings } = await import("../retrieval/embeddings.ts");
  const loaded = await loadConfiguredEmbeddings(runtime.config, runtime.logger);
  if (!loaded) return null;
  if (loaded.embeddings) return loaded.embeddings;
  process.stderr.write(
    `verbatim: running without embeddings (lexical search only): ${loaded.reason}. Run \`verbatim reindex\` once the model is available.\n`,
  );
  return null;
}

/** Prints one JSON value per line (for --json) or a line of text. */
export function print(runtime: Runtime, value: unknown, text: string): void {
  process.stdout.write(runtime.json ? `${JSON.stringify(value)}\n` : `${text}\n`);
}
