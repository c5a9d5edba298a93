import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ExtractionFailed, type ExtractionProblem } from "../../src/errors.ts";
import { extractArticle, extractFiles } from "../../src/ingest/extract.ts";
import { splitNames, toIsoDate, toLanguageTag } from "../../src/ingest/extract-metadata.ts";
import { boilerplateKind } from "../../src/ingest/extract-paragraph-kinds.ts";

const pagesDir = join(import.meta.dirname, "..", "fixtures", "pages");

async function page(name: string): Promise<string> {
  return readFile(join(pagesDir, name), "utf8");
}

function problemOf(run: () => unknown): ExtractionProblem | "none" {
  try {
    run();
    return "none";
  } catch (error) {
    if (error instanceof ExtractionFailed) return error.problem;
    throw error;
  }
}

describe("extractArticle on a news page with JSON-LD, meta tags and boilerplate", () => {
  let html: string;
  beforeAll(async () => {
    html = await page("full-article.html");
  });

  it("reads the metadata", () => {
    const article = extractArticle(html, "https://gazette.example/news/night-ferry-trial?utm_source=x");
    expect(article.title).toBe("Harbour council approves night ferry trial");
    expect(article.outlet).toBe("The Lowmoor Gazette");
    expect(article.authors).toEqual(["Priya Okafor", "Tomasz Wren"]);
    expect(article.publishedAt).toBe("2024-03-05T09:30:00+01:00");
    expect(article.canonicalUrl).toBe("https://gazette.example/news/night-ferry-trial");
    expect(article.url).toBe("https://gazette.example/news/night-ferry-trial?utm_source=x");
    expect(article.language).toBe("en-GB");
  });

  it("keeps the article's paragraphs, headings and list items as clean paragraphs", () => {
    const paragraphs = extractArticle(html, null).text.split("\n\n");
    expect(paragraphs).toEqual([
      "The harbour council voted on Monday evening to run a six-month trial of late ferries between Lowmoor and the island of Skerrin, ending a campaign that shift workers began almost three years ago.",
      "Under the plan, two extra sailings will leave the quay at 22:15 and 23:45 from April onwards. Councillors said the cost, about £140,000, would be shared with the island’s two largest employers.",
      "Workers welcome the decision",
      "“For years I have slept on a friend’s sofa three nights a week,” said Morag Keir, a nurse at the island clinic. “This changes my whole life.”",
      "Not everyone was convinced. Councillor Edwin Pask, who voted against, warned that the trial could leave a hole in the transport budget if passenger numbers stayed low through the winter months.",
      "Trial length: six months, starting in April",
      "Extra sailings: 22:15 and 23:45 every weekday",
      "The council will publish passenger figures each month, and a final report is due in the autumn, when members will decide whether to make the late sailings permanent.",
    ]);
  });

  it("leaves no entities, markup or doubled whitespace in the text", () => {
    const text = extractArticle(html, null).text;
    expect(text).not.toMatch(/&[a-z]+;|&#\d+;|<|>/);
    expect(text).not.toMatch(/ {2}|\n{3}|^\s|\s$/);
  });
});

describe("extractArticle on a page with only a <time> element and a byline", () => {
  it("takes the date from <time>, the author from the byline and the language from <html lang>", async () => {
    const article = extractArticle(await page("time-and-byline.html"), null);
    expect(article.title).toBe("Bibliothek verlängert Öffnungszeiten");
    expect(article.publishedAt).toBe("2023-11-14");
    expect(article.authors).toEqual(["Jana Böhm"]);
    expect(article.language).toBe("de");
    expect(article.outlet).toBeNull();
    expect(article.canonicalUrl).toBeNull();
    expect(article.text.split("\n\n")).toHaveLength(3);
    expect(article.text).toMatch(/^Die Stadtbibliothek bleibt ab Dezember/);
    expect(article.text).not.toContain("von Jana Böhm");
    expect(article.text).not.toContain("14. November 2023");
  });
});

describe("extractArticle on a page rendered by script", () => {
  it("falls back to the JSON-LD articleBody, one paragraph per line", async () => {
    const article = extractArticle(await page("script-rendered.html"), "https://coast.example/tide");
    expect(article.title).toBe("Tide gauge records highest spring tide in a decade");
    expect(article.outlet).toBe("Coastline Today");
    expect(article.authors).toEqual(["Ines Salgado"]);
    expect(article.publishedAt).toBe("2022-04-18T06:00:00-04:00");
    expect(article.text.split("\n\n")).toHaveLength(3);
    expect(article.text).toMatch(/^The tide gauge at Pellow Point/);
  });
});

describe("extractArticle refuses pages that hold no article", () => {
  it.each([
    ["cookie-wall.html", "cookie-wall"],
    ["paywall-teaser.html", "paywall"],
    ["too-short.html", "too-little-text"],
    ["index-page.html", "not-an-article"],
  ] as const)("%s → %s", async (name, problem) => {
    const html = await page(name);
    expect(problemOf(() => extractArticle(html, "https://news.example/page"))).toBe(problem);
  });

  it.each(["", "just some text", "<html><body></body></html>"])("refuses empty or bare input %j", (html) => {
    expect(problemOf(() => extractArticle(html, null))).toBe("too-little-text");
  });

  it("reads a bare fragment without <html> as a page", () => {
    const fragment = `<p>${"The ferry left on time and the crossing was calm. ".repeat(8)}</p>`;
    expect(extractArticle(fragment, null).text).toMatch(/^The ferry left on time/);
  });

  it("gives a short message for the user", async () => {
    const html = await page("paywall-teaser.html");
    expect(() => extractArticle(html, null)).toThrow(ExtractionFailed);
    try {
      extractArticle(html, null);
    } catch (error) {
      expect((error as ExtractionFailed).userMessage.length).toBeLessThan(120);
    }
  });

  it("does not refuse a full article that carries a cookie banner and a subscribe button", async () => {
    const html = (await page("full-article.html")).replace(
      "<main>",
      '<div class="consent"><p>We use cookies to improve your experience. Accept all cookies?</p></div>' +
        '<a href="/subscribe">Subscribe to continue reading our best stories</a><main>',
    );
    expect(problemOf(() => extractArticle(html, null))).toBe("none");
  });
});

describe("extractFiles", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "verbatim-extract-"));
    await writeFile(join(dir, "ferry.html.gz"), gzipSync(await page("full-article.html")));
    await writeFile(join(dir, "library.html"), await page("time-and-byline.html"));
    await writeFile(join(dir, "consent.html"), await page("cookie-wall.html"));
    await writeFile(join(dir, "notes.txt"), "not a page");
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("extracts .html and .html.gz files in a directory, keyed by name, and reports refusals", async () => {
    const refused: string[] = [];
    const results = await extractFiles([dir], { onRefused: (key, error) => refused.push(`${key}:${error.problem}`) });
    expect(Object.keys(results).sort()).toEqual(["ferry", "library"]);
    expect(results["ferry"]?.title).toBe("Harbour council approves night ferry trial");
    expect(results["ferry"]?.published).toBe("2024-03-05T09:30:00+01:00");
    expect(results["ferry"]?.url).toBe("https://gazette.example/news/night-ferry-trial");
    expect(results["ferry"]?.articleBody).toMatch(/^The harbour council voted/);
    expect(results["library"]?.published).toBe("2023-11-14");
    expect(refused).toEqual(["consent:cookie-wall"]);
  });

  it("accepts single files", async () => {
    const results = await extractFiles([join(dir, "library.html")]);
    expect(Object.keys(results)).toEqual(["library"]);
  });
});

