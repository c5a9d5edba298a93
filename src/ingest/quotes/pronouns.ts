/**
 * "he", "she" and "they" to a name. "He" and "she" stand for people only — someone the article gives a title, a role,
 * a first name or a gender, or has speak — never an organisation or a place, and never someone of the other gender.
 * The antecedent is looked for as a reader would: whoever the paragraph is about so far, then whoever the last
 * paragraph was about (its sentence subjects and speakers), then anyone named in either, then further back.
 * "They" may stand for an organisation ("the ministry … they said"), not for one person.
 */
import { genderOfFirstName, isFirstName, type Gender } from "./gender.ts";
import { fullestName, isOrganisation, latestBefore, type ArticleIndex, type Mention } from "./people.ts";
import { isRoleWord } from "./roles.ts";

export function resolvePronoun(word: string, pos: number, paragraph: number, index: ArticleIndex): string | null {
  if (word === "they") return resolveThey(pos, paragraph, index);
  const wanted: Gender = word === "she" ? "female" : "male";
  const fits = (m: Mention): boolean =>
    isPerson(m, index) && (genderOf(m, index) ?? index.pronounGender.get(m.tokens[m.tokens.length - 1] ?? "")) !== opposite(wanted);
  const salient = [...index.subjects, ...index.speakers].sort((a, b) => a.pos - b.pos);
  const everyone = [...salient, ...index.people].sort((a, b) => a.pos - b.pos);
  const within = (from: number, to: number) => (m: Mention): boolean => m.paragraph >= from && m.paragraph <= to && fits(m);
  const found =
    latestBefore(salient, pos, within(paragraph, paragraph)) ??
    latestBefore(salient, pos, within(paragraph - 1, paragraph - 1)) ??
    latestBefore(everyone, pos, within(paragraph - 1, paragraph)) ??
    latestBefore(salient, pos, within(paragraph - 4, paragraph - 2));
  return found ? fullestName(found.tokens, found.pos, index, wanted) : null;
}

/** "They" is usually unnamed officials or plaintiffs; it stands for a name only when that name is an organisation. */
function resolveThey(pos: number, paragraph: number, index: ArticleIndex): string | null {
  const speaker = latestBefore(index.speakers, pos, (m) => m.paragraph >= paragraph - 2 && isOrganisation(m.tokens));
  return speaker ? fullestName(speaker.tokens, speaker.pos, index) : null;
}

function opposite(gender: Gender): Gender {
  return gender === "female" ? "male" : "female";
}

/** What the article says of the person's gender, else what their first name usually means. */
function genderOf(m: Mention, index: ArticleIndex): Gender | null {
  const told = index.gender.get(m.name) ?? index.gender.get(m.tokens[m.tokens.length - 1] ?? "");
  if (told !== undefined) return told;
  const full = m.tokens.length > 1 ? m.tokens : fullestName(m.tokens, m.pos, index).split(" ");
  return full.length > 1 ? genderOfFirstName(full[0] ?? "") : null;
}

/**
 * A mention that names a person: not an organisation or a bare title ("Republican"), and given a gender or a role by
 * the article, or named with a known first name ("Tina Houchins"), or a surname the article has speak.
 */
function isPerson(m: Mention, index: ArticleIndex): boolean {
  if (isOrganisation(m.tokens) || m.tokens.every((t) => isRoleWord(t))) return false;
  if (genderOf(m, index) !== null || index.roleOf.has(m.name) || index.people.some((p) => p.name === m.name)) return true;
  const surname = m.tokens[m.tokens.length - 1];
  if (index.speakers.some((s) => s.tokens[s.tokens.length - 1] === surname)) return true;
  return isFirstName(fullestName(m.tokens, m.pos, index).split(" ")[0] ?? "");
}
