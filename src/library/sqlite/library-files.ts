import { accessSync, constants, copyFileSync, existsSync, mkdtempSync, renameSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { asLibraryUnusable, LibraryUnusable } from "../../errors.ts";
import { VECTOR_INDEX_FILE } from "../vector-index.ts";

/** The SQLite database in a library's folder (or in the temporary copy a read-only library is read from). */
export function databasePath(dir: string): string {
  return join(dir, "library.db");
}

/** Whether the database `path` in `dataDir` is there, but this process may not write it or its folder. */
export function readOnlyDatabase(dataDir: string, path: string): boolean {
  if (!existsSync(path)) return false;
  try {
    accessSync(dataDir, constants.W_OK);
    accessSync(path, constants.W_OK);
    return false;
  } catch {
    return true;
  }
}

/** A new temporary folder for the copy a read-only library is read from. */
export function createSnapshotFolder(): string {
  return mkdtempSync(join(tmpdir(), "verbatim-read-only-"));
}

export function removeSnapshotFolder(snapshot: string): void {
  rmSync(snapshot, { recursive: true, force: true });
}

/**
 * Copies the database and its WAL, again when either changed during the copy (a process writing to the folder
 * through another mount): the two must come from one moment for the copy to hold whole transactions.
 */
export function copyWhileUnchanged(path: string, copy: string): void {
  const files = [path, `${path}-wal`];
  const stamp = (): string =>
    files
      .map((file) => {
        const stats = statSync(file, { throwIfNoEntry: false });
        return stats ? `${stats.size}@${stats.mtimeMs}` : "-";
      })
      .join(" ");
  for (let attempt = 0; attempt < 5; attempt++) {
    const before = stamp();
    copyFileSync(path, copy);
    rmSync(`${copy}-wal`, { force: true });
    if (existsSync(`${path}-wal`)) copyFileSync(`${path}-wal`, `${copy}-wal`);
    if (stamp() === before) return;
  }
  throw new LibraryUnusable(`${path} kept changing while it was being read, though this process may not write its folder: stop whatever else writes to it, or give this process write access.`);
}

/** Has `write` fill a temporary file, then renames it to `file`, so a copy cut short never looks finished. */
export function writeThenRename(file: string, write: (partial: string) => void): void {
  const partial = `${file}.partial`;
  rmSync(partial, { force: true });
  write(partial);
  renameSync(partial, file);
}

/** The bytes a library takes on disk: its database (with the WAL) and its saved vector index. */
export function storageBytes(dataDir: string): { databaseBytes: number; indexFileBytes: number } {
  const dbPath = databasePath(dataDir);
  return {
    indexFileBytes: fileSizeOf(join(dataDir, VECTOR_INDEX_FILE)),
    databaseBytes: fileSizeOf(dbPath) + fileSizeOf(`${dbPath}-wal`),
  };
}

function fileSizeOf(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

const ACCESS_CODES = new Set(["EACCES", "EPERM", "EROFS", "ENOTDIR", "SQLITE_CANTOPEN", "SQLITE_PERM", "SQLITE_READONLY", "SQLITE_AUTH"]);

/** Why a library could not be opened, as one line that says what to do; errors of other kinds pass through. */
export function cannotOpen(error: unknown, dataDir: string, path: string): unknown {
  if (error instanceof LibraryUnusable) return error;
  const code = error instanceof Error && "code" in error && typeof error.code === "string" ? error.code : "";
  if (ACCESS_CODES.has(code) || code.startsWith("SQLITE_CANTOPEN") || code.startsWith("SQLITE_READONLY")) {
    return new LibraryUnusable(
      `cannot open the library in ${dataDir} (${error instanceof Error ? error.message : code}): check that DATA_DIR names the right folder and that this user may read and write it.`,
      { cause: error },
    );
  }
  return asLibraryUnusable(error, path);
}
