import { existsSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.ts";
import { tempDir } from "../helpers/temp-dir.ts";
import { recordFigures } from "./figures.ts";

/** Command lines a person gets wrong, and what each must say: one line, what is wrong and what to do. */
function cases(missing: string): Array<{ args: string[]; says: RegExp }> {
  return [
    { args: ["ask", ""], says: /^verbatim: ask needs a question, e\.g\. verbatim ask "/ },
    { args: ["ask", "   "], says: /^verbatim: ask needs a question/ },
    { args: ["ask"], says: /^verbatim: ask needs a question/ },
    { args: ["ask", "What did the mayor say?", "--data-dir", missing], says: /^verbatim: there is no library in .*: check --data-dir or DATA_DIR, or add articles first with `verbatim ingest`/ },
    { args: ["stats", "--data-dir", missing], says: /^verbatim: there is no library in / },
    { args: ["reindex", "--data-dir", missing], says: /^verbatim: there is no library in / },
    { args: ["ask", "--jsonl", join(missing, "questions.jsonl")], says: /^verbatim: .*questions\.jsonl: no such file/ },
    { args: ["extract", join(missing, "page.html")], says: /^verbatim: .*page\.html: no such file or folder/ },
    { args: ["eval", "--dataset", missing], says: /^verbatim: .* holds no corpus\.jsonl\.gz: --dataset needs a folder with corpus\.jsonl\.gz and questions\.jsonl/ },
  ];
}

describe("bad command-line input", () => {
  const scratch = tempDir("verbatim-cli-input-");
  afterAll(scratch.remove);
  const missing = join(scratch.path, "mistyped-library");

  it("each mistake gets one line saying what is wrong and what to do, exit code 2, and no library is created", { timeout: 180_000 }, async () => {
    const all = cases(missing);
    const runs = await Promise.all(all.map(({ args }) => runCli(args, { DATA_DIR: missing })));
    all.forEach(({ args, says }, i) => {
      const run = runs[i]!;
      expect({ args, code: run.code, stderr: run.stderr.trim().split("\n") }).toEqual({ args, code: 2, stderr: [expect.stringMatching(says)] });
    });
    expect(existsSync(missing)).toBe(false);
    recordFigures("bad command-line input", { inputs: all.length });
  });

  it("a link refused for its port or address names the setting that allows it in a local setup", { timeout: 60_000 }, async () => {
    const data = join(scratch.path, "library");
    const links = ["http://127.0.0.1/news", "http://example.com:8080/news", "http://[::1]/news", "http://10.0.0.7/news"];
    const run = await runCli(["ingest", ...links], { DATA_DIR: data });
    expect(run.code).toBe(1);
    const failures = run.stdout.split("\n").filter((line) => line.startsWith("✗"));
    expect(failures).toHaveLength(links.length);
    for (const line of failures) expect(line).toMatch(/: that link points to .* \(ALLOW_PRIVATE_URLS=true allows it, for local setups\)$/);
    recordFigures("bad command-line input", { inputs: links.length });
  });
});
