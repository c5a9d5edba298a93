import { describe, expect, it } from "vitest";
import { useAnswerEngine } from "../helpers/news-fixtures.ts";
import { FOLLOW_UP_ARTICLES, FOLLOW_UP_NOW as NOW } from "./follow-up-fixtures.ts";

/** Follow-ups read against the conversation's topic, one failure class each, over our own articles (follow-up-fixtures.ts). */
describe("follow-ups that keep the topic", () => {
  const state = useAnswerEngine(FOLLOW_UP_ARTICLES);
  const ask = (question: string, conversationId?: string) => state.engine.ask(question, { now: NOW, conversationId });
  const texts = (answer: { quotes: Array<{ text: string }> }): string => answer.quotes.map((q) => q.text).join(" | ");

  it("resolves 'he' to the player the answer named, not to a team whose name opens sentences", async () => {
    await ask("Who scored twice for the Harbour Kings against Ridgeford?", "kings");
    const he = await ask("Had he been in a drought before that?", "kings");
    expect(he.understoodAs).toMatch(/^Had Tor Vik been/);
  });

  it("resolves 'her' to the person the question named after her trade ('singer Lena Dahl'), not to someone else quoted", async () => {
    await ask("What ended singer Lena Dahl's silence?", "singer");
    const her = await ask("How did her parents react?", "singer");
    expect(her.understoodAs).toMatch(/^How did Lena Dahl's parents react\?/);
    expect(texts(her)).toContain("the silence had frightened her parents");
  });

  it("answers 'what was his reasoning?' with that person's own words", async () => {
    await ask("Which Falcons player wants Storm punished as well?", "rask");
    const why = await ask("What was his reasoning?", "rask");
    expect(why.understoodAs).toMatch(/^What was Jonas Rask's reasoning\?/);
    expect(why.quotes[0]).toMatchObject({ speaker: "Jonas Rask" });
    expect(texts(why)).toContain("act like the victim");
  });

  it("keeps a plain question in the story in hand ('Who wrote the letter?'), and leaves it when another story answers it better", async () => {
    await ask("Is Kestrel Coffee unhappy with the council?", "letter");
    const who = await ask("Who wrote the letter?", "letter");
    expect(who.understoodAs).toBe("Who wrote the letter? (following “Is Kestrel Coffee unhappy with the council”)");
    expect(who.sources.map((s) => s.title)).toEqual(["Kestrel Coffee objects to council's union meeting"]);
    expect(texts(who)).toContain("wrote Mira Holt");
    const elsewhere = await ask("Who wrote a letter from a sanatorium?", "letter");
    expect(elsewhere.understoodAs).toBeNull();
    expect(elsewhere.sources[0]?.title).toBe("Poet's letter to his sister sold at auction");
  });

  it("stays with the story through a question it does not answer, and finds 'died' for 'die'", async () => {
    await ask("What happened at the Sundby paint warehouse?", "fire");
    const died = await ask("Did anyone die?", "fire");
    expect(died.understoodAs).toBe("Did anyone die? (following “What happened at the Sundby paint warehouse”)");
    expect(texts(died)).toContain("Two night watchmen died in the fire");
    const insured = await ask("Was the owner insured?", "fire");
    expect(insured.kind).toBe("no-answer");
    const chief = await ask("What did the fire chief say?", "fire");
    expect(chief.understoodAs).toBe("What did the fire chief say? (following “Was the owner insured”)");
    expect(chief.quotes[0]).toMatchObject({ speaker: "Liv Aasen" });
  });

  it("counts people for 'how many people', not dollars", async () => {
    await ask("Why did Orbit's launch go wrong?", "orbit");
    const many = await ask("How many people were piling in that day?", "orbit");
    expect(many.quotes[0]?.text).toContain("more than 4 million subscribers");
  });

  it("gives a clock time for 'how late did it go on?'", async () => {
    await ask("How did Norway beat Chile?", "chess");
    const late = await ask("How late did it go on?", "chess");
    expect(late.quotes[0]?.text).toContain("close to 1 a.m.");
  });

  it("gives a share for 'how widespread is it now?'", async () => {
    await ask("How did Slate end up selling to businesses, according to Eide?", "slate");
    const wide = await ask("How widespread is it now?", "slate");
    expect(wide.kind).toBe("answer");
    expect(texts(wide)).toContain("seven out of ten hospitals");
  });

  it("finds a hiding place told with another form of the verb ('hidden' / 'hiding') and no place name", async () => {
    await ask("What sentence did the museum guard get?", "crown");
    const where = await ask("Where had he hidden it?", "crown");
    expect(where.understoodAs).toMatch(/^Where had Karl Moe hidden it/);
    expect(where.quotes[0]?.text).toContain("in a flour sack");
  });

  it("gives an amount of money for 'how much could those contracts be worth?', even one already shown", async () => {
    await ask("Which companies did the space agency pick for the moon?", "lunar");
    const worth = await ask("How much could those contracts be worth?", "lunar");
    expect(worth.quotes[0]?.text).toContain("€900 million");
  });

  it("answers 'what did the company say?' with its spokesperson's words, not a manager's remark on something else", async () => {
    await ask("Why is the regulator looking into Brightline?", "brightline");
    const company = await ask("And what did the company say about it?", "brightline");
    expect(company.quotes[0]?.text).toContain("We received a letter from the regulator");
  });

  it("reads quoted words holding an apostrophe as the quotation: 'It's a muscle…'", async () => {
    const who = await ask("Who said 'It's a muscle you never knew you had'?");
    expect(who.note).toMatch(/Bakke said it\.$/);
    expect(who.quotes.map((q) => q.text).join(" ")).toContain("write as the character would");
  });

  it("matches an irregular past form to the article's verb: 'stole' finds 'stealing'", async () => {
    const stole = await ask("Who stole the crown?");
    expect(stole.kind).toBe("answer");
    expect(stole.quotes[0]?.text).toContain("for stealing a silver crown");
  });
});
