/** Which conversation and turn a bot message belongs to. */
export interface Thread {
  conversationId: string;
  turnId: string;
}

/**
 * Maps the bot's answer messages to their turns, so a reply to an answer (or its "More" button) continues that
 * answer's thread. Kept in memory, least recently used first out: after a restart, replies to older answers
 * start a fresh question in the chat's conversation instead.
 */
export class ThreadMemory {
  private readonly threads = new Map<string, Thread>();

  constructor(private readonly capacity = 10_000) {}

  remember(chatId: number, messageId: number, thread: Thread): void {
    const key = `${chatId}:${messageId}`;
    this.threads.delete(key);
    this.threads.set(key, thread);
    if (this.threads.size > this.capacity) this.threads.delete(this.threads.keys().next().value as string);
  }

  find(chatId: number, messageId: number): Thread | undefined {
    const key = `${chatId}:${messageId}`;
    const thread = this.threads.get(key);
    if (thread) {
      this.threads.delete(key);
      this.threads.set(key, thread);
    }
    return thread;
  }

  /** Drops every answer of a conversation (after /forget, its turns no longer exist). */
  forgetConversation(conversationId: string): void {
    for (const [key, thread] of this.threads) if (thread.conversationId === conversationId) this.threads.delete(key);
  }
}
