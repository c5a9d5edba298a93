import { englishFailure, type ExtractionProblem, type IngestFailure } from "./failure.ts";

export type { ExtractionProblem } from "./failure.ts";

/**
 * The errors a person may need to act on. Each carries what went wrong as data (`failure`, which front ends word in
 * the person's language) and in English (`userMessage`), both safe to show to anyone; the message and `cause` hold
 * the detail for logs.
 */
export abstract class VerbatimError extends Error {
  abstract readonly failure: IngestFailure;

  get userMessage(): string {
    return englishFailure(this.failure);
  }
}

/** A setting that cannot be used: the message names the variable and what is wrong with it. */
export class ConfigError extends Error {
  override name = "ConfigError";
}

/**
 * A library that cannot be used as it is: unreadable, damaged, or written by a newer verbatim. The message says
 * which file and what to do; nothing has been written to it. The command line prints it as one line, exit code 2.
 */
export class LibraryUnusable extends Error {
  override name = "LibraryUnusable";
}

/**
 * SQLite reports a damaged page only when a query reads it, which may be long after the library opened: such an
 * error, wherever it surfaces, becomes LibraryUnusable; anything else is returned as it was.
 */
export function asLibraryUnusable(error: unknown, where = "the library database"): unknown {
  const code = error instanceof Error && "code" in error && typeof error.code === "string" ? error.code : "";
  // Extended codes name the kind of damage: SQLITE_CORRUPT_INDEX, SQLITE_CORRUPT_VTAB (the full-text index)…
  if (code !== "SQLITE_NOTADB" && !code.startsWith("SQLITE_CORRUPT")) return error;
  return new LibraryUnusable(
    `${where} is damaged (${error instanceof Error ? error.message : code}): restore a copy made with \`verbatim backup\`, or ingest again into a new DATA_DIR.`,
    { cause: error },
  );
}

/**
 * The library could not store something because its disk is full, its folder cannot be written (a read-only
 * mount, changed permissions) or its disk failed the write. Nothing was stored; reading and answering go on, and
 * storing works again once the disk has room, the folder is writable or the disk is repaired.
 */
export class LibraryNotWritable extends VerbatimError {
  override name = "LibraryNotWritable";
  readonly failure: IngestFailure;

  constructor(
    readonly reason: "full" | "read-only" | "disk error",
    options?: ErrorOptions,
  ) {
    super(reason === "full" ? "the library's disk is full" : reason === "read-only" ? "the library's folder cannot be written" : "the library's disk failed a write", options);
    this.failure = { kind: reason === "full" ? "disk-full" : reason === "read-only" ? "read-only" : "disk-error" };
  }
}

/**
 * SQLite's and the file system's errors for a full disk, an unwritable folder or a failed write, as
 * LibraryNotWritable; anything else is returned as it was.
 */
export function asNotWritable(error: unknown): unknown {
  const code = error instanceof Error && "code" in error && typeof error.code === "string" ? error.code : "";
  if (code === "SQLITE_FULL" || code === "ENOSPC" || code === "EDQUOT") return new LibraryNotWritable("full", { cause: error });
  if (code.startsWith("SQLITE_READONLY") || code === "EROFS" || code === "SQLITE_CANTOPEN" || code === "EACCES" || code === "EPERM") {
    return new LibraryNotWritable("read-only", { cause: error });
  }
  // A file system that turns read-only under an open database (ext4 after an error) fails SQLite's writes with a
  // plain "disk I/O error" (SQLITE_IOERR_WRITE, _FSYNC…), not SQLITE_READONLY; so does a failing disk. Either way
  // the transaction was rolled back and nothing was stored.
  if (code.startsWith("SQLITE_IOERR")) return new LibraryNotWritable("disk error", { cause: error });
  return error;
}

/** A link we will not fetch: a private address, a bad scheme, a non-web port. */
export class FetchRefused extends VerbatimError {
  override name = "FetchRefused";
  constructor(
    readonly url: string,
    readonly failure: IngestFailure,
    options?: ErrorOptions & {
      /** The setting that lets such links through in a local setup (e.g. "ALLOW_PRIVATE_URLS=true"), when one does. */
      allowedBy?: string;
    },
  ) {
    super(`refused ${url}: ${englishFailure(failure)}`, options);
    this.allowedBy = options?.allowedBy;
  }

  readonly allowedBy: string | undefined;
}

/** A link we tried and could not read: timeout, HTTP error, too large, not a web page. */
export class FetchFailed extends VerbatimError {
  override name = "FetchFailed";
  constructor(
    readonly url: string,
    readonly failure: IngestFailure,
    options?: ErrorOptions,
  ) {
    super(`could not fetch ${url}: ${englishFailure(failure)}`, options);
  }
}

/** A page we fetched but that holds no article we can store. */
export class ExtractionFailed extends VerbatimError {
  override name = "ExtractionFailed";
  readonly failure: IngestFailure;

  constructor(
    readonly problem: ExtractionProblem,
    options?: ErrorOptions,
  ) {
    const failure: IngestFailure = { kind: "extraction", problem };
    super(`extraction failed (${problem}): ${englishFailure(failure)}`, options);
    this.failure = failure;
  }
}

/**
 * Something the person running `verbatim` must put right (a missing file, a library that is not there, an empty
 * question). The message says what is wrong and what to do; the command line prints it as one line, exit code 2.
 */
export class UsageError extends Error {
  override name = "UsageError";
}
