import { describe, expect, it } from "vitest";
import { answerPositions, askedWords } from "../../src/retrieval/answer-type.ts";
import { expectedAnswerType } from "../../src/retrieval/query.ts";
import { rawWords, words } from "../../src/text/words.ts";

describe("answer types", () => {
  it("reads what kind of thing the answer is from the question's wording", () => {
    expect(expectedAnswerType("Which country will print a warning on every cigarette?")).toBe("country");
    expect(expectedAnswerType("Which U.S. state passed the law on school meals?")).toBe("us-state");
    expect(expectedAnswerType("Wildfires burned in California and which other state?")).toBe("us-state");
    expect(expectedAnswerType("Which European country banned the boats?")).toBe("country");
    expect(expectedAnswerType("How many passengers were on board?")).toBe("number");
    expect(expectedAnswerType("By what margin did the measure pass?")).toBe("number");
    expect(expectedAnswerType("New research says heart attacks happen most on what day?")).toBe("weekday");
    expect(expectedAnswerType("Who was named harbour master?")).toBe("person");
    expect(expectedAnswerType("Which former England player became an ambassador?")).toBe("person");
    expect(expectedAnswerType("Which ferry company recalled its boats?")).toBe("organization");
    expect(expectedAnswerType("Where is the summit held?")).toBe("place");
    expect(expectedAnswerType("What happened at the harbour?")).toBeNull();
    expect(expectedAnswerType("Why did the ferry stop?")).toBeNull();
  });

  it("finds things of that type the question does not already name, at the positions `words` counts", () => {
    const asked = askedWords("Which country will join Norway in banning the boats?");
    const text = "Norway banned the boats last year, and Canada will follow in May.";
    const found = answerPositions(rawWords(text), "country", asked).map((i) => words(text)[i]);
    expect(found).toEqual(["canada"]);
    expect(answerPositions(rawWords("The United States and Norway agreed."), "country", asked).map((i) => words("The United States and Norway agreed.")[i])).toEqual(["united"]);
  });

  it("counts digits and number words for numbers, and two capitalised words for a person", () => {
    const asked = askedWords("How many boats were recalled?");
    expect(answerPositions(rawWords("Six boats were recalled, and 1,200 passengers moved."), "number", asked)).toHaveLength(3);
    expect(answerPositions(rawWords("The boats were recalled on a Tuesday."), "number", asked)).toEqual([]);
    const who = askedWords("Who runs Nordvik Lines?");
    expect(answerPositions(rawWords("Nordvik Lines is run by Ada Berg."), "person", who)).toEqual([5]);
    expect(answerPositions(rawWords("The Nordvik Lines boats sail at dawn."), "person", who)).toEqual([]);
  });
});
