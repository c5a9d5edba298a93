import type { LookupAddress } from "node:dns";
import type { LookupFunction } from "node:net";
import { gzipSync } from "node:zlib";
import iconv from "iconv-lite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FetchFailed, FetchRefused } from "../../src/errors.ts";
import { classifyAddress, guardLookup, isPublicAddress } from "../../src/ingest/address-policy.ts";
import { detectCharset, fetchPage, type FetchOptions } from "../../src/ingest/fetch.ts";
import { declaredLengthRoute, gzipBombRoute, redirectRoute, sendRoute } from "../helpers/hostile-routes.ts";
import { startServer, type TestServer } from "../helpers/http-server.ts";

const ARTICLE = "<!doctype html><html><head><title>Hello</title></head><body><p>It’s news.</p></body></html>";
const LEGACY_TEXT = "Café “quoted” — 5 € naïve";
const CYRILLIC_TEXT = "«Мы ждали этого десять лет», — сказала Олена.";

function legacyPage(head: string): Buffer {
  return iconv.encode(`<html><head>${head}</head><body><p>${LEGACY_TEXT}</p></body></html>`, "windows-1252");
}

/** DNS answers from a table, honouring `all` as dns.lookup does; counts calls. */
function fakeDns(table: Record<string, string[] | (() => string[])>): { lookup: LookupFunction; calls: () => number } {
  let calls = 0;
  const lookup: LookupFunction = (hostname, options, callback) => {
    calls++;
    const entry = table[hostname];
    const answer = typeof entry === "function" ? entry() : entry;
    if (!answer) {
      callback(Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: "ENOTFOUND" }), "");
      return;
    }
    const addresses: LookupAddress[] = answer.map((address) => ({ address, family: address.includes(":") ? 6 : 4 }));
    if (options.all) callback(null, addresses);
    else callback(null, addresses[0]?.address ?? "", addresses[0]?.family);
  };
  return { lookup, calls: () => calls };
}

let server: TestServer;
let origin: string;

