/**
 * From an attribution's subject to a speaker: a name to its fullest form, "the spokesman" to the person the
 * article gave that role, "he"/"she"/"they" to the nearest fitting antecedent.
 */
import type { Subject } from "./subjects.ts";
import { fullestName, isConfirmedName, isOrganisation, latestBefore, type ArticleIndex, type Mention } from "./people.ts";
import { resolvePronoun } from "./pronouns.ts";

function resolveRole(roles: string[], pos: number, index: ArticleIndex): string | null {
  for (const role of roles) {
    const matches = index.roles.filter((r) => r.role === role);
    const found = latestBefore(matches, pos, () => true) ?? matches[0];
    if (found) return found.name;
  }
  return null;
}

/** The role the article introduces a speaker with, by full name or by surname. */
export function roleOf(speaker: string, index: ArticleIndex): string | null {
  return index.roleOf.get(speaker) ?? index.roleOf.get(speaker.split(" ").at(-1) ?? "") ?? null;
}

export function resolveSubject(subject: Subject, pos: number, paragraph: number, index: ArticleIndex): string | null {
  switch (subject.kind) {
    case "name":
      if (subject.tokens.length === 1 && !isConfirmedName(subject.tokens[0] ?? "", index)) return null;
      // A capitalised word opening a sentence ("Following a meeting, …") is a name only if seen mid-sentence too.
      if (subject.initial === true && subject.tokens.length === 1 && !index.midSentence.has(subject.tokens[0] ?? "")) return null;
      return fullestName(subject.tokens, pos, index, undefined, subject.titles);
    case "pronoun":
      // "He also claimed that Dr. Anthony Fauci '…'": "he" stands for someone named before the pronoun itself.
      return resolvePronoun(subject.word, Math.min(pos, subject.at), paragraph, index);
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
