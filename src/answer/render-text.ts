import { inQuoteMarks, languageName, speakerLabel, type Answer, type AnswerSource } from "./model.ts";

/**
 * The terminal rendering of an Answer: how the question was understood (when rewritten), the lead note, each
 * quote in quotation marks (its own, when it brings them) with its speaker and [n], then the numbered sources,
 * each saying its language when that is not English. Quotes are printed as they are, in the article's language.
 */
export function renderText(answer: Answer): string {
  const lines: string[] = [];
  if (answer.understoodAs) lines.push(`(Understood as: ${answer.understoodAs})`);
  if (answer.note) lines.push(answer.note);
  for (const quote of answer.quotes) {
    const speaker = speakerLabel(quote);
    lines.push(`${speaker ? `${speaker}: ` : ""}${inQuoteMarks(quote.text)} [${quote.sourceNumber}]`);
  }
  if (answer.sources.length > 0) {
    lines.push("", "Sources:");
    for (const source of answer.sources) lines.push(renderSource(source));
  }
  if (answer.hasMore) lines.push("", "(Say “more” for further passages.)");
  return lines.join("\n");
}

function renderSource(source: AnswerSource): string {
  const details = [source.outlet, source.publishedAt?.slice(0, 10)].filter(Boolean).join(", ");
  const language = languageName(source.language);
  let line = `[${source.number}] ${source.title}${details ? ` (${details})` : ""}${language ? ` (in ${language})` : ""}${source.url ? ` ${source.url}` : ""}`;
  if (source.alsoReportedBy.length > 0) {
    const others = source.alsoReportedBy.map((copy) => copy.outlet ?? copy.url ?? "another outlet");
    line += `\n    also reported by ${[...new Set(others)].join(", ")}`;
  }
  return line;
}
