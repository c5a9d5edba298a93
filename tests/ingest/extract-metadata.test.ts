import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { extractArticle } from "../../src/ingest/extract.ts";
import { cleanSiteName, dateInPath, siteDomain, stripSiteName } from "../../src/ingest/extract-site.ts";

const pagesDir = join(import.meta.dirname, "..", "fixtures", "pages");

async function metadataOf(name: string, url: string | null = null): Promise<Record<string, unknown>> {
  const article = extractArticle(await readFile(join(pagesDir, name), "utf8"), url);
  return { title: article.title, outlet: article.outlet, authors: article.authors, publishedAt: article.publishedAt };
}

/* The same story under five page shapes, each offering its metadata through a different source. */
describe("metadata from every source a page offers, most trusted first", () => {
  it("JSON-LD in a @graph: headline, authors and publisher given by @id, datePublished over Open Graph's date", async () => {
    expect(await metadataOf("meta-jsonld-graph.html")).toEqual({
      title: "Footbridge to close for repairs",
      outlet: "Valley Ledger",
      authors: ["Tom Hale", "Ruth Amis"],
      publishedAt: "2023-05-02T07:15:00+01:00",
    });
  });

  it("Open Graph: og:title without its ' - Outlet', og:site_name without its slogan, article:published_time", async () => {
    expect(await metadataOf("meta-opengraph.html")).toEqual({
      title: "Footbridge to close for repairs",
      outlet: "Riverside Post",
      authors: ["Ruth Amis"],
      publishedAt: "2023-05-02T09:00:00+02:00",
    });
  });

  it("a Twitter card and <time>; the outlet from 'Outlet | Headline' and the site's logo heading", async () => {
    expect(await metadataOf("meta-twitter-card.html", "https://www.hillsidecourier.example/news/footbridge")).toEqual({
      title: "Footbridge to close for repairs",
      outlet: "Hillside Courier",
      authors: [],
      publishedAt: "2023-05-02",
    });
  });

  it("Dublin Core: DC.title, DC.creator, DC.date.issued, DC.publisher", async () => {
    expect(await metadataOf("meta-dublin-core.html")).toEqual({
      title: "Footbridge to close for repairs",
      outlet: "Fenland Bulletin",
      authors: ["Tom Hale"],
      publishedAt: "2023-05-02",
    });
  });

  it("only a <title> and an address: the date from the path, the logo <h1> is not the headline", async () => {
    expect(await metadataOf("meta-address-only.html", "https://news.example/2023/05/02/footbridge")).toEqual({
      title: "Footbridge to close for repairs",
      outlet: "Millbrook Herald",
      authors: [],
      publishedAt: "2023-05-02",
    });
  });

  it("a page that names no site at all: the outlet is the address's domain", async () => {
    const metadata = await metadataOf("kinds-portuguese.html", "https://www.feira-noticias.com.br/2010/10/22/feira");
    expect(metadata["outlet"]).toBe("feira-noticias.com.br");
    expect(metadata["publishedAt"]).toBe("2010-10-22");
  });
});

describe("the site's name around titles", () => {
  it.each([
    ["Ferry fares rise | Lowmoor Gazette", ["Lowmoor Gazette"], null, "Ferry fares rise"],
    ["Ferry fares rise - The Lowmoor Gazette", [], "gazette.example", "Ferry fares rise"],
    ["Ferry fares rise — www.lowmoor.ru", [], "lowmoor.ru", "Ferry fares rise"],
    ["Ferry fares rise - NJ.com", [], "nj.com", "Ferry fares rise"],
    ["Ferry fares rise - Lowmoor International", [], "lowmoornews.com", "Ferry fares rise"],
    ["Ferry fares rise — LG World News", ["LG"], null, "Ferry fares rise"],
    ["Ferry fares rise - Remember 80/90 - Memorabilia 80/90", ["Remember 80/90 - Memorabilia 80/90"], null, "Ferry fares rise"],
    ["Lowmoor Gazette | Ferry fares rise", ["Lowmoor Gazette"], null, "Ferry fares rise"],
    ["Brexit - what happens next", ["Lowmoor Gazette"], "gazette.example", "Brexit - what happens next"],
    ["Lowmoor Gazette", ["Lowmoor Gazette"], null, "Lowmoor Gazette"],
  ])("%j → %j", (title, names, domain, expected) => {
    expect(stripSiteName(title, names, domain)).toBe(expected);
  });

  it("drops a slogan from a site name, keeping the part that spells the domain", () => {
    expect(cleanSiteName("LinkHarbour | The port's news platform", "linkharbour.example")).toBe("LinkHarbour");
    expect(cleanSiteName("Racing | F1 | Rally", null)).toBe("Racing");
    expect(cleanSiteName("Valley Ledger", null)).toBe("Valley Ledger");
  });

  it("reads the registrable domain and the date in a path", () => {
    expect(siteDomain("https://www.entertain.co.kr/news?id=1")).toBe("entertain.co.kr");
    expect(siteDomain("not a url")).toBeNull();
    expect(dateInPath("https://a.example/2019/11/8/story")).toBe("2019-11-08");
    expect(dateInPath("https://a.example/news/2021-07-09-story")).toBe("2021-07-09");
    expect(dateInPath("https://a.example/20210709/story")).toBe("2021-07-09");
    expect(dateInPath("https://a.example/columns/201911181077343476-story/")).toBeNull();
    expect(dateInPath("https://a.example/2019/13/40/story")).toBeNull();
  });
});
