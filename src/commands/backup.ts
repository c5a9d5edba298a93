import { existsSync, statSync } from "node:fs";
import { Command } from "commander";
import { UsageError } from "../errors.ts";
import { createRuntime, openLibrary, print, withCommonOptions, type CommonOptions } from "./runtime.ts";

export function backupCommand(): Command {
  return withCommonOptions(new Command("backup"))
    .argument("<file>", "where to write the copy (must not exist yet)")
    .addHelpText("after", "\nTo restore: copy the file to <folder>/library.db and point DATA_DIR (or --data-dir) at <folder>; the vector index is rebuilt from it.")
    .action(async (file: string, options: CommonOptions) => {
      if (existsSync(file)) throw new UsageError(`${file} already exists: choose a new file name (a backup never overwrites anything).`);
      const runtime = createRuntime(options);
      const library = await openLibrary(runtime, { mustExist: true });
      try {
        await library.backup(file);
        const bytes = statSync(file).size;
        print(runtime, { file, bytes }, `backed up the library (${(bytes / 1e6).toFixed(1)} MB) to ${file}`);
      } finally {
        await library.close();
      }
    });
}
