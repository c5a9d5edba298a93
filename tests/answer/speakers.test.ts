import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { ArticleDraft } from "../../src/library/article.ts";
import { createAnswerEngine } from "../../src/answer/engine.ts";
import type { Library } from "../../src/library/library.ts";
import { renderText } from "../../src/answer/render-text.ts";
import { tempDir } from "../helpers/temp-dir.ts";
import { buildLibrary, silentLogger } from "../helpers/news-fixtures.ts";

/** Our own prose: a Kremlin-style spokesman, a ministry statement, and a local story with two speakers in a row. */
const regionsText = [
  "Moscow said on Friday that the four regions it claims to have annexed would never be returned, rejecting calls from Kyiv and Western capitals to reopen talks on their status.",
  "Kremlin spokesman Dmitry Peskov told reporters that the matter was closed. \u201CThis is undeniable and non-negotiable,\u201D Peskov said of the annexed regions.",
  "The Ukrainian foreign ministry called the statement a provocation. \u201CNo referendum held at gunpoint changes a border,\u201D foreign ministry spokesman Oleh Nikolenko wrote on social media.",
].join("\n\n");

const lighthouseText = [
  "The disused lighthouse on Gull Point will be restored over the summer and relit in September, the county heritage board announced on Tuesday, after a fundraising campaign by local residents passed its target.",
  "\u201CThe lamp will shine again by the autumn equinox, and it will shine for the people who paid for it,\u201D said heritage officer Marta Kowalski. She said the original lens had been cleaned and would be reinstalled.",
  "Harbour pilot Jonas Weber welcomed the decision. \u201CModern ships do not need it to find their way, but fishermen still look for it when the fog comes in,\u201D he said.",
  "The tower was closed in 1987 because its foundations had cracked, and the board kept it shut in order to protect the stairs.",
].join("\n\n");

const base = { canonicalUrl: null, authors: [] as string[], language: "en" };
const ARTICLES: ArticleDraft[] = [
  { ...base, url: "https://east-wire.example/kremlin-regions", title: "Kremlin rules out talks on annexed regions", text: regionsText, outlet: "East Wire", publishedAt: "2026-04-10" },
  { ...base, url: "https://harbourside.example/lighthouse", title: "Old lighthouse on Gull Point to shine again", text: lighthouseText, outlet: "Harbourside Herald", publishedAt: "2026-04-14" },
];
const NOW = new Date("2026-04-20T12:00:00Z");

