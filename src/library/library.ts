/**
 * The storage boundary. Everything above it (ingest, retrieval, answers, the bot, the commands) reads and writes
 * the library only through these interfaces; no SQL, file format or index type leaks past them, so another
 * storage engine can implement them. Every method returns a promise: an embedded implementation may resolve at
 * once, a client-server one cannot.
 */
import type { ArticleDraft, ChunkSpan, QuoteSpan } from "./article.ts";

/** An article as stored: the draft it was made from, plus its id and provenance. */
export interface StoredArticle extends ArticleDraft {
  /** Never reused, even after the article is removed: remembered conversation turns point at ids. */
  id: number;
  /** Where it came from: "url", "file", "jsonl", "telegram". */
  source: string;
  addedAt: string;
}

/** An article's list entry, without its text. */
export type ArticleSummary = Omit<StoredArticle, "text">;

export interface StoredChunk {
  /** Never reused, like article ids. */
  id: number;
  articleId: number;
  seq: number;
  start: number;
  end: number;
  text: string;
}

export interface StoredQuote {
  id: number;
  articleId: number;
  start: number;
  end: number;
  text: string;
  speaker: string | null;
  /** The role or affiliation the article introduces the speaker with, as written. */
  role: string | null;
}

export interface NewArticle {
  draft: ArticleDraft;
  chunks: ChunkSpan[];
  quotes: QuoteSpan[];
  /** One vector per chunk from `vectorModel`, or null to leave the chunks pending for `verbatim reindex`. */
  vectors: Float32Array[] | null;
  vectorModel?: string;
  /** Where it came from: "url", "file", "jsonl", "telegram". */
  source: string;
  /** Further addresses the article is known by (the link as sent before redirects). */
  aliases?: string[];
}

export type AddOutcome = { status: "added"; articleId: number; chunks: number } | { status: "duplicate"; articleId: number };

/** What lexical search looks for: any of the words (as written, lowercased) or of the phrases (words joined by spaces). */
export interface LexicalQuery {
  terms: readonly string[];
  phrases: readonly string[];
}

export interface LexicalHit {
  chunkId: number;
  articleId: number;
  /** BM25, higher is better. */
  score: number;
}

export interface DenseHit {
  chunkId: number;
  /** Cosine similarity in [-1, 1]. */
  score: number;
}

export interface DateRange {
  /** Inclusive bounds, ISO dates (YYYY-MM-DD) or date-times. */
  from?: string;
  to?: string;
}

/**
 * What `published_at` is compared with (as text) for a range's upper bound `to`: a bare date takes in that whole
 * day, since every time on it sorts below "YYYY-MM-DDT99".
 */
export function publishedUntil(to: string): string {
  return to.length === 10 ? `${to}T99` : to;
}

export interface LexicalSearchOptions {
  limit: number;
  dates?: DateRange;
  /** BM25 column weights: title, body. */
  weights?: [number, number];
}

export interface LibraryStats {
  articles: number;
  chunks: number;
  embeddedChunks: number;
  pendingChunks: number;
  quotes: number;
  model: string | null;
  /** Vectors in the approximate-nearest-neighbour index: the loaded one, else the saved one's. */
  indexedVectors: number;
  indexFileBytes: number;
  databaseBytes: number;
  oldestPublished: string | null;
  newestPublished: string | null;
  /** Articles per language (primary subtag: "en", "ru", "uk"; "unknown" where none could be told), most first. */
  languages: Array<{ language: string; articles: number }>;
}

/** The vector index once read in the background (see `Library.loadVectorIndexInBackground`). */
export interface VectorIndexReady {
  /** Points in the index, including those caught up from the stored vectors and those marked deleted. */
  vectors: number;
  /** From the start of the load until dense search uses the index. */
  ms: number;
}

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
  /** The "now" the question was asked at (ISO), which its date words were read against; "more" reads them the same way. */
  askedAt?: string;
  createdAt: string;
}

export type NewTurn = Omit<Turn, "id" | "createdAt">;

/** Conversation memory for follow-ups, kept across restarts. */
export interface ConversationStore {
  /** The latest turn, or the given one when a person replies to an older answer. */
  latest(conversationId: string, turnId?: string): Promise<Turn | null>;
  /** Remembers a turn; old turns beyond a few dozen per conversation are dropped. */
  add(turn: NewTurn): Promise<Turn>;
  /** Records how many passages of a turn "more" has shown, and the quotes shown so far (the answer's and more's). */
  markShown(turn: Turn, shown: number, quotes?: TurnQuote[]): Promise<Turn>;
  forget(conversationId: string): Promise<void>;
}

/** Which conversation and turn a bot message belongs to. */
export interface Thread {
  conversationId: string;
  turnId: string;
}

