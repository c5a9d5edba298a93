import { describe, expect, it } from "vitest";
import { sentenceSpans } from "../../src/text/sentences.ts";

const split = (text: string): string[] => sentenceSpans(text).map(({ start, end }) => text.slice(start, end));

describe("sentence spans", () => {
  it("does not end a sentence at a title, an initial or a dotted abbreviation inside a name", () => {
    expect(split("Florida Gov. Ron Vance signed it. Then Dr. Oz spoke.")).toEqual(["Florida Gov. Ron Vance signed it.", "Then Dr. Oz spoke."]);
    expect(split("Files on President John F. Kennedy were released. Historians cheered.")).toEqual([
      "Files on President John F. Kennedy were released.",
      "Historians cheered.",
    ]);
    expect(split("The U.S. Army said so. Sen. Ana Ruiz agreed.")).toEqual(["The U.S. Army said so.", "Sen. Ana Ruiz agreed."]);
  });

  it("does not end a sentence at a month abbreviated before its day", () => {
    expect(split("Sentencing is scheduled for Feb. 3. His lawyer will appeal.")).toEqual(["Sentencing is scheduled for Feb. 3.", "His lawyer will appeal."]);
    expect(split("The vote was moved to Jan. The council agreed.")).toEqual(["The vote was moved to Jan.", "The council agreed."]);
  });

  it("still ends a sentence at an abbreviation when the next piece opens like a sentence", () => {
    expect(split("She moved to Washington, D.C. He stayed home.")).toEqual(["She moved to Washington, D.C.", "He stayed home."]);
    expect(split("It was the end of World War I. The treaty came later.")).toEqual(["It was the end of World War I.", "The treaty came later."]);
  });

  it("gives offsets into the text, surrounding whitespace excluded", () => {
    const text = "  First one.   Mr. Tam said \u201cno.\u201d  ";
    const spans = sentenceSpans(text);
    expect(spans.map(({ start, end }) => text.slice(start, end))).toEqual(["First one.", "Mr. Tam said \u201cno.\u201d"]);
    for (const { start, end } of spans) expect(text.slice(start, end)).toBe(text.slice(start, end).trim());
  });
});
