import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { QuoteSpan } from "../../src/library/article.ts";
import { extractQuotes } from "../../src/ingest/quotes/index.ts";
import { createVerbatimIndex, findVerbatim, normalizeForMatch } from "../../src/text/verbatim.ts";

/** Quotes as [text, speaker] pairs, after checking that every span points at its own text. */
function quotesOf(article: string): [string, string | null][] {
  const spans = extractQuotes(article);
  for (const span of spans) expect(article.slice(span.start, span.end)).toBe(span.text);
  return spans.map((s) => [s.text, s.speaker]);
}

function speakerOf(article: string, text: string): string | null | undefined {
  return extractQuotes(article).find((s: QuoteSpan) => s.text === text)?.speaker;
}

describe("extractQuotes: attribution forms", () => {
  it("reads a name after the quote and keeps the comma out", () => {
    const article = `"The harbour will reopen on Monday," Halvorsen told reporters.`;
    expect(quotesOf(article)).toEqual([["The harbour will reopen on Monday", "Halvorsen"]]);
  });

  it("reads an inverted verb with a role before the name", () => {
    const article = `"No ship will be turned away," said port authority spokesman Tomas Reyes-Lind.`;
    expect(quotesOf(article)).toEqual([["No ship will be turned away", "Tomas Reyes-Lind"]]);
  });

  it("reads an appositive after an inverted name", () => {
    const article = `"The data simply do not support a ban," said Marta Ilves, a professor of ecology at a Baltic university.`;
    expect(quotesOf(article)).toEqual([["The data simply do not support a ban", "Marta Ilves"]]);
  });

  it("reads an appositive between the name and the verb", () => {
    const article = `"We were not consulted at all," Oskar Brandt, the chairman of the fishermen's cooperative, said on Tuesday.`;
    expect(quotesOf(article)).toEqual([["We were not consulted at all", "Oskar Brandt"]]);
  });

  it("reads a lead-in with a colon, with 'that', and with 'according to'", () => {
    const article = [
      `Mayor Lina Okafor said: "The bridge is safe for cars but not for lorries."`,
      `Councillor Dev Pratt said that "the repairs should have started two years ago."`,
      `According to Okafor, "the lorries will be diverted through the ring road."`,
    ].join("\n\n");
    expect(quotesOf(article)).toEqual([
      ["The bridge is safe for cars but not for lorries.", "Lina Okafor"],
      ["the repairs should have started two years ago.", "Dev Pratt"],
      ["the lorries will be diverted through the ring road.", "Lina Okafor"],
    ]);
  });

  it("reads a dash and a role that stands for a name given earlier", () => {
    const article = [
      `President Amara Diallo spent the morning at the flooded market.`,
      `"We will rebuild every stall" — the president wrote on social media.`,
    ].join("\n\n");
    expect(quotesOf(article)).toEqual([["We will rebuild every stall", "Amara Diallo"]]);
  });

  it("resolves 'the spokesman' to the name given with that role", () => {
    const article = [
      `Ministry spokesman Piotr Zielak confirmed the talks had stalled.`,
      `"Nobody is leaving the table yet," the spokesman said.`,
    ].join("\n\n");
    expect(speakerOf(article, "Nobody is leaving the table yet")).toBe("Piotr Zielak");
  });

  it("gives a person only the role their phrase is headed by, not one it mentions", () => {
    const article = [
      `Mayor Tomas Hale opened the new library on Saturday.`,
      `Ana Ruiz, a spokeswoman for the mayor, said the building cost less than planned.`,
      `"Every child in this town deserves a quiet place to read," the mayor said.`,
    ].join("\n\n");
    expect(speakerOf(article, "Every child in this town deserves a quiet place to read")).toBe("Tomas Hale");
  });

  it("attributes to an organisation when the article does", () => {
    const article = [
      `The Transport Ministry suspended night trains on the northern line.`,
      `"Safety inspections will take at least three weeks," the ministry said in a statement.`,
    ].join("\n\n");
    expect(speakerOf(article, "Safety inspections will take at least three weeks")).toBe("Transport Ministry");
  });

  it("handles 'added' and the other speech verbs", () => {
    const article = `"Prices will rise again in spring," Ruiz warned. "Families should plan for it," Ruiz added.`;
    expect(quotesOf(article)).toEqual([
      ["Prices will rise again in spring", "Ruiz"],
      ["Families should plan for it", "Ruiz"],
    ]);
  });
});

