/**
 * Scoring of conversation datasets (the convqa format): three-turn conversations over news pages, each turn
 * a question with 1–3 exact substrings of the article, any of which in the reply's answer text is a hit, and
 * for speaker questions the speaker's surname that must appear there too. The rules follow the dataset's own
 * scorer, so `verbatim eval` and it report the same figures.
 */

/** The kinds of turn the format knows; other kinds are counted under their own names. */
export const TURN_KINDS = ["paraphrase", "follow-up", "who-said", "what-said"] as const;

export interface ConversationTurn {
  q: string;
  expect_any: string[];
  kind: string;
  expect_speaker?: string;
}

export interface DatasetConversation {
  /** The page's id: its HTML is `<page>.html.gz` in the pages folder. */
  page: string;
  turns: ConversationTurn[];
}

export interface TurnOutcome {
  conversation: number;
  turn: number;
  kind: string;
  question: string;
  hit: boolean;
  refusal: boolean;
  /** Null when the turn names no speaker to check. */
  speakerOk: boolean | null;
  understoodAs: string | null;
  reply: string;
}

export interface KindSummary {
  kind: string;
  turns: number;
  hits: number;
  speakerOk: number;
  speakerChecked: number;
  refusals: number;
}

export interface ConversationMetrics {
  kinds: KindSummary[];
  overall: KindSummary;
  /** Conversations whose every turn was a hit. */
  wholeConversations: number;
  conversations: number;
}

const REFUSAL = /couldn'?t find|could not find|none of the \d+ articles? i have|don'?t say|no further quotes|nothing to continue|that's everything i found|no article/i;

/** Typographic quotes straightened, whitespace collapsed, lowercased. */
export function normaliseForMatch(text: string): string {
  return text
    .replace(/[‘’‚‛′´`]/g, "'")
    .replace(/[“”„‟″«»]/g, '"')
    .replace(/\s+/g, " ")
    .trim()
    .toLowerCase();
}

/** The reply without its "(Understood as: …)" line, its sources and the "more" hint: an echoed question cannot score. */
export function answerText(reply: string): string {
  const lines = reply.split("\n");
  while (lines[0]?.startsWith("(Understood as:")) lines.shift();
  const end = lines.findIndex((line) => line.trim() === "Sources:");
  return (end < 0 ? lines : lines.slice(0, end))
    .join("\n")
    .replace(/\(Say .more. for further passages\.\)/g, "")
    .trim();
}

/** A canned "couldn't find" note, looked for only in lines that are not cited quotes. */
export function isRefusal(body: string): boolean {
  return body.split("\n").some((line) => !/\[\d+\]\s*$/.test(line) && REFUSAL.test(line));
}

/** Judges one reply to one turn. */
export function scoreTurn(turn: ConversationTurn, reply: string, position: { conversation: number; turn: number }): TurnOutcome {
  const body = normaliseForMatch(answerText(reply));
  const surname = turn.expect_speaker ? normaliseForMatch(turn.expect_speaker) : null;
  const escaped = surname?.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const understood = reply.split("\n").find((line) => line.startsWith("(Understood as: "));
  return {
    ...position,
    kind: turn.kind,
    question: turn.q,
    hit: turn.expect_any.some((expected) => body.includes(normaliseForMatch(expected))),
    refusal: isRefusal(answerText(reply)),
    speakerOk: escaped ? new RegExp(`(?<!\\w)${escaped}(?!\\w)`, "u").test(body) : null,
    understoodAs: understood ? understood.slice("(Understood as: ".length).replace(/\)$/, "") : null,
    reply,
  };
}

function summariseKind(kind: string, rows: readonly TurnOutcome[]): KindSummary {
  const checked = rows.filter((row) => row.speakerOk !== null);
  return {
    kind,
    turns: rows.length,
    hits: rows.filter((row) => row.hit).length,
    speakerOk: checked.filter((row) => row.speakerOk).length,
    speakerChecked: checked.length,
    refusals: rows.filter((row) => row.refusal).length,
  };
}

export function summariseConversations(outcomes: readonly TurnOutcome[]): ConversationMetrics {
  const known: readonly string[] = TURN_KINDS;
  const kinds = [...known, ...[...new Set(outcomes.map((o) => o.kind))].filter((kind) => !known.includes(kind)).sort()];
  const byConversation = new Map<number, boolean>();
  for (const outcome of outcomes) byConversation.set(outcome.conversation, (byConversation.get(outcome.conversation) ?? true) && outcome.hit);
  return {
    kinds: kinds.map((kind) => summariseKind(kind, outcomes.filter((o) => o.kind === kind))).filter((summary) => summary.turns > 0),
    overall: summariseKind("overall", outcomes),
    wholeConversations: [...byConversation.values()].filter(Boolean).length,
    conversations: byConversation.size,
  };
}

/** The per-kind table: hit rate, speaker right, refusals. */
export function describeConversations(metrics: ConversationMetrics): string {
  const rate = (s: KindSummary): string => (s.turns > 0 ? (s.hits / s.turns).toFixed(2) : "-");
  const speaker = (s: KindSummary): string => (s.speakerChecked > 0 ? `${s.speakerOk}/${s.speakerChecked}` : "");
  const rows = [...metrics.kinds, metrics.overall].map(
    (s) => `| ${s.kind} | ${s.turns} | ${s.hits} (${rate(s)}) | ${speaker(s)} | ${s.refusals} |`,
  );
  return [
    "| kind | turns | hits | speaker right | refusals |",
    "|---|---|---|---|---|",
    ...rows,
    "",
    `conversations with every turn right: ${metrics.wholeConversations}/${metrics.conversations}`,
  ].join("\n");
}
