import type { BotMessageStore, Thread } from "../library.ts";
import { asNotWritable } from "../../errors.ts";
import type { Statements } from "./statements.ts";

/**
 * Maps the bot's answer messages to the turns they show, in the library's SQLite file next to the turns
 * themselves, so a reply to an answer (or its "More" button) continues that answer's thread across restarts.
 * Rows are deleted with their turns (ON DELETE CASCADE): a pruned or forgotten turn leaves no message pointing
 * at it, and there is nothing to forget here.
 */
export class SqliteBotMessages implements BotMessageStore {
  /** `statements` is the connection's cache: every answer message is remembered, every reply looked up. */
  constructor(private readonly statements: Statements) {}

  /**
   * Records that a message shows a turn. An answer whose turn was never stored (small talk, an answer outside
   * any conversation) has no thread to continue, so it is not recorded: the foreign key would refuse it anyway.
   * A message id seen again (the data dir moved to another bot) takes the newer answer's turn.
   */
  async remember(chatId: number, messageId: number, thread: Thread): Promise<void> {
    try {
      this.statements
        .get(
          `INSERT OR REPLACE INTO bot_messages (chat_id, message_id, turn_id)
           SELECT ?, ?, id FROM conversation_turns WHERE id = ? AND conversation_id = ?`,
        )
        .run(chatId, messageId, thread.turnId, thread.conversationId);
    } catch (error) {
      throw asNotWritable(error);
    }
  }

  async find(chatId: number, messageId: number): Promise<Thread | undefined> {
    return this.statements
      .get(
        `SELECT turns.conversation_id AS conversationId, turns.id AS turnId
         FROM bot_messages messages JOIN conversation_turns turns ON turns.id = messages.turn_id
         WHERE messages.chat_id = ? AND messages.message_id = ?`,
      )
      .get(chatId, messageId) as Thread | undefined;
  }
}
