import { randomUUID } from "node:crypto";
import type { Database } from "better-sqlite3";
import type { ConversationStore, NewTurn, Turn, TurnQuote } from "../library.ts";
import { asNotWritable } from "../../errors.ts";
import type { Statements } from "./statements.ts";

/** Turns kept per conversation: follow-ups look back a few turns, never dozens. */
const KEEP_TURNS = 20;

interface TurnRow {
  id: string;
  state: string;
  created_at: string;
}

/** Conversation memory in the library's SQLite file, so a restart keeps every thread. A turn's state is stored as JSON. */
export class SqliteConversations implements ConversationStore {
  /** `statements` is the connection's cache: every question reads and writes turns, and preparing costs about as much as running. */
  constructor(
    private readonly db: Database,
    private readonly statements: Statements,
  ) {}

  async latest(conversationId: string, turnId?: string): Promise<Turn | null> {
    const row = turnId
      ? this.statements.get("SELECT id, state, created_at FROM conversation_turns WHERE conversation_id = ? AND id = ?").get(conversationId, turnId)
      : this.statements.get("SELECT id, state, created_at FROM conversation_turns WHERE conversation_id = ? ORDER BY seq DESC LIMIT 1").get(conversationId);
    return row ? toTurn(conversationId, row as TurnRow) : null;
  }

  async add(turn: NewTurn): Promise<Turn> {
    const id = randomUUID();
    const createdAt = new Date().toISOString();
    const { conversationId, ...state } = turn;
    const store = this.db.transaction(() => {
      const seq = (this.statements.get("SELECT COALESCE(MAX(seq), 0) + 1 FROM conversation_turns WHERE conversation_id = ?").pluck().get(conversationId) as number) ?? 1;
      this.statements
        .get("INSERT INTO conversation_turns (id, conversation_id, seq, created_at, state) VALUES (?, ?, ?, ?, ?)")
        .run(id, conversationId, seq, createdAt, JSON.stringify(state));
      this.statements.get("DELETE FROM conversation_turns WHERE conversation_id = ? AND seq <= ?").run(conversationId, seq - KEEP_TURNS);
    });
    try {
      store();
    } catch (error) {
      throw asNotWritable(error);
    }
    return { ...turn, id, createdAt };
  }

  async markShown(turn: Turn, shown: number, quotes: TurnQuote[] = turn.quotes): Promise<Turn> {
    const { id, conversationId: _conversation, createdAt: _created, ...state } = turn;
    const updated = { ...state, shown, quotes };
    this.statements.get("UPDATE conversation_turns SET state = ? WHERE id = ?").run(JSON.stringify(updated), id);
    return { ...turn, shown, quotes };
  }

  async forget(conversationId: string): Promise<void> {
    this.statements.get("DELETE FROM conversation_turns WHERE conversation_id = ?").run(conversationId);
  }
}

function toTurn(conversationId: string, row: TurnRow): Turn {
  return { ...(JSON.parse(row.state) as Omit<Turn, "id" | "conversationId" | "createdAt">), id: row.id, conversationId, createdAt: row.created_at };
}
