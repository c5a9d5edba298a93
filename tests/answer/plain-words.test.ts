import { describe, expect, it } from "vitest";
import { renderText } from "../../src/answer/render-text.ts";
import { useAnswerEngine } from "../helpers/news-fixtures.ts";
import { PLAIN_WORDS_ARTICLES, PLAIN_WORDS_NOW as NOW } from "./plain-words-fixtures.ts";


/** One conversation per failure class of issue 10, over our own articles (plain-words-fixtures.ts). */
describe("questions in plain words", () => {
  const state = useAnswerEngine(PLAIN_WORDS_ARTICLES);
  const ask = (question: string, conversationId?: string) => state.engine.ask(question, { now: NOW, conversationId });

  it("bridges the question's word and the article's: 'step down' finds 'resigned'", async () => {
    const answer = await ask("Did the minister step down?");
    expect(answer.kind).toBe("answer");
    expect(answer.quotes[0]?.text).toContain("Elin Sandvik resigned on Wednesday");
  });

  it("keeps a follow-up in the story in hand: 'she' is the person of its articles, and the answer comes from them", async () => {
    await ask("Did the council cancel the tram?", "tram");
    const she = await ask("What did she say about the buses?", "tram");
    expect(she.understoodAs).toBe("What did Jane Ortiz say about the buses? (following “Did the council cancel the tram”)");
    expect(she.quotes.some((q) => q.text.includes("first electric buses") && q.speaker === "Jane Ortiz")).toBe(true);
    const shops = await ask("How did shopkeepers react?", "tram");
    expect(shops.quotes[0]?.text).toContain("Shopkeepers on Dock Street welcomed the decision");
  });

  it("reads a capital as its country, as the news writes it: 'Russia' finds 'Moscow agreed'", async () => {
    const answer = await ask("Did Russia agree?");
    expect(answer.kind).toBe("answer");
    expect(answer.quotes[0]?.text).toContain("Moscow agreed on Friday");
  });

  it("does not drift to another story that shares a word of the follow-up", async () => {
    await ask("What did the ferry union offer?", "ferry");
    const accepted = await ask("Was it accepted?", "ferry");
    expect(accepted.understoodAs).toContain("following “What did the ferry union offer”");
    expect(accepted.sources.every((s) => s.title.includes("Island Link"))).toBe(true);
    expect(renderText(accepted)).not.toContain("University");
  });

  it("names the speaker of a quote the article ends with 'she added'", async () => {
    const answer = await ask("What did Ortiz say about the buses?");
    const buses = answer.quotes.find((q) => q.text.includes("first electric buses"));
    expect(buses).toMatchObject({ speaker: "Jane Ortiz", speakerRole: "Mayor" });
  });

  it("never rewrites quoted words: not the 'She' inside them, not the 'now'", async () => {
    const she = await ask("Who said 'She told me to wait'?", "quoted");
    expect(she.note).toBe("Ministry accountant Per Holm said it.");
    const now = await ask("Who said \"We now have to earn the fans' trust again\"?", "quoted");
    expect(now.note).toBe("Henrik Aas said it.");
  });

  it("shows the rest of a quote cut by its attribution, each part with its speaker", async () => {
    const answer = await ask("Who said \"The evidence was overwhelming\"?");
    expect(answer.quotes.map((q) => q.speaker)).toEqual(["Ingrid Falk", "Ingrid Falk"]);
    expect(answer.quotes[1]?.text).toContain("the jury saw through every one of his excuses");
  });

  it("keeps a date abbreviated with its day: the sentence is not cut at 'Feb.'", async () => {
    const answer = await ask("When is Lind's sentencing?");
    expect(answer.quotes.map((q) => q.text)).toContain("Sentencing is scheduled for Feb. 3.");
  });

  it("answers 'why?' with a reason", async () => {
    await ask("Did the minister step down?", "why");
    const why = await ask("why?", "why");
    expect(why.quotes[0]?.text).toContain("because the affair had become a distraction");
  });

  it("puts the answer in the reply: the winner, not when the vote was held", async () => {
    const answer = await ask("Who won the runoff?");
    expect(answer.quotes[0]?.text).toContain("Anna Virtanen won the runoff");
  });
});
