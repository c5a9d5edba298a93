/**
 * Words in languages other than English: each language's stemmer and stop words, one for the index and the
 * ranking alike, so the two agree on what a word's stem is.
 *
 * - Stemmers: the Snowball algorithms (the `snowball-stemmers` port) for every language Snowball covers, and for
 *   Ukrainian, which Snowball has no stemmer for, the light rule-based one from @nlpjs/lang-uk.
 * - Stop words: the `stopword` package's lists (for Russian, Snowball's own), plus the words a question about the
 *   news uses without saying anything about which article answers ("сказал", "новости"), as in English.
 *
 * English is not here on purpose: English articles are matched by FTS5's Porter and `words.ts` as before, so no
 * other language's stemming can change an English result.
 */
import { createRequire } from "node:module";
import { rawWords } from "./words.ts";

const require = createRequire(import.meta.url);

interface SnowballModule {
  newStemmer(algorithm: string): { stem(word: string): string };
}
interface UkrainianStemmer {
  setCurrent(word: string): void;
  innerStem(): void;
  getCurrent(): string;
}

/** Primary subtag → Snowball algorithm name. */
const SNOWBALL: Record<string, string> = {
  ar: "arabic", hy: "armenian", eu: "basque", ca: "catalan", cs: "czech", da: "danish", nl: "dutch", fi: "finnish",
  fr: "french", de: "german", hu: "hungarian", it: "italian", ga: "irish", nb: "norwegian", nn: "norwegian", no: "norwegian",
  pt: "portuguese", ro: "romanian", ru: "russian", es: "spanish", sl: "slovene", sv: "swedish", ta: "tamil", tr: "turkish",
};

/** Primary subtag → the `stopword` package's list (ISO 639-3 names). Tamil has none there. */
const STOP_LISTS: Record<string, string> = {
  ar: "ara", hy: "hye", eu: "eus", ca: "cat", cs: "ces", da: "dan", nl: "nld", fi: "fin", fr: "fra", de: "deu", hu: "hun",
  it: "ita", ga: "gle", nb: "nob", nn: "nob", no: "nob", pt: "por", ro: "ron", ru: "rus", es: "spa", sl: "slv", sv: "swe",
  tr: "tur", uk: "ukr",
};

/** Question and news filler, the counterpart of the English list in words.ts. */
const EXTRA_STOP_WORDS: Record<string, string> = {
  ru: `сказал сказала сказали сказать говорил говорила говорили говорит говорят заявил заявила заявили сообщил сообщила
    сообщили кто что какой какая какое какие каких когда где почему зачем сколько ли новости новость статья статье статьи
    сегодня вчера недавно последние последний`,
  uk: `сказав сказала сказали сказати казав казала казали каже кажуть говорив говорила говорили говорить заявив заявила
    заявили повідомив повідомила повідомили хто що який яка яке які яких коли де чому навіщо скільки новини новина стаття
    статті статтю сьогодні вчора нещодавно останні останній`,
};

/** A language's word handling, for one stemmed language. */
export interface LanguageWords {
  readonly language: string;
  /** A normalised word's stem, folded the way the stemmed index stores it (see `foldStem`). */
  stem(word: string): string;
  isStopWord(word: string): boolean;
}

const cache = new Map<string, LanguageWords>();

/** The languages (primary subtags) with a stemmer here: every one but English. */
export const STEMMED_LANGUAGES: readonly string[] = [...Object.keys(SNOWBALL), "uk"];

/**
 * A language's words, or null for English, an unknown language and languages no stemmer covers: those are
 * matched as English always was.
 */
export function languageWords(tag: string | null): LanguageWords | null {
  const language = tag?.split("-")[0]?.toLowerCase();
  if (!language || !STEMMED_LANGUAGES.includes(language)) return null;
  let words = cache.get(language);
  if (!words) {
    words = makeLanguageWords(language);
    cache.set(language, words);
  }
  return words;
}

/**
 * What the stemmed index stores for a stem: lowercase, ё as е, and soft and hard signs and apostrophes left out,
 * so that a name spelled from Latin letters ("Navalny" → навалный) meets the written one (Навальный), and
 * Ukrainian пов'язаний stays one word. Words told apart only by a soft sign are rare enough to accept.
 */
export function foldStem(stem: string): string {
  return stem.toLowerCase().replace(/ё/g, "е").replace(/[ьъ'’ʼ]/g, "");
}

/** The stemmed words of a text, in order, as the stemmed index holds them. */
export function stemText(text: string, words: LanguageWords): string[] {
  return rawWords(text).map((word) => words.stem(word));
}

function makeLanguageWords(language: string): LanguageWords {
  const stemmer = stemmerFor(language);
  const stop = new Set([...stopList(language), ...(EXTRA_STOP_WORDS[language] ?? "").split(/\s+/).filter(Boolean)].map((word) => normalize(word)));
  const memo = new Map<string, string>();
  return {
    language,
    stem(word) {
      let stemmed = memo.get(word);
      if (stemmed === undefined) {
        // News reuses a small vocabulary; the memo is dropped when it grows large, so odd words cannot pile up.
        if (memo.size >= 100_000) memo.clear();
        stemmed = foldStem(stemmer(normalize(word)));
        memo.set(word, stemmed);
      }
      return stemmed;
    },
    isStopWord: (word) => stop.has(normalize(word)),
  };
}

function normalize(word: string): string {
  return word.toLowerCase().replace(/ё/g, "е").replace(/[’ʼ]/g, "'");
}

function stemmerFor(language: string): (word: string) => string {
  if (language === "uk") {
    // innerStem directly: the package's stemWord keeps every word it has seen in a cache that never shrinks.
    const StemmerUk = require("@nlpjs/lang-uk").StemmerUk as new () => UkrainianStemmer;
    const stemmer = new StemmerUk();
    return (word) => {
      stemmer.setCurrent(word);
      stemmer.innerStem();
      // It leaves the і of some case endings (підстанції → підстанці, but підстанцій → підстанц): one more step
      // takes a final і, ї or й off a stem long enough to keep its root.
      const stem = stemmer.getCurrent();
      return stem.length > 4 ? stem.replace(/[іїй]$/, "") : stem;
    };
  }
  const snowball = (require("snowball-stemmers") as SnowballModule).newStemmer(SNOWBALL[language]!);
  return (word) => snowball.stem(word);
}

function stopList(language: string): string[] {
  const name = STOP_LISTS[language];
  if (!name) return [];
  return (require("stopword") as Record<string, string[] | undefined>)[name] ?? [];
}