beforeAll(async () => {
  server = await startServer({
    "/article": sendRoute("text/html; charset=utf-8", ARTICLE),
    "/secret": sendRoute("text/html", "<p>internal admin panel</p>"),
    "/echo-headers": (request, response) => {
      response.writeHead(200, { "content-type": "text/plain" }).end(JSON.stringify(request.headers));
    },
    "/plain": sendRoute("text/plain", "just text"),
    "/no-type": sendRoute(undefined, ARTICLE),
    "/no-type-pdf": sendRoute(undefined, Buffer.from("%PDF-1.7\n%âãÏÓ\n")),
    "/gzip": sendRoute("text/html; charset=utf-8", gzipSync(ARTICLE), { "content-encoding": "gzip" }),
    "/gzip-bomb": gzipBombRoute(5_000_000),
    "/windows-1252": sendRoute("text/html; charset=windows-1252", legacyPage("")),
    "/meta-charset": sendRoute("text/html", legacyPage('<meta charset="windows-1252">')),
    "/http-equiv-latin1": sendRoute(
      "text/html",
      legacyPage('<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1">'),
    ),
    "/unlabelled-legacy": sendRoute("text/html", legacyPage("")),
    "/utf8-labelled-legacy": sendRoute("text/html; charset=utf-8", legacyPage("")),
    "/utf8-labelled-meta-1251": sendRoute("text/html; charset=UTF-8", iconv.encode(`<html><head><meta charset="windows-1251"></head><body><p>${CYRILLIC_TEXT}</p></body></html>`, "windows-1251")),
    "/latin1-labelled-utf8": sendRoute("text/html; charset=iso-8859-1", `<html><body><p>${LEGACY_TEXT}</p></body></html>`),
    "/meta-1251-utf8": sendRoute("text/html", `<html><head><meta charset="windows-1251"></head><body><p>${CYRILLIC_TEXT}</p></body></html>`),
    "/utf8-stray-byte": sendRoute("text/html; charset=utf-8", Buffer.concat([Buffer.from(`<p>${CYRILLIC_TEXT}`), Buffer.from([0xff]), Buffer.from("</p>")])),
    "/bom": sendRoute("text/html; charset=windows-1252", Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(LEGACY_TEXT)])),
    "/pdf": sendRoute("application/pdf", Buffer.from("%PDF-1.7\n")),
    "/image": sendRoute("image/png", Buffer.from([0x89, 0x50, 0x4e, 0x47])),
    "/json": sendRoute("application/json; charset=utf-8", '{"a":1}'),
    "/error": (_request, response) => {
      response.writeHead(500, { "content-type": "text/html" }).end("<h1>Oops</h1><pre>stack trace here</pre>");
    },
    "/big-declared": declaredLengthRoute(10_000_000),
    "/big-chunked": (_request, response) => {
      response.writeHead(200, { "content-type": "text/html" });
      const chunk = "x".repeat(64 * 1024);
      for (let i = 0; i < 40; i++) response.write(chunk);
      response.end();
    },
    "/hang": () => {},
    "/slow-body": (_request, response) => {
      response.writeHead(200, { "content-type": "text/html" });
      response.write("<html><body>");
    },
    "/redirect": redirectRoute("/article", 301),
    "/redirect-chain-1": redirectRoute("/redirect-chain-2", 307),
    "/redirect-chain-2": redirectRoute("/redirect", 308),
    "/loop": redirectRoute("/loop"),
    "/redirect-nowhere": (_request, response) => {
      response.writeHead(302).end();
    },
    "/redirect-to-loopback": redirectRoute("http://127.0.0.2/secret"),
    "/redirect-to-ipv6-loopback": redirectRoute(() => `http://[::1]:${server.port}/secret`),
    "/redirect-to-mapped": redirectRoute(() => `http://[::ffff:127.0.0.1]:${server.port}/secret`),
    "/redirect-to-metadata": redirectRoute("http://169.254.169.254/latest/meta-data/"),
    "/redirect-to-intranet": redirectRoute(() => `http://intranet.test:${server.port}/secret`),
    "/redirect-to-file": redirectRoute("file:///etc/passwd"),
    "/redirect-to-odd-port": redirectRoute("http://news.test:6379/"),
  });
  origin = server.url;
});

afterAll(async () => {
  await server.close();
});

/** Local development mode: private addresses and any port allowed. */
function local(overrides: Partial<FetchOptions> = {}): FetchOptions {
  return { allowPrivate: true, timeoutMs: 5_000, maxBytes: 1_000_000, ...overrides };
}

/**
 * The production rules, except that our loopback server stands in for a public host: "news.test" resolves
 * to 127.0.0.1 and that one address counts as public. Every other address is judged as in production.
 */
function standIn(overrides: Partial<FetchOptions> = {}): FetchOptions {
  const dns = fakeDns({ "news.test": ["127.0.0.1"], "intranet.test": ["10.0.0.1"] });
  return {
    allowPrivate: false,
    timeoutMs: 5_000,
    maxBytes: 1_000_000,
    allowedPorts: [80, 443, server.port],
    lookup: dns.lookup,
    isAddressAllowed: (address) => address === "127.0.0.1" || isPublicAddress(address),
    ...overrides,
  };
}

async function failure(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected the fetch to fail");
}

async function refused(promise: Promise<unknown>): Promise<FetchRefused> {
  const error = await failure(promise);
  expect(error).toBeInstanceOf(FetchRefused);
  return error as FetchRefused;
}

async function failed(promise: Promise<unknown>): Promise<FetchFailed> {
  const error = await failure(promise);
  expect(error).toBeInstanceOf(FetchFailed);
  return error as FetchFailed;
}

function secretHits(): number {
  return server.hits.get("/secret") ?? 0;
}

