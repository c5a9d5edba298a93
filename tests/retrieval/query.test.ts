import { describe, expect, it } from "vitest";
import { parseDateIntent } from "../../src/retrieval/dates.ts";
import { parseQuery } from "../../src/retrieval/query.ts";
import type { Answer } from "../../src/answer/model.ts";
import { renderText } from "../../src/answer/render-text.ts";

const now = new Date("2026-03-16T12:00:00Z");

describe("dates", () => {
  it("reads relative and named dates against now", () => {
    expect(parseDateIntent("what happened yesterday?", now)).toMatchObject({ from: "2026-03-15", to: "2026-03-15" });
    expect(parseDateIntent("news from this week", now)).toMatchObject({ from: "2026-03-09", to: "2026-03-16" });
    expect(parseDateIntent("what did she say in March?", now)).toMatchObject({ from: "2026-03-01", to: "2026-03-31" });
    // A month still to come this year means last year's.
    expect(parseDateIntent("the floods in November", now)).toMatchObject({ from: "2025-11-01", to: "2025-11-30" });
    expect(parseDateIntent("what happened on 12 May 2022?", now)).toMatchObject({ from: "2022-05-12", to: "2022-05-12" });
    expect(parseDateIntent("the latest on the strike", now)).toMatchObject({ latest: true, from: null });
  });
});

describe("query", () => {
  it("keeps names and quoted phrases, drops function and date words", () => {
    const parsed = parseQuery("What did Dmitry Peskov say about the annexed regions this week?", now);
    expect(parsed.kind).toBe("what-said");
    expect(parsed.speaker).toBe("Dmitry Peskov");
    expect(parsed.terms).toEqual(["dmitry", "peskov", "annexed", "regions"]);
    expect(parsed.phrases).toContain("dmitry peskov");
    const who = parseQuery("Who said “the door is open”?", now);
    expect(who).toMatchObject({ kind: "who-said", quoted: "the door is open" });
  });

  it("reads 'until when?' as a when-question, 'anyone' and 'exactly' as no words to search for", () => {
    expect(parseQuery("Until when?", now).kind).toBe("when");
    expect(parseQuery("And since when has it been closed?", now).kind).toBe("when");
    expect(parseQuery("Did anyone die?", now).terms).toEqual(["die"]);
    expect(parseQuery("What did Biden say exactly?", now)).toMatchObject({ kind: "what-said", speaker: "Biden", terms: ["biden"] });
    expect(parseQuery("What exactly did Biden say about the troops?", now)).toMatchObject({ kind: "what-said", speaker: "Biden" });
  });
});

describe("plain-text rendering", () => {
  it("prints quotes with speaker and [n], then numbered sources with copies", () => {
    const answer: Answer = {
      kind: "answer",
      question: "and Ukraine?",
      understoodAs: "What did Ostrem say about Ukraine?",
      note: null,
      quotes: [{ text: "A door open here", speaker: "Halvard Ostrem", sourceNumber: 1, articleId: 3, start: 0, end: 16 }],
      sources: [
        { number: 1, articleId: 3, title: "Centre opens", outlet: "Northern Ledger", publishedAt: "2026-03-12", url: "https://n.example/a", alsoReportedBy: [{ outlet: "Harbour Post", url: null }] },
      ],
      passages: [],
      articlesSearched: 6,
      hasMore: false,
      turnId: "t",
    };
    expect(renderText(answer)).toBe(
      [
        "(Understood as: What did Ostrem say about Ukraine?)",
        "Halvard Ostrem: “A door open here” [1]",
        "",
        "Sources:",
        "[1] Centre opens (Northern Ledger, 2026-03-12) https://n.example/a",
        "    also reported by Harbour Post",
      ].join("\n"),
    );
  });
});
