import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseDocument, type DomElement } from "../../src/ingest/dom.ts";
import { extractArticle } from "../../src/ingest/extract.ts";
import { imageCaptions, keepEmbeddedPosts, removeFurniture } from "../../src/ingest/extract-boilerplate.ts";
import {
  boilerplateKind,
  dropTeaserRuns,
  isCode,
  isDateline,
  type BoilerplateContext,
} from "../../src/ingest/extract-paragraph-kinds.ts";

const pagesDir = join(import.meta.dirname, "..", "fixtures", "pages");

async function paragraphsOf(name: string): Promise<string[]> {
  const html = await readFile(join(pagesDir, name), "utf8");
  return extractArticle(html, null).text.split("\n\n");
}

/*
 * Three pages in different shapes (a blog of bare <div>s with meaningless class names, a news page with <article> and
 * <figure>, an old table layout with <br> paragraphs), each carrying boilerplate of several kinds. The class names
 * are made up, so only the kind of block can give it away.
 */
describe("boilerplate removed by kind, on pages whose class names say nothing", () => {
  it("a blog: code residue, 'Posted on … by', a bare 'By', a share bar, a sign-up form, comment prompts", async () => {
    expect(await paragraphsOf("kinds-blog.html")).toEqual([
      "We were certain the cold snap last week had finished off the broad beans. The forecast said minus six, and the plot at the top of the hill always catches the worst of it.",
      "When we walked up on Saturday morning, the leaves were black at the edges but the stems stood firm. The fleece we pegged down on Thursday had done more than we expected.",
      "The onions fared worse. About a third of the sets have rotted, so we will sow a second row next weekend and hope the soil warms up by then.",
      "Next time we will put the fleece on earlier and weigh it down with bricks rather than pegs, because the wind lifted one corner in the night.",
    ]);
  });

  it("a news page: a picture's credit and repeated caption, teaser lists, 'read more' lists; an embedded post stays", async () => {
    expect(await paragraphsOf("kinds-news.html")).toEqual([
      "The lifeboat station at Carrow Point took delivery of its new all-weather boat on Tuesday, replacing a vessel that had served the estuary for more than twenty-five years.",
      "The boat can reach twenty-five knots and right itself if it capsizes. Crew members spent two weeks training on a sister vessel in the south before bringing it home along the coast.",
      "“It is the biggest change to the station in a generation,” said coxswain Ellis Grant, who has volunteered with the crew since he was seventeen.",
      "Welcome home to our new boat! Thank you to every volunteer and donor who made this happen pics.example/abc",
      "— Carrow Point Lifeboat (@carrowlifeboat) June 4, 2024",
      "The station raised a quarter of the cost through local fundraising, including a sponsored row across the estuary and a series of quiz nights at the harbour inn.",
      "The old boat will be sold, and the money will go towards a new launching tractor for the station's inshore crew.",
    ]);
  });

  it("a table layout in Portuguese: a written-out dateline, a photo credit, a comment moderation notice", async () => {
    expect(await paragraphsOf("kinds-portuguese.html")).toEqual([
      "A feira do livro voltou neste fim de semana à praça central, depois de dois anos em um galpão afastado do centro da cidade.",
      "Foram montadas quarenta barracas, com editoras pequenas ao lado das livrarias tradicionais. A organização calcula que mais de oito mil pessoas passaram pelo local só no sábado.",
      "A prefeitura promete manter o evento na praça nos próximos anos e estuda ampliar o horário até as dez da noite, a pedido dos comerciantes da região.",
    ]);
  });
});

describe("blocks removed from the DOM by what they are", () => {
  const story = "<p>The ferry left on time and the crossing was calm, the captain said on Monday.</p>";
  const textAfter = (html: string, clean: (body: DomElement) => void): string => {
    const body = parseDocument(`<html><body>${html}</body></html>`).body;
    if (!body) throw new Error("no body");
    clean(body);
    return (body.textContent ?? "").replace(/\s+/g, " ").trim();
  };
  const calm = "The ferry left on time and the crossing was calm, the captain said on Monday.";

  it.each([
    [
      "a share bar, told by its links' targets",
      `${story}<div class="x1"><b>Pass it on</b> <a href="https://www.facebook.com/sharer/sharer.php?u=a">f</a> <a href="https://x.com/intent/post?url=a">x</a></div>`,
    ],
    [
      "a sign-up prompt around an e-mail field",
      `${story}<section><h3>Morning briefing</h3><p>Five stories before breakfast.</p><form><input type="email"></form></section>`,
    ],
    [
      "a picture in a figure, with its credit, even when its wrapper goes first",
      `${story}<figure class="m"><span class="m-image"><img src="a.jpg"></span><cite>Ann Lee</cite></figure>`,
    ],
    [
      "a list of short links and the heading that introduces it",
      `${story}<h4>Elsewhere</h4><ul><li><a href="/a">Bridge closed</a></li><li><a href="/b">Fares rise</a></li></ul>`,
    ],
  ])("%s", (_, html) => {
    expect(textAfter(html, removeFurniture)).toBe(calm);
  });

  it("keeps an embedded post, unlinking it and unnaming its wrapper so Readability keeps it too", () => {
    const html = `<div class="social-embed"><blockquote>We are open again from today, thank you all <a href="/p/1">pic/1</a></blockquote></div>`;
    const body = parseDocument(`<html><body>${html}</body></html>`).body;
    if (!body) throw new Error("no body");
    removeFurniture(body);
    keepEmbeddedPosts(body);
    expect(body.querySelector("[class]")).toBeNull();
    expect(body.querySelector("a")).toBeNull();
    expect(body.textContent).toContain("We are open again from today, thank you all pic/1");
  });

  it("collects image alternative texts and captions long enough to be recognised", () => {
    const doc = parseDocument(
      '<html><body><img alt="Crew at the harbour wall"><img alt="logo"><figure><figcaption>The quay  at dawn in June</figcaption></figure></body></html>',
    );
    expect([...imageCaptions(doc)].sort()).toEqual(["crew at the harbour wall", "the quay at dawn in june"]);
  });
});