describe("classifyAddress", () => {
  it.each([
    ["93.184.215.14", "public"],
    ["2606:4700:4700::1111", "public"],
    ["64:ff9b::8.8.8.8", "public"],
    ["127.0.0.1", "loopback"],
    ["127.9.9.9", "loopback"],
    ["::1", "loopback"],
    ["[::1]", "loopback"],
    ["10.1.2.3", "private"],
    ["172.16.0.1", "private"],
    ["172.31.255.255", "private"],
    ["192.168.1.1", "private"],
    ["64:ff9b::10.0.0.1", "private"],
    ["169.254.1.1", "link-local"],
    ["fe80::1", "link-local"],
    ["100.64.0.1", "carrier-grade-nat"],
    ["fc00::1", "unique-local"],
    ["fd12:3456::1", "unique-local"],
    ["::ffff:127.0.0.1", "ipv4-mapped"],
    ["::ffff:8.8.8.8", "ipv4-mapped"],
    ["224.0.0.1", "multicast"],
    ["ff02::1", "multicast"],
    ["0.0.0.0", "unspecified"],
    ["::", "unspecified"],
    ["169.254.169.254", "cloud-metadata"],
    ["fd00:ec2::254", "cloud-metadata"],
    ["168.63.129.16", "cloud-metadata"],
    ["100.100.100.200", "cloud-metadata"],
    ["192.0.2.1", "reserved"],
    ["255.255.255.255", "reserved"],
    ["2001:db8::1", "reserved"],
    ["2002:a00:1::", "reserved"],
    ["::127.0.0.1", "ipv4-mapped"],
    ["example.com", "invalid"],
  ])("%s is %s", (address, expected) => {
    expect(classifyAddress(address)).toBe(expected);
  });

  it("reads the legacy IPv4 spellings the OS would accept", () => {
    expect(classifyAddress("2130706433")).toBe("loopback");
    expect(classifyAddress("0x7f.1")).toBe("loopback");
  });

  it("calls only public addresses public", () => {
    expect(isPublicAddress("8.8.8.8")).toBe(true);
    expect(isPublicAddress("10.0.0.1")).toBe(false);
    expect(isPublicAddress("not an address")).toBe(false);
  });
});

describe("guardLookup", () => {
  function lookupWith(lookup: LookupFunction, all: boolean): Promise<{ error: Error | null; address: unknown; family?: number }> {
    return new Promise((resolve) => {
      lookup("host.test", { all }, (error, address, family) => resolve({ error, address, family }));
    });
  }

  it("refuses an answer if any address in it is not allowed", async () => {
    const guarded = guardLookup(isPublicAddress, fakeDns({ "host.test": ["8.8.8.8", "10.0.0.1"] }).lookup);
    const { error } = await lookupWith(guarded, true);
    expect(error?.name).toBe("BlockedAddressError");
  });

  it("hands on exactly the addresses it checked, in either callback shape", async () => {
    const guarded = guardLookup(isPublicAddress, fakeDns({ "host.test": ["8.8.8.8", "2606:4700::1111"] }).lookup);
    expect(await lookupWith(guarded, true)).toEqual({
      error: null,
      address: [
        { address: "8.8.8.8", family: 4 },
        { address: "2606:4700::1111", family: 6 },
      ],
      family: undefined,
    });
    expect(await lookupWith(guarded, false)).toEqual({ error: null, address: "8.8.8.8", family: 4 });
  });

  it("passes resolver errors through", async () => {
    const guarded = guardLookup(isPublicAddress, fakeDns({}).lookup);
    const { error } = await lookupWith(guarded, true);
    expect((error as NodeJS.ErrnoException | null)?.code).toBe("ENOTFOUND");
  });
});

