/**
 * Telegram updates shared by several bot workers behind a load balancer: each update is recorded before it is
 * acknowledged, so that one Telegram delivers again is handled once, one chat's updates are handled in order
 * whichever worker received them, and the updates of a worker that died mid-way are handled by another.
 */
export interface UpdateInbox {
  /** Records an update of a chat (0 for updates without one); false when it was recorded before. */
  record(updateId: number, chatId: number, update: unknown): Promise<boolean>;
  /**
   * Handles the chat's recorded updates oldest first, one at a time, unless another worker is doing so already
   * (it then handles the new ones too). Resolves when none is left or another worker has taken over.
   */
  drain(chatId: number, handle: (update: unknown) => Promise<void>): Promise<void>;
  /**
   * Drains every chat holding an update recorded more than `staleMs` ago and still not handled (its worker
   * died), and forgets handled updates older than Telegram would retry them. Returns how many chats had such updates.
   */
  sweep(staleMs: number, handle: (update: unknown) => Promise<void>): Promise<number>;
  close(): Promise<void>;
}
