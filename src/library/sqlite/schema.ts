import type { Database } from "better-sqlite3";
import { LibraryUnusable } from "../../errors.ts";
import { articleLanguage } from "../../text/language.ts";
import { isStemmedLanguage } from "../stemmed-words.ts";
import { chunkWordsWriter } from "./lexical.ts";

/**
 * Ordered schema migrations; `PRAGMA user_version` records how many have run. Append, never edit: a
 * library written by an older version is upgraded in place on open. A migration that needs code rather than SQL
 * (detecting a language) is a function run in the same transaction.
 */
const MIGRATIONS: Array<string | ((db: Database) => void)> = [
  `
  CREATE TABLE articles (
    id            INTEGER PRIMARY KEY,
    url           TEXT,
    canonical_url TEXT,
    title         TEXT NOT NULL,
    text          TEXT NOT NULL,
    outlet        TEXT,
    authors       TEXT NOT NULL DEFAULT '[]',
    published_at  TEXT,
    language      TEXT,
    source        TEXT NOT NULL,
    content_hash  TEXT NOT NULL UNIQUE,
    added_at      TEXT NOT NULL
  );
  CREATE INDEX articles_published ON articles(published_at);

  -- Every address an article is known by (as sent, after redirects, canonical), so a link is recognised before it is fetched.
  CREATE TABLE article_urls (
    key        TEXT PRIMARY KEY,
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE
  ) WITHOUT ROWID;
  CREATE INDEX article_urls_article ON article_urls(article_id);

  -- Chunk text is not stored twice: it is articles.text sliced at [start, end) (UTF-16 offsets, as in JS).
  CREATE TABLE chunks (
    id         INTEGER PRIMARY KEY,
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    seq        INTEGER NOT NULL,
    start      INTEGER NOT NULL,
    end        INTEGER NOT NULL
  );
  CREATE INDEX chunks_article ON chunks(article_id, seq);

  CREATE VIRTUAL TABLE chunks_fts USING fts5(
    title, body,
    content = '', contentless_delete = 1,
    tokenize = 'porter unicode61 remove_diacritics 2'
  );

  CREATE TABLE quotes (
    id         INTEGER PRIMARY KEY,
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    start      INTEGER NOT NULL,
    end        INTEGER NOT NULL,
    speaker    TEXT
  );
  CREATE INDEX quotes_article ON quotes(article_id);
  CREATE INDEX quotes_speaker ON quotes(speaker COLLATE NOCASE);

  -- seq only grows, so the HNSW index can catch up with "seq > what I saved" after a crash.
  CREATE TABLE vectors (
    seq      INTEGER PRIMARY KEY AUTOINCREMENT,
    chunk_id INTEGER NOT NULL UNIQUE REFERENCES chunks(id) ON DELETE CASCADE,
    vector   BLOB NOT NULL
  );

  CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
  ) WITHOUT ROWID;
  `,
  `
  -- Conversation memory for follow-ups ("and Ukraine?", "more"), kept across restarts: one row a turn; what the
  -- answer cited and the passages behind it are JSON in state, read back whole by conversation.ts.
  CREATE TABLE conversation_turns (
    id              TEXT PRIMARY KEY,
    conversation_id TEXT NOT NULL,
    seq             INTEGER NOT NULL,
    created_at      TEXT NOT NULL,
    state           TEXT NOT NULL
  );
  CREATE UNIQUE INDEX conversation_turns_seq ON conversation_turns(conversation_id, seq);
  `,
  `
  -- The role or affiliation a quote's speaker is introduced with ("Kremlin spokesman"), for "what did the
  -- Kremlin say?". Null for quotes stored before this column, until the article is ingested again.
  ALTER TABLE quotes ADD COLUMN role TEXT;
  `,
  `
  -- Which conversation turn each of the bot's answer messages shows, so a Telegram reply to an answer (or its
  -- "More" button) continues that answer's thread after a restart too. The conversation is the turn's own, not
  -- stored twice. A row goes with its turn, when conversation.ts prunes old turns or /forget deletes them; the
  -- index on turn_id keeps those cascades from scanning the whole table.
  CREATE TABLE bot_messages (
    chat_id    INTEGER NOT NULL,
    message_id INTEGER NOT NULL,
    turn_id    TEXT NOT NULL REFERENCES conversation_turns(id) ON DELETE CASCADE,
    PRIMARY KEY (chat_id, message_id)
  ) WITHOUT ROWID;
  CREATE INDEX bot_messages_turn ON bot_messages(turn_id);
  `,
  `
  -- Article and chunk ids are never reused (AUTOINCREMENT): remembered turns ("more", "source?") and the vector
  -- index point at them, and a reused id would make them point at another article's passages. SQLite cannot add
  -- AUTOINCREMENT to a table, so both are rebuilt with their rows; the other tables' foreign keys follow the name.
  CREATE TABLE articles_new (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    url           TEXT,
    canonical_url TEXT,
    title         TEXT NOT NULL,
    text          TEXT NOT NULL,
    outlet        TEXT,
    authors       TEXT NOT NULL DEFAULT '[]',
    published_at  TEXT,
    language      TEXT,
    source        TEXT NOT NULL,
    content_hash  TEXT NOT NULL UNIQUE,
    added_at      TEXT NOT NULL
  );
  INSERT INTO articles_new SELECT id, url, canonical_url, title, text, outlet, authors, published_at, language, source, content_hash, added_at FROM articles;
  DROP TABLE articles;
  ALTER TABLE articles_new RENAME TO articles;
  CREATE INDEX articles_published ON articles(published_at);

  CREATE TABLE chunks_new (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    seq        INTEGER NOT NULL,
    start      INTEGER NOT NULL,
    end        INTEGER NOT NULL
  );
  INSERT INTO chunks_new SELECT id, article_id, seq, start, end FROM chunks;
  DROP TABLE chunks;
  ALTER TABLE chunks_new RENAME TO chunks;
  CREATE INDEX chunks_article ON chunks(article_id, seq);
  `,
  // Every article now has a language, detected from its text where the page declared none (or declared one its
  // text contradicts), so that search can match it in that language.
  (db) => {
    const rows = db.prepare("SELECT id, language, text FROM articles").all() as Array<{ id: number; language: string | null; text: string }>;
    const update = db.prepare("UPDATE articles SET language = ? WHERE id = ?");
    for (const row of rows) {
      const language = articleLanguage(row.language, row.text);
      if (language !== row.language) update.run(language, row.id);
    }
  },
  // Articles in languages other than English are matched by their own language's stems (see stemmed-words.ts):
  // their passages move from the Porter index to one of stems made by verbatim itself, which FTS5 only splits.
  (db) => {
    db.exec(`CREATE VIRTUAL TABLE chunks_stemmed USING fts5(
      title, body,
      content = '', contentless_delete = 1,
      tokenize = 'unicode61 remove_diacritics 2'
    )`);
    const words = chunkWordsWriter(db);
    const chunks = db.prepare("SELECT c.id, a.title, a.language, substr(a.text, c.start + 1, c.end - c.start) AS body FROM chunks c JOIN articles a ON a.id = c.article_id WHERE a.language IS NOT NULL");
    for (const chunk of chunks.all() as Array<{ id: number; title: string; language: string; body: string }>) {
      if (!isStemmedLanguage(chunk.language)) continue;
      words.remove(chunk.id);
      words.add(chunk.id, chunk.title, chunk.body, chunk.language);
    }
  },
  // Search asks which languages the library holds once per run. A row's language is stored after its text, so
  // without an index SQLite read every article whole to answer (over a second at 100k articles); this one answers
  // from itself.
  `CREATE INDEX articles_language ON articles(language);`,
];

