/**
 * Direct quotes and who said them, found by rules at ingest time (news prose is formulaic enough that a few
 * attribution patterns cover most quotes, and bulk ingest cannot afford a model per article).
 *
 * Outline: split the article into paragraphs and pair quote marks (marks.ts); scan the article once for names,
 * roles and speakers (people.ts, roles.ts); read the words on either side of every quote for an attribution
 * (attribution.ts); resolve pronouns and roles to names and prefer the fullest form of a name (resolve.ts); then
 * drop scare quotes and titles (here).
 */
import type { QuoteSpan } from "../../library/article.ts";
import { attribute, type Attribution } from "./attribution.ts";
import { findRawQuotes, splitParagraphs, type RawQuote } from "./marks.ts";
import { indexArticle } from "./people.ts";
import { addSpeaker, resolveSubject, roleOf } from "./resolve.ts";
import { extractQuotesRuUk, isCyrillicArticle } from "./ru-uk.ts";
import { labelSubject } from "./subjects.ts";
import { isCapitalized } from "./tokens.ts";

interface Candidate {
  raw: RawQuote;
  attribution: Attribution | null;
  speaker: string | null;
  /** The speaker came from this quote's own attribution, not from a neighbour. */
  ownSpeaker: boolean;
}

function wordCount(s: string): number {
  return s.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
}

/** Title-cased fragments are names of things ("Make America Great Again"), not speech. */
function looksLikeTitle(s: string): boolean {
  // American style puts the full stop inside the marks: "The Palace Papers." is still a title.
  const ws = s.split(/\s+/).filter((w) => /^\p{L}/u.test(w) && w.length > 2);
  return ws.length >= 2 && ws.length <= 8 && ws.every((w) => isCapitalized(w)) && !/[?!]$/.test(s);
}

/**
 * Scare quotes and titles are not quotes: fragments of one or two words need an attribution that touches them
 * (or a named speaker right before), partial quotes of a few words need a speaker.
 */
function keep(text: string, c: Candidate, groupSize: number): boolean {
  const quoted = text.slice(c.raw.start, c.raw.end);
  if (!/\p{L}/u.test(quoted)) return false;
  if (groupSize > 1) return true;
  const n = wordCount(quoted);
  const complete = /[.!?\u2026,;:]$/.test(text.slice(c.raw.start, c.raw.close ?? c.raw.end).trimEnd());
  // A touching attribution counts only with a speaker in it: "often called" or "a celebration declared" has none.
  const adjacent = c.attribution?.adjacent === true && c.attribution.subject.kind !== "generic";
  // “It worked!” she shouted: a word or two with a speech verb touching them is speech, even unresolved.
  if (n <= 2) return c.ownSpeaker || (adjacent && complete && c.attribution?.subject.kind !== "role");
  if (looksLikeTitle(quoted)) return adjacent;
  if (n <= 4 && !complete) return c.ownSpeaker || adjacent;
  return true;
}

/** Quotes of one multi-paragraph quote, and unattributed quotes beside an attributed one, share its speaker. */
function shareSpeakers(candidates: Candidate[]): void {
  const byGroup = new Map<number, string>();
  for (const c of candidates) if (c.speaker && !byGroup.has(c.raw.group)) byGroup.set(c.raw.group, c.speaker);
  for (const c of candidates) c.speaker ??= byGroup.get(c.raw.group) ?? null;
  candidates.forEach((c, k) => {
    if (c.attribution !== null || c.speaker !== null) return;
    const neighbours = [candidates[k - 1], candidates[k + 1]];
    const same = neighbours.find((n) => n?.raw.paragraph === c.raw.paragraph && n.speaker !== null);
    c.speaker = same?.speaker ?? null;
  });
}

/**
 * Find the direct quotes in an article and who said them.
 *
 * `text` is the article body (paragraphs separated by a blank line). Every returned span satisfies
 * `text.slice(start, end) === span.text`; offsets exclude the quote marks, surrounding spaces and a trailing comma.
 * `speaker` is the fullest form of the name the article gives (an organisation when the article attributes to one),
 * or null when the quote is not attributed or the attribution cannot be resolved to a name.
 * Russian and Ukrainian articles (by `language`, or written in Cyrillic) are read with their own news style's rules.
 */
export function extractQuotes(text: string, language: string | null = null): QuoteSpan[] {
  if ((language !== null && /^(?:ru|uk)\b/i.test(language)) || isCyrillicArticle(text)) return extractQuotesRuUk(text);
  const paragraphs = splitParagraphs(text);
  const raws = findRawQuotes(text, paragraphs);
  if (raws.length === 0) return [];
  const index = indexArticle(text, paragraphs, raws);
  const candidates: Candidate[] = raws.map((raw, k) => {
    const prev = raws[k - 1];
    const next = raws[k + 1];
    const previousClose = prev?.paragraph === raw.paragraph ? (prev.close ?? -1) : -1;
    const nextOpen = next?.paragraph === raw.paragraph ? next.open : raw.paragraph.end;
    const label = raw.label === undefined ? null : labelSubject(raw.label);
    const attribution = label ? { subject: label, adjacent: true } : attribute(text, raw, previousClose, nextOpen, paragraphs);
    const speaker = attribution ? resolveSubject(attribution.subject, raw.open, raw.paragraph.index, index) : null;
    if (speaker) {
      const mention = { name: speaker, tokens: speaker.split(" "), pos: raw.open, paragraph: raw.paragraph.index };
      addSpeaker(index, { ...mention, initial: false });
    }
    return { raw, attribution, speaker, ownSpeaker: speaker !== null };
  });
  shareSpeakers(candidates);
  const groupSizes = new Map<number, number>();
  for (const c of candidates) groupSizes.set(c.raw.group, (groupSizes.get(c.raw.group) ?? 0) + 1);
  return candidates
    .filter((c) => keep(text, c, groupSizes.get(c.raw.group) ?? 1))
    .map((c) => ({
      start: c.raw.start,
      end: c.raw.end,
      text: text.slice(c.raw.start, c.raw.end),
      speaker: c.speaker,
      role: c.speaker ? roleOf(c.speaker, index) : null,
    }));
}
