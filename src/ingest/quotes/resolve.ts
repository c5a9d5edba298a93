/**
 * From an attribution's subject to a speaker: a name to its fullest form, "the spokesman" to the person the
 * article gave that role, "he"/"she"/"they" to the nearest fitting antecedent.
 */
import { ORGANISATION_HEADS } from "../../text/word-lists.ts";
import type { Subject } from "./subjects.ts";
import { isConfirmedName, type ArticleIndex, type Mention } from "./people.ts";

function latestBefore<T extends { pos: number }>(items: T[], pos: number, accept: (item: T) => boolean): T | null {
  let best: T | null = null;
  for (const item of items) {
    if (item.pos >= pos) break;
    if (accept(item)) best = item;
  }
  return best;
}

/** The fullest form of a name the article uses: "Peskov" → "Dmitry Peskov". */
function fullestName(tokens: string[], pos: number, index: ArticleIndex): string {
  const last = tokens[tokens.length - 1] ?? "";
  const candidates = (index.fullNames.get(last) ?? []).filter(
    (c) =>
      c.tokens.length > tokens.length &&
      tokens.every((t, k) => c.tokens[c.tokens.length - tokens.length + k] === t) &&
      // "Like Trump, …" opens a sentence; its "Like" is no first name unless seen capitalised mid-sentence.
      (!c.initial || index.midSentence.has(c.tokens[0] ?? "")),
  );
  if (candidates.length === 0) return tokens.join(" ");
  const longest = Math.max(...candidates.map((c) => c.tokens.length));
  const best = candidates.filter((c) => c.tokens.length === longest);
  // Two people can share a surname; the one mentioned most recently is the likelier speaker.
  const before = best.filter((c) => c.pos < pos);
  return (before[before.length - 1] ?? best[0])?.name ?? tokens.join(" ");
}

function resolveRole(roles: string[], pos: number, index: ArticleIndex): string | null {
  for (const role of roles) {
    const matches = index.roles.filter((r) => r.role === role);
    const found = latestBefore(matches, pos, () => true) ?? matches[0];
    if (found) return found.name;
  }
  return null;
}

function resolvePronoun(plural: boolean, pos: number, paragraph: number, index: ArticleIndex): string | null {
  // "Harbour pilot Jonas Weber welcomed the decision. '…,' he said.": the person the paragraph is about so far
  // comes before anyone quoted in earlier paragraphs.
  if (!plural) {
    const here = (m: Mention): boolean => m.paragraph === paragraph;
    // People count here only with a role phrase of their own: "dean of the University" gives "University" none.
    const introduced = (m: Mention): boolean => here(m) && index.roleOf.has(m.name);
    const nearby = [
      latestBefore(index.subjects, pos, here),
      latestBefore(index.speakers, pos, here),
      latestBefore(index.people, pos, introduced),
    ];
    const nearest = nearby.reduce((a, b) => (b && (!a || b.pos > a.pos) ? b : a), null);
    if (nearest) return fullestName(nearest.tokens, nearest.pos, index);
  }
  // "They" is usually unnamed officials or plaintiffs; it stands for a name only when that name is an organisation.
  const nearby = (m: Mention): boolean => m.paragraph >= paragraph - 2 && (!plural || isOrganisation(m.tokens));
  const speaker = latestBefore(index.speakers, pos, nearby);
  const person = plural ? null : latestBefore(index.people, pos, nearby);
  // A person introduced with a role in a later paragraph than the last speaker is usually the one now quoted.
  if (person && (!speaker || person.paragraph > speaker.paragraph)) return person.name;
  return speaker ? fullestName(speaker.tokens, speaker.pos, index) : null;
}

/** The role the article introduces a speaker with, by full name or by surname. */
export function roleOf(speaker: string, index: ArticleIndex): string | null {
  return index.roleOf.get(speaker) ?? index.roleOf.get(speaker.split(" ").at(-1) ?? "") ?? null;
}

function isOrganisation(tokens: string[]): boolean {
  return ORGANISATION_HEADS.has((tokens[tokens.length - 1] ?? "").toLowerCase());
}

export function resolveSubject(subject: Subject, pos: number, paragraph: number, index: ArticleIndex): string | null {
  switch (subject.kind) {
    case "name":
      if (subject.tokens.length === 1 && !isConfirmedName(subject.tokens[0] ?? "", index)) return null;
      // A capitalised word opening a sentence ("Following a meeting, …") is a name only if seen mid-sentence too.
      if (subject.initial === true && subject.tokens.length === 1 && !index.midSentence.has(subject.tokens[0] ?? "")) return null;
      return fullestName(subject.tokens, pos, index);
    case "pronoun":
      // "He also claimed that Dr. Anthony Fauci '…'": "he" stands for someone named before the pronoun itself.
      return resolvePronoun(subject.plural, Math.min(pos, subject.at), paragraph, index);
    case "role":
      return resolveRole(subject.roles, pos, index);
    case "interviewee":
      return interviewee(pos, index);
    case "generic":
      return null;
  }
}

export function addSpeaker(index: ArticleIndex, mention: Mention): void {
  let at = index.speakers.length;
  while (at > 0 && (index.speakers[at - 1]?.pos ?? 0) > mention.pos) at--;
  index.speakers.splice(at, 0, mention);
}


/** Whoever an interview's answers belong to: the person the article names most often before its first answer. */
function interviewee(pos: number, index: ArticleIndex): string | null {
  const counts = new Map<string, number>();
  for (const m of [...index.speakers, ...index.people, ...index.subjects]) {
    if (m.pos >= pos || isOrganisation(m.tokens)) continue;
    const name = fullestName(m.tokens, m.pos, index);
    counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  let best: string | null = null;
  for (const [name, n] of counts) if (best === null || n > (counts.get(best) ?? 0)) best = name;
  return best;
}
