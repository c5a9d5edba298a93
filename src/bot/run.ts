import { run, type RunnerHandle } from "@grammyjs/runner";
import { GrammyError, type Bot } from "grammy";
import { COMMAND_MENU } from "./commands-menu.ts";
import type { BotContext, BotServices } from "./context.ts";
import { errorInfo } from "./errors.ts";
import { ALLOWED_UPDATES, createBot } from "./index.ts";
import { openSharedServices, type SharedServices } from "./shared.ts";
import { serveWebhook, type WebhookServer } from "./webhook.ts";
import { ConfigError, parseBotConfig, type BotConfig } from "../config.ts";
import { fetchOptionsFrom } from "../ingest/fetch.ts";
import { Ingestor } from "../ingest/pipeline.ts";
import { createLogger, type Logger } from "../logger.ts";
import { createAnswerEngine } from "../answer/engine.ts";
import type { Library } from "../library/library.ts";
import { openLibrary } from "../library/open.ts";
import { loadConfiguredEmbeddings, type LocalEmbeddings } from "../retrieval/embeddings.ts";

/** How long shutdown waits for answers and ingests in progress before giving up on them. */
const SHUTDOWN_GRACE_MS = 20_000;
/**
 * How often the HNSW index is saved while running, so a crash replays at most this much from SQLite on the next
 * start. Saving writes the whole graph, so not more often (a no-op when nothing was added).
 */
const INDEX_SAVE_INTERVAL_MS = 15 * 60_000;
/** How often a bot started by npm checks that npm is still there. */
const PARENT_CHECK_MS = 500;

export interface RunningBot {
  bot: Bot<BotContext>;
  services: BotServices;
  /** Settles when delivery stops by itself (the runner crashed); never while running normally. */
  stopped: Promise<void>;
  /** Stops taking updates, waits for the ones in progress (answers, ingests), then closes the library (saving the vector index). */
  stop(): Promise<void>;
}

/**
 * Opens the library, builds the bot and starts delivery: long polling through grammY's runner, or a webhook
 * server on its own port when WEBHOOK_URL is set.
 */
export async function startBot(config: BotConfig, logger: Logger): Promise<RunningBot> {
  const library = await openLibrary({ dataDir: config.DATA_DIR, databaseUrl: config.DATABASE_URL, lexicalIndex: config.LEXICAL_INDEX, logger });
  if (library.readOnly) {
    logger.warn({ dataDir: config.DATA_DIR }, "the library's folder cannot be written: answering from a copy of it, links refused until it is writable and the bot restarted");
  }
  let sharing: SharedServices | null = null;
  try {
    const embedder = await openEmbeddings(config, logger);
    // Read only when dense search will use it: without the library's model (switched off, offline, another
    // model) the graph would take memory (1.7 GB per 100k articles) for nothing. Answers are lexical until it is ready.
    const indexReady = embedder && embedder.modelName === (await library.embeddingModel()) ? loadVectorIndex(library, logger) : Promise.resolve();
    const ingestor = new Ingestor({
      library,
      embedder,
      logger,
      fetch: fetchOptionsFrom(config),
    });
    const engine = createAnswerEngine({ library, conversations: library.conversations, embedder, logger });
    sharing = config.DATABASE_URL ? await openSharedServices(config.DATABASE_URL, ingestor, config, logger) : null;
    const { bot, services } = createBot(config.TELEGRAM_BOT_TOKEN, {
      config,
      logger,
      engine,
      ingestor,
      library,
      threads: library.botMessages,
      ...(sharing ? { shared: sharing.shared } : {}),
    });
    await initOrExplain(bot);

    // The menu is a nicety: it must neither delay nor break startup.
    void bot.api.setMyCommands(COMMAND_MENU).catch((error: unknown) => logger.warn({ err: errorInfo(error) }, "could not register the command menu"));

    let delivery: { stop(): Promise<void>; stopped: Promise<void> };
    if (config.WEBHOOK_URL !== undefined) {
      const server: WebhookServer = await serveWebhook(bot, {
        host: config.WEBHOOK_HOST,
        port: config.WEBHOOK_PORT,
        secret: config.WEBHOOK_SECRET,
        logger,
        ...(sharing ? { inbox: sharing.inbox } : {}),
      });
      await bot.api.setWebhook(config.WEBHOOK_URL, { secret_token: config.WEBHOOK_SECRET, allowed_updates: ALLOWED_UPDATES });
      delivery = { stop: () => server.close(), stopped: new Promise<void>(() => {}) };
      logger.info({ botId: bot.botInfo.id, mode: "webhook", port: server.port }, "bot started");
    } else {
      await bot.api.deleteWebhook();
      const runner: RunnerHandle = run(bot, { runner: { fetch: { allowed_updates: ALLOWED_UPDATES, timeout: 30 } } });
      delivery = { stop: () => runner.stop(), stopped: runner.task() ?? Promise.resolve() };
      logger.info({ botId: bot.botInfo.id, mode: "polling" }, "bot started");
    }

    const indexSaver = setInterval(() => {
      library.saveIndex().catch((error: unknown) => logger.error({ err: errorInfo(error) }, "could not save the vector index"));
    }, INDEX_SAVE_INTERVAL_MS).unref();

    let stopping: Promise<void> | null = null;
    const stop = (): Promise<void> =>
      (stopping ??= (async () => {
        const started = performance.now();
        // Stopping delivery ends fetching (polling) or waits for open requests (webhook); the updates already
        // handed out are then awaited, and the link ingests they started in the background.
        // A load still running is awaited too, so that removals made meanwhile reach the saved index (close()
        // abandons a load without saving, leaving the previous file).
        await withTimeout(
          delivery
            .stop()
            .then(() => services.inProgress.idle())
            .then(() => services.ingestQueue.idle())
            .then(() => indexReady),
          SHUTDOWN_GRACE_MS,
          () => logger.warn("gave up waiting for work in progress"),
        );
        clearInterval(indexSaver);
        await sharing?.close();
        await library.close();
        logger.info({ ms: Math.round(performance.now() - started) }, "bot stopped");
      })());
    return { bot, services, stopped: delivery.stopped, stop };
  } catch (error) {
    await sharing?.close();
    await library.close();
    throw error;
  }
}

