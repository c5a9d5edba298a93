import { describe, expect, it } from "vitest";
import { wordNet } from "../../src/text/wordnet.ts";

const related = (word: string): string[] => wordNet().relatedWords(word).map((r) => r.words.join(" "));

describe("WordNet bridge", () => {
  it("finds lemmas through inflections, phrases included", () => {
    const wn = wordNet();
    expect(wn.lemmas("resigned", "verb")).toEqual(["resign"]);
    expect(wn.lemmas("stepped down", "verb")).toEqual(["step down"]);
    expect(wn.lemmas("scrapped", "verb")).toEqual(["scrap"]);
    expect(wn.lemmas("layoffs", "noun")).toEqual(["layoff"]);
    expect(wn.lemmas("glorptastic", "adj")).toEqual([]);
  });

  it("relates a word to its synonyms and derived forms, in both directions", () => {
    expect(related("resign")).toEqual(expect.arrayContaining(["step down", "quit", "resignation"]));
    expect(related("stepped down")).toContain("resign");
    expect(related("cancel")).toEqual(expect.arrayContaining(["call off", "cancellation"]));
    expect(related("call off")).toContain("cancel");
    expect(related("buy")).toContain("purchase");
    expect(related("purchased")).toContain("buy");
    expect(related("snatched")).toEqual(expect.arrayContaining(["kidnap", "abduct"]));
  });

  it("marks how each word was found and never returns the word itself", () => {
    const words = wordNet().relatedWords("resigned");
    expect(words.find((w) => w.words.join(" ") === "resignation")).toMatchObject({ relation: "derived", pos: "noun" });
    expect(words.find((w) => w.words.join(" ") === "step down")).toMatchObject({ relation: "synonym", pos: "verb" });
    expect(words.some((w) => w.words.join(" ") === "resign")).toBe(false);
  });

  it("leaves out names and senses the word is never used in", () => {
    // "worth" is also the couturier Charles Frederick Worth; "cancel" as a noun is a printer's mark (never in the tagged corpus).
    expect(related("worth").some((w) => w.includes("charles"))).toBe(false);
    expect(wordNet().relatedWords("cancel").every((w) => w.pos === "verb" || w.relation === "derived")).toBe(true);
  });

  it("relates a country to its capital and back, the capital by its name's most frequent sense", () => {
    expect(wordNet().capitalOrCountry("Russia")).toContain("Moscow");
    expect(wordNet().capitalOrCountry("Beijing")).toContain("China");
    expect(wordNet().capitalOrCountry("Washington")).toEqual(expect.arrayContaining(["United States", "US"]));
    expect(wordNet().capitalOrCountry("Cleveland")).toEqual([]);
  });

  it("knows nothing of words WordNet lacks", () => {
    expect(related("zyxwv")).toEqual([]);
  });
});
