import type { Library } from "../library/library.ts";
import type { ParsedQuery } from "../retrieval/query.ts";
import type { SearchHit } from "../retrieval/search.ts";
import { coverageOf, type QuestionWords } from "../retrieval/expand.ts";
import { stemmedWords } from "../text/words.ts";
import { inSentence, pickDiverse, speakerCandidate, wordsKey, type QuoteCandidate } from "./candidates.ts";
import { speakerMatches, speaksFor, surname } from "./speakers.ts";
import { LEAD_PARAGRAPH, MIN_QUOTE_WORDS, QUOTES_PER_ANSWER, RELATIVE_COVERAGE } from "./tuning.ts";

/**
 * "What did X say (about Y)?": X's stored quotes (X a name, a role or an affiliation; for "the company", also the
 * quotes its spokesperson gave unnamed), ranked by how much of Y
 * they (or their paragraph, or the one leading up to it) mention, then by the article's rank and age. `asked` are
 * the question's words. With `requireTopic`, a speaker none of whose quotes' passages mention the topic said
 * nothing on it: no quotes.
 */
export async function whatSaid(
  library: Library,
  parsed: ParsedQuery,
  hits: SearchHit[],
  asked: QuestionWords,
  now: Date,
  requireTopic: boolean,
): Promise<QuoteCandidate[]> {
  const speaker = parsed.speaker!;
  const speakerWords = new Set(stemmedWords(speaker));
  const topic: QuestionWords = { ...asked, weights: new Map([...asked.weights].filter(([term]) => !speakerWords.has(term))) };
  const hitRank = new Map<number, number>();
  hits.forEach((hit, rank) => {
    if (!hitRank.has(hit.article.id)) hitRank.set(hit.article.id, rank);
  });
  const copies = new Set(hits.flatMap((hit) => hit.alsoReportedBy.map((a) => a.id)));
  const articleIds = [...new Set([...hitRank.keys(), ...(await library.articlesQuoting(surname(speaker), 30))])].filter((id) => !copies.has(id));
  const candidates: Array<QuoteCandidate & { onTopic: number; words: number }> = [];
  const seen = new Set<string>();
  for (const articleId of articleIds) {
    const article = await library.getArticle(articleId);
    if (!article) continue;
    const age = article.publishedAt ? (now.getTime() - Date.parse(article.publishedAt.slice(0, 10))) / 86_400_000 : 365;
    // Published after the day asked about (an evaluation's or a --now date): not something said by then.
    if (age < -1) continue;
    for (const quote of await library.quotesOf(articleId)) {
      // A quote's own words rarely repeat the topic; its paragraph usually does, or the one leading up to it.
      const from = article.text.lastIndexOf("\n\n", quote.start);
      const before = from <= 0 ? 0 : Math.max(0, article.text.lastIndexOf("\n\n", from - 1));
      const to = article.text.indexOf("\n\n", quote.end);
      const paragraph = article.text.slice(from < 0 ? 0 : from, to < 0 ? article.text.length : to);
      const matches = quote.speaker ? speakerMatches(quote.speaker, quote.role, speaker) : speaksFor(paragraph, speaker);
      if (!matches) continue;
      // The same words reprinted by another outlet are one quote.
      const key = wordsKey(quote.text);
      if (seen.has(key)) continue;
      seen.add(key);
      const lead = article.text.slice(before, from < 0 ? 0 : from);
      const onTopic = Math.max(
        coverageOf(topic.passage.tokensOf(paragraph, article.language), topic),
        LEAD_PARAGRAPH * coverageOf(topic.passage.tokensOf(`${lead} ${paragraph}`, article.language), topic),
      );
      const score = onTopic + 0.3 / (1 + (hitRank.get(articleId) ?? 30)) + 0.1 / (1 + Math.max(0, age) / 30);
      candidates.push({ ...speakerCandidate(quote), score, onTopic, words: quote.text.split(/\s+/).length });
    }
  }
  // A word or two in quotation marks ("deep", "Of course.") says little on its own: full remarks first. And when
  // some quotes are on the topic asked about, the speaker's remarks on other matters stay out.
  // Such a phrase is never shown alone: when the speaker has nothing longer, the sentence holding it is.
  const substantial = candidates.filter((c) => c.words >= MIN_QUOTE_WORDS);
  const pool = substantial.length > 0 ? substantial : await Promise.all(candidates.map((c) => inSentence(library, c)));
  const bestOnTopic = Math.max(0, ...pool.map((c) => c.onTopic));
  // Asked about something none of their quotes' passages mention: the speaker said nothing on it here.
  if (requireTopic && bestOnTopic === 0 && topic.weights.size > 0) return [];
  const relevant = pool.filter((c) => c.onTopic >= RELATIVE_COVERAGE * bestOnTopic);
  return pickDiverse(relevant.sort((a, b) => b.score - a.score), QUOTES_PER_ANSWER);
}
