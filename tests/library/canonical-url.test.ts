import { describe, expect, it } from "vitest";
import { cleanUrl, urlKey } from "../../src/library/canonical-url.ts";

describe("urlKey", () => {
  it("treats shared variants of one article as the same", () => {
    const key = urlKey("https://www.example-news.com/2026/03/04/world/talks-resume/");
    for (const variant of [
      "http://example-news.com/2026/03/04/world/talks-resume",
      "https://example-news.com/2026/03/04/world/talks-resume?utm_source=twitter&utm_medium=social#comments",
      "https://m.example-news.com/2026/03/04/world/talks-resume?fbclid=abc123",
      "https://example-news.com/2026/03/04/world/talks-resume/amp",
      "https://amp.example-news.com/2026/03/04/world/talks-resume",
      "https://EXAMPLE-NEWS.com:443/2026/03/04/world/talks-resume",
    ]) {
      expect(urlKey(variant), variant).toBe(key);
    }
  });

  it("keeps parameters that name a different article, in any order", () => {
    expect(urlKey("https://paper.example/story?id=12&page=2")).toBe(urlKey("https://paper.example/story?page=2&id=12"));
    expect(urlKey("https://paper.example/story?id=12")).not.toBe(urlKey("https://paper.example/story?id=13"));
  });

  it("rejects what is not a web link", () => {
    expect(urlKey("ftp://files.example/a")).toBeNull();
    expect(urlKey("not a url")).toBeNull();
    expect(urlKey("javascript:alert(1)")).toBeNull();
  });
});

describe("cleanUrl", () => {
  it("drops tracking parameters and the fragment but keeps the rest", () => {
    expect(cleanUrl("https://paper.example/story?id=12&utm_campaign=x#top")).toBe("https://paper.example/story?id=12");
  });
});
