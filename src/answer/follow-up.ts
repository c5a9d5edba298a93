import { randomUUID } from "node:crypto";
import type { Database } from "better-sqlite3";

/** What a turn showed, by position in the article: enough for "what did he say next?" and "source?". */
export interface TurnQuote {
  articleId: number;
  start: number;
  end: number;
  speaker: string | null;
}

/** One remembered turn of a conversation. */
export interface Turn {
  id: string;
  conversationId: string;
  question: string;
  /** The question as answered (the rewrite of a follow-up, else the question). */
  understood: string;
  /** The person the answer was about or quoted most, for "he"/"she" and "what did he say next?". */
  speaker: string | null;
  articleIds: number[];
  quotes: TurnQuote[];
  /** Ranked passages behind the answer (chunk ids, best first) and how many "more" has shown. */
  passages: Array<{ chunkId: number; score: number }>;
  shown: number;
  createdAt: string;
}

export type NewTurn = Omit<Turn, "id" | "createdAt">;

/** Turns kept per conversation: follow-ups look back a few turns, never dozens. */
const KEEP_TURNS = 20;

/** Conversation memory in the library's SQLite file, so a restart keeps every thread. */
export class ConversationStore {
  constructor(private readonly db: Database) {}

  /** The latest turn, or the given one when a person replies to an older answer. */
  latest(conversationId: string, turnId?: string): Turn | null {
    const row = turnId
      ? this.db.prepare("SELECT id, state, created_at FROM conversation_turns WHERE conversation_id = ? AND id = ?").get(conversationId, turnId)
      : this.db.prepare("SELECT id, state, created_at FROM conversation_turns WHERE conversation_id = ? ORDER BY seq DESC LIMIT 1").get(conversationId);
    return row ? toTurn(conversationId, row as TurnRow) : null;
  }

  add(turn: NewTurn): Turn {
    const id = randomUUID();
    const createdAt = new Date().toISOString();
    const { conversationId, ...state } = turn;
    this.db.transaction(() => {
      const seq = (this.db.prepare("SELECT COALESCE(MAX(seq), 0) + 1 FROM conversation_turns WHERE conversation_id = ?").pluck().get(conversationId) as number) ?? 1;
      this.db
        .prepare("INSERT INTO conversation_turns (id, conversation_id, seq, created_at, state) VALUES (?, ?, ?, ?, ?)")
        .run(id, conversationId, seq, createdAt, JSON.stringify(state));
      this.db.prepare("DELETE FROM conversation_turns WHERE conversation_id = ? AND seq <= ?").run(conversationId, seq - KEEP_TURNS);
    })();
    return { ...turn, id, createdAt };
  }

  /** Records how many passages of a turn "more" has shown. */
  markShown(turn: Turn, shown: number): Turn {
    const { id, conversationId: _conversation, createdAt: _created, ...state } = turn;
    const updated = { ...state, shown };
    this.db.prepare("UPDATE conversation_turns SET state = ? WHERE id = ?").run(JSON.stringify(updated), id);
    return { ...turn, shown };
  }

  forget(conversationId: string): void {
    this.db.prepare("DELETE FROM conversation_turns WHERE conversation_id = ?").run(conversationId);
  }
}

interface TurnRow {
  id: string;
  state: string;
  created_at: string;
}

function toTurn(conversationId: string, row: TurnRow): Turn {
  return { ...(JSON.parse(row.state) as Omit<Turn, "id" | "conversationId" | "createdAt">), id: row.id, conversationId, createdAt: row.created_at };
}

/** How a message relates to the conversation so far. */
export type FollowUp =
  | { type: "standalone"; question: string }
  | { type: "smalltalk"; reply: string }
  | { type: "more" }
  | { type: "source" }
  | { type: "next-quote"; speaker: string; understood: string }
  | { type: "why"; understood: string }
  | { type: "when"; understood: string }
  /** `asSpeaker`: the other reading of "and the harbour pilot?", asking what that person said on the topic. */
  | { type: "rewritten"; understood: string; asSpeaker?: { speaker: string; understood: string } };

