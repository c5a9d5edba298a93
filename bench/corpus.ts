import { createReadStream, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { createGunzip } from "node:zlib";
import { CACHE_DIR } from "./model.ts";

/** Measuring material only: its text is read at run time and never copied into the repository. */
export const EVAL_DIR = join(import.meta.dirname, "..", "..", "shared", "eval", "realtimeqa-dev");
export const CORPUS_FILE = join(EVAL_DIR, "corpus.jsonl.gz");
export const QUESTIONS_FILE = join(EVAL_DIR, "questions.jsonl");

export interface CorpusRecord {
  id: string;
  url: string;
  title: string;
  text: string;
  publish_date: string;
  source_domain: string;
}

export interface Question {
  id: string;
  date: string;
  question: string;
  answer_text: string;
}

/** The first `limit` corpus lines, raw, in file order. */
export async function corpusLines(limit = Infinity): Promise<string[]> {
  const lines: string[] = [];
  const input = createReadStream(CORPUS_FILE).pipe(createGunzip());
  for await (const line of createInterface({ input, crlfDelay: Infinity })) {
    if (line.trim() === "") continue;
    lines.push(line);
    if (lines.length >= limit) break;
  }
  input.destroy();
  return lines;
}

export async function corpusRecords(limit = Infinity): Promise<CorpusRecord[]> {
  return (await corpusLines(limit)).map((line) => JSON.parse(line) as CorpusRecord);
}

/** A plain JSONL file with the first `count` articles, the input both ingest pipelines parse. */
export async function corpusSlice(count: number): Promise<string> {
  const path = join(CACHE_DIR, `corpus-${count}.jsonl`);
  if (existsSync(path)) return path;
  mkdirSync(CACHE_DIR, { recursive: true });
  const lines = await corpusLines(count);
  writeFileSync(`${path}.tmp`, `${lines.join("\n")}\n`);
  renameSync(`${path}.tmp`, path);
  return path;
}

export function questions(): Question[] {
  return readFileSync(QUESTIONS_FILE, "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as Question);
}
