/**
 * The answer model shared by every front end: the answer engine builds it, the renderers (plain text for the
 * terminal, Telegram HTML for the bot) only display it. Nothing here is text a renderer may alter: quotes are
 * verbatim article text, checked against the article before an Answer is returned.
 */

/** A verbatim passage from a cited article. `text === article.text.slice(start, end)` (after normalising quote marks and whitespace). */
export interface AnswerQuote {
  text: string;
  /** The person (or body) the article attributes the words to, when it names one. */
  speaker: string | null;
  /** In answers to "what did X say?" / "who said …?": the role the article introduces the speaker with ("Kremlin spokesman"). */
  speakerRole?: string;
  /** 1-based number of the source in `Answer.sources`. */
  sourceNumber: number;
  articleId: number;
  start: number;
  end: number;
}

export interface AnswerSource {
  /** The citation number shown next to quotes, 1-based. */
  number: number;
  articleId: number;
  title: string;
  outlet: string | null;
  publishedAt: string | null;
  url: string | null;
  /** Near-identical copies of the same story (syndication) collapsed into this source. */
  alsoReportedBy: Array<{ outlet: string | null; url: string | null }>;
  /** The article's language (BCP 47), which its quotes are in: answers quote the original, not a translation. */
  language?: string | null;
}

/** A retrieved passage, ranked; what `--json` lists as `passages` and what "More" pages through. */
export interface RankedPassage {
  articleId: number;
  chunkId: number;
  url: string | null;
  text: string;
  score: number;
}

export type AnswerKind =
  /** Quotes answering the question. */
  | "answer"
  /** Nothing good enough in the library: `note` says so plainly. */
  | "no-answer"
  /** A greeting, thanks or similar: `note` is the whole reply. */
  | "smalltalk";

/**
 * What a lead note says, for front ends that speak their user's language: refusals, "X said it" and the other
 * stock notes are the bot's own words, which `note` holds in English (notes.ts).
 */
export type NoteKind =
  | { kind: "no-answer"; articles: number }
  | { kind: "not-quoted"; articles: number }
  /** `speaker` as shown, with the role: "Kremlin spokesman Dmitry Peskov". */
  | { kind: "said-it"; speaker: string }
  | { kind: "greeting" }
  | { kind: "thanks" }
  /** "more" with no question asked yet. */
  | { kind: "nothing-to-continue" }
  /** "more" when nothing is left. */
  | { kind: "no-more" }
  /** A why-question whose articles give no reason. */
  | { kind: "no-reason" }
  /** A follow-up the story in hand does not answer. */
  | { kind: "topic-silent"; why: boolean }
  /** "why?" / "when was that?" after an answer whose articles do not say. */
  | { kind: "quoted-silent"; about: "why" | "when" }
  /** "when was that?": the day the article was published, and its outlet. */
  | { kind: "reported"; date: string; outlet: string | null }
  | { kind: "no-further-quotes"; speaker: string }
  /** "source?": the sources of the previous answer follow. */
  | { kind: "came-from" }
  | { kind: "nothing-cited" };

export interface Answer {
  kind: AnswerKind;
  /** The question as the person asked it. */
  question: string;
  /** The question as it was understood, when a follow-up was rewritten ("and Ukraine?" → "What did Peskov say about Ukraine?"); else null. */
  understoodAs: string | null;
  /** A short lead line or, for "no-answer"/"smalltalk", the full message. Plain text. */
  note: string | null;
  /** What `note` says, when it is one of the bot's stock notes (absent for notes that quote nothing of the bot's). */
  noteKind?: NoteKind | null;
  quotes: AnswerQuote[];
  sources: AnswerSource[];
  /** Top passages, best first (at most 10). */
  passages: RankedPassage[];
  /** How many articles the library held when searched. */
  articlesSearched: number;
  /** Whether asking for "more" would return further passages. */
  hasMore: boolean;
  /** Identifies this turn of the conversation (for "More" buttons and replies to this answer). */
  turnId: string;
}

export interface AskOptions {
  /** Whose thread this is: a chat, or a person within a group chat. Omit for a one-off question with no memory. */
  conversationId?: string;
  /** Continue the thread of this earlier answer instead of the latest one (a reply to an older bot message). */
  replyToTurnId?: string;
  /** "Now" for date words ("this week", "yesterday"); defaults to the current time. */
  now?: Date;
}

/** The question-answering engine; front ends hold one and call nothing else of the retrieval layer for answers. */
export interface AnswerEngine {
  ask(question: string, options?: AskOptions): Promise<Answer>;
  /** The next best passages of a turn (default: the conversation's latest). */
  more(conversationId: string, turnId?: string): Promise<Answer>;
  /** Clears a conversation's memory. */
  forget(conversationId: string): Promise<void>;
}

/**
 * How a speaker is named: "Kremlin spokesman Dmitry Peskov" for a short title-like role, "Marta Ilves, a professor
 * of ecology at …" for an appositive one, the name alone without a role or when the name already holds it.
 */
export function withRole(name: string, role: string | null | undefined): string {
  if (!role || name.toLowerCase().includes(role.toLowerCase())) return name;
  const roleWords = role.split(/\s+/);
  if (/^(a|an|the)$/i.test(roleWords[0] ?? "") || roleWords.length > 4 || /\b(of|at|for|in|with)\b/.test(role)) return `${name}, ${role}`;
  return `${role.charAt(0).toUpperCase()}${role.slice(1)} ${name}`;
}

/**
 * A quote's words in quotation marks, unless the passage brings its own (a whole sentence like “…,” she said):
 * Cyrillic quotes in the «…» their own press uses, others in “…”.
 */
export function inQuoteMarks(text: string): string {
  if (/^["“„«‘']/.test(text)) return text;
  return /^[^\p{L}]*[\u0400-\u04FF]/u.test(text) ? `«${text}»` : `“${text}”`;
}

/**
 * The speaker to name beside a quote, with their role, or null: none is known, or the quoted sentence names
 * them itself ("…,” said grower Magda Perrin), where a label would say it twice.
 */
export function speakerLabel(quote: Pick<AnswerQuote, "text" | "speaker" | "speakerRole">): string | null {
  if (!quote.speaker) return null;
  const surname = quote.speaker.trim().split(/\s+/).at(-1) ?? quote.speaker;
  const escaped = surname.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  if (new RegExp(`(?<![\\p{L}\\p{N}])${escaped}(?![\\p{L}\\p{N}])`, "u").test(quote.text)) return null;
  return withRole(quote.speaker, quote.speakerRole);
}

/**
 * The name of a source's language in the reader's language ("Russian" for "ru-RU" read in English, "русский" in
 * Russian), or null when the source is in the reader's own language or its language is not known.
 */
export function languageName(tag: string | null | undefined, reader = "en"): string | null {
  const primary = tag?.toLowerCase().split(/[-_]/)[0];
  if (!primary || !/^[a-z]{2,3}$/.test(primary) || primary === reader) return null;
  try {
    const name = new Intl.DisplayNames([reader], { type: "language" }).of(primary);
    return name && name !== primary ? name : null;
  } catch {
    return null;
  }
}
