/**
 * Names across scripts: the spellings a name written in Cyrillic takes in Latin letters and back, so that a
 * question asking about "Peskov" reaches «Песков» and «Зеленський» reaches "Zelensky".
 *
 * Cyrillic → Latin follows the standard systems: BGN/PCGN for Russian, the Ukrainian national system (2010), and
 * ISO 9 with its diacritics dropped (as it is typed), plus the forms English-language news actually prints
 * (Zelensky, Zelenskyy, Shoigu). Latin → Cyrillic inverts them into one Russian and one Ukrainian spelling: not
 * always the written one (Navalny → навалный), but the stemmed index folds soft signs and endings away, which is
 * where the two meet. Transliteration packages on npm go one way only (to ASCII, for slugs) or follow a single
 * scheme each way, and matching needs several, so the tables are here.
 */

const RUSSIAN_BGN: Record<string, string> = {
  а: "a", б: "b", в: "v", г: "g", д: "d", е: "e", ё: "yo", ж: "zh", з: "z", и: "i", й: "y", к: "k", л: "l", м: "m",
  н: "n", о: "o", п: "p", р: "r", с: "s", т: "t", у: "u", ф: "f", х: "kh", ц: "ts", ч: "ch", ш: "sh", щ: "shch",
  ъ: "", ы: "y", ь: "", э: "e", ю: "yu", я: "ya",
};

/** The Ukrainian national system (Cabinet of Ministers resolution 55, 2010), non-initial forms. */
const UKRAINIAN_NATIONAL: Record<string, string> = {
  ...RUSSIAN_BGN, г: "h", ґ: "g", е: "e", є: "ie", и: "y", і: "i", ї: "i", й: "i", ю: "iu", я: "ia", "'": "", "’": "", ʼ: "",
};

const UKRAINIAN_INITIAL: Record<string, string> = { є: "ye", ї: "yi", й: "y", ю: "yu", я: "ya" };

/** ISO 9 (1995) with the diacritics left off, as people type it: č → c, š → s, ž → z, ŝ → s. */
const ISO9_PLAIN: Record<string, string> = {
  ...RUSSIAN_BGN, ё: "e", ж: "z", й: "j", х: "h", ц: "c", ч: "c", ш: "s", щ: "s", ы: "y", э: "e", ю: "u", я: "a",
  є: "e", і: "i", ї: "i", ґ: "g",
};

const CYRILLIC = /\p{Script=Cyrillic}/u;
const LATIN = /^[a-z]+$/;

function spell(word: string, table: Record<string, string>): string {
  return [...word].map((char) => table[char] ?? char).join("");
}

/** Latin spellings of a Cyrillic word, lowercase. */
export function latinSpellings(word: string): string[] {
  const lower = word.toLowerCase();
  // The national system writes є ї й ю я at the start of a word as ye yi y yu ya.
  const initial = UKRAINIAN_INITIAL[lower[0]!];
  const national = initial ? initial + spell(lower.slice(1), UKRAINIAN_NATIONAL) : spell(lower, UKRAINIAN_NATIONAL);
  const spellings = new Set<string>([spell(lower, RUSSIAN_BGN), national, spell(lower, ISO9_PLAIN)]);
  // What the English-language press prints: -ий/-ый/-ій as -y (Zelensky, Navalny), Ukrainian -ий also as -yy
  // (Zelenskyy), and й before a consonant as i (Shoigu).
  const ending = /(?:ий|ый|ій)$/u.exec(lower);
  const press = spell(lower.replace(/(?:ий|ый|ій)$/u, "").replace(/й(?=[^аеёиоуыэюяіїє]|$)/gu, "i"), RUSSIAN_BGN);
  if (ending) {
    spellings.add(`${press}y`);
    spellings.add(`${press}yy`);
  } else {
    spellings.add(press);
  }
  return [...spellings].filter((spelling) => LATIN.test(spelling));
}

/** Multi-letter Latin sequences first, so that "shch" is not read as "s" + "h" + … */
const FROM_LATIN: Array<[string, string, string]> = [
  // latin, Russian, Ukrainian
  ["shch", "щ", "щ"], ["zh", "ж", "ж"], ["kh", "х", "х"], ["ts", "ц", "ц"], ["tz", "ц", "ц"], ["ch", "ч", "ч"],
  ["sh", "ш", "ш"], ["yu", "ю", "ю"], ["iu", "ю", "ю"], ["ya", "я", "я"], ["ia", "я", "я"], ["yo", "ё", "йо"],
  ["ye", "е", "є"], ["yi", "ий", "ї"], ["a", "а", "а"], ["b", "б", "б"], ["c", "к", "к"], ["d", "д", "д"], ["e", "е", "е"],
  ["f", "ф", "ф"], ["g", "г", "г"], ["h", "х", "г"], ["i", "и", "і"], ["j", "й", "й"], ["k", "к", "к"], ["l", "л", "л"],
  ["m", "м", "м"], ["n", "н", "н"], ["o", "о", "о"], ["p", "п", "п"], ["q", "к", "к"], ["r", "р", "р"], ["s", "с", "с"],
  ["t", "т", "т"], ["u", "у", "у"], ["v", "в", "в"], ["w", "в", "в"], ["x", "кс", "кс"], ["y", "ы", "и"], ["z", "з", "з"],
];

/** The endings of names as romanised (-sky, -skiy, -skyi, -skyy; -iy, -yi, -y), in Russian and Ukrainian. */
const LATIN_ENDINGS: Array<[RegExp, string, string]> = [
  [/sk(?:iy|yi|yy|ii|ij|y)$/, "ский", "ський"],
  [/(?:iy|yi|yy|ii|ij)$/, "ий", "ий"],
  [/(?<=[^aeiouy])y$/, "ий", "ий"],
];

/** A Latin word's Russian and Ukrainian spellings, lowercase. */
export function cyrillicSpellings(word: string): string[] {
  const lower = word.toLowerCase();
  if (!LATIN.test(lower)) return [];
  let stem = lower;
  let russianEnd = "";
  let ukrainianEnd = "";
  for (const [pattern, russian, ukrainian] of LATIN_ENDINGS) {
    if (pattern.test(stem)) {
      stem = stem.replace(pattern, "");
      [russianEnd, ukrainianEnd] = [russian, ukrainian];
      break;
    }
  }
  let russian = "";
  let ukrainian = "";
  for (let i = 0; i < stem.length; ) {
    const [latin, ru, uk] = FROM_LATIN.find(([latin]) => stem.startsWith(latin, i))!;
    russian += ru;
    ukrainian += uk;
    i += latin.length;
  }
  return [...new Set([russian + russianEnd, ukrainian + ukrainianEnd])];
}

/** The other script's spellings of a word: Latin ones for a Cyrillic word, Cyrillic ones for a Latin word. */
export function otherScriptSpellings(word: string): string[] {
  if (word.length < 3) return [];
  return CYRILLIC.test(word) ? latinSpellings(word) : cyrillicSpellings(word);
}
