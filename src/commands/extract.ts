import { writeFile } from "node:fs/promises";
import { Command } from "commander";
import { extractFiles } from "../ingest/extract.ts";
import { requirePath, withCommonOptions, type CommonOptions } from "./runtime.ts";

export function extractCommand(): Command {
  return withCommonOptions(new Command("extract"))
    .argument("<paths...>", ".html or .html.gz files, or folders of them")
    .option("--out <file>", "write the JSON here instead of standard output")
    .action(async (paths: string[], options: CommonOptions & { out?: string }) => {
      for (const path of paths) requirePath(path, "file or folder");
      const predictions = await extractFiles(paths, {
        onRefused: (name, error) => process.stderr.write(`verbatim: ${name}: not extracted: ${error.userMessage}\n`),
      });
      const json = JSON.stringify(predictions, null, options.json ? 0 : 2);
      if (options.out) await writeFile(options.out, `${json}\n`);
      else process.stdout.write(`${json}\n`);
    });
}
