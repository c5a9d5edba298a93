import { describe, expect, it } from "vitest";
import { foldStem, languageWords, stemText, STEMMED_LANGUAGES } from "../../src/text/stemmers.ts";
import { cyrillicSpellings, latinSpellings, otherScriptSpellings } from "../../src/text/transliterate.ts";

describe("names across scripts", () => {
  it("spells Cyrillic names in the standard systems and as the press prints them", () => {
    expect(latinSpellings("Песков")).toEqual(["peskov"]);
    // BGN/PCGN, Ukrainian national, ISO 9 without diacritics, and the press's -y and -yy.
    expect(latinSpellings("Зеленський")).toEqual(expect.arrayContaining(["zelenskyi", "zelensky", "zelenskyy"]));
    expect(latinSpellings("Зеленский")).toEqual(expect.arrayContaining(["zelenskiy", "zelenskij", "zelensky"]));
    expect(latinSpellings("Шойгу")).toEqual(expect.arrayContaining(["shoygu", "shoigu"]));
    expect(latinSpellings("Єрмак")).toContain("yermak");
  });

  it("spells Latin names in Russian and Ukrainian letters", () => {
    expect(cyrillicSpellings("Peskov")).toEqual(["песков"]);
    expect(cyrillicSpellings("Zelensky")).toEqual(["зеленский", "зеленський"]);
    expect(cyrillicSpellings("Zelenskyy")).toEqual(["зеленский", "зеленський"]);
    expect(cyrillicSpellings("Shcherbakov")).toEqual(["щербаков"]);
    expect(cyrillicSpellings("naïve")).toEqual([]);
  });

  it("leaves short words alone", () => {
    expect(otherScriptSpellings("ЕС")).toEqual([]);
    expect(otherScriptSpellings("EU")).toEqual([]);
  });
});

describe("stemmers per language", () => {
  it("give inflected forms of a word one stem in Russian and Ukrainian", () => {
    const ru = languageWords("ru")!;
    const uk = languageWords("uk-UA")!;
    expect(new Set(["выборы", "выборах", "выборов"].map((word) => ru.stem(word))).size).toBe(1);
    expect(new Set(["министр", "министра", "министром"].map((word) => ru.stem(word))).size).toBe(1);
    expect(new Set(["підстанції", "підстанцій", "підстанція"].map((word) => uk.stem(word))).size).toBe(1);
    expect(new Set(["Зеленський", "Зеленського", "Зеленському"].map((word) => uk.stem(word))).size).toBe(1);
    expect(stemText("Пов'язана з ремонтом", uk)).toEqual([uk.stem("пов'язана"), "з", uk.stem("ремонтом")]);
  });

  it("tell stop words per language, and leave English to the English index", () => {
    expect(languageWords("ru")!.isStopWord("Что")).toBe(true);
    expect(languageWords("ru")!.isStopWord("выборы")).toBe(false);
    expect(languageWords("uk")!.isStopWord("що")).toBe(true);
    expect(languageWords("de")!.stem("Wahlen")).toBe("wahl");
    expect(languageWords("en")).toBeNull();
    expect(languageWords(null)).toBeNull();
    expect(STEMMED_LANGUAGES).toEqual(expect.arrayContaining(["ru", "uk", "de", "fr", "es"]));
  });

  it("fold soft signs and ё the same way on both sides", () => {
    expect(foldStem("Навальн")).toBe("навалн");
    expect(foldStem("ещё")).toBe("еще");
  });
});
