import type { LookupFunction } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FetchFailed, FetchRefused } from "../../src/errors.ts";
import { extractArticle } from "../../src/ingest/extract.ts";
import { fetchPage, type FetchOptions } from "../../src/ingest/fetch.ts";
import { declaredLengthRoute, dripRoute, endlessRoute, redirectRoute, sendRoute } from "../helpers/hostile-routes.ts";
import { startServer, type TestServer } from "../helpers/http-server.ts";
import { recordFigures } from "./figures.ts";

/** Made-up names: one resolving to the cloud metadata address, one to loopback; news.test stands for a public site and is served by our loopback server. */
const lookup: LookupFunction = (hostname, options, callback) => {
  const table: Record<string, string> = { "metadata.test": "169.254.169.254", "home.test": "127.0.0.1", "news.test": "127.0.0.1" };
  const address = table[hostname];
  if (!address) return callback(Object.assign(new Error("not found"), { code: "ENOTFOUND" }), "");
  if (options.all) callback(null, [{ address, family: 4 }]);
  else callback(null, address, 4);
};

const ARTICLE_BODY = Array.from({ length: 6 }, (_, i) => `<p>Paragraph ${i} of the harbour story says the ferries run late because the quay is being rebuilt &amp; widened.</p>`).join("");

describe("hostile links", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer({
      "/drip": dripRoute(),
      "/endless": endlessRoute(),
      "/two-gigabytes": declaredLengthRoute(2 * 1024 ** 3),
      "/loop-a": redirectRoute("/loop-b"),
      "/loop-b": redirectRoute("/loop-a"),
      "/to-metadata": redirectRoute("http://169.254.169.254/latest/meta-data/"),
      "/to-private": redirectRoute("http://10.1.2.3/admin", 301),
      "/scripts": sendRoute(
        "text/html",
        `<html><head><title>Quay &lt;rebuilt&gt; &amp; "widened" <script>alert(1)</script></title><script>document.write("<p>injected</p>")</script></head><body><article><h1>Quay &lt;rebuilt&gt; &amp; widened</h1><p>“Ships &lt; 50 m &amp; ferries come first,” said harbour master Ines Albright.</p>${ARTICLE_BODY}<script>steal()</script><style>p{}</style></article></body></html>`,
      ),
      "/wrong-charset": sendRoute("text/html; charset=klingon-8", `<html><body><article><h1>Caf\u00e9 news</h1>${ARTICLE_BODY}</article></body></html>`),
    });
  });
  afterAll(() => server.close());

  /** Public-looking links are served by our loopback server through the injected resolver; everything else is judged as in production. */
  const options = (timeoutMs = 2_000): FetchOptions => ({
    allowPrivate: false,
    timeoutMs,
    maxBytes: 1_000_000,
    lookup,
    allowedPorts: [80, 443, server.port],
    isAddressAllowed: (address) => address === "127.0.0.1",
  });
  const served = (path: string): string => `http://news.test:${server.port}${path}`;

  const refused: Array<[string, RegExp]> = [
    ["http://169.254.169.254/latest/meta-data/", /private or local network address/],
    ["http://metadata.test/latest/meta-data/", /private or local network address/],
    ["http://home.test/", /private or local network address/],
    ["http://2130706433/", /private or local network address/],
    ["http://0177.0.0.1/", /private or local network address/],
    ["http://0x7f.1/", /private or local network address/],
    ["http://0.0.0.0/", /private or local network address/],
    ["http://[::1]/", /private or local network address/],
    ["http://[::ffff:127.0.0.1]/", /private or local network address/],
    ["http://[::ffff:a9fe:a9fe]/", /private or local network address/],
    ["http://10.0.0.1/", /private or local network address/],
    ["http://192.168.1.1/", /private or local network address/],
    ["http://172.16.5.4/", /private or local network address/],
    ["http://100.64.0.1/", /private or local network address/],
    ["http://[fe80::1]/", /private or local network address/],
    ["http://[fd00::1]/", /private or local network address/],
    ["file:///etc/passwd", /not http or https/],
    ["gopher://news.test/", /not http or https/],
    ["http://user:pass@news.test/", /username or password/],
    ["http://news.test:22/", /port 22/],
  ];

  it.each(refused)("refuses %s with a clear reason", async (url, reason) => {
    // Production's address rule (isPublicAddress), not the test server's.
    const error = await fetchPage(url, { allowPrivate: false, timeoutMs: 2_000, maxBytes: 1_000_000, lookup }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FetchRefused);
    expect((error as FetchRefused).userMessage).toMatch(reason);
  });

  const failed: Array<[string, RegExp]> = [
    ["/drip", /took longer than 2 s/],
    ["/endless", /larger than 1 MB/],
    ["/two-gigabytes", /larger than 1 MB/],
    ["/loop-a", /redirected more than 5 times/],
  ];

  it.each(failed)("gives up on %s within its limits", { timeout: 15_000 }, async (path, reason) => {
    const error = await fetchPage(served(path), options()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FetchFailed);
    expect((error as FetchFailed).userMessage).toMatch(reason);
  });

  it.each([["/to-metadata"], ["/to-private"]])("refuses a redirect from %s into a private address", async (path) => {
    const error = await fetchPage(served(path), options()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FetchRefused);
    expect((error as FetchRefused).userMessage).toMatch(/redirects to a private or local network address/);
  });

  it("keeps scripts out and < & in titles and quotes as text", async () => {
    const page = await fetchPage(served("/scripts"), options());
    const draft = extractArticle(page.html, page.url);
    expect(draft.title).toBe("Quay <rebuilt> & widened");
    expect(draft.text).toContain("“Ships < 50 m & ferries come first,” said harbour master Ines Albright.");
    expect(draft.text).not.toMatch(/alert|steal|injected|document\.write/);
  });

  it("reads a page whose charset label is unknown as UTF-8", async () => {
    const page = await fetchPage(served("/wrong-charset"), options());
    expect(page.charset).toBe("utf-8");
    expect(extractArticle(page.html, page.url).title).toBe("Café news");
    recordFigures("hostile links", { inputs: refused.length + failed.length + 4 });
  });
});
