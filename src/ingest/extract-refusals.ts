import { ExtractionFailed } from "../errors.ts";
import type { Paragraph } from "./extract-text.ts";

/*
 * Pages that hold no article must be refused, not stored: a cookie wall or paywall teaser quoted as if it were the
 * story would be worse than no answer. Each rule needs the extracted text to be short as well, so a full article
 * that merely carries a consent banner or a "Subscribe" button is never refused.
 */

export const MIN_ARTICLE_CHARS = 250;

const COOKIE_WALL =
  /\b(we use cookies|uses? cookies|use of cookies|cookie (policy|settings|preferences|consent)|accept (all )?cookies|consent to (the use of )?cookies|manage (your )?(cookie|consent|privacy) (settings|preferences|choices)|before you continue|we value your privacy|your privacy choices|datenschutzeinstellungen|wir verwenden cookies|nous utilisons des cookies|utilizamos cookies)\b/i;

const PAYWALL =
  /\b((subscribe|sign in|log in|register) (now )?to (continue|keep) reading|to continue reading( this)?( article| story)?,? (please )?(subscribe|sign in|log in|register)|continue reading with a subscription|(this|the) (article|story|content) is (only )?(available|reserved|exclusive) (to|for) (paying )?(subscribers|members)|(for|to) subscribers only|subscribers only|you('ve| have) reached your (free )?(monthly )?(article )?limit|subscribe for full access|already a subscriber\?)/i;

/** What the extractor saw, gathered before and after Readability. */
export interface PageEvidence {
  /** All visible text of the page, scripts and styles excluded. */
  pageText: string;
  /** Paragraphs of the container Readability chose, before boilerplate was removed. */
  rawParagraphs: Paragraph[];
  /** The final article text. */
  text: string;
  declaresArticle: boolean;
  paywalled: boolean;
  /** How many separate story teasers the page lists (`<article>` elements, linked headlines). */
  teasers: number;
}

/** Why this page is not an article we can store, or null when it is one. */
export function refusalFor(page: PageEvidence): ExtractionFailed | null {
  const length = page.text.length;
  if (isCookieWall(page)) return new ExtractionFailed("cookie-wall");
  if (isPaywall(page)) return new ExtractionFailed("paywall");
  if (isIndexPage(page)) return new ExtractionFailed("not-an-article");
  if (length < MIN_ARTICLE_CHARS) return new ExtractionFailed("too-little-text");
  return null;
}

function isCookieWall(page: PageEvidence): boolean {
  if (page.text.length < MIN_ARTICLE_CHARS) return COOKIE_WALL.test(page.pageText) && page.pageText.length < 3000;
  const rawLength = page.rawParagraphs.reduce((sum, paragraph) => sum + paragraph.text.length, 0);
  const cookieLength = page.rawParagraphs
    .filter((paragraph) => COOKIE_WALL.test(paragraph.text))
    .reduce((sum, paragraph) => sum + paragraph.text.length, 0);
  return page.text.length < 1000 && cookieLength > 0.3 * rawLength;
}

function isPaywall(page: PageEvidence): boolean {
  const length = page.text.length;
  if (page.paywalled && length < 600) return true;
  return length < 1000 && PAYWALL.test(page.pageText);
}

/** A home or section page: many teasers and no article markup, or a chosen "article" that is mostly links. */
function isIndexPage(page: PageEvidence): boolean {
  const rawLength = page.rawParagraphs.reduce((sum, paragraph) => sum + paragraph.text.length, 0);
  const linkLength = page.rawParagraphs.reduce((sum, paragraph) => sum + paragraph.linkChars, 0);
  if (rawLength > 0 && linkLength > 0.5 * rawLength) return true;
  return !page.declaresArticle && page.teasers >= 6 && page.text.length < 2000;
}
