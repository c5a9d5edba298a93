import { Command } from "commander";
import { runBot } from "../bot/run.ts";

export function botCommand(): Command {
  return new Command("bot")
    .action(async () => {
      process.exitCode = await runBot();
    });
}
