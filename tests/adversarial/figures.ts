import { appendFileSync } from "node:fs";

/**
 * The adversarial suite runs in two sizes: quick inside `npm test` (every kind of fault, few rounds) and full under
 * `npm run test:adversarial`, which sets ADVERSARIAL=full and collects the figures each test records.
 */
export const FULL = process.env.ADVERSARIAL === "full";

/** How many rounds a test runs: `quick` inside `npm test`, `full` under `npm run test:adversarial`. */
export function rounds(quick: number, full: number): number {
  return FULL ? full : quick;
}

/** Records what a test measured (rounds survived, inputs tried, latencies…) for the suite's summary. */
export function recordFigures(kind: string, figures: Record<string, unknown>): void {
  const file = process.env.ADVERSARIAL_FIGURES;
  if (file) appendFileSync(file, `${JSON.stringify({ kind, ...figures })}\n`);
}
