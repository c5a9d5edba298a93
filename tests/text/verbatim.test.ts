import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { findVerbatim, normalizeForMatch } from "../../src/text/verbatim.ts";

/**
 * The normalisation as first written, one character cluster at a time with no shortcut for ASCII: the fast path
 * in verbatim.ts must give exactly its text and offsets.
 */
function reference(s: string): { text: string; origStart: number[]; origEnd: number[] } {
  let text = "";
  const origStart: number[] = [];
  const origEnd: number[] = [];
  let pendingSpace = false;
  let i = 0;
  while (i < s.length) {
    const start = i;
    i += s.codePointAt(i)! > 0xffff ? 2 : 1;
    const ch = s.slice(start, i);
    if (/[\u00AD\u200B-\u200D\u2060\uFEFF]/.test(ch)) continue;
    if (/\s/.test(ch)) {
      pendingSpace = text.length > 0;
      continue;
    }
    while (i < s.length && /\p{M}/u.test(s[i]!)) i++;
    if (pendingSpace) {
      text += " ";
      origStart.push(start);
      origEnd.push(start);
      pendingSpace = false;
    }
    const cluster = s.slice(start, i);
    let mapped = cluster.normalize("NFC");
    if (cluster.length === 1) {
      if (/[\u201C\u201D\u201E\u201F\u00AB\u00BB\u2033\u301D\u301E\uFF02]/.test(cluster)) mapped = '"';
      else if (/[\u2018\u2019\u201A\u201B\u2032\u2039\u203A\uFF07]/.test(cluster)) mapped = "'";
      else if (/[\u2010-\u2015\u2212\uFE58\uFE63\uFF0D]/.test(cluster)) mapped = "-";
      else if (cluster === "\u2026") mapped = "...";
    }
    for (let k = 0; k < mapped.length; k++) {
      origStart.push(start);
      origEnd.push(i);
    }
    text += mapped;
  }
  return { text, origStart, origEnd };
}

const pieces = fc.constantFrom("a", "Q", "7", ".", '"', "'", " ", "  ", "\n", "\t", "\u00A0", "e\u0301", "\u0301", "\u0327", "’", "“", "—", "…", "\u00AD", "\u200B", "é", "я", "😀", "𝐀");
const texts = fc.array(pieces, { maxLength: 30 }).map((parts) => parts.join(""));

describe("normalizeForMatch", () => {
  it("gives the same text as the cluster-by-cluster normalisation, ASCII shortcut or not", () => {
    fc.assert(
      fc.property(texts, (text) => {
        expect(normalizeForMatch(text)).toBe(reference(text).text);
      }),
      { numRuns: 3000 },
    );
  });

  it("maps a whole text back to the same offsets as the cluster-by-cluster normalisation", () => {
    fc.assert(
      fc.property(texts, (text) => {
        const norm = reference(text);
        if (norm.text === "") return;
        expect(findVerbatim(text, text)).toEqual({ start: norm.origStart[0], end: norm.origEnd[norm.text.length - 1] });
      }),
      { numRuns: 2000 },
    );
  });
});
