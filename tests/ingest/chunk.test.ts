import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { chunkText } from "../../src/ingest/chunk.ts";

const paragraph = (sentences: number, seed: number): string =>
  Array.from({ length: sentences }, (_, i) => `Sentence ${seed}.${i} says the council met again on Tuesday to weigh the budget.`).join(" ");

describe("chunkText", () => {
  it("keeps every chunk equal to the article text at its offsets", () => {
    const text = Array.from({ length: 12 }, (_, i) => paragraph(3 + (i % 4), i)).join("\n\n");
    const chunks = chunkText(text);
    expect(chunks.length).toBeGreaterThan(3);
    for (const chunk of chunks) expect(text.slice(chunk.start, chunk.end)).toBe(chunk.text);
  });

  it("makes chunks of roughly 800 to 1200 characters from whole sentences", () => {
    const text = Array.from({ length: 20 }, (_, i) => paragraph(4, i)).join("\n\n");
    const chunks = chunkText(text);
    for (const chunk of chunks.slice(0, -1)) {
      expect(chunk.text.length).toBeGreaterThanOrEqual(800);
      expect(chunk.text.length).toBeLessThanOrEqual(1200);
      expect(chunk.text).toMatch(/^Sentence /);
      expect(chunk.text).toMatch(/budget\.$/);
    }
  });

  it("overlaps consecutive chunks by one sentence", () => {
    const text = paragraph(60, 1);
    const chunks = chunkText(text);
    for (let i = 1; i < chunks.length; i++) {
      const previous = chunks[i - 1]!;
      const lastSentence = previous.text.slice(previous.text.lastIndexOf("Sentence "));
      expect(chunks[i]!.text.startsWith(lastSentence)).toBe(true);
      expect(chunks[i]!.start).toBeLessThan(previous.end);
    }
  });

  it("prefers ending a chunk at a paragraph break", () => {
    const text = [paragraph(12, 1), paragraph(12, 2), paragraph(12, 3)].join("\n\n");
    const chunks = chunkText(text);
    const paragraphEnds = new Set([...text.matchAll(/\n\n/g)].map((m) => m.index));
    expect(chunks.slice(0, -1).every((chunk) => paragraphEnds.has(chunk.end))).toBe(true);
  });

  it("cuts a sentence longer than the maximum at word boundaries", () => {
    const text = `${"word ".repeat(600).trim()}.`;
    const chunks = chunkText(text);
    expect(chunks.length).toBeGreaterThan(2);
    for (const chunk of chunks) {
      expect(chunk.text.length).toBeLessThanOrEqual(1200);
      expect(text.slice(chunk.start, chunk.end)).toBe(chunk.text);
    }
  });

  it("returns nothing for blank text and one chunk for a short article", () => {
    expect(chunkText("  \n\n ")).toEqual([]);
    expect(chunkText("Just one line.")).toEqual([{ start: 0, end: 14, text: "Just one line." }]);
  });

  it("holds the offset invariant for arbitrary text", () => {
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 400 }), { maxLength: 12 }), (parts) => {
        const text = parts.join("\n\n");
        for (const chunk of chunkText(text)) {
          expect(text.slice(chunk.start, chunk.end)).toBe(chunk.text);
          expect(chunk.text.length).toBeLessThanOrEqual(1200);
        }
      }),
    );
  });
});
