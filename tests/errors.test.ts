import { describe, expect, it } from "vitest";
import { asNotWritable, LibraryNotWritable } from "../src/errors.ts";

const sqliteError = (code: string): Error => Object.assign(new Error(code), { code });

describe("asNotWritable", () => {
  it("tells a full disk, a read-only folder and a failed write apart, and passes other errors through", () => {
    const reasons = ["SQLITE_FULL", "SQLITE_READONLY_DBMOVED", "SQLITE_IOERR_WRITE", "SQLITE_IOERR_FSYNC"].map((code) => {
      const error = asNotWritable(sqliteError(code));
      return error instanceof LibraryNotWritable ? error.reason : null;
    });
    expect(reasons).toEqual(["full", "read-only", "disk error", "disk error"]);
    const constraint = sqliteError("SQLITE_CONSTRAINT_UNIQUE");
    expect(asNotWritable(constraint)).toBe(constraint);
    expect(new LibraryNotWritable("disk error").userMessage).toMatch(/^the library's disk failed to write, so nothing was added/);
  });
});
