import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";

export const BENCH_DIR = import.meta.dirname;
export const REPO_DIR = join(BENCH_DIR, "..");
/** Git-ignored: derived data (libraries, corpus slices) reused between runs. */
export const CACHE_DIR = join(BENCH_DIR, "cache");
export const MODEL_DIR = join(BENCH_DIR, "models", "minilm-shaped");

const MODEL_FILES = ["config.json", "tokenizer.json", "sentence_bert_config.json", "onnx/model.onnx", "onnx/model_quantized.onnx"];
const PYTHON = "/usr/bin/python3";
/** What make-tiny-model.py imports; Debian packages them, and no other registry is reachable here. */
const DEBIAN_PACKAGES = ["python3-numpy", "python3-onnx"];

function pythonHasOnnx(): boolean {
  return spawnSync(PYTHON, ["-c", "import numpy, onnx"], { stdio: "ignore" }).status === 0;
}

function aptGet(args: string[]): boolean {
  return spawnSync("apt-get", args, { stdio: ["ignore", "ignore", "inherit"], env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" } }).status === 0;
}

/**
 * The system python gets numpy and onnx from Debian when it lacks them. Only root can install them, so anyone else
 * is told the one command to run.
 */
function ensurePythonOnnx(log: (line: string) => void): void {
  if (pythonHasOnnx()) return;
  const install = ["install", "-y", "--no-install-recommends", ...DEBIAN_PACKAGES];
  if (process.getuid?.() !== 0 || !existsSync("/usr/bin/apt-get")) {
    throw new Error(`the benchmark model is written by ${PYTHON} with numpy and onnx; install them first: sudo apt-get ${install.join(" ")}`);
  }
  log(`installing ${DEBIAN_PACKAGES.join(" and ")} from Debian for make-tiny-model.py (once, about a minute)…`);
  // A fresh machine may have no package lists yet; update only when the first try fails.
  if (!aptGet(install) && !(aptGet(["update"]) && aptGet(install))) throw new Error(`apt-get ${install.join(" ")} failed`);
  if (!pythonHasOnnx()) throw new Error(`${PYTHON} still cannot import numpy and onnx after installing ${DEBIAN_PACKAGES.join(", ")}`);
}

/**
 * The MiniLM-L6-v2-shaped model (random weights) the compute figures need. It is never committed, so a fresh
 * clone writes it here on first use with the system python and Debian's onnx and numpy (installed if missing).
 */
export function ensureModel(log: (line: string) => void): string {
  if (MODEL_FILES.every((file) => existsSync(join(MODEL_DIR, file)))) return MODEL_DIR;
  ensurePythonOnnx(log);
  log(`writing the MiniLM-shaped model to ${MODEL_DIR} (about a minute)…`);
  const result = spawnSync(PYTHON, [join(REPO_DIR, "scripts", "make-tiny-model.py"), "--preset", "minilm", "--out", MODEL_DIR], {
    stdio: ["ignore", "inherit", "inherit"],
  });
  if (result.status !== 0) throw new Error(`make-tiny-model.py failed (exit ${result.status ?? result.signal})`, { cause: result.error });
  return MODEL_DIR;
}
