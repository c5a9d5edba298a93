import { statSync } from "node:fs";
import { join } from "node:path";
import type { Library } from "./library.ts";
import { SqliteLibrary } from "./sqlite/sqlite-library.ts";

export interface LibraryLocation {
  /** The folder holding the SQLite library and its vector index. */
  dataDir: string;
}

/** Opens the configured library (creating or upgrading it); callers see only the `Library` interface. */
export async function openLibrary(location: LibraryLocation): Promise<Library> {
  return SqliteLibrary.open(location.dataDir);
}

/**
 * Whether a library has been created at this location (reading commands refuse to create one by mistake). One that
 * is there but unreadable counts as there: opening it then explains what is wrong.
 */
export function libraryExists(location: LibraryLocation): boolean {
  try {
    statSync(join(location.dataDir, "library.db"));
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code !== "ENOENT" && code !== "ENOTDIR";
  }
}