const GREETING = /^\s*(hi|hello|hey|hiya|good (morning|afternoon|evening)|greetings|yo|howdy)\b[\s!.,]*(there|bot|verbatim)?[\s!.]*$/i;
const THANKS = /^\s*(thanks|thank you|thx|ty|cheers|great|ok(ay)?|cool|nice|perfect|got it)\b[\s\w,!.]{0,20}$/i;
const MORE = /^\s*(more|tell me more|go on|continue|anything else|what else|keep going|show more|next)\s*[?!.]*\s*$/i;
const SOURCE = /^\s*(source|sources|link|links|where (is|was) (that|this) from|where did you (get|read|find) (that|this)|which (article|outlet|paper))\s*[?!.]*\s*$/i;
const NEXT_QUOTE = /^\s*(and\s+)?what (else )?did (he|she|they|\w+) say (next|after that|then|afterwards|else)\s*[?!.]*\s*$/i;
const WHY = /^\s*(but\s+|and\s+)?why\s*(is that|was that|so|did (he|she|they|it) (do|say) that)?\s*[?!.]*\s*$/i;
const WHEN = /^\s*(and\s+)?when (was|did|is) (that|this|it)( happen| said| published)?\s*[?!.]*\s*$/i;
const AND_TOPIC = /^\s*(?:and|what about|how about|and what about|what of)\s+(.{2,60}?)\s*[?!.]*\s*$/i;
/** A whole question after a conjunction: "And what did the harbour pilot say?" is a question, not a topic. */
const QUESTION_START = /^(?:what|who|whom|whose|why|when|where|which|how|did|does|do|is|are|was|were|has|have|had|can|could|will|would|should)\b/i;
const CONJUNCTION = /^\s*(?:and|but|so|also|ok(?:ay)?|then)\b[\s,]*/i;
/** "what did X say", optionally "about Y": X and Y. */
const SPEAKER_QUESTION = /^what\s+(?:did|does|has|have|had)\s+(.+?)\s+(?:say|said|tell|told|think|claim|write)\b(?:\s+(?:about|on|of|regarding)\s+(.+?))?\s*[?!.]*\s*$/i;
const PRONOUN = /\b(he|she|him|her|his|they|them)\b/i;

/** Drops a question's trailing punctuation and a leading capital's context-free filler. */
function bare(question: string): string {
  return question.trim().replace(/[?!.\s]+$/, "");
}

/**
 * Reads a message against the previous turn: greetings and thanks get a short reply, "more"/"source?" act on
 * the previous answer, and short follow-ups ("and Ukraine?", "why?", "what did he say next?") are rewritten into
 * a standalone question. Anything else stands alone here; the engine still reads a question that points back
 * ("what did she say about it?") against the conversation's topic (topic.ts).
 */
export function resolveFollowUp(message: string, previous: Turn | null): FollowUp {
  const text = message.trim();
  if (GREETING.test(text)) return { type: "smalltalk", reply: "Hello! Ask me about the news you've sent me, or send me a link to an article." };
  if (THANKS.test(text) && text.split(/\s+/).length <= 5) return { type: "smalltalk", reply: "You're welcome." };
  if (!previous) return { type: "standalone", question: text };

  if (MORE.test(text)) return { type: "more" };
  if (SOURCE.test(text)) return { type: "source" };
  if (NEXT_QUOTE.test(text) && previous.speaker) {
    return { type: "next-quote", speaker: previous.speaker, understood: `What did ${previous.speaker} say next?` };
  }
  if (WHY.test(text)) return { type: "why", understood: aboutPrevious("Why", previous) };
  if (WHEN.test(text)) return { type: "when", understood: aboutPrevious("When", previous) };

  const question = text.replace(CONJUNCTION, "");
  const asksSpeaker = SPEAKER_QUESTION.exec(question);
  if (asksSpeaker && question !== text && !PRONOUN.test(asksSpeaker[1] ?? "")) {
    // "And what did the harbour pilot say?": a new speaker on the topic in hand, at most.
    const topic = topicOf(previous);
    if (!asksSpeaker[2] && topic) return { type: "rewritten", understood: `What did ${asksSpeaker[1]} say about ${topic}?` };
    return { type: "standalone", question: text };
  }
  const topic = AND_TOPIC.exec(text);
  if (topic?.[1] && text.split(/\s+/).length <= 8 && !QUESTION_START.test(topic[1])) {
    const about = topicOf(previous);
    const asSpeaker = { speaker: topic[1], understood: about ? `What did ${topic[1]} say about ${about}?` : `What did ${topic[1]} say?` };
    return { type: "rewritten", understood: withTopic(previous, topic[1]), asSpeaker };
  }
  return { type: "standalone", question: text };
}

/** What the previous question was about: "the lamp" in "What did Marta Kowalski say about the lamp?". */
function topicOf(previous: Turn): string | null {
  return /\b(?:about|regarding)\s+(.+)$/i.exec(bare(previous.understood))?.[1] ?? null;
}

/** "why?" → "Why, regarding the lamp?"; without a topic to name, the previous question itself, quoted. */
function aboutPrevious(asked: "Why" | "When", previous: Turn): string {
  const topic = topicOf(previous);
  if (topic) return `${asked}, regarding ${topic}?`;
  return `${asked}? (following “${bare(previous.understood)}”)`;
}

/** The previous question with its topic swapped: "What did Peskov say about the regions?" + "Ukraine" → "… about Ukraine?". */
function withTopic(previous: Turn, topic: string): string {
  const base = bare(previous.understood);
  const about = /\b(about|on|regarding|in|for)\s+(.+)$/i.exec(base);
  if (about) return `${base.slice(0, about.index)}${about[1]} ${topic}?`;
  if (previous.speaker) return `What did ${previous.speaker} say about ${topic}?`;
  return `${base}: ${topic}?`;
}
