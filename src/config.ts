import { z } from "zod";
import { ConfigError } from "./errors.ts";

const booleanFlag = z
  .enum(["true", "false", "1", "0", "yes", "no"])
  .transform((value) => value === "true" || value === "1" || value === "yes");

const idList = z
  .string()
  .transform((value, ctx) => {
    const ids = value
      .split(",")
      .map((part) => part.trim())
      .filter((part) => part.length > 0)
      .map(Number);
    if (ids.some((id) => !Number.isSafeInteger(id))) {
      ctx.addIssue({ code: "custom", message: "must be a comma-separated list of numeric Telegram user ids" });
      return z.NEVER;
    }
    return ids;
  });

const baseSchema = z.object({
  DATA_DIR: z.string().min(1).default("./data/library"),
  /**
   * postgres://… puts the library on PostgreSQL, shared by several workers; DATA_DIR then keeps only this
   * worker's copy of the vector index (where the server has no pgvector). Unset: SQLite in DATA_DIR.
   */
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "must be a postgres:// URL")
    .optional(),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  /** A Hugging Face model id or a local folder holding an ONNX model and its tokenizer. */
  EMBEDDING_MODEL: z.string().min(1).default("Xenova/all-MiniLM-L6-v2"),
  /** Where downloaded models are cached; also where a model is looked for offline. */
  MODEL_CACHE_DIR: z.string().min(1).default("./data/models"),
  /** "off" runs lexical-only without trying to load a model. */
  EMBEDDINGS: z.enum(["auto", "off"]).default("auto"),
  /**
   * The instruction prefixes the model was trained with: "auto" gives E5 models (Xenova/multilingual-e5-small)
   * their "query: " / "passage: ", "e5" forces those, "none" embeds texts as they are.
   */
  EMBEDDING_PREFIXES: z.enum(["auto", "e5", "none"]).default("auto"),
  /**
   * Where a SQLite library's English BM25 queries run (see LexicalIndexChoice): "auto" keeps LanceDB's full-text
   * index, which stops early, beside libraries large enough to gain from it. PostgreSQL libraries ignore it.
   */
  LEXICAL_INDEX: z.enum(["auto", "lancedb", "fts5"]).default("auto"),
  ALLOW_PRIVATE_URLS: booleanFlag.default(false),
  FETCH_TIMEOUT_MS: z.coerce.number().int().positive().default(15_000),
  FETCH_MAX_BYTES: z.coerce.number().int().positive().default(5_000_000),
});

const botSchema = z.object({
  TELEGRAM_BOT_TOKEN: z.string().regex(/^\d+:[\w-]+$/, "must look like 123456:ABC-DEF… (from @BotFather)"),
  TELEGRAM_API_ROOT: z.url().optional(),
  ALLOWED_USER_IDS: idList.optional(),
  ADMIN_USER_IDS: idList.optional(),
  QUESTIONS_PER_MINUTE: z.coerce.number().int().positive().default(20),
  LINKS_PER_MINUTE: z.coerce.number().int().positive().default(10),
  INGEST_CONCURRENCY: z.coerce.number().int().positive().default(2),
  /** Set by npm for `npm start` and `npx`: the bot then stops when npm goes away (see runBot). */
  npm_lifecycle_event: z.string().optional(),
});

/** Long polling unless WEBHOOK_URL is set; then a secret and a port are needed too. */
const deliverySchema = z.union([
  z.object({
    WEBHOOK_URL: z.url(),
    WEBHOOK_SECRET: z.string().regex(/^[\w-]{8,256}$/, "must be 8–256 letters, digits, _ or -"),
    WEBHOOK_PORT: z.coerce.number().int().min(1).max(65535).default(8443),
    WEBHOOK_HOST: z.string().default("0.0.0.0"),
  }),
  z.object({ WEBHOOK_URL: z.undefined().optional() }),
]);

export type Config = z.infer<typeof baseSchema>;
export type BotConfig = Config & z.infer<typeof botSchema> & z.infer<typeof deliverySchema>;

// Lives in errors.ts so the CLI can tell it apart without loading zod; exported here beside what throws it.
export { ConfigError };

function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return "invalid configuration";
  const variable = issue.path.join(".") || "environment";
  return `${variable}: ${issue.message}`;
}

function parseWith<S extends z.ZodType>(schema: S, env: NodeJS.ProcessEnv): z.infer<S> {
  // Empty strings mean "unset", as in most .env files.
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ""));
  const result = schema.safeParse(cleaned);
  if (!result.success) {
    throw new ConfigError(`Invalid configuration: ${firstIssue(result.error)}`, { cause: result.error });
  }
  return result.data;
}

/** Settings every command needs (data dir, model, fetching). */
export function parseConfig(env: NodeJS.ProcessEnv): Config {
  return parseWith(baseSchema, env);
}

/** Settings for running the Telegram bot: the base settings plus token, access lists and delivery mode. */
export function parseBotConfig(env: NodeJS.ProcessEnv): BotConfig {
  if (!env.TELEGRAM_BOT_TOKEN) {
    throw new ConfigError(
      "TELEGRAM_BOT_TOKEN is not set: create a bot with @BotFather and export its token (or try `npx verbatim chat` in the terminal).",
    );
  }
  return parseWith(baseSchema.and(botSchema).and(deliverySchema), env) as BotConfig;
}
