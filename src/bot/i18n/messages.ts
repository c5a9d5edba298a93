/**
 * The bot's own words in the languages of its users, chosen by the Telegram user's `language_code`: English,
 * Russian and Ukrainian; anyone else gets English. A typed table rather than @grammyjs/i18n's Fluent files: the
 * answer renderer and the error handler need the same words outside a handler's `ctx.t`, the bundle ships no
 * locale folder, and a missing translation is a type error instead of a key shown to the user.
 * Quotes are never translated: they stay in their article's language.
 */
import type { NoteKind } from "../../answer/model.ts";
import type { IngestFailure } from "../../failure.ts";
import { english } from "./en.ts";
import { russian } from "./ru.ts";
import { ukrainian } from "./uk.ts";

export type Locale = "en" | "ru" | "uk";

export interface LibraryStats {
  articles: number;
  chunks: number;
  pendingChunks: number;
  quotes: number;
  /** First and last publication day, or null when no article is dated. */
  span: { from: string; to: string } | null;
  /** Articles per language, as the library counts them. */
  languages: ReadonlyArray<{ language: string; articles: number }>;
  semantic: boolean;
}

export interface BotMessages {
  locale: Locale;
  help: string;
  /** The greeting of /start, with how many articles the library holds. */
  start(articles: number): string;
  stats(stats: LibraryStats): string;
  forgotten: string;
  addUsage: string;
  addNotALink: string;
  unknownCommand: string;
  emptyQuestion: string;
  questionTooLong: string;
  askingTooFast: string;
  linksTooFast: string;
  moreButton: string;
  moreForgotten: string;
  sourcesEmpty: string;
  sourcesTitle(from: number, to: number, total: number): string;
  newer: string;
  older: string;
  unsupported: { pdf: string; file: string; media: string; audio: string; sticker: string; other: string };
  privateBot: string;
  /** /remove: admins only; usage; no such article; done, with the title HTML-escaped. */
  removeAdminsOnly: string;
  removeUsage: string;
  removeNoSuchArticle(articleId: number): string;
  removed(articleId: number, titleHtml: string | null): string;
  sorry: string;
  channelPostInfo: string;
  channelPostEmpty: string;
  /** Status lines of added links, HTML-escaped pieces given. */
  added(titleHtml: string, whereHtml: string, passages: number): string;
  duplicate(titleHtml: string): string;
  failed(sourceHtml: string, reasonHtml: string): string;
  /** Why a link or post could not be added (plain text; the caller escapes it). */
  failure(failure: IngestFailure): string;
  onlyFirstLinks(max: number): string;
  understoodAs: string;
  sourcesHeading: string;
  alsoReported: string;
  anotherOutlet: string;
  untitled: string;
  nothingToSay: string;
  /** "(in Russian)" after a source in another language; `name` is the language's name in this locale. */
  sourceLanguage(name: string): string;
  /** The engine's lead notes that are the bot's own words: refusals and "X said it". */
  note(note: NoteKind): string;
}

const TABLE: Record<Locale, BotMessages> = { en: english, ru: russian, uk: ukrainian };

/** The locale of a Telegram `language_code` ("ru", "uk", "en-US", "pt-br"): English unless Russian or Ukrainian. */
export function localeOf(languageCode: string | undefined): Locale {
  const primary = languageCode?.toLowerCase().split(/[-_]/)[0];
  return primary === "ru" || primary === "uk" ? primary : "en";
}

export function messagesFor(languageCode: string | undefined): BotMessages {
  return TABLE[localeOf(languageCode)];
}

/** Russian and Ukrainian plural forms: 1 статья, 2 статьи, 5 статей. */
export function pluralSlavic(locale: "ru" | "uk", n: number, forms: { one: string; few: string; many: string }): string {
  const rule = new Intl.PluralRules(locale).select(n);
  return rule === "one" ? forms.one : rule === "few" ? forms.few : forms.many;
}

/** A size limit in the locale's units: 1.5 MB, 1,5 МБ. */
export function formatSize(locale: "ru" | "uk", bytes: number): string {
  const number = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 });
  if (bytes >= 1_000_000) return `${number.format(bytes / 1_000_000)} МБ`;
  if (bytes >= 1_000) return `${number.format(bytes / 1_000)} КБ`;
  return `${bytes} байт`;
}

/** A time limit in the locale's units: 20 с, 1,5 с, 300 мс. */
export function formatDuration(locale: "ru" | "uk", ms: number): string {
  return ms >= 1_000 ? `${new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(ms / 1_000)} с` : `${ms} мс`;
}