describe("fetchPage", () => {
  it("fetches a normal page", async () => {
    const page = await fetchPage(`${origin}/article`, local());
    expect(page).toEqual({
      requestedUrl: `${origin}/article`,
      url: `${origin}/article`,
      status: 200,
      contentType: "text/html",
      charset: "utf-8",
      html: ARTICLE,
    });
  });

  it("fetches a page through a name that resolves to an allowed address", async () => {
    const page = await fetchPage(`http://news.test:${server.port}/article`, standIn());
    expect(page.html).toBe(ARTICLE);
  });

  it("introduces itself and asks for HTML", async () => {
    const page = await fetchPage(`${origin}/echo-headers`, local());
    const headers = JSON.parse(page.html) as Record<string, string>;
    expect(headers["user-agent"]).toMatch(/^verbatim\//);
    expect(headers.accept).toMatch(/^text\/html/);
    expect(headers["accept-encoding"]).toMatch(/gzip/);
  });

  it("accepts text/plain and sniffs pages served without a Content-Type", async () => {
    expect((await fetchPage(`${origin}/plain`, local())).contentType).toBe("text/plain");
    const untyped = await fetchPage(`${origin}/no-type`, local());
    expect(untyped).toMatchObject({ contentType: "text/html", html: ARTICLE });
    expect((await failed(fetchPage(`${origin}/no-type-pdf`, local()))).userMessage).toBe(
      "that link is a PDF, not a web page",
    );
  });

  it("decompresses gzip", async () => {
    expect((await fetchPage(`${origin}/gzip`, local())).html).toBe(ARTICLE);
  });

  describe("charsets", () => {
    it.each([
      ["the Content-Type header", "/windows-1252"],
      ["<meta charset>", "/meta-charset"],
      ["an http-equiv ISO-8859-1 label, read as windows-1252 like browsers do", "/http-equiv-latin1"],
      ["nothing, falling back from invalid UTF-8", "/unlabelled-legacy"],
    ])("decodes windows-1252 labelled by %s", async (_label, path) => {
      const page = await fetchPage(`${origin}${path}`, local());
      expect(page.charset).toBe("windows-1252");
      expect(page.html).toContain(LEGACY_TEXT);
    });

    // We quote pages word for word: a wrong label would put mojibake or U+FFFD into every quote.
    it.each([
      ["UTF-8 but holding windows-1252, read as windows-1252", "/utf8-labelled-legacy", "windows-1252", LEGACY_TEXT],
      ["UTF-8 but holding windows-1251 as its <meta> says, read as windows-1251", "/utf8-labelled-meta-1251", "windows-1251", CYRILLIC_TEXT],
      ["ISO-8859-1 but holding UTF-8, read as UTF-8", "/latin1-labelled-utf8", "utf-8", LEGACY_TEXT],
      ["windows-1251 by its <meta> but holding UTF-8, read as UTF-8", "/meta-1251-utf8", "utf-8", CYRILLIC_TEXT],
    ])("decodes a page labelled %s", async (_label, path, charset, text) => {
      const page = await fetchPage(`${origin}${path}`, local());
      expect(page.charset).toBe(charset);
      expect(page.html).toContain(text);
    });

    it("keeps a UTF-8 label on a UTF-8 page with a stray byte, so its other characters stay right", async () => {
      const page = await fetchPage(`${origin}/utf8-stray-byte`, local());
      expect(page.charset).toBe("utf-8");
      expect(page.html).toBe(`<p>${CYRILLIC_TEXT}\ufffd</p>`);
    });

    it("lets a byte-order mark override the header, and strips it", async () => {
      const page = await fetchPage(`${origin}/bom`, local());
      expect(page).toMatchObject({ charset: "utf-8", html: LEGACY_TEXT });
    });

    it("ignores labels it cannot decode and reads UTF-16 meta labels as UTF-8", () => {
      const bytes = Buffer.from('<meta charset="utf-16"><p>é</p>');
      expect(detectCharset(bytes, "no-such-charset", true)).toBe("utf-8");
      expect(detectCharset(Buffer.from([0xe9]), undefined, false)).toBe("windows-1252");
    });

    it("keeps a UTF-16 label on bytes that would also pass as UTF-8", () => {
      expect(detectCharset(Buffer.from("<\0p\0>\0é\0", "latin1"), "utf-16le", true)).toBe("utf-16le");
      expect(detectCharset(Buffer.from("<p>é</p>"), "utf-16le", true)).toBe("utf-16le");
    });
  });

  describe("refuses private addresses when allowPrivate is false", () => {
    const strict = (): FetchOptions => ({
      allowPrivate: false,
      timeoutMs: 5_000,
      maxBytes: 1_000_000,
      allowedPorts: [server.port],
    });

    it.each(["127.0.0.1", "[::1]", "localhost", "[::ffff:127.0.0.1]", "2130706433"])(
      "refuses loopback %s",
      async (host) => {
        const error = await refused(fetchPage(`http://${host}:${server.port}/secret`, strict()));
        expect(error.userMessage).toBe("that link points to a private or local network address");
        expect(secretHits()).toBe(0);
      },
    );

    it.each(["10.0.0.1", "192.168.1.10", "169.254.169.254", "[fc00::1]", "[fd00:ec2::254]", "100.64.0.1", "0.0.0.0"])(
      "refuses %s before connecting",
      async (host) => {
        const error = await refused(fetchPage(`http://${host}/secret`, { ...strict(), allowedPorts: [80] }));
        expect(error.userMessage).toBe("that link points to a private or local network address");
      },
    );

    it.each([
      ["a private address", ["10.0.0.1"]],
      ["loopback", ["::1"]],
      ["IPv6 unique-local", ["fd00::5"]],
      ["a mix of allowed and private addresses", ["127.0.0.1", "10.0.0.1"]],
    ])("refuses a name that resolves to %s", async (_label, answer) => {
      const dns = fakeDns({ "evil.test": answer });
      const error = await refused(fetchPage(`http://evil.test:${server.port}/secret`, standIn({ lookup: dns.lookup })));
      expect(error.userMessage).toBe("that link points to a private or local network address");
      expect(dns.calls()).toBe(1);
      expect(secretHits()).toBe(0);
    });

    it("connects to the address it checked, resolving once (no DNS-rebinding window)", async () => {
      let answers = 0;
      const dns = fakeDns({ "rebind.test": () => (answers++ === 0 ? ["127.0.0.1"] : ["10.0.0.1"]) });
      const page = await fetchPage(`http://rebind.test:${server.port}/article`, standIn({ lookup: dns.lookup }));
      expect(page.html).toBe(ARTICLE);
      expect(dns.calls()).toBe(1);
    });
  });

  describe("redirects", () => {
    it("follows relative redirects of every kind to the final page", async () => {
      const page = await fetchPage(`${origin}/redirect-chain-1`, local());
      expect(page).toMatchObject({ requestedUrl: `${origin}/redirect-chain-1`, url: `${origin}/article`, html: ARTICLE });
    });

    it("gives up after maxRedirects", async () => {
      const error = await failed(fetchPage(`${origin}/loop`, local({ maxRedirects: 3 })));
      expect(error.userMessage).toBe("the link redirected more than 3 times");
      expect(await fetchPage(`${origin}/redirect-chain-1`, local({ maxRedirects: 3 }))).toBeTruthy();
      await failed(fetchPage(`${origin}/redirect-chain-1`, local({ maxRedirects: 2 })));
    });

    it("fails on a redirect without a Location", async () => {
      expect((await failed(fetchPage(`${origin}/redirect-nowhere`, local()))).userMessage).toBe(
        "the site redirected without saying where to",
      );
    });

    it.each([
      ["/redirect-to-loopback", "http://127.0.0.2/secret"],
      ["/redirect-to-ipv6-loopback", "/secret"],
      ["/redirect-to-mapped", "/secret"],
      ["/redirect-to-metadata", "http://169.254.169.254/latest/meta-data/"],
      ["/redirect-to-intranet", "/secret"],
    ])("refuses %s from a public host into a private address", async (path, target) => {
      const before = server.hits.get(path) ?? 0;
      const error = await refused(fetchPage(`http://news.test:${server.port}${path}`, standIn()));
      expect(error.userMessage).toBe("that link redirects to a private or local network address");
      expect(error.url).toContain(target);
      expect(server.hits.get(path)).toBe(before + 1);
      expect(secretHits()).toBe(0);
    });

    it("re-checks scheme and port on every hop", async () => {
      const toFile = await refused(fetchPage(`http://news.test:${server.port}/redirect-to-file`, standIn()));
      expect(toFile.userMessage).toMatch(/^that link redirects to something other than a web page/);
      const toPort = await refused(fetchPage(`http://news.test:${server.port}/redirect-to-odd-port`, standIn()));
      expect(toPort.userMessage).toBe("that link redirects to port 6379, not a usual web port");
    });
  });

  describe("refuses links that are not plain web links", () => {
    it.each([
      ["ftp://example.com/file", /not http or https/],
      ["file:///etc/passwd", /not http or https/],
      ["http://user:pass@news.test/", /username or password/],
      ["http://news.test:8080/", /port 8080/],
      ["http://news.test:22/", /port 22/],
      ["not a url", /doesn't look like a web link/],
    ])("%s", async (url, message) => {
      const dns = fakeDns({ "news.test": ["127.0.0.1"] });
      const error = await refused(fetchPage(url, { allowPrivate: false, timeoutMs: 1_000, maxBytes: 1_000, lookup: dns.lookup }));
      expect(error.userMessage).toMatch(message);
      expect(dns.calls()).toBe(0);
    });
  });

  describe("refuses what is not a web page", () => {
    it.each([
      ["/pdf", "that link is a PDF, not a web page"],
      ["/image", "that link is an image, not a web page"],
      ["/json", "that link is JSON data, not a web page"],
    ])("%s", async (path, message) => {
      expect((await failed(fetchPage(`${origin}${path}`, local()))).userMessage).toBe(message);
    });
  });

  describe("size cap", () => {
    it("refuses early when Content-Length is over the cap", async () => {
      const error = await failed(fetchPage(`${origin}/big-declared`, local({ maxBytes: 1_000_000, timeoutMs: 3_000 })));
      expect(error.userMessage).toBe("the page is larger than 1 MB");
    });

    it("stops reading a body without Content-Length past the cap", async () => {
      const error = await failed(fetchPage(`${origin}/big-chunked`, local({ maxBytes: 100_000 })));
      expect(error.userMessage).toBe("the page is larger than 100 KB");
    });

    it("counts decompressed bytes, so a gzip bomb is stopped", async () => {
      const error = await failed(fetchPage(`${origin}/gzip-bomb`, local({ maxBytes: 1_000_000 })));
      expect(error.userMessage).toBe("the page is larger than 1 MB");
    });
  });

  describe("failures", () => {
    it("reports an HTTP error status briefly", async () => {
      expect((await failed(fetchPage(`${origin}/missing`, local()))).userMessage).toBe("the site answered 404 Not Found");
      const serverError = await failed(fetchPage(`${origin}/error`, local()));
      expect(serverError.userMessage).toBe("the site answered 500 Internal Server Error");
    });

    it.each(["/hang", "/slow-body"])("times out on %s", async (path) => {
      const error = await failed(fetchPage(`${origin}${path}`, local({ timeoutMs: 300 })));
      expect(error.userMessage).toBe("the site took longer than 300 ms to answer");
    });

    it("reports a closed port as a connection failure", async () => {
      const closed = await startServer({});
      await closed.close();
      const error = await failed(fetchPage(`${closed.url}/`, local()));
      expect(error.userMessage).toBe("couldn't connect to 127.0.0.1");
    });

    it("reports a name that does not resolve", async () => {
      const error = await failed(fetchPage("http://nowhere.test/", standIn({ lookup: fakeDns({}).lookup })));
      expect(error.userMessage).toBe("couldn't find the site nowhere.test");
    });

    it("rejects with the caller's reason when the caller aborts", async () => {
      const controller = new AbortController();
      const pending = fetchPage(`${origin}/hang`, local({ signal: controller.signal }));
      setTimeout(() => controller.abort(new Error("shutting down")), 50);
      await expect(pending).rejects.toThrow("shutting down");
    });
  });
});
