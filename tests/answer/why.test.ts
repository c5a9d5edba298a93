import { describe, expect, it } from "vitest";
import type { ArticleDraft } from "../../src/library/article.ts";
import { causes } from "../../src/answer/why.ts";
import { reasonIn } from "../../src/retrieval/answer-type.ts";
import { expandQuestion } from "../../src/retrieval/expand.ts";
import { PassageWords } from "../../src/retrieval/passage-words.ts";
import { parseQuery } from "../../src/retrieval/query.ts";
import type { SearchHit } from "../../src/retrieval/search.ts";
import { stem } from "../../src/text/words.ts";
import { useAnswerEngine } from "../helpers/news-fixtures.ts";

/**
 * "Why…?" is answered by a sentence that gives a reason, not by one that only repeats the question's words; when
 * no sentence gives one, the answer says so. Invented news, our own prose.
 */
const base = { canonicalUrl: null, authors: [] as string[], language: "en", outlet: "Lindholm Post" };

const ARTICLES: ArticleDraft[] = [
  {
    ...base,
    url: "https://lindholm-post.example/elm-street-library",
    title: "Council to close Elm Street library",
    publishedAt: "2026-06-02",
    text: [
      "The city council voted on Monday to close the Elm Street library at the end of June, after sixty years on the corner of Elm Street and Mill Lane.",
      "The Elm Street library will close its doors for good on June 30, the council said, and its books will go to the central library.",
      "Councillors agreed to shut the branch because its roof needs repairs that the city cannot pay for this year.",
      "Readers have started a petition to keep the Elm Street library open.",
    ].join("\n\n"),
  },
  {
    ...base,
    url: "https://lindholm-post.example/quayside-cafe",
    title: "Quayside cafe to shut on Friday",
    publishedAt: "2026-06-03",
    text: [
      "The Quayside cafe will shut on Friday, its owner Mia Berg told regulars on Tuesday.",
      "The Quayside cafe opened in 1998 and has served fishermen breakfast from five in the morning ever since.",
      "Regulars plan a farewell party at the Quayside cafe on Thursday night, with a band from the sailing club.",
    ].join("\n\n"),
  },
  {
    ...base,
    url: "https://lindholm-post.example/quayside-chandlery",
    title: "Chandlery to close after forty years",
    publishedAt: "2026-06-03",
    text: [
      "The Quayside chandlery will also shut on Friday, after forty years of selling rope and paint.",
      "Its owner said the landlord had doubled the rent because the building was sold in the spring.",
    ].join("\n\n"),
  },
  {
    ...base,
    url: "https://lindholm-post.example/ferry-sailings",
    title: "Evening ferry sailing cancelled for the summer",
    publishedAt: "2026-06-04",
    text: [
      "The Lindholm ferry company has cancelled the evening sailing to Rask for the whole summer, its second cut this year.",
      "The evening sailing to Rask carried about forty passengers a night last summer.",
      "The company cancelled the sailing, citing a shortage of trained deck crew.",
    ].join("\n\n"),
  },
  {
    ...base,
    url: "https://lindholm-post.example/school-exams",
    title: "Lindholm school exams move to the sports hall",
    publishedAt: "2026-06-05",
    text: [
      "Lindholm secondary school will hold its summer exams in the sports hall, head teacher Omar Haddad said.",
      "The school moved the exams to the sports hall to make room for builders repairing the flooded classrooms.",
      "The summer exams start on June 15 and end on July 2.",
    ].join("\n\n"),
  },
];

const NOW = new Date("2026-06-06T12:00:00Z");

