import type { Pool, PoolClient } from "pg";
import type { UpdateInbox } from "../update-inbox.ts";
import { createPool } from "./pool.ts";

/** The class half of the two-key advisory locks taken per chat (the other half is a hash of the chat id). */
const CHAT_LOCK_CLASS = 7431;

/** Handled updates are kept this long: Telegram stops retrying an update well within it. */
const KEEP_HANDLED = "1 day";

/**
 * The update inbox in PostgreSQL. One chat's updates are drained by whichever worker holds the chat's advisory
 * lock, a session lock on a connection of the inbox's own pool: the lock goes with the connection, so a worker
 * that dies releases it at once and its unhandled updates stay recorded for `sweep`. An update that was being
 * handled when its worker died is handled again: at least once, never lost.
 */
export class PostgresUpdateInbox implements UpdateInbox {
  private constructor(
    private readonly db: Pool,
    /** Connections holding chat locks, apart from the library's so that handlers never wait for their own locks. */
    private readonly locks: Pool,
  ) {}

  /** `chats` bounds how many chats this worker drains at once; more wait for a connection. */
  static open(url: string, chats = 16): PostgresUpdateInbox {
    return new PostgresUpdateInbox(createPool(url, 2), createPool(url, chats));
  }

  async record(updateId: number, chatId: number, update: unknown): Promise<boolean> {
    const { rowCount } = await this.db.query("INSERT INTO telegram_updates (update_id, chat_id, payload) VALUES ($1, $2, $3) ON CONFLICT (update_id) DO NOTHING", [
      updateId,
      chatId,
      JSON.stringify(update),
    ]);
    return rowCount === 1;
  }

  async drain(chatId: number, handle: (update: unknown) => Promise<void>): Promise<void> {
    for (;;) {
      if (!(await this.drainLocked(chatId, handle))) return;
      // An update recorded after the last look but before the unlock was left to this worker by the one that
      // recorded it (its try-lock failed): look once more now the lock is free.
      if (!(await this.waiting(chatId))) return;
    }
  }

  /** Handles the chat's waiting updates under its lock; false when another worker holds the lock. */
  private async drainLocked(chatId: number, handle: (update: unknown) => Promise<void>): Promise<boolean> {
    const client = await this.locks.connect();
    // A connection lost while checked out fails the query in flight, which is the error reported.
    const ignore = (): void => undefined;
    client.on("error", ignore);
    let lost: Error | undefined;
    try {
      const { rows } = await client.query<{ locked: boolean }>("SELECT pg_try_advisory_lock($1, hashtext($2)) AS locked", [CHAT_LOCK_CLASS, String(chatId)]);
      if (!rows[0]!.locked) return false;
      await this.handleWaiting(client, chatId, handle);
      await client.query("SELECT pg_advisory_unlock($1, hashtext($2))", [CHAT_LOCK_CLASS, String(chatId)]);
      return true;
    } catch (error) {
      // Dropped rather than reused: it may still hold the lock, which only closing it frees for certain.
      lost = error instanceof Error ? error : new Error(String(error));
      throw error;
    } finally {
      client.off("error", ignore);
      client.release(lost);
    }
  }

  private async handleWaiting(client: PoolClient, chatId: number, handle: (update: unknown) => Promise<void>): Promise<void> {
    for (;;) {
      const { rows } = await client.query<{ update_id: number; payload: unknown }>(
        "SELECT update_id, payload FROM telegram_updates WHERE chat_id = $1 AND done_at IS NULL ORDER BY update_id LIMIT 1",
        [chatId],
      );
      const next = rows[0];
      if (!next) return;
      try {
        await handle(next.payload);
      } finally {
        // Marked handled even when the handler threw: an update that fails every time must not stop its chat.
        await client.query("UPDATE telegram_updates SET done_at = now() WHERE update_id = $1", [next.update_id]);
      }
    }
  }

  private async waiting(chatId: number): Promise<boolean> {
    const { rows } = await this.db.query("SELECT 1 FROM telegram_updates WHERE chat_id = $1 AND done_at IS NULL LIMIT 1", [chatId]);
    return rows.length > 0;
  }

  async sweep(staleMs: number, handle: (update: unknown) => Promise<void>): Promise<number> {
    await this.db.query(`DELETE FROM telegram_updates WHERE done_at < now() - interval '${KEEP_HANDLED}'`);
    const { rows } = await this.db.query<{ chat_id: number }>(
      "SELECT DISTINCT chat_id FROM telegram_updates WHERE done_at IS NULL AND received_at < now() - make_interval(secs => $1)",
      [staleMs / 1000],
    );
    for (const row of rows) await this.drain(row.chat_id, handle);
    return rows.length;
  }

  async close(): Promise<void> {
    await Promise.all([this.db.end(), this.locks.end()]);
  }
}
