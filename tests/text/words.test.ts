import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { normalizeWord, rawWords } from "../../src/text/words.ts";

/** What a word is, as a regular expression: `rawWords` scans for it by hand and must find exactly its matches. */
const WORD = /[\p{L}\p{N}]+(?:['’][\p{L}]+)*/gu;
const byExpression = (text: string): string[] => text.match(WORD) ?? [];

describe("rawWords", () => {
  it("splits news text into words, keeping apostrophes inside them", () => {
    expect(rawWords("O’Brien's team didn't win 3-2 on 12 May, rock'n5 'tis")).toEqual(["O’Brien's", "team", "didn't", "win", "3", "2", "on", "12", "May", "rock'n", "5", "tis"]);
    expect(rawWords("Песков сказал: «Нет». Zelenskyy’s visit")).toEqual(["Песков", "сказал", "Нет", "Zelenskyy’s", "visit"]);
    expect(rawWords("")).toEqual([]);
    expect(rawWords(" ... ")).toEqual([]);
  });

  it("counts letters outside the BMP as one character and a lone surrogate as none", () => {
    expect(rawWords("𝐀𝐁c1 x\ud800y")).toEqual(["𝐀𝐁c1", "x", "y"]);
  });

  it("finds exactly what the regular expression finds, in any text", () => {
    const pieces = fc.constantFrom("a", "Z", "é", "e\u0301", "я", "٣", "5", "𝐀", "😀", "'", "’", " ", "-", "\ud800", "\udc00", "ß", "中", "\u00b2");
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 40 }), (parts) => {
        const text = parts.join("");
        expect(rawWords(text)).toEqual(byExpression(text));
      }),
      { numRuns: 2000 },
    );
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", maxLength: 60 }), (text) => {
        expect(rawWords(text)).toEqual(byExpression(text));
      }),
    );
  });
});

describe("normalizeWord", () => {
  it("lowercases, straightens curly apostrophes and drops a possessive 's", () => {
    expect(normalizeWord("Reuters")).toBe("reuters");
    expect(normalizeWord("O’Brien’s")).toBe("o'brien");
    expect(normalizeWord("Don't")).toBe("don't");
    expect(normalizeWord("ПЕСКОВ")).toBe("песков");
  });
});
