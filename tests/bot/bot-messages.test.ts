import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { BotMessageStore } from "../../src/library/sqlite/bot-messages.ts";
import { ConversationStore, type NewTurn } from "../../src/answer/follow-up.ts";
import { Library } from "../../src/library/sqlite/sqlite-library.ts";
import { tempDir } from "../helpers/temp-dir.ts";

const CHAT = 7;
const CONVERSATION = "tg:7";

function turn(question: string, conversationId = CONVERSATION): NewTurn {
  return { conversationId, question, understood: question, speaker: null, articleIds: [], quotes: [], passages: [], shown: 0 };
}

describe("bot messages (answer message → turn)", () => {
  let dir: ReturnType<typeof tempDir>;
  let library: Library;
  const stores = () => ({ messages: new BotMessageStore(library.db), conversations: new ConversationStore(library.db) });

  beforeEach(() => {
    dir = tempDir();
    library = Library.open(dir.path);
  });
  afterEach(() => {
    library.close();
    dir.remove();
  });

  it("finds the turn a message was remembered with, and nothing for other messages or chats", () => {
    const { messages, conversations } = stores();
    const first = conversations.add(turn("What did the mayor say?"));
    const second = conversations.add(turn("and the ferries?"));
    messages.remember(CHAT, 11, { conversationId: CONVERSATION, turnId: first.id });
    messages.remember(CHAT, 12, { conversationId: CONVERSATION, turnId: first.id });
    messages.remember(CHAT, 13, { conversationId: CONVERSATION, turnId: second.id });
    expect(messages.find(CHAT, 12)).toEqual({ conversationId: CONVERSATION, turnId: first.id });
    expect(messages.find(CHAT, 13)).toEqual({ conversationId: CONVERSATION, turnId: second.id });
    expect(messages.find(CHAT, 14)).toBeUndefined();
    expect(messages.find(8, 11)).toBeUndefined();
  });

  it("keeps what it remembered when the library is closed and opened again", () => {
    const { messages, conversations } = stores();
    const first = conversations.add(turn("What did the mayor say?"));
    messages.remember(CHAT, 11, { conversationId: CONVERSATION, turnId: first.id });
    library.close();
    library = Library.open(dir.path);
    expect(new BotMessageStore(library.db).find(CHAT, 11)).toEqual({ conversationId: CONVERSATION, turnId: first.id });
  });

  it("records nothing for a turn that was never stored, or that belongs to another conversation", () => {
    const { messages, conversations } = stores();
    const elsewhere = conversations.add(turn("What did the mayor say?", "tg:8"));
    messages.remember(CHAT, 11, { conversationId: CONVERSATION, turnId: "small-talk-never-stored" });
    messages.remember(CHAT, 12, { conversationId: CONVERSATION, turnId: elsewhere.id });
    expect(messages.find(CHAT, 11)).toBeUndefined();
    expect(messages.find(CHAT, 12)).toBeUndefined();
  });

  it("drops a conversation's messages when it is forgotten, and only that conversation's", () => {
    const { messages, conversations } = stores();
    const mine = conversations.add(turn("What did the mayor say?"));
    const other = conversations.add(turn("What did the mayor say?", "tg:8"));
    messages.remember(CHAT, 11, { conversationId: CONVERSATION, turnId: mine.id });
    messages.remember(8, 11, { conversationId: "tg:8", turnId: other.id });
    conversations.forget(CONVERSATION);
    expect(messages.find(CHAT, 11)).toBeUndefined();
    expect(messages.find(8, 11)).toEqual({ conversationId: "tg:8", turnId: other.id });
    expect(rows()).toBe(1);
  });

  it("drops a message's row when its turn is pruned as the conversation grows", () => {
    const { messages, conversations } = stores();
    const first = conversations.add(turn("What did the mayor say?"));
    messages.remember(CHAT, 11, { conversationId: CONVERSATION, turnId: first.id });
    let latest = first;
    for (let asked = 0; conversations.latest(CONVERSATION, first.id) && asked < 100; asked++) latest = conversations.add(turn(`Question ${asked}?`));
    expect(conversations.latest(CONVERSATION, first.id)).toBeNull();
    messages.remember(CHAT, 12, { conversationId: CONVERSATION, turnId: latest.id });
    expect(messages.find(CHAT, 11)).toBeUndefined();
    expect(messages.find(CHAT, 12)).toEqual({ conversationId: CONVERSATION, turnId: latest.id });
    expect(rows()).toBe(1);
  });

  /** Rows in the table itself: find joins with the turns, so only this shows the cascade did the deleting. */
  function rows(): number {
    return library.db.prepare("SELECT COUNT(*) FROM bot_messages").pluck().get() as number;
  }
});