/**
 * Refuses a library written by a newer verbatim, before anything is written to it: its tables may mean something
 * this version does not know, and migrating "down" would lose data.
 */
export function checkSchemaVersion(db: Database, where: string): void {
  const current = db.pragma("user_version", { simple: true }) as number;
  if (current > MIGRATIONS.length) {
    throw new LibraryUnusable(
      `${where} was written by a newer verbatim (schema version ${current}; this one knows up to ${MIGRATIONS.length}): upgrade verbatim to use it, or point DATA_DIR at another folder.`,
    );
  }
}

/**
 * Brings the database up to the current schema. Switches foreign keys off first (better-sqlite3 turns them on
 * by default): rebuilding a table others refer to must not cascade its deletion. The caller switches them back
 * on; each migration is checked for broken references before it commits. `target` (all by default) stops
 * earlier: tests use it to make a library as an older version wrote it.
 */
export function migrate(db: Database, target = MIGRATIONS.length): void {
  db.pragma("foreign_keys = OFF");
  const current = db.pragma("user_version", { simple: true }) as number;
  for (let version = current; version < target; version++) {
    db.transaction(() => {
      const migration = MIGRATIONS[version]!;
      if (typeof migration === "string") db.exec(migration);
      else migration(db);
      const broken = db.pragma("foreign_key_check") as unknown[];
      if (broken.length > 0) throw new Error(`schema migration ${version + 1} would break ${broken.length} references`);
      db.pragma(`user_version = ${version + 1}`);
    })();
  }
}
