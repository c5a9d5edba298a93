import { createServer, type Server } from "node:http";
import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pipeline } from "@huggingface/transformers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadEmbeddings, type LocalEmbeddings } from "../../src/retrieval/embeddings.ts";

// A random-weight BERT written by scripts/make-tiny-model.py: real tokenizer, real ONNX graph, no meaning.
// Its vectors are not semantically useful, so these tests check mechanics, never similarity rankings.
const TINY_MODEL = join(import.meta.dirname, "../fixtures/models/tiny-bert");

const TEXTS = [
  "The central bank raised interest rates on Wednesday.",
  "Flooding closed roads across the north.",
  "A",
  "Shares fell in early trading before recovering in the afternoon, while the currency rose against the dollar and investors waited for the minutes of the meeting.",
  "Talks on a ceasefire resumed in the capital.",
];

function norm(vector: number[]): number {
  return Math.sqrt(vector.reduce((sum, x) => sum + x * x, 0));
}

function expectClose(actual: number[], expected: number[]): void {
  expect(actual).toHaveLength(expected.length);
  actual.forEach((value, i) => expect(value).toBeCloseTo(expected[i]!, 5));
}

let cacheDir: string;
let single: LocalEmbeddings;
let batched: LocalEmbeddings;
let quantized: LocalEmbeddings;

beforeAll(async () => {
  cacheDir = await mkdtemp(join(tmpdir(), "verbatim-models-"));
  // fp32 for exact comparisons; q8 quantizes activations per batch, so it is only close to them.
  const loads = await Promise.all([
    loadEmbeddings({ model: TINY_MODEL, cacheDir, dtype: "fp32", allowRemote: false, batchSize: 1 }),
    loadEmbeddings({ model: TINY_MODEL, cacheDir, dtype: "fp32", allowRemote: false, batchSize: 3 }),
    loadEmbeddings({ model: TINY_MODEL, cacheDir, dtype: "q8", allowRemote: false, batchSize: 3 }),
  ]);
  const [one, three, q8] = loads.map((load) => {
    if (!load.embeddings) throw new Error(`tiny model did not load: ${load.reason}`);
    return load.embeddings;
  });
  single = one!;
  batched = three!;
  quantized = q8!;
});

afterAll(async () => {
  await single?.dispose();
  await batched?.dispose();
  await quantized?.dispose();
  await rm(cacheDir, { recursive: true, force: true });
});

describe("LocalEmbeddings over the tiny model", () => {
  it("names the model after its folder and reports the hidden size", () => {
    expect(single.modelName).toBe("tiny-bert");
    expect(single.dimensions).toBe(32);
  });

  it("returns one unit-length vector per text", async () => {
    const vectors = await single.embedDocuments(TEXTS);
    expect(vectors).toHaveLength(TEXTS.length);
    for (const vector of vectors) {
      expect(vector).toHaveLength(32);
      expect(norm(vector)).toBeCloseTo(1, 5);
    }
  });

  it("is deterministic: the same text gives the same vector, different texts differ", async () => {
    const [a, b, c] = await single.embedDocuments([TEXTS[0]!, TEXTS[0]!, TEXTS[1]!]);
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
    expect(await single.embedQuery(TEXTS[0]!)).toEqual(a);
  });

  it("gives the same vectors whether texts are padded into a batch or embedded alone", async () => {
    const alone = await Promise.all(TEXTS.map((text) => single.embedQuery(text)));
    const together = await batched.embedDocuments(TEXTS);
    together.forEach((vector, i) => expectClose(vector, alone[i]!));
  });

  it("keeps the caller's order although batches are formed by length", async () => {
    const reversed = [...TEXTS].reverse();
    const forward = await batched.embedDocuments(TEXTS);
    const backward = await batched.embedDocuments(reversed);
    backward.forEach((vector, i) => expectClose(vector, forward[TEXTS.length - 1 - i]!));
  });

  it("handles no texts and an empty text", async () => {
    expect(await batched.embedDocuments([])).toEqual([]);
    const [empty] = await batched.embedDocuments([""]);
    expect(norm(empty!)).toBeCloseTo(1, 5);
  });

  it("embeds short texts exactly as transformers.js's feature-extraction pipeline does", async () => {
    const extractor = await pipeline("feature-extraction", TINY_MODEL, { dtype: "fp32", local_files_only: true });
    try {
      const ours = await single.embedDocuments(TEXTS);
      for (const [i, text] of TEXTS.entries()) {
        const theirs = await extractor(text, { pooling: "mean", normalize: true });
        expectClose(ours[i]!, Array.from(theirs.data as Float32Array));
        theirs.dispose();
      }
    } finally {
      await extractor.dispose();
    }
  });

  it("embeds up to the tokenizer's limit when the model states no other", () => {
    expect(single.maxTokens).toBe(128);
  });

  it("runs the int8 file of the same model to nearly the same unit vectors", async () => {
    const exact = await single.embedDocuments(TEXTS);
    const approximate = await quantized.embedDocuments(TEXTS);
    approximate.forEach((vector, i) => {
      expect(norm(vector)).toBeCloseTo(1, 5);
      expect(vector.reduce((sum, x, j) => sum + x * exact[i]![j]!, 0)).toBeGreaterThan(0.99);
    });
  });
});