describe("extractQuotes: pronouns and name forms", () => {
  it("resolves 'he said' to the speaker of the previous sentence or paragraph", () => {
    const article = [
      `Fire chief Hamid Sorensen said crews had contained the blaze by midnight.`,
      `"The wind turned in our favour," he said.`,
      `Residents were allowed back on Sunday.`,
      `"We were lucky this time," he added.`,
    ].join("\n\n");
    expect(quotesOf(article)).toEqual([
      ["The wind turned in our favour", "Hamid Sorensen"],
      ["We were lucky this time", "Hamid Sorensen"],
    ]);
  });

  it("resolves 'he said' to the person a paragraph opens with, before an earlier paragraph's speaker", () => {
    const article = [
      `The old ferry pier at Sandvik will be rebuilt next spring, the harbour board said on Monday.`,
      `"We owe the island a pier that does not flood every winter," said harbour master Ingrid Solberg. She said the timber would come from local forests.`,
      `Ferry captain Tomas Ekholm welcomed the plan. "On stormy nights we tie up at the fuel jetty, which nobody likes," he said.`,
      `Council leader Rui Matos, who opposed the first design, backed the new one. "This version is half the price and twice as sturdy," he told the council.`,
    ].join("\n\n");
    expect(quotesOf(article)).toEqual([
      ["We owe the island a pier that does not flood every winter", "Ingrid Solberg"],
      ["On stormy nights we tie up at the fuel jetty, which nobody likes", "Tomas Ekholm"],
      ["This version is half the price and twice as sturdy", "Rui Matos"],
    ]);
  });

  it("reads 'he' as someone named before the pronoun, not a name it goes on to mention", () => {
    const article = `Mayor Lena Park defended the budget. She also claimed that auditor Piotr Nowak had "misread every table in the report."`;
    expect(quotesOf(article)).toEqual([["misread every table in the report.", "Lena Park"]]);
  });

  it("keeps the role or affiliation a speaker is introduced with", () => {
    const article = [
      `Kremlin spokesman Dmitry Peskov told reporters on Friday that the status of the four regions was settled.`,
      `"This is undeniable and non-negotiable," Peskov said.`,
      `"The data simply do not support a ban," said Marta Ilves, a professor of ecology at a Baltic university.`,
      `On Tuesday night, a day after the vote, the spokesman added: "Nothing will change."`,
      `"We were not consulted," said Ilkka Virtanen.`,
    ].join("\n\n");
    const spans = extractQuotes(article).map((q) => [q.speaker, q.role ?? null]);
    expect(spans).toEqual([
      ["Dmitry Peskov", "Kremlin spokesman"],
      ["Marta Ilves", "a professor of ecology at a Baltic university"],
      ["Dmitry Peskov", "Kremlin spokesman"],
      ["Ilkka Virtanen", null],
    ]);
  });

  it("leaves a pronoun unresolved when no one was named nearby", () => {
    const article = `Nothing else was announced.\n\n"It is far too early to say," she said.`;
    expect(quotesOf(article)).toEqual([["It is far too early to say", null]]);
  });

  it("prefers the fullest form of a name the article uses", () => {
    const article = [
      `Central bank governor Ingrid Vasquez-Holm kept rates on hold.`,
      `"Inflation is not yet beaten," Vasquez-Holm said.`,
      `Governor Vasquez-Holm added: "We will act if we have to."`,
    ].join("\n\n");
    expect(quotesOf(article)).toEqual([
      ["Inflation is not yet beaten", "Ingrid Vasquez-Holm"],
      ["We will act if we have to.", "Ingrid Vasquez-Holm"],
    ]);
  });

  it("strips titles and possessives from the name", () => {
    const article = `Norway's Foreign Minister Eirik Solbakk said the embassy would stay open. "We are not leaving," Solbakk said.`;
    expect(speakerOf(article, "We are not leaving")).toBe("Eirik Solbakk");
  });

  it("does not take a capitalised common noun at the start of a sentence for a name", () => {
    const article = `Critics said the plan was "a giveaway to developers who already own half the coast."`;
    expect(quotesOf(article)).toEqual([["a giveaway to developers who already own half the coast.", null]]);
  });
});

describe("extractQuotes: partial and scare quotes", () => {
  it("keeps an attributed partial quote", () => {
    const article = `Foreign Minister Sanna Lehto described the strike as "a flagrant breach of the ceasefire" and recalled her ambassador.`;
    expect(quotesOf(article)).toEqual([["a flagrant breach of the ceasefire", "Sanna Lehto"]]);
  });

  it("ignores one- or two-word scare quotes", () => {
    const article = `The so-called "reform" was passed overnight. Its "temporary" measures have now lasted ten years.`;
    expect(quotesOf(article)).toEqual([]);
  });

  it("keeps a short quote that is clearly attributed", () => {
    const article = `Okonkwo called the verdict "shameful" before leaving the courtroom.`;
    expect(quotesOf(article)).toEqual([["shameful", "Okonkwo"]]);
  });

  it("ignores title-cased names of works", () => {
    const article = `The band played "Northern Lights Over Tallinn" as an encore.`;
    expect(quotesOf(article)).toEqual([]);
  });

  it("keeps a long unattributed quote with a null speaker", () => {
    const article = `A sign on the gate read "no visitors are allowed beyond this point without a permit from the council."`;
    expect(quotesOf(article)).toEqual([
      ["no visitors are allowed beyond this point without a permit from the council.", null],
    ]);
  });
});