describe("metadata normalisation", () => {
  it.each([
    ["2024-03-05", "2024-03-05"],
    ["2024-03-05T09:30:00+0100", "2024-03-05T09:30:00+01:00"],
    ["2024-03-05T09:30:12.000Z", "2024-03-05T09:30:12Z"],
    ["2024-03-05 09:30", "2024-03-05"],
    ["Tue, 05 Mar 2024 08:30:00 GMT", "2024-03-05T08:30:00Z"],
    ["March 5, 2024", "2024-03-05"],
    ["not a date", null],
  ])("toIsoDate(%s) = %s", (input, expected) => {
    expect(toIsoDate(input)).toBe(expected);
  });

  it.each([
    ["en_US", "en-US"],
    ["de, en", "de"],
    ["EN-gb", "en-GB"],
    ["!!", null],
  ])("toLanguageTag(%s) = %s", (input, expected) => {
    expect(toLanguageTag(input)).toBe(expected);
  });
});

describe("boilerplate rules", () => {
  const context = {
    title: "Harbour council approves night ferry trial",
    authors: ["Priya Okafor"],
    urls: [],
    captions: new Set<string>(),
  };
  const boilerplate = (text: string): boolean => boilerplateKind({ text, linkChars: 0 }, context) !== null;

  it.each([
    "Advertisement",
    "Sign up for our morning newsletter and get the headlines in your inbox.",
    "Read more: Island school to get new roof",
    "[Related: Quay car park charges rise]",
    "Photo: Gazette archive",
    "Image 3 of 12",
    "Updated 1:39 am EST, Wednesday, November 20, 2019",
    "First Published: Tuesday, March 5, 2024 08:38 AM",
    "18 NOV 2019",
    "By Priya Okafor and Tomasz Wren, Lowmoor Gazette",
    "by Priya Okafor March 5, 2024",
    "Priya Okafor",
    "Harbour council approves night ferry trial",
    "© 2024 The Lowmoor Gazette. All rights reserved.",
  ])("drops %j", (text) => {
    expect(boilerplate(text)).toBe(true);
  });

  it.each([
    "By the time the ferry docked, the crowd had gone home.",
    "Published in 1998, the report found that ferries ran at a loss.",
    "Voters can register by email until Friday, the council said.",
    "Copyright law is changing, and the newsletter industry is worried about what comes next.",
    "Ann Lee won 3-0 in May",
    "More than 200 people attended.",
    "Image of the week: the lifeboat at dawn, taken by a reader, shows the crew returning after a night rescue.",
  ])("keeps %j", (text) => {
    expect(boilerplate(text)).toBe(false);
  });

  it("splits bylines into names and drops job titles and addresses", () => {
    expect(splitNames("By Ann Lee, Bo Park and Cy Diaz")).toEqual(["Ann Lee", "Bo Park", "Cy Diaz"]);
    expect(splitNames("TOM REED, AP Auto Writer")).toEqual(["TOM REED"]);
    expect(splitNames("https://example.com/staff/ann")).toEqual([]);
  });
});