describe("speakers by role or affiliation, and follow-ups about them", () => {
  let dir: ReturnType<typeof tempDir>;
  let library: Library;
  const open = () => createAnswerEngine({ library, conversations: library.conversations, embedder: null, logger: silentLogger });

  beforeEach(async () => {
    dir = tempDir();
    library = await buildLibrary(dir.path, ARTICLES);
  });
  afterEach(async () => {
    await library.close();
    dir.remove();
  });

  it("answers 'What did the Kremlin say about …?' with the spokesman's quote, named with his role, and a citation", async () => {
    const answer = await open().ask("What did the Kremlin say about the annexed regions?", { now: NOW });
    expect(answer.quotes[0]).toMatchObject({ text: "This is undeniable and non-negotiable", speaker: "Dmitry Peskov", speakerRole: "Kremlin spokesman", sourceNumber: 1 });
    expect(answer.sources[0]).toMatchObject({ number: 1, outlet: "East Wire", url: "https://east-wire.example/kremlin-regions" });
    expect(renderText(answer)).toContain("Kremlin spokesman Dmitry Peskov: \u201CThis is undeniable and non-negotiable\u201D [1]");
  });

  it("finds quotes by a ministry and by an occupation the article introduces the speaker with", async () => {
    const engine = open();
    const ministry = await engine.ask("What did the ministry say?", { now: NOW });
    expect(ministry.quotes[0]).toMatchObject({ text: "No referendum held at gunpoint changes a border", speaker: "Oleh Nikolenko" });
    const pilot = await engine.ask("What did the harbour pilot say?", { now: NOW });
    expect(pilot.quotes.map((q) => q.speaker)).toEqual(["Jonas Weber"]);
    expect(pilot.quotes[0]?.text).toContain("fog comes in");
  });

  it("reads 'And what did the harbour pilot say?' as a new speaker on the same topic, then 'why?' from the causes", async () => {
    const engine = open();
    const conversationId = "pilot";
    await engine.ask("What did Marta Kowalski say about the lamp?", { now: NOW, conversationId });
    const pilot = await engine.ask("And what did the harbour pilot say?", { now: NOW, conversationId });
    expect(pilot.understoodAs).toBe("What did the harbour pilot say about the lamp?");
    expect(pilot.quotes[0]).toMatchObject({ speaker: "Jonas Weber", speakerRole: "Harbour pilot" });

    const why = await engine.ask("why?", { now: NOW, conversationId });
    expect(why.understoodAs).toBe("Why, regarding the lamp?");
    expect(why.quotes.length).toBeGreaterThan(0);
    expect(why.quotes.every((q) => /\b(because|after|in order to|due to)\b/.test(q.text))).toBe(true);

    const next = await engine.ask("what did he say next?", { now: NOW, conversationId });
    expect(next.understoodAs).toBe("What did Jonas Weber say next?");
    expect(next.note).toBe("I have no further quotes from Jonas Weber.");
  });

  it("reads a full question after 'and' against the story in hand, and says plainly when 'more' has nothing left", async () => {
    const engine = open();
    const conversationId = "plain";
    await engine.ask("Who announced the lighthouse restoration?", { now: NOW, conversationId });
    const pilot = await engine.ask("And what did the harbour pilot say?", { now: NOW, conversationId });
    expect(pilot.understoodAs).toBe("What did the harbour pilot say? (following “Who announced the lighthouse restoration”)");
    expect(pilot.quotes[0]?.speaker).toBe("Jonas Weber");
    const more = await engine.ask("more", { now: NOW, conversationId });
    expect(more.kind).toBe("no-answer");
    expect(more.note).toBe("That's everything I found on this.");
    const thanks = await engine.ask("thanks!", { now: NOW, conversationId });
    expect(thanks).toMatchObject({ kind: "smalltalk", understoodAs: null });
  });
});

describe("speaker questions: what is left out", () => {
  const wire = { ...base, outlet: "East Wire" };
  const earlier = [
    "Kremlin spokesman Dmitry Peskov described the talks on the annexed regions as \u201Cdeep\u201D on Monday, without giving details.",
    "\u201CThe regions will remain part of Russia, whatever the West decides about them,\u201D Peskov said of the annexed regions later that day.",
  ].join("\n\n");
  const later = [
    "Kremlin spokesman Dmitry Peskov spoke again about the annexed regions on Saturday, after a new round of sanctions was announced.",
    "\u201CWe will never again discuss the status of the annexed regions with anyone,\u201D Peskov told reporters in Moscow about the regions.",
  ].join("\n\n");
  let dir: ReturnType<typeof tempDir>;
  let library: Library;

  beforeEach(async () => {
    dir = tempDir();
    library = await buildLibrary(dir.path, [
      { ...wire, url: "https://east-wire.example/regions-monday", title: "Kremlin comments on annexed regions", text: earlier, publishedAt: "2026-04-13" },
      { ...wire, url: "https://east-wire.example/regions-saturday", title: "Kremlin speaks again on annexed regions", text: later, publishedAt: "2026-05-02" },
    ]);
  });
  afterEach(async () => {
    await library.close();
    dir.remove();
  });

  it("quotes full remarks rather than a word picked out, and nothing published after the day asked about", async () => {
    const answer = await createAnswerEngine({ library, conversations: library.conversations, embedder: null, logger: silentLogger }).ask("What did the Kremlin say about the annexed regions?", { now: NOW });
    expect(answer.quotes.map((q) => q.text)).toEqual(["The regions will remain part of Russia, whatever the West decides about them"]);
    expect(answer.sources.map((s) => s.url)).toEqual(["https://east-wire.example/regions-monday"]);
  });

  it("says plainly that no article holds the words of a 'who said' question, instead of quoting sentences sharing a word", async () => {
    const answer = await createAnswerEngine({ library, conversations: library.conversations, embedder: null, logger: silentLogger }).ask("Who said \u201Cthe regions are a bargaining chip\u201D?", { now: NOW });
    expect(answer.kind).toBe("no-answer");
    expect(answer.quotes).toEqual([]);
    expect(answer.note).toMatch(/^None of the 2 articles I have contains those words\./);
  });
});
