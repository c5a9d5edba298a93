import { spawnSync } from "node:child_process";
import { join, relative } from "node:path";
import { libraryDir } from "./fill.ts";
import { REPO_DIR } from "./model.ts";
import { median, percentile } from "./stats.ts";

export interface ProcessTimes {
  command: string;
  p50Ms: number;
  p95Ms: number;
  runs: number;
}

export interface CliStartupResult {
  articles: number;
  /** `node -e 0`: what any Node program pays on this machine at this moment, for scale. */
  node: ProcessTimes;
  help: ProcessTimes;
  stats: ProcessTimes;
}

/** Wall time of one whole process, from spawn to exit; a failure stops the bench rather than timing an error. */
function timeProcess(args: string[]): number {
  const started = performance.now();
  const result = spawnSync(process.execPath, args, { cwd: REPO_DIR, stdio: ["ignore", "ignore", "pipe"], encoding: "utf8" });
  const ms = performance.now() - started;
  if (result.status !== 0) throw new Error(`node ${args.join(" ")} exited ${result.status ?? result.signal}: ${result.stderr}`);
  return ms;
}

/**
 * `verbatim --help` and `verbatim stats` on a filled library as a user runs them: whole processes through
 * bin/verbatim.js, alternating with a bare `node -e 0` so load on the shared machine hits all three alike.
 * dist/ is rebuilt first, so the figures are for the current source.
 */
export function measureCliStartup(articles: number, runs: number): CliStartupResult {
  const build = spawnSync(process.execPath, [join(REPO_DIR, "scripts", "build.js")], { stdio: "inherit" });
  if (build.status !== 0) throw new Error("npm run build failed");
  const bin = join(REPO_DIR, "bin", "verbatim.js");
  const commands = {
    node: ["-e", "0"],
    help: [bin, "--help"],
    stats: [bin, "stats", "--data-dir", relative(REPO_DIR, libraryDir(articles))],
  };
  const times = { node: [] as number[], help: [] as number[], stats: [] as number[] };
  // One untimed round warms the page cache for the modules and the database.
  for (const args of Object.values(commands)) timeProcess(args);
  for (let run = 0; run < runs; run++) {
    for (const [name, args] of Object.entries(commands) as Array<[keyof typeof commands, string[]]>) times[name].push(timeProcess(args));
  }
  const summary = (name: keyof typeof commands): ProcessTimes => ({
    command: name === "node" ? "node -e 0" : `verbatim ${commands[name].slice(1).join(" ")}`,
    p50Ms: median(times[name]),
    p95Ms: percentile(times[name], 95),
    runs,
  });
  return { articles, node: summary("node"), help: summary("help"), stats: summary("stats") };
}