describe("boilerplateKind", () => {
  const context: BoilerplateContext = {
    title: "Harbour council approves night ferry trial",
    authors: ["Priya Okafor"],
    urls: ["https://gazette.example/news/night-ferry-trial"],
    captions: new Set(["the evening ferry at the quay in lowmoor"]),
  };
  const kindOf = (text: string): string | null => boilerplateKind({ text, linkChars: 0 }, context);

  it.each([
    ["Advertisement", "label"],
    ["______________________________", "label"],
    ["Let our news meet your inbox.", "newsletter"],
    ["The week's best stories, straight to your inbox", "newsletter"],
    ["Sign up for the Gazette's morning briefing newsletter", "newsletter"],
    ["By", "byline"],
    ["By:", "byline"],
    ["Posted on Maret 30, 2015 by Admin", "byline"],
    ["Written by Priya Okafor", "byline"],
    ["(Reporting by Ann Lee; editing by Bo Park.)", "byline"],
    ["sexta-feira, 22 de outubro de 2010 às 20:13", "dateline"],
    ["Dienstag, 14. November 2023, 08:30 Uhr", "dateline"],
    ["Updated 1:39 am EST, Wed, Nov 20, 2019", "dateline"],
    ["Dana Moss/Getty Images", "credit"],
    ["Ann Lee/Estuary Echo", "credit"],
    ["The new keyboard under the microscope via iFixit", "credit"],
    ["личный архив Анны Петровой", "credit"],
    ["The evening ferry at the quay in Lowmoor", "caption"],
    ["More:", "read-more"],
    ["Trending now", "read-more"],
    ["More Great Gazette Stories", "read-more"],
    ["Read more: Island school to get new roof", "read-more"],
    ["14 Comments", "comments"],
    ["Comments (3)", "comments"],
    ["Leave a Reply", "comments"],
    ["Tell us what YOU think...", "comments"],
    ["Comentários ofensivos não serão aprovados pelo moderador.", "comments"],
    ["/* sidebar */ .quote { margin: 0; }", "code"],
    ["Harbour council approves night ferry trial", "repeat"],
  ])("%j is %s", (text, kind) => {
    expect(kindOf(text)).toBe(kind);
  });

  it.each([
    "By the time the ferry docked, the crowd had gone home.",
    "The ferry was bought via a government loan, officials said.",
    "Reuters reported on Monday that the ferry operator would raise fares.",
    "Readers left more than 300 comments under the council's post.",
    "She signed up for the newsletter in 2019 and wrote to the editor a week later.",
    "The council meets on Tuesday, March 5, to decide.",
    "More than 200 people attended.",
    "Tuesday's vote (see below) was close: 7 to 6.",
  ])("%j is article text", (text) => {
    expect(kindOf(text)).toBeNull();
  });
});

describe("isCode and isDateline", () => {
  it("tells code residue from prose with brackets", () => {
    expect(isCode("// load the player")).toBe(true);
    expect(isCode("var player = document.getElementById('p'); player.load();")).toBe(true);
    expect(isCode("The budget (about £2m) was approved; the vote was close.")).toBe(false);
  });

  it("needs a number and nothing but date words", () => {
    expect(isDateline("14 novembre 2023")).toBe(true);
    expect(isDateline("Monday")).toBe(false);
    expect(isDateline("Ferry sailings resume on 14 November")).toBe(false);
  });
});

describe("dropTeaserRuns", () => {
  const prose = (text: string): { text: string; linkChars: number } => ({ text, linkChars: 0 });
  const linked = (text: string, linkChars = text.length): { text: string; linkChars: number } => ({ text, linkChars });

  it("drops three linked headlines in a row, and linked lines after a 'more stories' heading", () => {
    const paragraphs = [
      prose("The harbour reopened on Monday after a week of repairs to the outer wall."),
      linked("Island school to get new roof"),
      linked("Quay car park charges rise"),
      linked("Lifeboat crew honoured"),
      prose("Fishermen said the delay had cost them a week of landings."),
      prose("Related stories"),
      linked("How the wall was rebuilt in 1953", 20),
      linked("The pilots who guide ships in", 12),
    ];
    expect(dropTeaserRuns(paragraphs).map((paragraph) => paragraph.text)).toEqual([
      "The harbour reopened on Monday after a week of repairs to the outer wall.",
      "Fishermen said the delay had cost them a week of landings.",
      "Related stories",
    ]);
  });

  it("keeps two linked lines, and linked sentences", () => {
    const paragraphs = [
      linked("Island school to get new roof"),
      linked("Quay car park charges rise"),
      linked("The full report is on the council's website."),
    ];
    expect(dropTeaserRuns(paragraphs)).toHaveLength(3);
  });
});
