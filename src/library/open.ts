import { statSync } from "node:fs";
import type { Logger } from "../logger.ts";
import type { Library } from "./library.ts";
import { PostgresLibrary } from "./postgres/postgres-library.ts";
import type { LexicalIndexChoice } from "./sqlite/lexical-router.ts";
import { databasePath } from "./sqlite/library-files.ts";
import { SqliteLibrary } from "./sqlite/sqlite-library.ts";

export interface LibraryLocation {
  /** The folder holding the SQLite library and its vector index. */
  dataDir: string;
  /** A postgres:// URL: the library is on that server, and `dataDir` keeps only this process's vector replica. */
  databaseUrl?: string | undefined;
  /** Where a SQLite library's whole-library lexical query runs (see SqliteLibraryOptions). */
  lexicalIndex?: LexicalIndexChoice;
  logger?: Pick<Logger, "warn" | "info">;
}

/** Opens the configured library (creating or upgrading it); callers see only the `Library` interface. */
export async function openLibrary(location: LibraryLocation): Promise<Library> {
  if (location.databaseUrl) return PostgresLibrary.open(location.databaseUrl, { dataDir: location.dataDir });
  return SqliteLibrary.open(location.dataDir, { lexicalIndex: location.lexicalIndex ?? "auto", ...(location.logger ? { logger: location.logger } : {}) });
}

/**
 * Whether a library has been created at this location (reading commands refuse to create one by mistake). One that
 * is there but unreadable counts as there: opening it then explains what is wrong.
 */
export function libraryExists(location: LibraryLocation): boolean {
  // A PostgreSQL library is the server's: opening it tells whether it can be reached.
  if (location.databaseUrl) return true;
  try {
    statSync(databasePath(location.dataDir));
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code !== "ENOENT" && code !== "ENOTDIR";
  }
}
