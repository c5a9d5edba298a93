import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";

export const BENCH_DIR = import.meta.dirname;
export const REPO_DIR = join(BENCH_DIR, "..");
/** Git-ignored: derived data (libraries, corpus slices) reused between runs. */
export const CACHE_DIR = join(BENCH_DIR, "cache");
export const MODEL_DIR = join(BENCH_DIR, "models", "minilm-shaped");

const MODEL_FILES = ["config.json", "tokenizer.json", "onnx/model.onnx", "onnx/model_quantized.onnx"];

/**
 * The MiniLM-L6-v2-shaped model (random weights) the compute figures need. It is never committed, so a fresh
 * clone writes it here on first use with the system python, which has Debian's onnx and numpy.
 */
export function ensureModel(log: (line: string) => void): string {
  if (MODEL_FILES.every((file) => existsSync(join(MODEL_DIR, file)))) return MODEL_DIR;
  log(`writing the MiniLM-shaped model to ${MODEL_DIR} (about a minute)…`);
  const result = spawnSync("/usr/bin/python3", [join(REPO_DIR, "scripts", "make-tiny-model.py"), "--preset", "minilm", "--out", MODEL_DIR], {
    stdio: ["ignore", "inherit", "inherit"],
  });
  if (result.status !== 0) throw new Error(`make-tiny-model.py failed (exit ${result.status ?? result.signal}): is python3-onnx installed?`, { cause: result.error });
  return MODEL_DIR;
}
