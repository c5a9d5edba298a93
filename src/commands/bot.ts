import { Command } from "commander";
import { runBot } from "../bot/run.ts";

export function botCommand(): Command {
  return new Command("bot")
    .description("run the Telegram bot (long polling, or a webhook when WEBHOOK_URL is set); needs TELEGRAM_BOT_TOKEN")
    .action(async () => {
      process.exitCode = await runBot();
    });
}
