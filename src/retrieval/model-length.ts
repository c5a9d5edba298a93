import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";

/**
 * Where a sentence-transformers model states the longest input it was trained and meant to embed
 * (all-MiniLM-L6-v2: 256 word pieces, though its tokenizer and position table allow 512). transformers.js
 * does not read this file, so without it every model embeds up to its tokenizer's limit.
 */
export const SENTENCE_CONFIG_FILE = "sentence_bert_config.json";

export type ModelLocation = { kind: "folder"; path: string } | { kind: "hub"; id: string; cacheDir: string; remoteHost: string | null };

function maxSeqLength(text: string): number | null {
  const value = (JSON.parse(text) as { max_seq_length?: unknown }).max_seq_length;
  return typeof value === "number" && Number.isInteger(value) && value > 0 ? value : null;
}

function readLocal(path: string): string | null {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return null;
  }
}

/**
 * The model's configured maximum input length from its own sentence_bert_config.json, or null when it has none.
 * A hub model's file is read from the cache, or fetched into it when downloads are allowed (`remoteHost` set);
 * a model published without one simply has none.
 */
export async function configuredMaxSeqLength(location: ModelLocation, fetchFile: (url: URL) => Promise<Response> = fetch): Promise<number | null> {
  if (location.kind === "folder") {
    const text = readLocal(join(location.path, SENTENCE_CONFIG_FILE));
    return text === null ? null : maxSeqLength(text);
  }
  const cached = join(location.cacheDir, location.id, SENTENCE_CONFIG_FILE);
  const text = readLocal(cached);
  if (text !== null) return maxSeqLength(text);
  if (location.remoteHost === null) return null;
  const response = await fetchFile(new URL(`${location.id}/resolve/main/${SENTENCE_CONFIG_FILE}`, location.remoteHost));
  if (response.status === 404) return null;
  if (!response.ok) throw new Error(`${SENTENCE_CONFIG_FILE}: HTTP ${response.status}`);
  const body = await response.text();
  mkdirSync(dirname(cached), { recursive: true });
  writeFileSync(cached, body);
  return maxSeqLength(body);
}
