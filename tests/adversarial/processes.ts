import { readdirSync, readFileSync } from "node:fs";

/**
 * Ids of the live processes whose environment holds `marker` (e.g. `DATA_DIR=/tmp/x`): how a test finds the bot
 * that npm or a shell started for it, whoever its parent is now. Linux only (/proc).
 */
export function processesWithEnv(marker: string): number[] {
  const found: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const environ = readFileSync(`/proc/${entry}/environ`, "latin1").split("\0");
      const state = /^State:\s+(\w)/m.exec(readFileSync(`/proc/${entry}/status`, "latin1"))?.[1];
      if (environ.includes(marker) && state !== "Z") found.push(Number(entry));
    } catch {
      // The process ended while we looked.
    }
  }
  return found;
}

export function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "latin1").split("\0").join(" ").trim();
  } catch {
    return "";
  }
}