describe("the model's configured input length", () => {
  // Twelve words, then two different endings: alike only if a text is cut before its ending.
  const opening = "Harbour dredging will start in spring after the council approved the final plan";
  const endings = [`${opening}, fishers said on Tuesday.`, `${opening}; the mayor welcomed the decision warmly.`];
  let folder: string;

  beforeAll(async () => {
    folder = join(cacheDir, "tiny-bert-short");
    await cp(TINY_MODEL, folder, { recursive: true });
    await writeFile(join(folder, "sentence_bert_config.json"), JSON.stringify({ max_seq_length: 12, do_lower_case: false }));
  });

  it("cuts every text at the max_seq_length of the model's sentence_bert_config.json", async () => {
    const load = await loadEmbeddings({ model: folder, cacheDir, dtype: "fp32", allowRemote: false });
    const short = load.embeddings!;
    try {
      expect(short.maxTokens).toBe(12);
      const [a, b] = await short.embedDocuments(endings);
      expect(a).toEqual(b);
      const [c, d] = await single.embedDocuments(endings);
      expect(c).not.toEqual(d);
    } finally {
      await short.dispose();
    }
  });

  it("fetches a hub model's sentence_bert_config.json with the model and keeps it in the cache", async () => {
    const requested: string[] = [];
    const hub = createServer((request, response) => {
      const path = decodeURIComponent(new URL(request.url ?? "/", "http://hub").pathname);
      requested.push(path);
      const file = /^\/acme\/tiny-bert\/resolve\/main\/(.+)$/.exec(path)?.[1];
      readFile(join(folder, file ?? "missing")).then(
        (body) => response.end(body),
        () => response.writeHead(404).end(),
      );
    });
    await new Promise<void>((resolve) => hub.listen(0, "127.0.0.1", resolve));
    const hubCache = join(cacheDir, "hub");
    try {
      const remoteHost = `http://127.0.0.1:${(hub.address() as AddressInfo).port}/`;
      const load = await loadEmbeddings({ model: "acme/tiny-bert", cacheDir: hubCache, dtype: "fp32", remoteHost });
      expect(load.reason).toBeNull();
      expect(load.embeddings!.maxTokens).toBe(12);
      await load.embeddings!.dispose();
      expect(requested).toContain("/acme/tiny-bert/resolve/main/sentence_bert_config.json");
      expect(JSON.parse(await readFile(join(hubCache, "acme/tiny-bert/sentence_bert_config.json"), "utf8"))).toMatchObject({ max_seq_length: 12 });
    } finally {
      hub.closeAllConnections();
      await new Promise((resolve) => hub.close(resolve));
    }
  });
});

describe("loadEmbeddings without a model", () => {
  it("reports a missing folder without throwing", async () => {
    const result = await loadEmbeddings({ model: join(cacheDir, "no-such-model"), cacheDir, allowRemote: true });
    expect(result.embeddings).toBeNull();
    expect(result.reason).toMatch(/no model folder/);
  });

  it("reports an uncached hub model at once when downloads are off", async () => {
    const result = await loadEmbeddings({ model: "Xenova/all-MiniLM-L6-v2", cacheDir, allowRemote: false });
    expect(result.embeddings).toBeNull();
    expect(result.reason).toMatch(/not cached and downloads are off/);
  });

  describe("with a hub that never answers", () => {
    let hub: Server;
    let remoteHost: string;

    beforeAll(async () => {
      hub = createServer(() => {
        // Holds every request open, like a firewall that drops packets.
      });
      await new Promise<void>((resolve) => hub.listen(0, "127.0.0.1", resolve));
      remoteHost = `http://127.0.0.1:${(hub.address() as AddressInfo).port}/`;
    });

    afterAll(async () => {
      hub.closeAllConnections();
      await new Promise((resolve) => hub.close(resolve));
    });

    it("gives up after the timeout with the reason", async () => {
      const result = await loadEmbeddings({
        model: "Xenova/all-MiniLM-L6-v2",
        cacheDir,
        allowRemote: true,
        remoteHost,
        remoteTimeoutMs: 300,
      });
      expect(result.embeddings).toBeNull();
      expect(result.reason).toMatch(/no answer within 300 ms/);
    });
  });
});
