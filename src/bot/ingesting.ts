import type { ArticleDraft } from "../library/article.ts";
import { failed, type IngestResult } from "../ingest/pipeline.ts";
import { escapeHtml, shortDate } from "./render-html.ts";
import type { BotContext } from "./context.ts";
import type { BotMessages } from "./i18n/messages.ts";
import { errorInfo } from "./errors.ts";
import { QueueFull } from "./ingest-queue.ts";
import { MAX_LINKS_PER_MESSAGE } from "./messages.ts";

/** The links this person may still send this minute; says so once when some are held back. */
export async function takeLinks(ctx: BotContext, links: readonly string[]): Promise<string[]> {
  const userId = ctx.from?.id;
  if (userId === undefined) return [...links];
  const allowed: string[] = [];
  let told = false;
  for (const link of links) {
    const decision = await ctx.services.linkLimit.take(userId, ctx.receivedAt);
    if (decision.allowed) allowed.push(link);
    else told ||= decision.firstRefusal;
  }
  if (allowed.length < links.length) {
    ctx.log.info({ skipped: links.length - allowed.length }, "links rate-limited");
    if (told) await ctx.reply(ctx.t.linksTooFast);
  }
  return allowed;
}

/** One line of the status message, HTML. */
export function describeResult(result: IngestResult, t: BotMessages): string {
  switch (result.status) {
    case "added": {
      const details = [result.outlet, shortDate(result.publishedAt)].filter((part): part is string => Boolean(part));
      return t.added(escapeHtml(result.title ?? result.source), escapeHtml(details.join(", ")), result.chunks ?? 0);
    }
    case "duplicate":
      return t.duplicate(escapeHtml(result.title ?? result.source));
    case "failed":
      // A result without `failure` comes from a worker of an older version (the shared link queue): its English reason.
      return t.failed(escapeHtml(shorten(result.source)), escapeHtml(result.failure ? t.failure(result.failure) : (result.reason ?? t.failure({ kind: "unexpected" }))));
  }
}

function shorten(text: string, max = 80): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function pendingLine(link: string): string {
  return `⏳ ${escapeHtml(shorten(link))}`;
}


/**
 * A status message that is edited as each item finishes. Edits run one after another so the last one wins;
 * a failed edit only costs the intermediate state.
 */
class StatusMessage {
  private editing: Promise<void> = Promise.resolve();
  private shown = "";

  private constructor(
    private readonly ctx: BotContext,
    private readonly chatId: number,
    private readonly messageId: number,
    private readonly lines: string[],
  ) {}

  static async open(ctx: BotContext, lines: string[]): Promise<StatusMessage> {
    const text = lines.join("\n");
    const sent = await ctx.reply(text, ctx.message && ctx.chat?.type !== "private" ? { reply_parameters: { message_id: ctx.message.message_id, allow_sending_without_reply: true } } : {});
    const status = new StatusMessage(ctx, sent.chat.id, sent.message_id, lines);
    status.shown = text;
    return status;
  }

  set(index: number, line: string): Promise<void> {
    this.lines[index] = line;
    this.editing = this.editing.then(() => this.flush());
    return this.editing;
  }

  private async flush(): Promise<void> {
    const text = this.lines.join("\n");
    if (text === this.shown) return;
    try {
      await this.ctx.api.editMessageText(this.chatId, this.messageId, text);
      this.shown = text;
    } catch (error) {
      this.ctx.log.warn({ err: errorInfo(error) }, "could not update the status message");
    }
  }
}

/**
 * Adds the links through the shared ingest queue, with one status message edited as each link finishes.
 * Resolves when all are done, so a question sent after the links (or in the same message) sees them.
 */
export async function ingestLinks(ctx: BotContext, links: readonly string[]): Promise<IngestResult[]> {
  const { services } = ctx;
  const taken = links.slice(0, MAX_LINKS_PER_MESSAGE);
  const lines = taken.map(pendingLine);
  if (links.length > taken.length) lines.push(ctx.t.onlyFirstLinks(MAX_LINKS_PER_MESSAGE));
  const status = await StatusMessage.open(ctx, lines);
  const started = performance.now();
  const results = await Promise.all(
    taken.map(async (link, index) => {
      let result: IngestResult;
      try {
        result = await (services.shared ? services.shared.links.ingest(link) : services.ingestQueue.run(() => services.ingestor.ingestUrl(link)));
      } catch (error) {
        if (!(error instanceof QueueFull)) throw error;
        result = failed(link, { kind: "busy" });
      }
      await status.set(index, describeResult(result, ctx.t));
      return result;
    }),
  );
  ctx.log.info({ links: taken.length, ...countStatuses(results), ms: Math.round(performance.now() - started) }, "links ingested");
  return results;
}

/** Stores a draft (a forwarded channel post) through the queue and reports it in one message. */
export async function ingestPost(ctx: BotContext, draft: ArticleDraft, source: string): Promise<IngestResult> {
  const { services } = ctx;
  const started = performance.now();
  let result: IngestResult;
  try {
    result = await services.ingestQueue.run(() => services.ingestor.ingestDraft(draft, source, "telegram"));
  } catch (error) {
    if (!(error instanceof QueueFull)) throw error;
    result = failed(source, { kind: "busy" });
  }
  ctx.log.info({ status: result.status, articleId: result.articleId, ms: Math.round(performance.now() - started) }, "post ingested");
  await ctx.reply(describeResult(result, ctx.t));
  return result;
}

function countStatuses(results: readonly IngestResult[]): Record<string, number> {
  const counts = { added: 0, duplicate: 0, failed: 0 };
  for (const result of results) counts[result.status]++;
  return counts;
}
