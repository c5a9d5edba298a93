/**
 * Which language a text is written in. Trigram statistics (franc-min, 80-odd languages) do well on article-length
 * text but confuse the Cyrillic languages on short passages (a paragraph of Ukrainian reads as Bulgarian), so
 * Russian and Ukrainian are told apart by the letters only one of them uses: і ї є ґ are Ukrainian, ы э ё are
 * Russian. A page's own `lang` wins unless the text is plainly in another script or is the other of that pair
 * (templates often leave lang="en" or "ru" on every page of a multilingual site).
 */
import { franc } from "franc-min";

/** Enough text for the statistics to settle: the start of an article is as telling as the whole of it. */
const SAMPLE_CHARS = 6000;

/** Languages written in Cyrillic, by primary subtag, for checking a declared language against the text's script. */
const CYRILLIC_LANGUAGES = new Set(["ru", "uk", "be", "bg", "mk", "sr", "kk", "ky", "mn", "tg", "tt", "ba", "cv", "sah"]);

const UKRAINIAN_LETTERS = /[іїєґ]/giu;
const RUSSIAN_LETTERS = /[ыэё]/giu;

type Script = "latin" | "cyrillic" | "other";

/** "en-US" → "en"; null stays null. */
export function primaryLanguage(tag: string | null): string | null {
  if (!tag) return null;
  return tag.split("-")[0]!.toLowerCase() || null;
}

/** Counts of articles per stored tag → per primary subtag, most first: what stats show. */
export function languageCounts(rows: ReadonlyArray<{ language: string | null; articles: number }>): Array<{ language: string; articles: number }> {
  const counts = new Map<string, number>();
  for (const row of rows) {
    const language = primaryLanguage(row.language) ?? "unknown";
    counts.set(language, (counts.get(language) ?? 0) + Number(row.articles));
  }
  return [...counts].map(([language, articles]) => ({ language, articles })).sort((a, b) => b.articles - a.articles || a.language.localeCompare(b.language));
}

/** The script most of a text's letters are in. */
export function dominantScript(text: string): Script | null {
  const latin = text.match(/\p{Script=Latin}/gu)?.length ?? 0;
  const cyrillic = text.match(/\p{Script=Cyrillic}/gu)?.length ?? 0;
  const letters = text.match(/\p{L}/gu)?.length ?? 0;
  if (letters === 0) return null;
  if (cyrillic >= latin && cyrillic * 2 >= letters) return "cyrillic";
  if (latin > cyrillic && latin * 2 >= letters) return "latin";
  return "other";
}

/** "ru" or "uk" when the letters only one of them uses say so clearly, else null. */
export function russianOrUkrainian(text: string): "ru" | "uk" | null {
  const uk = text.match(UKRAINIAN_LETTERS)?.length ?? 0;
  const ru = text.match(RUSSIAN_LETTERS)?.length ?? 0;
  // ў is Belarusian, which uses і and ы alike: not a case for this pair.
  if (/ў/iu.test(text)) return null;
  if (uk > 0 && uk >= ru * 3) return "uk";
  if (ru > 0 && ru >= uk * 3) return "ru";
  return null;
}

/**
 * The language of a text as a BCP 47 primary subtag ("en", "ru", "uk"), or null when it is too short or too mixed
 * to tell.
 */
export function detectLanguage(text: string): string | null {
  const sample = text.slice(0, SAMPLE_CHARS);
  const script = dominantScript(sample);
  if (!script) return null;
  const guess = franc(sample, { minLength: 20 });
  if (script === "cyrillic") {
    // Bulgarian, Macedonian and Serbian use none of ы э ё і ї є, so the pair's letters never misname them.
    const pair = russianOrUkrainian(sample);
    if (pair) return pair;
  }
  if (guess === "und") return null;
  return canonical(guess);
}

/**
 * The language to store for an article: the page's declared one (kept as declared, "en-GB"), unless the text
 * says otherwise in a way a declaration cannot be right about: another script, or Russian for Ukrainian and back.
 */
export function articleLanguage(declared: string | null, text: string): string | null {
  const detected = detectLanguage(text);
  if (!declared) return detected;
  if (!detected) return declared;
  const declaredPrimary = primaryLanguage(declared)!;
  if (declaredPrimary === detected) return declared;
  const script = dominantScript(text.slice(0, SAMPLE_CHARS));
  if ((script === "cyrillic") !== CYRILLIC_LANGUAGES.has(declaredPrimary) && script !== "other") return detected;
  const pair = new Set([declaredPrimary, detected]);
  if (pair.has("ru") && pair.has("uk")) return detected;
  return declared;
}

/** ISO 639-3 ("rus") → the shortest BCP 47 tag ("ru"). */
function canonical(code: string): string | null {
  try {
    return Intl.getCanonicalLocales(code)[0] ?? null;
  } catch {
    return null;
  }
}
