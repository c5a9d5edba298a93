import { Command, CommanderError } from "commander";
import { asLibraryUnusable, ConfigError, LibraryUnusable, UsageError } from "./errors.ts";

interface CommandEntry {
  summary: string;
  load: () => Promise<Command>;
}

/**
 * Each subcommand's module is imported only when that subcommand runs: they pull in SQLite, the model runtime,
 * HNSW, grammY or the HTML parser, and `verbatim --help` needs none of them (it starts in well under a second).
 */
const COMMANDS: Record<string, CommandEntry> = {
  ingest: {
    summary: "add articles: links, .html/.txt files, folders, or .jsonl(.gz) with {url, title, text, publish_date}",
    load: async () => (await import("./commands/ingest.ts")).ingestCommand(),
  },
  extract: {
    summary: "extract article text and metadata from saved pages, without storing them",
    load: async () => (await import("./commands/extract.ts")).extractCommand(),
  },
  stats: {
    summary: "what the library holds: articles, passages, embeddings, index size, coverage dates",
    load: async () => (await import("./commands/stats.ts")).statsCommand(),
  },
  quotes: {
    summary: "every stored quote of the given articles (all when none): text, offsets, speaker and role",
    load: async () => (await import("./commands/quotes.ts")).quotesCommand(),
  },
  reindex: {
    summary: "embed the passages stored without vectors (or all of them, after switching models); --quotes re-attributes stored quotes",
    load: async () => (await import("./commands/reindex.ts")).reindexCommand(),
  },
  ask: {
    summary: "answer a question from the library, in the articles' own words",
    load: async () => (await import("./commands/ask.ts")).askCommand(),
  },
  chat: {
    summary: 'a conversation in the terminal, with follow-ups ("and Ukraine?", "more", "source?")',
    load: async () => (await import("./commands/chat.ts")).chatCommand(),
  },
  eval: {
    summary:
      "measure answers on a news-quiz dataset (corpus.jsonl.gz + questions.jsonl: answer-recall@k, MRR@10, answer-in-reply, quote fidelity) or on conversations (conversations.json: hit rate per kind of turn, speaker right, refusals)",
    load: async () => (await import("./commands/eval.ts")).evalCommand(),
  },
  backup: {
    summary: "copy the library's database to a file, safely while the bot or an ingest runs",
    load: async () => (await import("./commands/backup.ts")).backupCommand(),
  },
  migrate: {
    summary: "bring the library's schema up to this version (PostgreSQL with DATABASE_URL; a SQLite library upgrades when opened)",
    load: async () => (await import("./commands/migrate.ts")).migrateCommand(),
  },
  copy: {
    summary: "copy the whole library to PostgreSQL or a folder (--to postgres://… | DIR), ids and vectors kept, resumable",
    load: async () => (await import("./commands/copy.ts")).copyCommand(),
  },
  bot: {
    summary: "run the Telegram bot (long polling, or a webhook when WEBHOOK_URL is set); needs TELEGRAM_BOT_TOKEN",
    load: async () => (await import("./commands/bot.ts")).botCommand(),
  },
};

/** The subcommand argv names (`verbatim help X` names X), if it is one of ours. */
function requestedCommand(args: readonly string[]): string | undefined {
  const [first, second] = args.filter((arg) => !arg.startsWith("-"));
  const name = first === "help" ? second : first;
  return name !== undefined && Object.hasOwn(COMMANDS, name) ? name : undefined;
}

/**
 * The command line with the requested subcommand fully loaded; every other subcommand is a stub that only
 * names itself for the help text.
 */
export async function buildCli(argv: readonly string[]): Promise<Command> {
  const wanted = requestedCommand(argv.slice(2));
  const program = new Command("verbatim")
    .description("Answers questions about the news you give it, in the articles' own words.")
    .exitOverride()
    .showHelpAfterError();
  for (const [name, entry] of Object.entries(COMMANDS)) {
    const command = name === wanted ? await entry.load() : new Command(name);
    program.addCommand(command.description(entry.summary));
  }
  return program;
}

/** Runs the `verbatim` command line and returns the exit code. */
export async function runCli(argv: readonly string[]): Promise<number> {
  try {
    await (await buildCli(argv)).parseAsync([...argv]);
    return typeof process.exitCode === "number" ? process.exitCode : 0;
  } catch (thrown) {
    if (thrown instanceof CommanderError) return thrown.exitCode;
    const error = asLibraryUnusable(thrown);
    if (error instanceof ConfigError || error instanceof UsageError || error instanceof LibraryUnusable) {
      process.stderr.write(`verbatim: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
}
