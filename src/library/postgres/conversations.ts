import { randomUUID } from "node:crypto";
import type { Pool } from "pg";
import type { BotMessageStore, ConversationStore, NewTurn, Thread, Turn, TurnQuote } from "../library.ts";
import { inTransaction } from "./pool.ts";

/** Turns kept per conversation: follow-ups look back a few turns, never dozens. */
const KEEP_TURNS = 20;

interface TurnRow {
  id: string;
  conversation_id: string;
  state: Omit<Turn, "id" | "conversationId" | "createdAt">;
  created_at: string;
}

function toTurn(row: TurnRow): Turn {
  return { ...row.state, id: row.id, conversationId: row.conversation_id, createdAt: row.created_at };
}

/** Conversation memory in PostgreSQL, so any worker can continue any thread. */
export class PostgresConversationStore implements ConversationStore {
  constructor(private readonly pool: Pool) {}

  async latest(conversationId: string, turnId?: string): Promise<Turn | null> {
    const { rows } = turnId
      ? await this.pool.query<TurnRow>("SELECT id, conversation_id, state, created_at FROM conversation_turns WHERE conversation_id = $1 AND id = $2", [conversationId, turnId])
      : await this.pool.query<TurnRow>("SELECT id, conversation_id, state, created_at FROM conversation_turns WHERE conversation_id = $1 ORDER BY seq DESC LIMIT 1", [
          conversationId,
        ]);
    return rows[0] ? toTurn(rows[0]) : null;
  }

  async add(turn: NewTurn): Promise<Turn> {
    const id = randomUUID();
    const createdAt = new Date().toISOString();
    const { conversationId, ...state } = turn;
    await inTransaction(this.pool, async (client) => {
      // Two workers adding to one conversation at once would both pick the same next seq.
      await client.query("SELECT pg_advisory_xact_lock(hashtext($1))", [`conversation:${conversationId}`]);
      const { rows } = await client.query<{ seq: number }>("SELECT COALESCE(MAX(seq), 0) + 1 AS seq FROM conversation_turns WHERE conversation_id = $1", [conversationId]);
      const seq = rows[0]!.seq;
      await client.query("INSERT INTO conversation_turns (id, conversation_id, seq, created_at, state) VALUES ($1, $2, $3, $4, $5)", [
        id,
        conversationId,
        seq,
        createdAt,
        JSON.stringify(state),
      ]);
      await client.query("DELETE FROM conversation_turns WHERE conversation_id = $1 AND seq <= $2", [conversationId, seq - KEEP_TURNS]);
    });
    return { ...turn, id, createdAt };
  }

  async markShown(turn: Turn, shown: number, quotes: TurnQuote[] = turn.quotes): Promise<Turn> {
    await this.pool.query("UPDATE conversation_turns SET state = jsonb_set(jsonb_set(state, '{shown}', to_jsonb($2::integer)), '{quotes}', $3::jsonb) WHERE id = $1", [
      turn.id,
      shown,
      JSON.stringify(quotes),
    ]);
    return { ...turn, shown, quotes };
  }

  async forget(conversationId: string): Promise<void> {
    await this.pool.query("DELETE FROM conversation_turns WHERE conversation_id = $1", [conversationId]);
  }
}

/** The bot's message → turn map in PostgreSQL; rows go with their turns (ON DELETE CASCADE). */
export class PostgresBotMessageStore implements BotMessageStore {
  constructor(private readonly pool: Pool) {}

  async remember(chatId: number, messageId: number, thread: Thread): Promise<void> {
    await this.pool.query(
      `INSERT INTO bot_messages (chat_id, message_id, turn_id)
       SELECT $1, $2, id FROM conversation_turns WHERE id = $3 AND conversation_id = $4
       ON CONFLICT (chat_id, message_id) DO UPDATE SET turn_id = EXCLUDED.turn_id`,
      [chatId, messageId, thread.turnId, thread.conversationId],
    );
  }

  async find(chatId: number, messageId: number): Promise<Thread | undefined> {
    const { rows } = await this.pool.query<Thread>(
      `SELECT turns.conversation_id AS "conversationId", turns.id AS "turnId"
       FROM bot_messages messages JOIN conversation_turns turns ON turns.id = messages.turn_id
       WHERE messages.chat_id = $1 AND messages.message_id = $2`,
      [chatId, messageId],
    );
    return rows[0];
  }
}
