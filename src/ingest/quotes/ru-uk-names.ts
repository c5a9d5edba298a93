/**
 * Names in Russian and Ukrainian text: which capitalised words are a person's name and which an organisation's
 * ("Кремля", "МЗС України"), a name's case endings set aside so "Пескова" and "Песков" are one person, the
 * nominative of a genitive ("по словам Пескова" → Песков), and the gender a name's ending tells.
 */
import { FEMALE_FIRST_NAMES_RU_UK, MALE_FIRST_NAMES_RU_UK, NOT_NAMES_RU_UK } from "../../text/word-lists-ru-uk.ts";

export type Gender = "male" | "female";

/** Case endings, longest first, stripped to compare forms of one name. */
const CASE_ENDINGS = ["ого", "его", "ому", "ему", "ими", "ыми", "ой", "ей", "ым", "им", "ом", "ем", "ою", "ею", "ої", "ій", "ий", "ый", "ая", "яя", "ую", "юю", "ия", "ии", "ія", "ії", "ея", "ові", "еві", "а", "я", "у", "ю", "е", "є", "і", "и", "ы", "о"];

/** A capitalised Cyrillic word that can be part of a person's name: not an acronym ("МИД"), not a function word. */
export function isCyrillicNameWord(word: string): boolean {
  return /^\p{Lu}[\p{Ll}'’-]+$/u.test(word) && /[\u0400-\u04FF]/.test(word) && !NOT_NAMES_RU_UK.has(word.toLowerCase());
}

/** Any capitalised word, acronyms and Latin words included: "Кремля", "МЗС", "Telegram". */
export function isCapitalisedWord(word: string): boolean {
  return /^\p{Lu}/u.test(word) && !NOT_NAMES_RU_UK.has(word.toLowerCase());
}

/** A name's form without its case ending, for matching "Пескова"/"Пескову" to "Песков". */
export function nameKey(word: string): string {
  const lower = word.toLowerCase().replace(/ё/g, "е").replace(/[’]/g, "'");
  for (const ending of CASE_ENDINGS) {
    if (lower.endsWith(ending) && lower.length - ending.length >= 3) return lower.slice(0, -ending.length);
  }
  return lower;
}

export function isFirstNameRuUk(word: string): boolean {
  const lower = word.toLowerCase();
  return MALE_FIRST_NAMES_RU_UK.has(lower) || FEMALE_FIRST_NAMES_RU_UK.has(lower);
}

const PATRONYMIC = /(?:ович|евич|ьич|овна|евна|ична|йович|івна|ївна)$/u;

/**
 * Where the person's name starts in a run of capitalised words. After a role the words before the name are the
 * role's organisation: "Кремля Дмитрий Песков" → at "Дмитрий", "МЗС України Олег Ніколенко" → at "Олег",
 * "Украины Зеленский" → at "Зеленский". Without one, only acronyms and Latin words are set aside ("РБК Песков").
 */
export function nameStartInRun(run: readonly string[], afterRole: boolean): number {
  const last = run.length - 1;
  if (!afterRole) {
    let start = 0;
    while (start < last && !isCyrillicNameWord(run[start] ?? "")) start++;
    return Math.max(start, last - 2);
  }
  if (last >= 2 && PATRONYMIC.test(run[last - 1] ?? "")) return last - 2;
  if (last >= 1 && isFirstNameRuUk(run[last - 1] ?? "")) return last - 1;
  // "Глава МИД Венгрии Петер Сийярто": a foreign first name ends in a consonant; the organisation before a name
  // is in the genitive, which ends in a vowel ("Кремля", "Венгрии", "Госдумы").
  if (last >= 1 && isCyrillicNameWord(run[last - 1] ?? "") && /[бвгджзйклмнпрстфхцчшщ]$/u.test((run[last - 1] ?? "").toLowerCase())) return last - 1;
  return last;
}

/**
 * A name written in the genitive, put in the nominative where its ending says so cheaply: "Пескова" → "Песков",
 * "Марии Захаровой" → "Мария Захарова", "Олега Ніколенка" → "Олег Ніколенко". Forms it cannot place stay as written.
 */
export function nominativeOfGenitive(tokens: readonly string[]): string[] {
  const female = tokens.some((t) => /(?:овой|евой|иной|ской|цкой|ової|евої|ської|цької|ої)$/u.test(t) || FEMALE_FIRST_NAMES_RU_UK.has(genitiveFirstName(t, "female")));
  return tokens.map((t) => (isFirstNameRuUk(t) ? t : nominativeWord(t, female)));
}

/** A first name written in the genitive ("Сергея", "Марии"), which says the whole name is. */
export function isGenitiveFirstName(word: string): boolean {
  if (isFirstNameRuUk(word)) return false;
  return isFirstNameRuUk(genitiveFirstName(word, "male")) || isFirstNameRuUk(genitiveFirstName(word, "female"));
}

function genitiveFirstName(word: string, gender: Gender): string {
  const lower = word.toLowerCase();
  if (gender === "female") {
    if (/ии$/.test(lower)) return `${lower.slice(0, -2)}ия`;
    if (/ії$/.test(lower)) return `${lower.slice(0, -2)}ія`;
    if (/[ыи]$/.test(lower)) return `${lower.slice(0, -1)}а`;
    return lower;
  }
  if (/ия$/.test(lower)) return `${lower.slice(0, -2)}ий`;
  if (/ея$/.test(lower)) return `${lower.slice(0, -2)}ей`;
  if (/ія$/.test(lower)) return `${lower.slice(0, -2)}ій`;
  if (/а$/.test(lower)) return lower.slice(0, -1);
  if (/я$/.test(lower)) return `${lower.slice(0, -1)}ь`;
  return lower;
}

function capitalise(lower: string): string {
  return lower.charAt(0).toUpperCase() + lower.slice(1);
}

function nominativeWord(word: string, female: boolean): string {
  const asFirst = genitiveFirstName(word, female ? "female" : "male");
  if (isFirstNameRuUk(asFirst)) return capitalise(asFirst);
  const rules: Array<[RegExp, string]> = female
    ? [[/(ов|ев|ин|ын)ой$/u, "$1а"], [/(ов|ев|ін|ин)ої$/u, "$1а"], [/(ск|цк)ой$/u, "$1ая"], [/(ськ|цьк)ої$/u, "$1а"]]
    : [[/(ск|цк)ого$/u, "$1ий"], [/(ськ|цьк)ого$/u, "$1ий"], [/(ов|ев|ин|ын|ін)а$/u, "$1"], [/енка$/u, "енко"], [/ука$/u, "ук"], [/ика$/u, "ик"]];
  for (const [pattern, replacement] of rules) if (pattern.test(word)) return word.replace(pattern, replacement);
  return word;
}

/** The gender a name in the nominative tells by its first name or its surname's ending; null when it does not. */
export function genderOfNameRuUk(tokens: readonly string[]): Gender | null {
  const first = (tokens[0] ?? "").toLowerCase();
  if (tokens.length > 1 && MALE_FIRST_NAMES_RU_UK.has(first)) return "male";
  if (tokens.length > 1 && FEMALE_FIRST_NAMES_RU_UK.has(first)) return "female";
  const last = (tokens.at(-1) ?? "").toLowerCase();
  if (/(?:ова|ева|ина|ына|ская|цкая|ська|цька)$/u.test(last)) return "female";
  if (/(?:ов|ев|ин|ын|ский|цкий|ський|цький)$/u.test(last)) return "male";
  return null;
}
