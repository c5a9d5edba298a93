import type { BotContext } from "./context.ts";
import { errorInfo } from "./errors.ts";

/**
 * Calls that improve the experience but must never break a reply (chat actions, menus, removing a button):
 * failures are logged at debug level and swallowed. Never rejects, so callers may `void` it.
 */
export async function bestEffort(ctx: BotContext, what: string, call: () => Promise<unknown>): Promise<void> {
  try {
    await call();
  } catch (error) {
    ctx.log.debug({ call: what, err: errorInfo(error) }, "optional call failed");
  }
}

const TYPING_HEAD_START_MS = 500;

/** Shows "typing…" while `work` runs, renewed every 4 s (Telegram drops it after 5 s); the action is optional. */
export async function withTyping<T>(ctx: BotContext, work: () => Promise<T>): Promise<T> {
  const chatId = ctx.chat?.id;
  if (chatId === undefined) return work();
  const stop = new AbortController();
  // grammY types its signal parameter with the abort-controller shim; Node's own AbortSignal is what it uses at run time.
  const signal = stop.signal as Parameters<typeof ctx.api.sendChatAction>[3];
  const send = (): Promise<void> => bestEffort(ctx, "sendChatAction", () => ctx.api.sendChatAction(chatId, "typing", undefined, signal));
  // "typing" should show before the answer, not after it; a slow or failing API delays the work by at most a moment.
  await Promise.race([send(), new Promise((resolve) => setTimeout(resolve, TYPING_HEAD_START_MS))]);
  const timer = setInterval(() => void send(), 4_000);
  try {
    return await work();
  } finally {
    clearInterval(timer);
    // A chat action still being retried after the answer is pointless.
    stop.abort();
  }
}