describe("reasonIn", () => {
  it("finds plain causes, purposes and looser reasons, not time words or catenative verbs", () => {
    expect(reasonIn("The branch shut because its roof leaks.")).toBe(1);
    expect(reasonIn("The airline cut the route, citing weak demand.")).toBe(1);
    expect(reasonIn("The vote was delayed after two councillors fell ill.")).toBe(0.6);
    expect(reasonIn("Since the bridge closed, the bakery has lost half its customers.")).toBe(0.6);
    expect(reasonIn("The club said it was the only way to keep the pitch open.")).toBe(0.6);
    expect(reasonIn("They moved the market to the square to make room for the fair.")).toBe(0.6);
    expect(reasonIn("The library has been open since 1961.")).toBe(0);
    expect(reasonIn("The shop closed after sixty years on the corner.")).toBe(0);
    expect(reasonIn("The council plans to cut three bus routes in June.")).toBe(0);
    expect(reasonIn("The mayor wants the bridge to open before winter.")).toBe(0);
    expect(reasonIn("The market runs from March to June.")).toBe(0);
  });
});

describe("why-questions", () => {
  const state = useAnswerEngine(ARTICLES);

  it("quotes the sentence that gives the reason, not the ones that repeat the question", async () => {
    const answer = await state.engine.ask("Why is the council closing the Elm Street library?", { now: NOW });
    expect(answer.kind).toBe("answer");
    expect(answer.quotes[0]?.text).toMatch(/because its roof needs repairs/);
    expect(answer.quotes.every((q) => reasonIn(q.text) > 0)).toBe(true);
  });

  it("finds a reason given with 'citing' or an infinitive of purpose", async () => {
    const ferry = await state.engine.ask("Why did the ferry company cancel the evening sailing to Rask?", { now: NOW });
    expect(ferry.quotes[0]?.text).toMatch(/citing a shortage of trained deck crew/);
    const exams = await state.engine.ask("Why did the school move the exams to the sports hall?", { now: NOW });
    expect(exams.quotes[0]?.text).toMatch(/to make room for builders/);
  });

  it("says plainly that the articles do not say why, rather than quoting a sentence that gives no reason or another story's", async () => {
    const answer = await state.engine.ask("Why is the Quayside cafe shutting?", { now: NOW });
    expect(answer.kind).toBe("no-answer");
    expect(answer.quotes).toEqual([]);
    expect(answer.note).toBe("The articles I found on this don't say why.");
  });

  it("takes another article's reason only when it holds some of the question's words", async () => {
    const { library } = state;
    const parsed = parseQuery("Why is the Quayside cafe shutting?", NOW);
    const words = { weights: new Map(parsed.terms.map((term) => [stem(term), 1])), alternatives: expandQuestion(parsed), passage: PassageWords.of(parsed) };
    const passagesOf = async (url: string): Promise<SearchHit[]> => {
      const id = (await library.findByUrl(url))!;
      const article = (await library.getSummaries([id])).get(id)!;
      return (await library.chunksOf(id)).map((chunk) => ({ chunk, article, score: 1, alsoReportedBy: [] }));
    };
    const cafe = await passagesOf("https://lindholm-post.example/quayside-cafe");
    const chandlery = await passagesOf("https://lindholm-post.example/quayside-chandlery");
    expect(await causes(library, [...cafe, ...chandlery], words)).toEqual([]);
    expect(await causes(library, [...chandlery, ...cafe], words)).toHaveLength(1);
  });

  it("reads a follow-up 'why?' and 'why did she…?' the same way", async () => {
    await state.engine.ask("When will the Quayside cafe shut?", { now: NOW, conversationId: "cafe" });
    const why = await state.engine.ask("why?", { now: NOW, conversationId: "cafe" });
    expect(why.quotes).toEqual([]);
    expect(why.note).toBe("The articles I quoted don't say why.");
    const whyShe = await state.engine.ask("Why did she decide to close it?", { now: NOW, conversationId: "cafe" });
    expect(whyShe.quotes).toEqual([]);
    expect(whyShe.note).toMatch(/don't say why\.$/);

    await state.engine.ask("What did the council decide about the Elm Street library?", { now: NOW, conversationId: "library" });
    const reason = await state.engine.ask("why?", { now: NOW, conversationId: "library" });
    expect(reason.quotes[0]?.text).toMatch(/because its roof needs repairs/);
  });
});
