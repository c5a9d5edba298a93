import { describe, expect, it } from "vitest";
import fc from "fast-check";
import type { Answer } from "../../src/answer/model.ts";
import { escapeAttribute, escapeHtml, link, packBlocks, renderAnswerHtml, safeHttpUrl, splitHtml, TELEGRAM_MESSAGE_LIMIT } from "../../src/bot/render-html.ts";

function answer(overrides: Partial<Answer> = {}): Answer {
  return {
    kind: "answer",
    question: "What did the mayor say?",
    understoodAs: null,
    note: null,
    quotes: [{ text: "We will dredge the harbour by May.", speaker: "Mayor Ann Lee", sourceNumber: 1, articleId: 7, start: 0, end: 10 }],
    sources: [{ number: 1, articleId: 7, title: "Harbour dredging", outlet: "Port Gazette", publishedAt: "2024-05-02T09:00:00+02:00", url: "https://example.com/dredging", alsoReportedBy: [] }],
    passages: [],
    articlesSearched: 3,
    hasMore: false,
    turnId: "t1",
    ...overrides,
  };
}

/** Tags in order, for checking that every part is balanced. */
function tagBalance(html: string): string[] {
  const stack: string[] = [];
  for (const [tag, slash, name] of html.matchAll(/<(\/?)([a-z]+)[^>]*>/g)) {
    if (slash) {
      expect(stack.pop(), `unbalanced ${tag} in ${html}`).toBe(name);
    } else {
      stack.push(name ?? "");
    }
  }
  return stack;
}

/** What Telegram would show: tags removed, entities decoded. */
function visibleText(html: string): string {
  return html
    .replace(/<[^>]+>/g, "")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, "&");
}

describe("escaping", () => {
  it("escapes &, < and > in text, and quotes in attributes", () => {
    expect(escapeHtml(`a < b && c > "d"`)).toBe(`a &lt; b &amp;&amp; c &gt; "d"`);
    expect(escapeAttribute(`x" onclick="y`)).toBe("x&quot; onclick=&quot;y");
  });

  it("escapes every field of an answer: quote, speaker, title, outlet, note, understood-as", () => {
    const html = renderAnswerHtml(
      answer({
        understoodAs: "What did <Lee> say?",
        note: "Tom & Jerry <script>",
        quotes: [{ text: "1 < 2 & <b>bold</b>", speaker: "A <i>B</i>", sourceNumber: 1, articleId: 7, start: 0, end: 1 }],
        sources: [{ number: 1, articleId: 7, title: "<Title> & co", outlet: "O<u>t", publishedAt: null, url: "https://e.com/a?x=1&y=2", alsoReportedBy: [] }],
      }),
    ).join("\n");
    expect(html).not.toMatch(/<(script|u|Lee|Title)\b/);
    expect(html).toContain("1 &lt; 2 &amp; &lt;b&gt;bold&lt;/b&gt;");
    expect(html).toContain("A &lt;i&gt;B&lt;/i&gt;");
    expect(html).toContain("&lt;Title&gt; &amp; co");
    expect(html).toContain("<i>Understood as: What did &lt;Lee&gt; say?</i>");
    expect(html).toContain('href="https://e.com/a?x=1&amp;y=2"');
    expect(tagBalance(html)).toEqual([]);
  });
});

describe("links", () => {
  it("links citation numbers and titles to http(s) articles only", () => {
    const html = renderAnswerHtml(answer())[0] ?? "";
    expect(html).toContain('<blockquote>“We will dredge the harbour by May.”</blockquote>\n— Mayor Ann Lee <a href="https://example.com/dredging">[1]</a>');
    expect(html).toContain('<a href="https://example.com/dredging">Harbour dredging</a> — Port Gazette, 2024-05-02');
  });

  it("refuses javascript:, data:, tg: and malformed URLs, leaving plain text", () => {
    for (const url of ["javascript:alert(1)", "data:text/html,x", "tg://resolve?domain=x", "not a url", "", null]) {
      expect(safeHttpUrl(url)).toBeNull();
      expect(link(url, "[1]")).toBe("[1]");
    }
    const html = renderAnswerHtml(answer({ sources: [{ ...answer().sources[0]!, url: "javascript:alert(1)" }] })).join("");
    expect(html).not.toContain("href");
  });

  it("normalises and escapes URLs so an attribute cannot be broken out of", () => {
    const html = link('https://e.com/a"><b>x</b>?q="1"&r=<2>', "t");
    expect(html).toMatch(/^<a href="[^"<>]*">t<\/a>$/);
    expect(html).not.toContain("<b>");
  });

  it("adds quote marks only when the passage has none of its own", () => {
    const own = "“I asked for a second inspection,” the chief said.";
    const html = renderAnswerHtml(answer({ quotes: [{ ...answer().quotes[0]!, text: own }] })).join("");
    expect(html).toContain(`<blockquote>${own}</blockquote>`);
  });

  it("marks long quotes expandable", () => {
    const long = "word ".repeat(100).trim();
    const html = renderAnswerHtml(answer({ quotes: [{ ...answer().quotes[0]!, text: long }] })).join("");
    expect(html).toContain("<blockquote expandable>");
  });
});