/** getMe; a token Telegram does not know becomes a one-line configuration error instead of a stack trace. */
async function initOrExplain(bot: Bot<BotContext>): Promise<void> {
  try {
    await bot.init();
  } catch (error) {
    if (error instanceof GrammyError && (error.error_code === 401 || error.error_code === 404)) {
      throw new ConfigError(`TELEGRAM_BOT_TOKEN was refused by Telegram (${error.description}): copy it again from @BotFather.`, { cause: error });
    }
    throw error;
  }
}

/** Reads the saved vector index in the background and logs when dense search starts using it; never rejects. */
function loadVectorIndex(library: Library, logger: Logger): Promise<void> {
  return library.loadVectorIndexInBackground().then(
    (ready) => {
      if (ready) logger.info({ vectors: ready.vectors, ms: Math.round(ready.ms) }, "vector index ready");
    },
    (error: unknown) => logger.error({ err: errorInfo(error) }, "could not read the vector index in the background; the first dense search will read it"),
  );
}

/** The embedding model, or null (lexical search only) when it is switched off or cannot be loaded; a bot logs rather than prints. */
async function openEmbeddings(config: BotConfig, logger: Logger): Promise<LocalEmbeddings | null> {
  const loaded = await loadConfiguredEmbeddings(config, logger);
  if (!loaded) return null;
  if (!loaded.embeddings) logger.warn({ reason: loaded.reason }, "running without embeddings (lexical search only); run `verbatim reindex` once the model is available");
  return loaded.embeddings;
}

async function withTimeout(work: Promise<void>, ms: number, onTimeout: () => void): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => {
    timer = setTimeout(() => {
      onTimeout();
      resolve();
    }, ms);
  });
  try {
    await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Calls `then` once the process that started this one has gone. Under `npx verbatim bot` (and `npm start` through a
 * shell) a supervisor's SIGTERM reaches npm and the shell, which exit without passing it on; the bot is re-parented
 * and would keep polling beside its restarted successor, never saving its index. Only used when npm started the bot:
 * someone who detaches it themselves (nohup, setsid) means it to outlive its parent.
 */
function whenParentExits(then: () => void): void {
  const parent = process.ppid;
  const timer = setInterval(() => {
    if (process.ppid === parent) return;
    clearInterval(timer);
    then();
  }, PARENT_CHECK_MS).unref();
}

/**
 * `verbatim bot`: runs until SIGINT or SIGTERM, then shuts down cleanly. Returns the exit code; a missing or
 * malformed token throws ConfigError, which the CLI prints as one line.
 */
export async function runBot(env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const config = parseBotConfig(env);
  const logger = createLogger(config.LOG_LEVEL);
  const running = await startBot(config, logger);
  const signalled = new Promise<string>((resolve) => {
    process.once("SIGINT", () => resolve("SIGINT"));
    process.once("SIGTERM", () => resolve("SIGTERM"));
    if (config.npm_lifecycle_event !== undefined) whenParentExits(() => resolve("parent exited"));
  });
  const outcome = await Promise.race([
    signalled.then((signal) => ({ signal, error: null })),
    running.stopped.then(
      () => ({ signal: null, error: new Error("update delivery stopped") }),
      (error: unknown) => ({ signal: null, error }),
    ),
  ]);
  if (outcome.signal) logger.info({ signal: outcome.signal }, "shutting down");
  else logger.error({ err: errorInfo(outcome.error) }, "update delivery failed; shutting down");
  await running.stop();
  return outcome.error ? 1 : 0;
}
