import type { NoteKind } from "./model.ts";

/**
 * The engine's stock notes in English: what `Answer.note` holds, and what front ends show when they have no
 * translation of their own (the bot's ru/uk tables translate each `NoteKind`).
 */
export function englishNote(note: NoteKind): string {
  switch (note.kind) {
    case "no-answer":
      return `I couldn't find an answer to that in the ${articles(note.articles)} I have. If you have a link to an article about it, send it to me and I'll read it.`;
    case "not-quoted":
      return `None of the ${articles(note.articles)} I have contains those words. If you have a link to an article quoting them, send it to me and I'll read it.`;
    case "said-it":
      return `${note.speaker} said it.`;
    case "greeting":
      return "Hello! Ask me about the news you've sent me, or send me a link to an article.";
    case "thanks":
      return "You're welcome.";
    case "nothing-to-continue":
      return "There is nothing to continue yet: ask me a question first.";
    case "no-more":
      return "That's everything I found on this.";
    case "no-reason":
      return "The articles I found on this don't say why.";
    case "topic-silent":
      return `The articles we were talking about don't say${note.why ? " why" : ""}.`;
    case "quoted-silent":
      return `The articles I quoted don't say ${note.about}.`;
    case "reported":
      return `Reported ${note.date}${note.outlet ? ` (${note.outlet})` : ""}.`;
    case "no-further-quotes":
      return `I have no further quotes from ${note.speaker}.`;
    case "came-from":
      return "That came from:";
    case "nothing-cited":
      return "My last answer quoted no articles.";
  }
}

/** A stock note as an answer draft carries it: the English text and what it says. */
export function noted(note: NoteKind): { note: string; noteKind: NoteKind } {
  return { note: englishNote(note), noteKind: note };
}

function articles(count: number): string {
  return `${count} article${count === 1 ? "" : "s"}`;
}