describe("splitting", () => {
  it("keeps a short answer in one message", () => {
    expect(renderAnswerHtml(answer())).toHaveLength(1);
  });

  it("splits many quotes at block boundaries, each message within the limit and balanced", () => {
    const quotes = Array.from({ length: 40 }, (_, i) => ({ ...answer().quotes[0]!, text: `Quote ${i} `.repeat(30) }));
    const messages = renderAnswerHtml(answer({ quotes }));
    expect(messages.length).toBeGreaterThan(1);
    for (const message of messages) {
      expect(message.length).toBeLessThanOrEqual(TELEGRAM_MESSAGE_LIMIT);
      expect(tagBalance(message)).toEqual([]);
      // Cut between blocks: every message starts with a quote or the sources heading, never mid-quote.
      expect(message).toMatch(/^(<blockquote|<b>Sources)/);
    }
  });

  it("splits a single over-long quote inside the blockquote, closing and reopening tags", () => {
    const text = "Lorem ipsum dolor sit amet & more. ".repeat(300);
    const messages = renderAnswerHtml(answer({ quotes: [{ ...answer().quotes[0]!, text }] }));
    expect(messages.length).toBeGreaterThan(2);
    for (const message of messages) {
      expect(message.length).toBeLessThanOrEqual(TELEGRAM_MESSAGE_LIMIT);
      expect(tagBalance(message)).toEqual([]);
      expect(message).not.toMatch(/&[a-z]*$|&[a-z]*[^a-z;]/);
    }
    expect(messages[1]).toMatch(/^<blockquote expandable>/);
    expect(visibleText(messages.join(""))).toContain(text.trim());
  });

  it("never cuts a tag or an entity, whatever the limit (property)", () => {
    const piece = fc.oneof(
      fc.string({ maxLength: 30 }).map(escapeHtml),
      fc.tuple(fc.webUrl(), fc.string({ minLength: 1, maxLength: 20 })).map(([url, text]) => link(url, escapeHtml(text))),
      fc.string({ minLength: 1, maxLength: 40 }).map((text) => `<b>${escapeHtml(text)}</b>`),
      fc.constantFrom("\n", " ", "😀", "&amp;"),
    );
    const block = fc.array(piece, { minLength: 1, maxLength: 40 }).map((pieces) => `<blockquote>${pieces.join("")}</blockquote>`);
    fc.assert(
      fc.property(block, fc.integer({ min: 150, max: 400 }), (html, limit) => {
        const parts = splitHtml(html, limit);
        for (const part of parts) {
          expect(part.length).toBeLessThanOrEqual(limit);
          expect(tagBalance(part)).toEqual([]);
          expect(part).not.toMatch(/<[^>]*$|^[^<]*>|&[#a-z0-9]*$/);
          // A lone surrogate would mean an emoji was cut in half.
          expect(part).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
        }
        expect(visibleText(parts.join(""))).toBe(visibleText(html));
      }),
      { numRuns: 300 },
    );
  });

  it("packs blocks greedily with blank lines between them", () => {
    expect(packBlocks(["a", "b", "c"], 4)).toEqual(["a\n\nb", "c"]);
  });
});

describe("other kinds", () => {
  it("renders a no-answer note alone, escaped, with no sources heading", () => {
    const messages = renderAnswerHtml(answer({ kind: "no-answer", note: "Nothing about <that> yet.", quotes: [], sources: [] }));
    expect(messages).toEqual(["Nothing about &lt;that&gt; yet."]);
  });

  it("shows passages as cited quotes when 'More' brings no extracted quotes", () => {
    const messages = renderAnswerHtml(
      answer({ quotes: [], passages: [{ articleId: 7, chunkId: 1, url: "https://example.com/dredging", text: "Dredging starts in May.", score: 1 }] }),
    );
    expect(messages[0]).toContain('<blockquote>Dredging starts in May.</blockquote>\n<a href="https://example.com/dredging">[1]</a>');
  });
});