describe("extractQuotes: quote marks", () => {
  it("reads typographic marks and an interrupted quote", () => {
    const article = `“We will finish the line by June,” engineer Priya Natarajan said, “whatever the weather does.”`;
    expect(quotesOf(article)).toEqual([
      ["We will finish the line by June", "Priya Natarajan"],
      ["whatever the weather does.", "Priya Natarajan"],
    ]);
  });

  it("gives a second quote in the paragraph the speaker of the first", () => {
    const article = `“The vote was fair,” Greta Lindqvist said. “Anyone who says otherwise should bring evidence.”`;
    expect(quotesOf(article)).toEqual([
      ["The vote was fair", "Greta Lindqvist"],
      ["Anyone who says otherwise should bring evidence.", "Greta Lindqvist"],
    ]);
  });

  it("joins a quote that runs over several paragraphs", () => {
    const article = [
      `Coach Elena Marsh told the players after training:`,
      `“We lost three games in a row and nobody here is happy about it.`,
      `“But the season is long, and I have seen this squad come back from worse.”`,
      `The team plays again on Saturday.`,
    ].join("\n\n");
    expect(quotesOf(article)).toEqual([
      ["We lost three games in a row and nobody here is happy about it.", "Elena Marsh"],
      ["But the season is long, and I have seen this squad come back from worse.", "Elena Marsh"],
    ]);
  });

  it("drops a quote whose closing mark never comes", () => {
    const article = `He shouted "stop the count and go home\n\nThe crowd dispersed an hour later.`;
    expect(quotesOf(article)).toEqual([]);
  });

  it("reads guillemets and typewriter ``…'' marks", () => {
    const article = `«Le port restera ouvert toute la nuit», said harbour master Luc Amrani. ''Every crew will be paid for the delay,'' Amrani said.`;
    expect(quotesOf(article)).toEqual([
      ["Le port restera ouvert toute la nuit", "Luc Amrani"],
      ["Every crew will be paid for the delay", "Luc Amrani"],
    ]);
  });

  it("ignores apostrophes", () => {
    expect(quotesOf(`The minister's aides didn't comment on the region's 'plan'.`)).toEqual([]);
  });
});

describe("extractQuotes: property", () => {
  const pieces = fc.constantFrom(
    '"',
    "“",
    "”",
    "«",
    "»",
    "''",
    "'",
    " ",
    ",",
    ".",
    "\n\n",
    " said ",
    " he said",
    "Peskov",
    "Dmitry Peskov",
    "the spokesman",
    "according to ",
    ": ",
    " — ",
    "we will win",
    "É\u0301",
    "😀",
  );
  const articles = fc.oneof(fc.array(pieces, { maxLength: 60 }).map((p) => p.join("")), fc.string({ maxLength: 300 }));

  it("returns spans that are verbatim slices of the article, in order, without the marks", () => {
    fc.assert(
      fc.property(articles, (article) => {
        let last = -1;
        for (const span of extractQuotes(article)) {
          expect(article.slice(span.start, span.end)).toBe(span.text);
          expect(span.end).toBeGreaterThan(span.start);
          expect(span.start).toBeGreaterThan(last);
          expect(span.text).toBe(span.text.trim());
          expect(span.text.endsWith(",")).toBe(false);
          last = span.end;
        }
      }),
      { numRuns: 500 },
    );
  });

  it("finds every extracted quote again with findVerbatim", () => {
    fc.assert(
      fc.property(articles, (article) => {
        const index = createVerbatimIndex(article);
        for (const span of extractQuotes(article)) {
          if (/[\p{L}\p{N}]/u.test(span.text)) expect(index.find(span.text)).not.toBeNull();
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe("normalizeForMatch and findVerbatim", () => {
  it("normalises marks, dashes, ellipses, whitespace and composition", () => {
    expect(normalizeForMatch("  “It’s\u00A0over” —\n\nshe said…  ")).toBe(`"It's over" - she said...`);
    expect(normalizeForMatch("Cafe\u0301")).toBe("Caf\u00E9");
  });

  it("locates a quote despite typographic differences and returns original offsets", () => {
    const article = `“It’s not over,” she said — “not\u00A0by a long way…”`;
    const match = findVerbatim(article, `not by a long way...`);
    expect(match).not.toBeNull();
    expect(article.slice(match?.start, match?.end)).toBe("not\u00A0by a long way…");
    expect(findVerbatim(article, `It's not over, she said - "not`)).toBeNull();
    const across = findVerbatim(article, `It's not over," she said - "not`);
    expect(article.slice(across?.start, across?.end)).toBe("It’s not over,” she said — “not");
  });

  it("does not match inside a longer word or a changed word", () => {
    expect(findVerbatim("We will win the winter.", "win the win")).toBeNull();
    expect(findVerbatim("We will win the winter.", "will win")).toEqual({ start: 3, end: 11 });
    expect(findVerbatim("We will win.", "We shall win")).toBeNull();
    expect(findVerbatim("anything", "   ")).toBeNull();
  });
});
