import { Command, CommanderError } from "commander";
import { ConfigError } from "./config.ts";
import { askCommand } from "./commands/ask.ts";
import { chatCommand } from "./commands/chat.ts";
import { evalCommand } from "./commands/eval.ts";
import { botCommand } from "./commands/bot.ts";
import { extractCommand } from "./commands/extract.ts";
import { ingestCommand } from "./commands/ingest.ts";
import { reindexCommand } from "./commands/reindex.ts";
import { statsCommand } from "./commands/stats.ts";

export function buildCli(): Command {
  return new Command("verbatim")
    .description("Answers questions about the news you give it, in the articles' own words.")
    .addCommand(ingestCommand())
    .addCommand(extractCommand())
    .addCommand(statsCommand())
    .addCommand(reindexCommand())
    .addCommand(askCommand())
    .addCommand(chatCommand())
    .addCommand(evalCommand())
    .addCommand(botCommand())
    .exitOverride()
    .showHelpAfterError();
}

/** Runs the `verbatim` command line and returns the exit code. */
export async function runCli(argv: readonly string[]): Promise<number> {
  try {
    await buildCli().parseAsync([...argv]);
    return typeof process.exitCode === "number" ? process.exitCode : 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode;
    if (error instanceof ConfigError) {
      process.stderr.write(`verbatim: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
}
