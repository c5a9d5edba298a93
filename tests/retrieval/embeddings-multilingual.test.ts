import { cp, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfiguredEmbeddings, loadEmbeddings, prefixesFor, type LocalEmbeddings } from "../../src/retrieval/embeddings.ts";

// A random-weight BERT with an XLM-RoBERTa (SentencePiece Unigram) tokenizer, the family of
// Xenova/multilingual-e5-small, written by scripts/make-tiny-model.py --tokenizer xlmr. Mechanics only, no meaning.
const TINY_E5 = join(import.meta.dirname, "../fixtures/models/tiny-multilingual-e5");

function expectClose(actual: number[] | undefined, expected: number[] | undefined): void {
  expect(actual).toBeDefined();
  expect(actual).toHaveLength(expected!.length);
  actual!.forEach((value, i) => expect(value).toBeCloseTo(expected![i]!, 5));
}

function loaded(load: { embeddings: LocalEmbeddings | null; reason: string | null } | null): LocalEmbeddings {
  if (!load?.embeddings) throw new Error(`tiny model did not load: ${load?.reason}`);
  return load.embeddings;
}

let dir: string;
let e5: LocalEmbeddings;
let plain: LocalEmbeddings;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "verbatim-e5-"));
  // The same files under a name that is no E5 model's: embedded without prefixes, to compare with.
  const renamed = join(dir, "tiny-xlmr");
  await cp(TINY_E5, renamed, { recursive: true });
  e5 = loaded(await loadEmbeddings({ model: TINY_E5, cacheDir: dir, dtype: "fp32", allowRemote: false }));
  plain = loaded(await loadEmbeddings({ model: renamed, cacheDir: dir, dtype: "fp32", allowRemote: false }));
});

afterAll(async () => {
  await e5?.dispose();
  await plain?.dispose();
  await rm(dir, { recursive: true, force: true });
});

describe("a multilingual E5 model's query and passage prefixes", () => {
  it("are chosen by the model's name", () => {
    expect(prefixesFor("Xenova/multilingual-e5-small")).toEqual({ query: "query: ", passage: "passage: " });
    expect(prefixesFor("intfloat/e5-base-v2")).not.toBeNull();
    expect(prefixesFor("Xenova/all-MiniLM-L6-v2")).toBeNull();
    expect(prefixesFor("Xenova/paraphrase-multilingual-MiniLM-L12-v2")).toBeNull();
    expect(e5.prefixes).not.toBeNull();
    expect(plain.prefixes).toBeNull();
  });

  it("are put before questions and passages by the loaded model", async () => {
    const question = "Что сказал Песков о переговорах?";
    const passage = "«Мы не видим оснований менять нашу позицию», — заявил Песков.";
    const [asQuery, asPassage] = await Promise.all([e5.embedQuery(question), e5.embedDocuments([passage])]);
    expectClose(asQuery, (await plain.embedDocuments([`query: ${question}`]))[0]);
    expectClose(asPassage[0], (await plain.embedDocuments([`passage: ${passage}`]))[0]);
    // Without the prefix the vector differs: the prefix really reached the model.
    const bare = await plain.embedQuery(question);
    expect(bare.some((value, i) => Math.abs(value - asQuery[i]!) > 1e-4)).toBe(true);
  });

  it("tokenizes Cyrillic into the model's own pieces, not unknowns", async () => {
    const { AutoTokenizer } = await import("@huggingface/transformers");
    const tokenizer = await AutoTokenizer.from_pretrained(TINY_E5, { local_files_only: true });
    const pieces = tokenizer.tokenize("заявил Песков");
    expect(pieces).toContain("\u2581заявил");
    expect(pieces).not.toContain("<unk>");
  });

  it("can be switched off or forced by EMBEDDING_PREFIXES", async () => {
    const off = loaded(await loadConfiguredEmbeddings({ EMBEDDINGS: "auto", EMBEDDING_MODEL: TINY_E5, MODEL_CACHE_DIR: dir, EMBEDDING_PREFIXES: "none" }));
    const forced = loaded(await loadConfiguredEmbeddings({ EMBEDDINGS: "auto", EMBEDDING_MODEL: join(dir, "tiny-xlmr"), MODEL_CACHE_DIR: dir, EMBEDDING_PREFIXES: "e5" }));
    try {
      expect(off.prefixes).toBeNull();
      expect(forced.prefixes).toEqual({ query: "query: ", passage: "passage: " });
    } finally {
      await off.dispose();
      await forced.dispose();
    }
  });
});
