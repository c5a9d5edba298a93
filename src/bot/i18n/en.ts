import { englishNote } from "../../answer/notes.ts";
import { englishFailure } from "../../failure.ts";
import type { BotMessages } from "./messages.ts";

const s = (n: number, word: string): string => `${n} ${word}${n === 1 ? "" : "s"}`;

const HELP = [
  "I answer questions about the news I have been given, in the articles' own words: short quotes with who said them, and numbered links to the articles.",
  "",
  "<b>Ask</b> anything, for example:",
  "<i>What did the mayor say about the harbour dredging?</i>",
  "Then follow up (<i>and the ferries?</i>), reply to one of my answers to continue it, or tap <b>More</b> for further passages.",
  "",
  "<b>Add articles</b> by sending or forwarding links, or by forwarding a channel's post.",
  "",
  "/sources the latest articles · /stats what I hold · /forget start afresh · /add &lt;link&gt;",
].join("\n");

export const english: BotMessages = {
  locale: "en",
  help: HELP,
  start: (articles) =>
    `Hello! ${HELP}\n\n${articles === 0 ? "My library is empty so far: send me a link to a news article to begin." : `I hold ${s(articles, "article")} so far.`}`,
  stats: (stats) =>
    [
      "<b>Library</b>",
      `Articles: ${stats.articles}`,
      `Passages: ${stats.chunks} (${stats.pendingChunks} not yet embedded)`,
      `Quotes: ${stats.quotes}`,
      `Coverage: ${stats.span ? `${stats.span.from} to ${stats.span.to}` : "no dated articles"}`,
      ...(stats.languages.length > 0 ? [`Languages: ${stats.languages.map((l) => `${l.language} ${l.articles}`).join(", ")}`] : []),
      `Search: ${stats.semantic ? "meaning and words" : "words only"}`,
    ].join("\n"),
  forgotten: "Done: I have forgotten our conversation. The next question starts afresh.",
  addUsage: "Send /add followed by a link, for example: /add https://example.com/news/story",
  addNotALink:
    "That doesn't look like a web link. Send /add followed by the article's address, like https://example.com/news/story (http:// or just example.com/news/story work too).",
  unknownCommand: "I don't know that command. /help lists what I can do.",
  emptyQuestion: "Yes? Ask me a question about the news, for example: <i>What did the minister say about the budget?</i>",
  questionTooLong: "That is long for a question. Ask in a sentence or two, or send me the article's link (or forward the channel post) to add it.",
  askingTooFast: "You are asking faster than I can keep up. Please wait a minute and ask again.",
  linksTooFast: "You are sending links faster than I can read them. Please send the rest again in a minute.",
  moreButton: "More",
  moreForgotten: "I no longer remember that answer. Please ask again.",
  sourcesEmpty: "The library is empty. Send me a link to a news article to add it.",
  sourcesTitle: (from, to, total) => `<b>Latest articles</b> (${from}–${to} of ${total})`,
  newer: "« Newer",
  older: "Older »",
  unsupported: {
    pdf: "I can't read PDFs yet. Send me a link to the article's web page instead.",
    file: "I can't read files. Send me a link to the article, or type your question.",
    media: "I can only read text. Send me a link to the article, or type your question.",
    audio: "I can't listen to audio. Please type your question.",
    sticker: "I answer questions about the news I've been given. Try asking one, or see /help.",
    other: "I only understand text questions and links to articles. See /help.",
  },
  privateBot:
    "Sorry, this bot is private: it only answers the people it was set up for. If you think you should have access, ask whoever runs it to add your Telegram user id.",
  removeAdminsOnly: "Only the bot's admins can remove articles.",
  removeUsage: "Send /remove followed by an article's number from /sources (like /remove 12) or its link.",
  removeNoSuchArticle: (id) => `There is no article #${id}.`,
  removed: (id, title) => `Removed #${id}${title ? ` <b>${title}</b>` : ""} and its passages.`,
  sorry: "Sorry, something went wrong on my side. Please try again in a moment.",
  channelPostInfo: "I store posts forwarded from channels, and articles from links. To ask about something, just type your question.",
  channelPostEmpty: "That post has no text I could store. Forward a post with text, or send a link to the article.",
  added: (title, where, passages) => `✓ Added <b>${title}</b>${where ? ` (${where})` : ""} — ${s(passages, "passage")}`,
  duplicate: (title) => `✓ <b>${title}</b> is already in the library`,
  failed: (source, reason) => `✗ ${source}: couldn't read it: ${reason}`,
  failure: englishFailure,
  onlyFirstLinks: (max) => `(only the first ${max} links of a message are read)`,
  understoodAs: "Understood as",
  sourcesHeading: "Sources",
  alsoReported: "also",
  anotherOutlet: "another outlet",
  untitled: "untitled",
  nothingToSay: "I have nothing to say about that.",
  sourceLanguage: (name) => `(in ${name})`,
  note: englishNote,
};
