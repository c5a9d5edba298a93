/**
 * A passage's words as ranking and answers compare them with a question's: stemmed in the passage's language,
 * then named after the question term they stand for. Question terms are keyed by their English stem (as they
 * always were), so an English passage's words are exactly what `stemWords` gives; a Russian passage's «выборах»
 * is stemmed by the Russian stemmer, which gives what it gives «выборы» in the question, and so becomes that
 * term's key. Another script's spelling of a name in the question ("Peskov" for «Песков») counts as the name.
 */
import { foldStem, languageWords, type LanguageWords } from "../text/stemmers.ts";
import { otherScriptSpellings } from "../text/transliterate.ts";
import { rawWords, stem, stemWords } from "../text/words.ts";

export class PassageWords {
  private readonly stemmedKeys = new Map<string, Map<string, string>>();
  private readonly englishKeys: Map<string, string>;

  /**
   * @param terms the question's terms (lowercased words)
   * @param variants another script's spellings of the question's names, each with the term it spells
   */
  constructor(
    readonly terms: readonly string[],
    readonly variants: ReadonlyMap<string, string>,
  ) {
    this.englishKeys = new Map([...variants].map(([variant, term]) => [stem(variant), stem(term)]));
    for (const term of terms) this.englishKeys.delete(stem(term));
  }

  /** For a question: its terms, and the other script's spellings of the words of its names. */
  static of(query: { terms: readonly string[]; names: readonly string[] }): PassageWords {
    const variants = new Map<string, string>();
    const terms = new Set(query.terms);
    for (const name of query.names) {
      for (const word of rawWords(name)) {
        const term = word.toLowerCase();
        if (!terms.has(term)) continue;
        for (const variant of otherScriptSpellings(word)) if (!terms.has(variant) && !variants.has(variant)) variants.set(variant, term);
      }
    }
    return new PassageWords(query.terms, variants);
  }

  /** Both questions' words: for a follow-up read with the question before it. */
  with(other: PassageWords): PassageWords {
    return new PassageWords([...new Set([...this.terms, ...other.terms])], new Map([...other.variants, ...this.variants]));
  }

  /** Words as written (see `rawWords`), as keys in the question's terms where they stand for one. */
  tokens(written: readonly string[], language: string | null): string[] {
    const words = languageWords(language);
    if (!words) {
      const stems = stemWords(written);
      return this.englishKeys.size === 0 ? stems : stems.map((token) => this.englishKeys.get(token) ?? token);
    }
    const keys = this.keysIn(words);
    return written.map((word) => {
      const stemmed = words.stem(word);
      return keys.get(stemmed) ?? stemmed;
    });
  }

  tokensOf(text: string, language: string | null): string[] {
    return this.tokens(rawWords(text), language);
  }

  /** A stemmed language's stem (or a word as written, folded the same way) → the key of the question term it is. */
  private keysIn(words: LanguageWords): Map<string, string> {
    let keys = this.stemmedKeys.get(words.language);
    if (!keys) {
      keys = new Map();
      const add = (form: string, term: string): void => {
        if (!keys!.has(form)) keys!.set(form, stem(term));
      };
      const own = this.terms.filter((term) => !words.isStopWord(term));
      for (const term of own) add(words.stem(term), term);
      for (const [variant, term] of this.variants) add(words.stem(variant), term);
      // A stemmer may cut a name short in one case and not another (Песков → песк, Пескова → песков).
      for (const term of own) add(foldStem(term), term);
      for (const [variant, term] of this.variants) add(foldStem(variant), term);
      this.stemmedKeys.set(words.language, keys);
    }
    return keys;
  }
}
