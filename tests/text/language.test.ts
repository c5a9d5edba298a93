import { describe, expect, it } from "vitest";
import { articleLanguage, detectLanguage, languageCounts, primaryLanguage } from "../../src/text/language.ts";
import { russianElections, russianKremlin, ukrainianEnergy, ukrainianPort } from "../helpers/cyrillic-news.ts";

const english =
  "The port authority approved a plan on Monday to dredge the northern channel, ending a two-year dispute with the fishing cooperatives, who had argued the work would disturb spawning grounds.";
const german = "Die Hafenbehörde hat am Montag einen Plan gebilligt, den nördlichen Kanal auszubaggern, und damit einen zweijährigen Streit mit den Fischern beendet.";

describe("language detection", () => {
  it("tells Russian from Ukrainian, whole articles and single sentences alike", () => {
    for (const article of [russianElections, russianKremlin]) expect(detectLanguage(article.text)).toBe("ru");
    for (const article of [ukrainianEnergy, ukrainianPort]) expect(detectLanguage(article.text)).toBe("uk");
    // A short Ukrainian sentence that trigram statistics alone take for Bulgarian.
    expect(detectLanguage("Речник президента заявив, що вибори відбудуться вчасно, а міністр додав, що все готово.")).toBe("uk");
    expect(detectLanguage("Министр заявил, что выборы пройдут в срок.")).toBe("ru");
  });

  it("names Latin-script languages by their statistics", () => {
    expect(detectLanguage(english)).toBe("en");
    expect(detectLanguage(german)).toBe("de");
  });

  it("gives up on text too short or without letters", () => {
    expect(detectLanguage("")).toBeNull();
    expect(detectLanguage("12 345 — 678")).toBeNull();
    expect(detectLanguage("Okay")).toBeNull();
  });
});

describe("an article's language", () => {
  it("keeps what the page declares when the text agrees, down to the region", () => {
    expect(articleLanguage("en-GB", english)).toBe("en-GB");
    expect(articleLanguage("ru", russianKremlin.text)).toBe("ru");
  });

  it("detects it where the page declares none", () => {
    expect(articleLanguage(null, ukrainianPort.text)).toBe("uk");
    expect(articleLanguage(null, english)).toBe("en");
  });

  it("trusts the text over a declaration it plainly contradicts", () => {
    // A site template's lang="en" on a Russian page, and a Ukrainian page left marked Russian.
    expect(articleLanguage("en", russianElections.text)).toBe("ru");
    expect(articleLanguage("ru", ukrainianEnergy.text)).toBe("uk");
    expect(articleLanguage("ru-RU", english)).toBe("en");
  });

  it("keeps the declaration between languages of one script that statistics may confuse", () => {
    expect(articleLanguage("nl", german)).toBe("nl");
  });
});

describe("language helpers", () => {
  it("reduces tags to their language and counts articles per language", () => {
    expect(primaryLanguage("en-GB")).toBe("en");
    expect(primaryLanguage(null)).toBeNull();
    expect(
      languageCounts([
        { language: "en-GB", articles: 2 },
        { language: "en", articles: 1 },
        { language: "uk", articles: 4 },
        { language: null, articles: 1 },
      ]),
    ).toEqual([
      { language: "uk", articles: 4 },
      { language: "en", articles: 3 },
      { language: "unknown", articles: 1 },
    ]);
  });
});
