import type { Turn } from "../library/library.ts";
import type { NoteKind } from "./model.ts";

/** How a message relates to the conversation so far. */
export type FollowUp =
  | { type: "standalone"; question: string }
  | { type: "smalltalk"; reply: NoteKind }
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
  if (GREETING.test(text)) return { type: "smalltalk", reply: { kind: "greeting" } };
  if (THANKS.test(text) && text.split(/\s+/).length <= 5) return { type: "smalltalk", reply: { kind: "thanks" } };
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
