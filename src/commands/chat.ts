import { randomUUID } from "node:crypto";
import { createInterface, type Interface } from "node:readline";
import { Command } from "commander";
import { createAnswerEngine } from "../answer/engine.ts";
import { renderText } from "../answer/render-text.ts";
import { parseDay } from "./ask.ts";
import { createRuntime, openEmbedder, openLibrary, withCommonOptions, type CommonOptions } from "./runtime.ts";

export function chatCommand(): Command {
  return withCommonOptions(new Command("chat"))
    .option("--now <date>", "answer as if today were this date (YYYY-MM-DD)", parseDay)
    .option("--conversation <id>", "continue a saved conversation (default: a new one)")
    .action(async (options: CommonOptions & { now?: Date; conversation?: string }) => {
      const runtime = createRuntime(options);
      const library = await openLibrary(runtime, { mustExist: true });
      let terminal: Interface | undefined;
      try {
        // Inside the try: a model that fails to load must still leave the library closed.
        const engine = createAnswerEngine({ library, conversations: library.conversations, embedder: await openEmbedder(runtime), logger: runtime.logger });
        const conversationId = options.conversation ?? `terminal-${randomUUID()}`;
        const count = await library.countArticles();
        process.stdout.write(`Ask about the ${count === 1 ? "article" : `${count} articles`} in the library. Empty line or Ctrl-D to quit.\n`);
        // Made only now, right before its lines are read: readline reads stdin from creation, so questions piped in
        // would otherwise be read and dropped while the model loads, and the loop would wait on a closed input.
        terminal = createInterface({ input: process.stdin, output: process.stdout, terminal: process.stdin.isTTY });
        terminal.setPrompt("> ");
        terminal.prompt();
        for await (const line of terminal) {
          if (line.trim() === "") break;
          const answer = await engine.ask(line, { conversationId, now: options.now });
          process.stdout.write(`${renderText(answer)}\n\n`);
          terminal.prompt();
        }
      } finally {
        terminal?.close();
        await library.close();
      }
    });
}
