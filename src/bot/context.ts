import type { Context } from "grammy";
import type { BotConfig } from "../config.ts";
import type { Ingestor } from "../ingest/pipeline.ts";
import type { Logger } from "../logger.ts";
import type { AnswerEngine } from "../answer/model.ts";
import type { BotMessageStore, Library } from "../library/library.ts";
import type { IngestQueue } from "./ingest-queue.ts";
import type { UpdatesInProgress } from "./in-progress.ts";
import type { IngestResult } from "../ingest/pipeline.ts";
import type { LinkQueue } from "../library/link-queue.ts";
import type { RateLimitStore } from "../library/rate-limits.ts";
import type { Limiter } from "./rate-limit.ts";
import type { BotMessages } from "./i18n/messages.ts";

/** The library calls the bot makes; it reaches storage no other way (BotThreads is the library's message store). */
export type BotLibrary = Pick<Library, "latestArticles" | "countArticles" | "stats" | "removeArticle" | "findByUrl" | "getSummaries">;

export type BotIngestor = Pick<Ingestor, "ingestUrl" | "ingestDraft">;

/** Which conversation turn each answer message shows, so replies and "More" continue that answer's thread. */
export type BotThreads = Pick<BotMessageStore, "remember" | "find">;

/** What `createBot` is given: everything with a life of its own is created and closed by the caller. */
export interface BotDeps {
  config: BotConfig;
  logger: Logger;
  engine: AnswerEngine;
  ingestor: BotIngestor;
  library: BotLibrary;
  threads: BotThreads;
  /** Several workers sharing one PostgreSQL library: links and rate limits go through it instead of memory. */
  shared?: { links: LinkQueue<IngestResult>; limits: RateLimitStore };
}

/** Per-bot state the features share, built once by `createBot`. */
export interface BotServices extends BotDeps {
  /** Updates being handled now; shutdown waits for them before closing the library. */
  inProgress: UpdatesInProgress;
  ingestQueue: IngestQueue;
  questionLimit: Limiter;
  linkLimit: Limiter;
  /** People already told they are not on the allow-list: told once, then ignored. */
  refusedUsers: Set<number>;
}

interface VerbatimFlavor {
  services: BotServices;
  /** The bot's logger with this update's ids (update, chat, user): never message text. */
  log: Logger;
  /** The bot's own words in the language of the person it answers (their Telegram `language_code`). */
  t: BotMessages;
  /** When the update reached the bot (ms since the epoch), before it waited behind its chat's earlier updates. */
  receivedAt: number;
}

export type BotContext = Context & VerbatimFlavor;
