/**
 * The stemmed lexical index shared by both libraries' designs. English articles (and those in a language no
 * stemmer here covers) are indexed as they always were, by the engine's own English stemming; an article in
 * another language is indexed as the stems its language's stemmer gives, and a question's words are stemmed the
 * same way, for each such language the library holds, to be looked up there. Keeping the two apart means no
 * language's stemming can change what an English question finds among English articles.
 */
import { foldStem, languageWords, stemText, type LanguageWords } from "../text/stemmers.ts";
import type { LexicalQuery } from "./library.ts";

/** An article's text as the stemmed index holds it (stems separated by spaces), or null when it belongs in the English index. */
export function stemmedIndexText(text: string, language: string | null): string | null {
  const words = languageWords(language);
  return words ? stemText(text, words).join(" ") : null;
}

/** Whether articles in this language go to the stemmed index. */
export function isStemmedLanguage(language: string | null): boolean {
  return languageWords(language) !== null;
}

/** The primary subtags among these stored languages that the stemmed index holds, each once. */
export function stemmedLanguagesOf(languages: Iterable<string | null>): string[] {
  const result = new Set<string>();
  for (const language of languages) {
    const words = languageWords(language);
    if (words) result.add(words.language);
  }
  return [...result];
}

/**
 * A question's words as the stemmed index holds them, in each of the given languages: stop words of a language
 * left out for it, each word's stem, and the word itself folded alike, since a stemmer may cut a name it does not
 * know short in one case and not another (Песков → песк, Пескова → песков).
 */
export function stemmedQuery(query: LexicalQuery, languages: readonly string[]): LexicalQuery {
  const terms = new Set<string>();
  const phrases = new Set<string>();
  for (const words of languages.map(languageWords).filter((w): w is LanguageWords => w !== null)) {
    for (const term of query.terms) {
      if (words.isStopWord(term)) continue;
      terms.add(words.stem(term));
      terms.add(foldStem(term));
    }
    for (const phrase of query.phrases) {
      const stems = phrase.split(" ").filter(Boolean).map((word) => words.stem(word));
      if (stems.length > 0) phrases.add(stems.join(" "));
    }
  }
  terms.delete("");
  return { terms: [...terms], phrases: [...phrases] };
}