/**
 * Which turn each of the bot's answer messages shows, so a reply to an answer (or its "More" button) continues
 * that answer's thread across restarts. Entries go with their turns.
 */
export interface BotMessageStore {
  /** Records that a message shows a turn; a turn that was never stored (small talk) is not recorded. */
  remember(chatId: number, messageId: number, thread: Thread): Promise<void>;
  find(chatId: number, messageId: number): Promise<Thread | undefined>;
}

/**
 * The article library: articles with their chunks (as offsets into the article text), attributed quotes and
 * chunk vectors, searchable lexically (BM25) and densely (nearest vectors). Adding an article is all or nothing:
 * after a crash at any point the article is either whole or absent.
 */
export interface Library {
  /**
   * Opened from a folder this process may not write: answering works, adding, removing and re-embedding throw
   * LibraryNotWritable, and nothing in the library's folder changes.
   */
  readonly readOnly: boolean;
  readonly conversations: ConversationStore;
  readonly botMessages: BotMessageStore;

  /** The article a link is already stored under, if any: checked before fetching anything. */
  findByUrl(url: string): Promise<number | null>;
  /** The stored article this draft repeats (by any of its addresses, or by its text), if any. */
  findDuplicate(draft: ArticleDraft, aliases?: readonly string[]): Promise<number | null>;
  /** Stores an article with its chunks, quotes and (optionally) vectors at once, unless it is a duplicate. */
  addArticle(article: NewArticle): Promise<AddOutcome>;
  /** Deletes an article with everything derived from it. False when there was no such article. */
  removeArticle(articleId: number): Promise<boolean>;
  getArticle(articleId: number): Promise<StoredArticle | null>;
  getSummaries(articleIds: readonly number[]): Promise<Map<number, ArticleSummary>>;
  /** Newest first by publish date (then by when it was added). */
  latestArticles(limit: number, offset?: number): Promise<ArticleSummary[]>;
  countArticles(): Promise<number>;

  getChunks(chunkIds: readonly number[]): Promise<Map<number, StoredChunk>>;
  chunksOf(articleId: number): Promise<StoredChunk[]>;
  quotesOf(articleId: number): Promise<StoredQuote[]>;
  /** Replaces an article's quotes at once (re-attribution with newer rules); each must match the article text at its offsets. False when there is no such article. */
  replaceQuotes(articleId: number, quotes: readonly QuoteSpan[]): Promise<boolean>;
  /** Articles quoting a speaker whose name or role contains `name` (case-insensitive), newest first. */
  articlesQuoting(name: string, limit: number): Promise<number[]>;

  /** BM25 over chunk text and article title, any term or phrase matching. */
  searchLexical(query: LexicalQuery, options: LexicalSearchOptions): Promise<LexicalHit[]>;
  /** How many passages hold each term (matched as lexical search matches it), for weighing rare words above common ones. */
  documentFrequencies(terms: readonly string[]): Promise<Map<string, number>>;
  /** About how many passages the library holds: exact enough for IDF, and cheap. */
  passageCount(): Promise<number>;
  /** Nearest chunks to a query vector, or [] when no vectors exist for that model or the index is still loading. */
  searchDense(vector: Float32Array, model: string, limit: number): Promise<DenseHit[]>;

  /** The model whose vectors the library holds, set by the first stored vector. */
  embeddingModel(): Promise<string | null>;
  /** Chunks without a vector, oldest first: the backlog `verbatim reindex` works through. */
  pendingChunks(limit: number): Promise<StoredChunk[]>;
  storeVectors(model: string, items: ReadonlyArray<{ chunkId: number; vector: Float32Array }>): Promise<void>;
  /** Stored vectors in chunk-id order, after `afterChunkId`: for copying a library or measuring the index against exact search. */
  storedVectors(afterChunkId: number, limit: number): Promise<Array<{ chunkId: number; vector: Float32Array }>>;
  /** Forgets every vector (another model is taking over); chunks become pending again. */
  clearVectors(): Promise<void>;
  /**
   * Starts reading the saved vector index without holding up answers; until it is ready dense search finds
   * nothing. Resolves with its size once dense search uses it, or null when there is nothing to load.
   */
  loadVectorIndexInBackground(): Promise<VectorIndexReady | null>;
  /** Persists derived indexes so the next start need not rebuild them; cheap when nothing changed. */
  saveIndex(): Promise<void>;

  stats(): Promise<LibraryStats>;
  /**
   * Writes a consistent copy of the library to `file` while it goes on running: exactly the articles committed
   * before the copy began, each whole. Derived indexes are not copied; they are rebuilt from the copy on first use.
   */
  backup(file: string): Promise<void>;
  /** Saves what needs saving and releases the storage. */
  close(): Promise<void>;
}
