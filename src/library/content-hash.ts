import { createHash } from "node:crypto";

/** Hash of the article body with case and whitespace ignored: the same story re-sent under another link. */
export function contentHash(text: string): string {
  return createHash("sha256").update(text.toLowerCase().replace(/\s+/g, " ").trim()).digest("hex");
}
