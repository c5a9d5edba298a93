/** Words as the search and the answers see them: split, normalised, stop words told apart, stemmed. */
// Function words, question words and quiz filler: they say nothing about which article answers.
export const STOP_WORDS = new Set(
  `a about above after again against all also am an and any are aren't as at be because been before being below between both but by
  can could did do does doing don't down during each few for from further had has have having he her here hers herself him himself his
  how i if in into is isn't it it's its itself just let me more most my myself no nor not now of off on once only or other our ours
  ourselves out over own same she should so some such than that that's the their theirs them themselves then there these they this
  those through to too under until up very was wasn't we were what when where which while who whom whose why will with would you your
  yours yourself yourselves according week weeks month year years day days today yesterday tonight recently recent latest newest news
  story stories article articles report reported reports tell told say said says saying happened happen happens new one ones many much
  week's named called known name following per via among amid since get got make made become became take took give gave
  anyone anybody anything someone somebody something everyone everybody everything nobody nothing whoever whatever
  exactly actually really precisely`
    .split(/\s+/)
    .filter(Boolean),
);

/**
 * A word is what `/[\p{L}\p{N}]+(?:['’][\p{L}]+)*\/u` matches: a run of letters and digits, then any number of
 * apostrophes each followed by letters ("don't", "O’Brien"). `rawWords` scans for it by hand: search splits a
 * few hundred passages per question, and the regular expression's match objects were most of that cost.
 */
const OTHER = 1;
const DIGIT = 2;
const LETTER = 3;
/** Character class of each BMP code point, filled in as code points are met (0: not yet known). */
const bmpClasses = new Uint8Array(0x10000);

function classify(codePoint: number): number {
  const char = String.fromCodePoint(codePoint);
  return /\p{L}/u.test(char) ? LETTER : /\p{N}/u.test(char) ? DIGIT : OTHER;
}

function charClass(codePoint: number): number {
  if (codePoint < 0x80) {
    if ((codePoint >= 97 && codePoint <= 122) || (codePoint >= 65 && codePoint <= 90)) return LETTER;
    return codePoint >= 48 && codePoint <= 57 ? DIGIT : OTHER;
  }
  if (codePoint > 0xffff) return classify(codePoint);
  let known = bmpClasses[codePoint]!;
  if (known === 0) {
    known = classify(codePoint);
    bmpClasses[codePoint] = known;
  }
  return known;
}

/** Lowercase, curly apostrophes straightened, possessive 's dropped. */
export function normalizeWord(word: string): string {
  const lower = word.toLowerCase();
  // Most words hold no apostrophe: skip the replacements for them.
  if (!lower.includes("'") && !lower.includes("’")) return lower;
  return lower.replace(/’/g, "'").replace(/'s$/, "");
}

export function isStopWord(word: string): boolean {
  return STOP_WORDS.has(normalizeWord(word));
}

/** Words of a text as written, in the same positions as `words`. */
export function rawWords(text: string): string[] {
  const found: string[] = [];
  const length = text.length;
  let i = 0;
  // Code points, not UTF-16 units: a letter outside the BMP is two units.
  const step = (codePoint: number): number => (codePoint > 0xffff ? 2 : 1);
  while (i < length) {
    let codePoint = text.codePointAt(i)!;
    if (charClass(codePoint) === OTHER) {
      i += step(codePoint);
      continue;
    }
    const start = i;
    i += step(codePoint);
    while (i < length && charClass((codePoint = text.codePointAt(i)!)) !== OTHER) i += step(codePoint);
    while (i + 1 < length) {
      const apostrophe = text.charCodeAt(i);
      if (apostrophe !== 0x27 && apostrophe !== 0x2019) break;
      codePoint = text.codePointAt(i + 1)!;
      if (charClass(codePoint) !== LETTER) break;
      i += 1 + step(codePoint);
      while (i < length && charClass((codePoint = text.codePointAt(i)!)) === LETTER) i += step(codePoint);
    }
    found.push(text.slice(start, i));
  }
  return found;
}

/** Words of a text, normalised, stop words kept. */
export function words(text: string): string[] {
  return rawWords(text).map(normalizeWord);
}

/**
 * A light suffix stripper, so "arrested"/"arrests"/"arresting" and "cities"/"city" meet when checking which
 * question terms a passage covers. FTS5's porter stemmer does the same job inside the index.
 */
export function stem(word: string): string {
  let w = word.toLowerCase();
  if (w.length <= 3 || /\d/.test(w)) return w;
  if (w.endsWith("ies") && w.length > 4) return `${w.slice(0, -3)}y`;
  if (w.endsWith("sses")) w = w.slice(0, -2);
  else if (w.endsWith("es") && /(ch|sh|x|z)es$/.test(w)) w = w.slice(0, -2);
  else if (w.endsWith("s") && !w.endsWith("ss") && !w.endsWith("us") && !w.endsWith("is")) w = w.slice(0, -1);
  if (w.endsWith("ing") && w.length > 5) w = w.slice(0, -3);
  else if (w.endsWith("ed") && w.length > 4) w = w.slice(0, -2);
  if (/([^aeiouls])\1$/.test(w)) w = w.slice(0, -1);
  if (w.endsWith("e") && w.length > 4) w = w.slice(0, -1);
  return w;
}


/**
 * Word as written → normalised and stemmed. News reuses a small vocabulary, and search stems a few hundred
 * passages per question, so remembering the answers saves most of that work; the memo is dropped when it
 * grows large, so odd words cannot pile up.
 */
const stemmed = new Map<string, string>();
const STEM_MEMO_LIMIT = 200_000;

/** Stemmed words of a text, in order. */
export function stemmedWords(text: string): string[] {
  return stemWords(rawWords(text));
}

/** Words as written (see `rawWords`), normalised and stemmed, in order. */
export function stemWords(rawWordList: readonly string[]): string[] {
  const result: string[] = [];
  for (const raw of rawWordList) {
    let word = stemmed.get(raw);
    if (word === undefined) {
      if (stemmed.size >= STEM_MEMO_LIMIT) stemmed.clear();
      word = stem(normalizeWord(raw));
      stemmed.set(raw, word);
    }
    result.push(word);
  }
  return result;
}

/** Whether `phrase` (words, space-separated, lowercased) occurs as consecutive words of `tokens`. */
export function containsPhrase(tokens: readonly string[], phrase: readonly string[]): boolean {
  if (phrase.length === 0) return false;
  outer: for (let i = 0; i + phrase.length <= tokens.length; i++) {
    for (let j = 0; j < phrase.length; j++) if (tokens[i + j] !== phrase[j]) continue outer;
    return true;
  }
  return false;
}

/** 5-word shingles, for telling copies of one story apart from stories that merely share a topic. */
export function shingles(text: string, size = 5): Set<string> {
  const tokens = words(text);
  const result = new Set<string>();
  for (let i = 0; i + size <= tokens.length; i++) result.add(tokens.slice(i, i + size).join(" "));
  if (result.size === 0 && tokens.length > 0) result.add(tokens.join(" "));
  return result;
}

export function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let shared = 0;
  for (const item of small) if (large.has(item)) shared++;
  return shared / (a.size + b.size - shared);
}
