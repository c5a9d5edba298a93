import type { Library } from "../../src/library/library.ts";
import type { Logger } from "pino";
import { pino } from "pino";
import type { ArticleDraft } from "../../src/library/article.ts";
import { Ingestor } from "../../src/ingest/pipeline.ts";
import { afterAll, beforeAll } from "vitest";
import type { AnswerEngine } from "../../src/answer/model.ts";
import { createAnswerEngine } from "../../src/answer/engine.ts";
import { SqliteLibrary } from "../../src/library/sqlite/sqlite-library.ts";
import { tempDir } from "./temp-dir.ts";

/** Invented news articles (our own prose) about a small invented country, covering quotes, dates and a syndicated copy. */

const bordersText = [
  "The government will keep identity checks at the Sundby ferry terminal in place despite queues of up to three hours, Interior Minister Halvard Ostrem said on Monday.",
  "\u201CWe will not apologise for keeping people safe,\u201D Ostrem told reporters outside the ministry. The checks were introduced in January after police found forged travel documents on two crossings.",
  "Ferry operators say the delays have cost them passengers. Nordlink, which runs four daily sailings, estimates that bookings fell by a fifth in February.",
  "Ostrem said the checks would be reviewed in the summer. \u201CNobody enjoys waiting in a queue, but the alternative is worse,\u201D he said. \u201CWe are hiring forty more border officers, and the lines will get shorter by April.\u201D",
  "Opposition lawmaker Trine Halvorsen called the policy a tax on commuters. \u201CThe minister is punishing nurses and builders who cross every day,\u201D she said.",
].join("\n\n");

const ukraineText = [
  "Interior Minister Halvard Ostrem promised on Thursday that the country would keep taking in refugees from Ukraine, as a fourth reception centre opened in the port town of Vessel.",
  "\u201CUkraine's refugees will always find a door open here,\u201D Ostrem said at the opening. \u201CThey have lost their homes, not their right to be safe.\u201D",
  "The new centre has room for 600 people and will offer language classes from next month, according to the migration agency.",
].join("\n\n");

const bankText = [
  "The central bank raised its main interest rate by half a percentage point to 4.25 percent on Wednesday, the third increase in six months, as prices for food and energy kept climbing.",
  "\u201CInflation is still too high, and we will do what it takes to bring it down,\u201D said central bank governor Mirela Vanko. Economists had expected a smaller rise of a quarter point.",
  "On housing, Vanko was blunt. \u201CPrices will cool, but slowly, and buyers should not expect bargains this year,\u201D she said.",
].join("\n\n");

const stormText = [
  "Storm Ilse cut power to about 40,000 homes along the west coast on Sunday and forced the closure of the Rask bridge for most of the day.",
  "The outages happened because falling trees brought down two high-voltage lines near Lindholm, the grid operator said. Crews expected to restore most connections by Monday night.",
  "\u201CThis was the strongest wind we have measured here in twelve years,\u201D said meteorologist Ansgar Bech of the national weather service. Gusts reached 140 kilometres an hour on the islands.",
].join("\n\n");

const oldStormText = [
  "Storm Harald flooded dozens of basements in the old town of Kirkeby in November, after the river rose more than two metres in a single night.",
  "Residents spent the weekend pumping out water. The town council said it would ask the government for emergency funds to repair the embankment.",
].join("\n\n");

const base = { canonicalUrl: null, authors: [] as string[], language: "en" };

export const ARTICLES: ArticleDraft[] = [
  { ...base, url: "https://northern-ledger.example/2026/03/09/border-checks", title: "Ostrem defends ferry border checks as queues grow", text: bordersText, outlet: "Northern Ledger", publishedAt: "2026-03-09" },
  // The same wire story, republished by another outlet with its own dateline: a syndicated copy.
  { ...base, url: "https://harbour-post.example/news/ostrem-border-checks", title: "Ostrem defends ferry border checks as queues grow | Harbour Post", text: `SUNDBY (Wire) \u2014 ${bordersText}`, outlet: "Harbour Post", publishedAt: "2026-03-09" },
  { ...base, url: "https://northern-ledger.example/2026/03/12/ukraine-refugees", title: "Fourth refugee centre opens as Ostrem pledges open door for Ukrainians", text: ukraineText, outlet: "Northern Ledger", publishedAt: "2026-03-12" },
  { ...base, url: "https://capital-times.example/economy/rate-rise", title: "Central bank lifts rates to 4.25 percent", text: bankText, outlet: "Capital Times", publishedAt: "2026-02-11" },
  { ...base, url: "https://westcoast-news.example/storm-ilse-power-cuts", title: "Storm Ilse leaves 40,000 homes without power", text: stormText, outlet: "West Coast News", publishedAt: "2026-03-15" },
  { ...base, url: "https://westcoast-news.example/storm-harald-floods", title: "Storm Harald floods Kirkeby basements", text: oldStormText, outlet: "West Coast News", publishedAt: "2025-11-18" },
];

/** "Now" for the tests: the day after Storm Ilse. */
export const NOW = new Date("2026-03-16T12:00:00Z");

export const silentLogger: Logger = pino({ level: "silent" });

/** A library in `dir` holding the articles, built through the real ingest pipeline (quotes extracted at ingest). */
export async function buildLibrary(dir: string, articles: readonly ArticleDraft[] = ARTICLES): Promise<Library> {
  const library = SqliteLibrary.open(dir);
  const ingestor = new Ingestor({ library, embedder: null, logger: silentLogger, fetch: { allowPrivate: false, timeoutMs: 1000, maxBytes: 1000 } });
  for (const draft of articles) {
    const result = await ingestor.ingestDraft(draft, draft.url ?? draft.title, "jsonl");
    if (result.status !== "added") throw new Error(`fixture not added: ${draft.title} (${result.reason})`);
  }
  return library;
}

/** Registers hooks that build the articles into a library in a temporary folder, with a lexical answer engine over it. */
export function useAnswerEngine(articles: readonly ArticleDraft[] = ARTICLES): { readonly library: Library; readonly engine: AnswerEngine } {
  let dir: ReturnType<typeof tempDir>;
  const state = {} as { library: Library; engine: AnswerEngine };
  beforeAll(async () => {
    dir = tempDir();
    state.library = await buildLibrary(dir.path, articles);
    state.engine = createAnswerEngine({ library: state.library, conversations: state.library.conversations, embedder: null, logger: silentLogger });
  });
  afterAll(async () => {
    await state.library.close();
    dir.remove();
  });
  return state;
}
