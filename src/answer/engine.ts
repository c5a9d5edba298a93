import { randomUUID } from "node:crypto";
import { answerPositions, askedWords } from "../retrieval/answer-type.ts";
import { sentenceSpans } from "../text/sentences.ts";
import { createVerbatimIndex, type VerbatimIndex } from "../text/verbatim.ts";
import type { Logger } from "../logger.ts";
import { withRole, type Answer, type AnswerEngine, type AnswerKind, type AnswerQuote, type AnswerSource, type AskOptions, type RankedPassage } from "./model.ts";
import { ConversationStore, resolveFollowUp, type Turn, type TurnQuote } from "./follow-up.ts";
import type { ArticleSummary, Library, StoredChunk, StoredQuote } from "../library/sqlite/sqlite-library.ts";
import { expectedAnswerType, parseQuery, rawWords, type ParsedQuery, type QuestionKind } from "../retrieval/query.ts";
import { coverageOf, type QuestionWords } from "../retrieval/expand.ts";
import { leansOnTopic, leavesTopic, namesIn, peopleIn, pronounIn, resolvePerson, withPerson } from "./topic.ts";
import { DEFAULT_TUNING, Searcher, type QueryEmbedder, type SearchHit, type SearchTuning } from "../retrieval/search.ts";
import { containsPhrase, stem, stemmedWords } from "../text/words.ts";

export interface AnswerEngineDeps {
  library: Library;
  /** Null: lexical search only. */
  embedder: QueryEmbedder | null;
  logger: Logger;
  tuning?: SearchTuning;
}

/** A passage the engine proposes to quote, by its offsets in an article; checked before it reaches an Answer. */
interface QuoteCandidate {
  articleId: number;
  start: number;
  end: number;
  speaker: string | null;
  score: number;
  /** The role the article introduces the speaker with, shown beside the name in answers to speaker questions. */
  role?: string | null;
}

/** What a remembered turn carries forward for follow-ups; quotes and cited articles default to the answer's own. */
interface ThreadState {
  understood: string;
  speaker: string | null;
  hits: SearchHit[];
  /** Passages already shown, so "more" goes on after them. */
  shown: number;
  quotes?: TurnQuote[];
  articleIds?: number[];
}

/** Everything of an answer except what `assemble` derives and checks (quotes, sources, numbering). */
interface AnswerDraft {
  kind: AnswerKind;
  question: string;
  understoodAs: string | null;
  note: string | null;
  candidates: QuoteCandidate[];
  hits: SearchHit[];
  hasMore: boolean;
  turnId: string;
}

/** Quotes per answer: a reply is a few sentences, not a page; five give the answer more chances from other articles. */
const QUOTES_PER_ANSWER = 5;
/** Passages read for answer sentences; the rest wait for "more". */
const PASSAGES_READ = 5;
const MORE_PASSAGES = 3;
/** Below this share of the question's (IDF-weighted) words in the best passage, the library does not know. */
const MIN_COVERAGE = 0.25;
/**
 * A question of two content words ("the Titan submersible") says nothing else, so a passage missing one of them
 * is about something else (Saturn's moon Titan): the best passage must then hold both, unless the one it misses
 * is a common word (under 30% of the weight). From three words on, a missing word is as often a synonym
 * ("decide" for "approve").
 */
const MIN_COVERAGE_TWO_WORDS = 0.7;

function minCoverage(terms: number): number {
  return terms <= 2 ? MIN_COVERAGE_TWO_WORDS : MIN_COVERAGE;
}
/**
 * Passages holding less than this share of what the best one holds of the question are not quoted from: in a
 * small library they are often the only other articles sharing a single word ("decide"). On the news-quiz dev
 * set 0.6 cost one answer of 331 and 0.7 three. The same share keeps a speaker's off-topic remarks out of
 * "what did X say about Y?".
 */
const RELATIVE_COVERAGE = 0.6;
/** "Who said '…'?": the quoted words are the question, whatever pronouns they hold. */
const WHO_SAID_QUOTE = /^\s*who\s+(?:said|says|told|wrote)\b.*["“'‘]/i;
/** How much the topic's words in the paragraph leading up to a quote count, beside its own paragraph's. */
const LEAD_PARAGRAPH = 0.8;
/** How much the topic's words (the previous question's) count beside a follow-up's own, in the topic's articles. */
const TOPIC_WEIGHT = 0.3;
/** How much a sentence the previous answer already showed loses when a follow-up is answered. */
const SHOWN_PENALTY = 0.1;
/** Quotes shorter than this are a phrase picked out ("playing with fire"), shown only when the speaker has nothing longer. */
const MIN_QUOTE_WORDS = 4;

/** Creates the extractive answer engine: search, pick the sentences that answer, verify every quote, remember the turn. */
export function createAnswerEngine(deps: AnswerEngineDeps): AnswerEngine {
  return new ExtractiveAnswerEngine(deps);
}

class ExtractiveAnswerEngine implements AnswerEngine {
  private readonly searcher: Searcher;
  private readonly conversations: ConversationStore;

  constructor(private readonly deps: AnswerEngineDeps) {
    this.searcher = new Searcher(deps.library, deps.embedder, deps.tuning ?? DEFAULT_TUNING);
    this.conversations = new ConversationStore(deps.library.db);
  }

  async ask(question: string, options: AskOptions = {}): Promise<Answer> {
    const now = options.now ?? new Date();
    const conversationId = options.conversationId;
    const previous = conversationId ? this.conversations.latest(conversationId, options.replyToTurnId) : null;
    const followUp = resolveFollowUp(question, previous);
    switch (followUp.type) {
      case "smalltalk":
        return this.assemble({ ...emptyDraft(question), kind: "smalltalk", note: followUp.reply });
      case "more":
        return this.more(conversationId!, previous!.id);
      case "source":
        return this.sourcesOf(question, previous!);
      case "next-quote":
        return this.nextQuote(question, followUp.speaker, followUp.understood, previous!, conversationId!);
      case "why":
      case "when":
        return this.aboutPrevious(question, followUp.type, followUp.understood, previous!, now, conversationId!);
      case "rewritten": {
        // "and the harbour pilot?" names someone quoted in the story in hand: what they said on its topic.
        const speaker = followUp.asSpeaker;
        const quoted = speaker && previous!.articleIds.slice(0, 1).some((id) => this.deps.library.quotesOf(id).some((q) => q.speaker && speakerMatches(q.speaker, q.role, speaker.speaker)));
        return this.followUp(question, quoted ? speaker.understood : followUp.understood, previous!, now, conversationId);
      }
      case "standalone": {
        if (!previous || WHO_SAID_QUOTE.test(question)) return this.answer(question, null, now, conversationId);
        if (leansOnTopic(question)) return this.followUp(question, null, previous, now, conversationId);
        // A question the whole library cannot answer may still be about the story in hand ("How did shopkeepers react?").
        const standalone = await this.answer(question, null, now, conversationId);
        return standalone.kind === "no-answer" ? this.followUp(question, null, previous, now, conversationId) : standalone;
      }
    }
  }

  async more(conversationId: string, turnId?: string): Promise<Answer> {
    const turn = this.conversations.latest(conversationId, turnId);
    if (!turn) return this.assemble({ ...emptyDraft("more"), kind: "no-answer", note: "There is nothing to continue yet: ask me a question first." });
    const next = turn.passages.slice(turn.shown, turn.shown + MORE_PASSAGES);
    if (next.length === 0) {
      return this.assemble({ ...emptyDraft("more"), kind: "no-answer", understoodAs: `More on: ${turn.understood}`, note: "That's everything I found on this.", turnId: turn.id });
    }
    const hits = this.hitsFor(next);
    const parsed = parseQuery(turn.understood, new Date());
    const candidates = this.sentenceCandidates(parsed, hits, QUOTES_PER_ANSWER);
    const shown = turn.shown + next.length;
    this.conversations.markShown(turn, shown);
    return this.assemble({
      ...emptyDraft("more"),
      kind: candidates.length > 0 ? "answer" : "no-answer",
      understoodAs: `More on: ${turn.understood}`,
      note: candidates.length > 0 ? null : "That's everything I found on this.",
      candidates,
      hits,
      hasMore: shown < turn.passages.length,
      turnId: turn.id,
    });
  }

  forget(conversationId: string): void {
    this.conversations.forget(conversationId);
  }

  /** A standalone question (or a rewritten follow-up): search, choose sentences, remember the turn. */
  private async answer(question: string, understoodAs: string | null, now: Date, conversationId: string | undefined): Promise<Answer> {
    const understood = understoodAs ?? question;
    const parsed = parseQuery(understood, now);
    const hits = await this.searcher.search(parsed, { now, limit: 30 });
    const draft: AnswerDraft = { ...emptyDraft(question), understoodAs, hits };
    const weights = this.searcher.questionWords(parsed);
    const best = hits[0];
    const bestCoverage = best ? coverage(best.chunk.text, best.article.title, weights) : 0;
    // Whether the best passage says what was asked at all: there a word the article uses instead counts in full.
    const bestHolds = best ? coverage(best.chunk.text, best.article.title, { ...weights, alternatives: asFull(weights.alternatives) }) : 0;
    // The speaker's own quotes decide "what did X say about Y?": X's name and Y need not share a passage.
    const speakerQuotes = parsed.kind === "what-said" && parsed.speaker ? this.whatSaid(parsed, hits, now, true) : [];
    if (!best || (parsed.terms.length > 0 && bestHolds < minCoverage(parsed.terms.length) && speakerQuotes.length === 0)) {
      // The passages stay listed (--json shows what was weighed); nothing is quoted from them.
      return this.assemble({ ...draft, kind: "no-answer", note: parsed.kind === "who-said" && parsed.quoted ? this.notQuotedNote() : this.noAnswerNote() });
    }

    let candidates: QuoteCandidate[] = [];
    let note: string | null = null;
    let speaker: string | null = null;
    if (parsed.kind === "who-said" && parsed.quoted) {
      candidates = this.whoSaid(parsed.quoted, hits);
      speaker = candidates[0]?.speaker ?? null;
      if (speaker) note = `${withRole(speaker, candidates[0]?.role ?? null)} said it.`;
      // Sentences that merely share a word with the quotation would look like an answer to "who said it?".
      if (candidates.length === 0) return this.assemble({ ...draft, kind: "no-answer", note: this.notQuotedNote() });
    } else if (parsed.kind === "what-said" && parsed.speaker) {
      candidates = speakerQuotes.length > 0 ? speakerQuotes : this.whatSaid(parsed, hits, now, false);
      if (candidates.length > 0) speaker = candidates[0]!.speaker;
    }
    if (candidates.length === 0) {
      const floor = RELATIVE_COVERAGE * bestCoverage;
      const read = hits.slice(0, PASSAGES_READ).filter((hit) => coverage(hit.chunk.text, hit.article.title, weights) >= floor);
      candidates = this.sentenceCandidates(parsed, read, QUOTES_PER_ANSWER);
    }
    speaker ??= mostQuoted(candidates);

    const answer = this.assemble({
      ...draft,
      kind: candidates.length > 0 ? "answer" : "no-answer",
      note: candidates.length > 0 ? note : this.noAnswerNote(),
      candidates,
      hasMore: hits.length > PASSAGES_READ,
    });
    return this.remember(answer, conversationId, { understood, speaker, hits, shown: PASSAGES_READ });
  }

  /**
   * A follow-up read against the conversation's topic: "he"/"she" become the person of the topic's articles the
   * pronoun fits, and the answer comes from the articles the previous turn cited (the topic's words counting
   * a little, what was already shown left out), unless the question names something those articles never do.
   */
  private async followUp(question: string, rewritten: string | null, previous: Turn, now: Date, conversationId: string | undefined): Promise<Answer> {
    const library = this.deps.library;
    // The story in hand is the previous answer's first source; others it cited shared only some of its words.
    const articles = previous.articleIds.slice(0, 1).flatMap((id) => library.getArticle(id) ?? []);
    const texts = articles.map((article) => article.text);
    let understood = rewritten ?? question;
    if (articles.length === 0 || leavesTopic(understood, texts)) return this.answer(question, rewritten, now, conversationId);
    // "What did Benioff say about his phone?": a pronoun after a name in the question is that person's.
    const gender = namesIn(understood).length === 0 ? pronounIn(understood) : null;
    let person: string | null = null;
    if (gender) {
      const shownText = previous.quotes.map((q) => library.getArticle(q.articleId)?.text.slice(q.start, q.end) ?? "");
      const quoted = articles.flatMap((article) => library.quotesOf(article.id).flatMap((q) => q.speaker ?? []));
      // After "who…?" the person is the one the answer named; after any other question, first the one it asked about.
      const asked = peopleIn(previous.understood, texts);
      const shownPeople = shownText.flatMap((text) => peopleIn(text, texts));
      const ordered = expectedAnswerType(previous.understood) === "person" ? shownPeople.filter((p) => !asked.includes(p)) : [...asked, ...shownPeople];
      // The previous speaker comes first when the previous question asked about a speaker; otherwise it is only
      // whoever a sentence of the answer happened to quote.
      const speakerFirst = ["who-said", "what-said"].includes(parseQuery(previous.understood, now).kind);
      const speaker = previous.speaker ? [previous.speaker] : [];
      person = resolvePerson(gender, speakerFirst ? [...speaker, ...ordered, ...quoted] : [...ordered, ...speaker, ...quoted], texts);
    }
    // The answer is searched with the surname, which the article repeats; the reading shows the full name.
    const parsed = parseQuery(person ? withPerson(understood, surname(person)) : understood, now);
    if (person) understood = withPerson(understood, person);
    if (/\b(?:why|reason|reasons|reasoning|motive|because)\b/i.test(question)) parsed.kind = "why";
    const topicIds = new Set(articles.map((article) => article.id));
    const shown = previous.quotes;
    const fresh = (c: QuoteCandidate): boolean => !shown.some((q) => q.articleId === c.articleId && q.start < c.end && c.start < q.end);

    const own = this.searcher.questionWords(parsed);
    const earlier = this.searcher.questionWords(parseQuery(previous.understood, now));
    const weights = new Map(own.weights);
    for (const [term, weight] of earlier.weights) if (!weights.has(term)) weights.set(term, TOPIC_WEIGHT * weight);
    const words: QuestionWords = { weights, alternatives: new Map([...earlier.alternatives, ...own.alternatives]) };
    const summaries = library.getSummaries([...topicIds]);
    const hits: SearchHit[] = articles
      .flatMap((article) => library.chunksOf(article.id).map((chunk) => ({ chunk, article: summaries.get(article.id)!, score: coverage(chunk.text, article.title, words), alsoReportedBy: [] })))
      .sort((a, b) => b.score - a.score);

    let candidates: QuoteCandidate[] = [];
    if (parsed.kind === "what-said" && parsed.speaker) {
      // In the story in hand the speaker's quotes are on its topic, whatever words they use.
      const quotes = this.whatSaid(parsed, hits, now, false).filter((c) => topicIds.has(c.articleId));
      candidates = [...quotes.filter(fresh), ...quotes.filter((c) => !fresh(c))].slice(0, 2);
    }
    if (candidates.length === 0) {
      // What the previous answer showed stays possible (it may be the answer to this question too), behind the rest.
      const pool = this.sentenceCandidates(parsed, hits, 20, 0.25, words)
        .map((c) => (fresh(c) ? c : { ...c, score: c.score - SHOWN_PENALTY }))
        .sort((a, b) => b.score - a.score);
      // Nothing of the question's own words, nor the shape of its answer: the topic's articles do not say.
      const answers = pool.filter((c) => coverageOf(stemmedWords(library.getArticle(c.articleId)?.text.slice(c.start, c.end) ?? ""), own) > 0 || parsed.answerType !== null || parsed.kind !== "general");
      candidates = pickDiverse(answers, 2);
    }
    // A rewritten follow-up already names its topic; otherwise the reading says which question it follows.
    const understoodAs = rewritten ? understood : `${capitalise(bare(understood).replace(/^\s*(?:and|but|so|also|then)\b[\s,]*/i, ""))}? (following “${bare(previous.understood)}”)`;
    const answer = this.assemble({
      ...emptyDraft(question),
      kind: candidates.length > 0 ? "answer" : "no-answer",
      understoodAs,
      note: candidates.length > 0 ? null : "The articles we were talking about don't say.",
      candidates,
      hits,
    });
    return this.remember(answer, conversationId, { understood: bare(understood), speaker: person ?? mostQuoted(candidates) ?? previous.speaker, hits, shown: hits.length });
  }

  /** "why?" / "when was that?": the previous answer's articles, read for causes or dates. */
  private async aboutPrevious(question: string, type: "why" | "when", understood: string, previous: Turn, now: Date, conversationId: string): Promise<Answer> {
    const parsed: ParsedQuery = { ...parseQuery(previous.understood, now), kind: type, answerType: null };
    const cited = new Set(previous.articleIds);
    const hits = this.hitsFor(previous.passages).filter((hit) => cited.has(hit.article.id));
    // Here the shape (a cause, a date) is the point: the topic words were already matched by the previous answer.
    const candidates = type === "why" ? this.causes(parsed, hits) : this.sentenceCandidates(parsed, hits, 1, 2);
    let note: string | null = null;
    if (type === "when") {
      const dated = previous.articleIds.slice(0, 1).map((id) => this.deps.library.getSummaries([id]).get(id)).filter((a): a is ArticleSummary => Boolean(a?.publishedAt));
      if (dated.length > 0) note = `Reported ${dated.map((a) => `${a.publishedAt!.slice(0, 10)}${a.outlet ? ` (${a.outlet})` : ""}`).join(", ")}.`;
    }
    const answer = this.assemble({
      ...emptyDraft(question),
      kind: candidates.length > 0 || note ? "answer" : "no-answer",
      understoodAs: understood,
      note: note ?? (candidates.length > 0 ? null : `The articles I quoted don't say ${type}.`),
      candidates,
      hits,
    });
    // The thread stays on the earlier question, its quotes and its sources, so "when was that?" after "why?" is not
    // "When: Why: …", "what did he say next?" goes on from the last quote, not from a cause or a date, and "source?"
    // lists the articles that answer quoted even when no cause was found.
    return this.remember(answer, conversationId, {
      understood: previous.understood,
      speaker: previous.speaker,
      hits: this.hitsFor(previous.passages),
      shown: previous.shown,
      quotes: previous.quotes,
      articleIds: previous.articleIds,
    });
  }

  /** "what did he say next?": the speaker's next quotes after the last one shown, in the same articles first. */
  private nextQuote(question: string, speaker: string, understood: string, previous: Turn, conversationId: string): Answer {
    const library = this.deps.library;
    const lastShown = new Map<number, number>();
    for (const q of previous.quotes) lastShown.set(q.articleId, Math.max(lastShown.get(q.articleId) ?? -1, q.end));
    // Words already shown, wherever they were reprinted.
    const seen = new Set(previous.quotes.map((q) => wordsKey(library.getArticle(q.articleId)?.text.slice(q.start, q.end) ?? "")));
    const articleIds = [...new Set([...previous.articleIds, ...library.articlesQuoting(surname(speaker), 10)])];
    const candidates: QuoteCandidate[] = [];
    articleIds.forEach((articleId, rank) => {
      const after = lastShown.get(articleId) ?? -1;
      for (const quote of library.quotesOf(articleId)) {
        const key = wordsKey(quote.text);
        if (quote.start >= after && quote.speaker && speakerMatches(quote.speaker, quote.role, speaker) && !seen.has(key)) {
          seen.add(key);
          candidates.push({ ...speakerCandidate(quote), score: 10 - rank - quote.start / 1e6 });
        }
      }
    });
    candidates.sort((a, b) => b.score - a.score);
    const chosen = candidates.slice(0, 2);
    const answer = this.assemble({
      ...emptyDraft(question),
      kind: chosen.length > 0 ? "answer" : "no-answer",
      understoodAs: understood,
      note: chosen.length > 0 ? null : `I have no further quotes from ${speaker}.`,
      candidates: chosen,
    });
    return this.remember(answer, conversationId, { understood: previous.understood, speaker, hits: this.hitsFor(previous.passages), shown: previous.shown });
  }

  private sourcesOf(question: string, previous: Turn): Answer {
    const articles = this.deps.library.getSummaries(previous.articleIds);
    const sources: AnswerSource[] = previous.articleIds
      .map((id) => articles.get(id))
      .filter((a): a is ArticleSummary => a !== undefined)
      .map((article, index) => toSource(article, index + 1, []));
    const answer = this.assemble({
      ...emptyDraft(question),
      kind: sources.length > 0 ? "answer" : "no-answer",
      understoodAs: `Sources of: ${previous.understood}`,
      note: sources.length > 0 ? "That came from:" : "My last answer quoted no articles.",
      turnId: previous.id,
    });
    return { ...answer, sources };
  }

  /** For "who said '…'": stored quotes containing the words, the attributed ones first; else the sentence holding them; else nothing. */
  private whoSaid(quoted: string, hits: SearchHit[]): QuoteCandidate[] {
    const wanted = stemmedWords(quoted);
    const found: QuoteCandidate[] = [];
    const articles = [...new Set(hits.map((hit) => hit.article.id))].slice(0, 10);
    articles.forEach((articleId, rank) => {
      for (const quote of this.deps.library.quotesOf(articleId)) {
        if (containsPhrase(stemmedWords(quote.text), wanted)) found.push({ ...speakerCandidate(quote), score: (quote.speaker ? 10 : 0) - rank });
      }
    });
    if (found.length === 0) {
      // Words the quote finder did not mark as a quotation (a paraphrase, an unusual layout): the sentence holding them.
      hits.forEach((hit, rank) => {
        for (const sentence of sentencesOf(hit.chunk)) {
          if (containsPhrase(stemmedWords(sentence.text), wanted)) found.push({ articleId: hit.article.id, start: sentence.start, end: sentence.end, speaker: null, score: -rank });
        }
      });
    }
    const best = found.sort((a, b) => b.score - a.score)[0];
    return best ? [best, ...this.continuation(best)] : [];
  }

  /**
   * The rest of what a speaker said in one go: their next quotes in the same paragraph ("Came down to a few
   * points," she said. "Thought I did my part…"), so an answer to "who said…" shows more than the words asked about.
   */
  private continuation(quote: QuoteCandidate): QuoteCandidate[] {
    if (!quote.speaker) return [];
    const article = this.deps.library.getArticle(quote.articleId);
    if (!article) return [];
    const paragraphEnd = article.text.indexOf("\n\n", quote.end);
    return this.deps.library
      .quotesOf(quote.articleId)
      .filter((q) => q.start >= quote.end && (paragraphEnd < 0 || q.start < paragraphEnd) && q.speaker === quote.speaker)
      .slice(0, 2)
      .map((q) => ({ ...speakerCandidate(q), score: quote.score }));
  }

  /** For "what did X say (about Y)": X's stored quotes (X a name, a role or an affiliation), ranked by how much of Y they (or their passage) mention. */
  private whatSaid(parsed: ParsedQuery, hits: SearchHit[], now: Date, requireTopic: boolean): QuoteCandidate[] {
    const speaker = parsed.speaker!;
    const library = this.deps.library;
    const speakerWords = new Set(stemmedWords(speaker));
    const asked = this.searcher.questionWords(parsed);
    const topic: QuestionWords = { ...asked, weights: new Map([...asked.weights].filter(([term]) => !speakerWords.has(term))) };
    const hitRank = new Map<number, number>();
    hits.forEach((hit, rank) => {
      if (!hitRank.has(hit.article.id)) hitRank.set(hit.article.id, rank);
    });
    const copies = new Set(hits.flatMap((hit) => hit.alsoReportedBy.map((a) => a.id)));
    const articleIds = [...new Set([...hitRank.keys(), ...library.articlesQuoting(surname(speaker), 30)])].filter((id) => !copies.has(id));
    const candidates: Array<QuoteCandidate & { onTopic: number; words: number }> = [];
    const seen = new Set<string>();
    for (const articleId of articleIds) {
      const article = library.getArticle(articleId);
      if (!article) continue;
      const age = article.publishedAt ? (now.getTime() - Date.parse(article.publishedAt.slice(0, 10))) / 86_400_000 : 365;
      // Published after the day asked about (an evaluation's or a --now date): not something said by then.
      if (age < -1) continue;
      for (const quote of library.quotesOf(articleId)) {
        if (!quote.speaker || !speakerMatches(quote.speaker, quote.role, speaker)) continue;
        // The same words reprinted by another outlet are one quote.
        const key = wordsKey(quote.text);
        if (seen.has(key)) continue;
        seen.add(key);
        // A quote's own words rarely repeat the topic; its paragraph usually does, or the one leading up to it.
        const from = article.text.lastIndexOf("\n\n", quote.start);
        const before = from <= 0 ? 0 : Math.max(0, article.text.lastIndexOf("\n\n", from - 1));
        const to = article.text.indexOf("\n\n", quote.end);
        const paragraph = article.text.slice(from < 0 ? 0 : from, to < 0 ? article.text.length : to);
        const lead = article.text.slice(before, from < 0 ? 0 : from);
        const onTopic = Math.max(coverageOf(stemmedWords(paragraph), topic), LEAD_PARAGRAPH * coverageOf(stemmedWords(`${lead} ${paragraph}`), topic));
        const score = onTopic + 0.3 / (1 + (hitRank.get(articleId) ?? 30)) + 0.1 / (1 + Math.max(0, age) / 30);
        candidates.push({ ...speakerCandidate(quote), score, onTopic, words: quote.text.split(/\s+/).length });
      }
    }
    // A word or two in quotation marks ("deep", "Of course.") says little on its own: full remarks first. And when
    // some quotes are on the topic asked about, the speaker's remarks on other matters stay out.
    // Such a phrase is never shown alone: when the speaker has nothing longer, the sentence holding it is.
    const substantial = candidates.filter((c) => c.words >= MIN_QUOTE_WORDS);
    const pool = substantial.length > 0 ? substantial : candidates.map((c) => this.inSentence(c));
    const bestOnTopic = Math.max(0, ...pool.map((c) => c.onTopic));
    // Asked about something none of their quotes' passages mention: the speaker said nothing on it here.
    if (requireTopic && bestOnTopic === 0 && topic.weights.size > 0) return [];
    const relevant = pool.filter((c) => c.onTopic >= RELATIVE_COVERAGE * bestOnTopic);
    return pickDiverse(relevant.sort((a, b) => b.score - a.score), QUOTES_PER_ANSWER);
  }

  /** A candidate widened to the sentence of its article that holds it. */
  private inSentence<T extends QuoteCandidate>(candidate: T): T {
    const text = this.deps.library.getArticle(candidate.articleId)?.text;
    if (!text) return candidate;
    const sentence = sentenceSpans(text).find((span) => span.start <= candidate.start && span.end >= candidate.end);
    return sentence ? { ...candidate, start: sentence.start, end: sentence.end } : candidate;
  }

  /** For "why?": sentences of the cited passages that give a cause ("because", "due to", "after"…), on topic first. */
  private causes(parsed: ParsedQuery, hits: SearchHit[]): QuoteCandidate[] {
    const weights = this.searcher.questionWords(parsed);
    const candidates: QuoteCandidate[] = [];
    hits.forEach((hit, rank) => {
      const quotes = this.deps.library.quotesOf(hit.article.id);
      for (const sentence of sentencesOf(hit.chunk)) {
        const cause = causalWeight(sentence.text);
        if (cause === 0 || sentence.text.length < 25 || sentence.text.length > 600) continue;
        const score = cause + 0.5 * coverageOf(stemmedWords(sentence.text), weights) - 0.05 * rank;
        const quote = quotes.find((q) => q.start < sentence.end && q.end > sentence.start && q.speaker);
        candidates.push({ articleId: hit.article.id, start: sentence.start, end: sentence.end, speaker: quote?.speaker ?? null, score });
      }
    });
    // A plain cause beats a sequence of events; "after…" answers only when nothing says "because".
    const sorted = candidates.sort((a, b) => b.score - a.score);
    const strong = sorted.filter((c) => c.score >= 0.9);
    return strong.length > 0 ? pickDiverse(strong, 2) : pickDiverse(sorted, 1);
  }

  /** The sentences of the given passages that answer best: covering the question's words, shaped like its answer. */
  private sentenceCandidates(parsed: ParsedQuery, hits: SearchHit[], count: number, shapeWeight = 0.25, words?: QuestionWords): QuoteCandidate[] {
    const weights = words ?? this.searcher.questionWords(parsed);
    const phrases = parsed.phrases.map((p) => p.split(" ").map(stem));
    const asked = new Set(stemmedWords(parsed.text));
    const askedRaw = askedWords(parsed.text);
    const candidates: Array<QuoteCandidate & { key: string }> = [];
    hits.forEach((hit, rank) => {
      const quotes = this.deps.library.quotesOf(hit.article.id);
      for (const sentence of sentencesOf(hit.chunk)) {
        const text = sentence.text;
        if (text.length < 25 || text.length > 600) continue;
        const tokens = stemmedWords(text);
        const phraseHits = phrases.filter((p) => containsPhrase(tokens, p)).length;
        const covered = coverageOf(tokens, weights);
        const score =
          covered +
          0.2 * (phrases.length > 0 ? phraseHits / phrases.length : 0) +
          shapeWeight * answerShape(parsed, text, askedRaw) +
          0.15 * news(text, asked) +
          // New names and numbers count where the question's words are: the answer stands next to them.
          0.5 * covered * novelty(text, asked) -
          0.06 * rank -
          (text.length > 350 ? 0.1 : 0);
        const quote = quotes.find((q) => q.start < sentence.end && q.end > sentence.start && q.speaker);
        // A sentence that is mostly an attributed quote is shown as the quote with its speaker, without the "…, she said".
        const asQuote = quote && quote.end - quote.start > 0.6 * (sentence.end - sentence.start);
        const candidate = asQuote
          ? { ...quoteCandidate(quote), score }
          : { articleId: hit.article.id, start: sentence.start, end: sentence.end, speaker: quote?.speaker ?? null, score };
        candidates.push({ ...candidate, key: wordsKey(text) });
      }
    });
    // The same sentence reprinted (a cast list, a wire story in two outlets) is quoted once.
    const seen = new Set<string>();
    const unique = candidates.sort((a, b) => b.score - a.score).filter((c) => !seen.has(c.key) && seen.add(c.key));
    return pickDiverse(unique, count);
  }

  private hitsFor(passages: ReadonlyArray<{ chunkId: number; score: number }>): SearchHit[] {
    const library = this.deps.library;
    const chunks = library.getChunks(passages.map((p) => p.chunkId));
    const articles = library.getSummaries([...new Set([...chunks.values()].map((c) => c.articleId))]);
    return passages.flatMap(({ chunkId, score }) => {
      const chunk = chunks.get(chunkId);
      const article = chunk ? articles.get(chunk.articleId) : undefined;
      return chunk && article ? [{ chunk, article, score, alsoReportedBy: [] }] : [];
    });
  }

  private notQuotedNote(): string {
    const count = this.deps.library.countArticles();
    return `None of the ${count} article${count === 1 ? "" : "s"} I have contains those words. If you have a link to an article quoting them, send it to me and I'll read it.`;
  }

  private noAnswerNote(): string {
    const count = this.deps.library.countArticles();
    return `I couldn't find an answer to that in the ${count} article${count === 1 ? "" : "s"} I have. If you have a link to an article about it, send it to me and I'll read it.`;
  }

  /**
   * The one place an Answer is built. Every quote is re-found word for word in its article (typographic quote
   * marks and whitespace normalised) and dropped when it is not there, so no path can emit an unverified quote;
   * sources are numbered in order of first citation.
   */
  private assemble(draft: Partial<AnswerDraft> & { question: string; kind: AnswerKind }): Answer {
    const library = this.deps.library;
    const indexes = new Map<number, { index: VerbatimIndex; text: string }>();
    const sourceNumbers = new Map<number, number>();
    const quotes: AnswerQuote[] = [];
    const hits = draft.hits ?? [];
    for (const candidate of draft.candidates ?? []) {
      let entry = indexes.get(candidate.articleId);
      if (!entry) {
        const article = library.getArticle(candidate.articleId);
        if (!article) continue;
        entry = { index: createVerbatimIndex(article.text), text: article.text };
        indexes.set(candidate.articleId, entry);
      }
      const text = entry.text.slice(candidate.start, candidate.end).replace(/\s+/g, " ").trim();
      const match = text ? entry.index.find(text) : null;
      if (!match) {
        this.deps.logger.warn({ articleId: candidate.articleId, start: candidate.start }, "dropped a quote not found verbatim in its article");
        continue;
      }
      const sourceNumber = sourceNumbers.get(candidate.articleId) ?? sourceNumbers.size + 1;
      sourceNumbers.set(candidate.articleId, sourceNumber);
      const speakerRole = candidate.speaker && candidate.role ? { speakerRole: candidate.role } : {};
      quotes.push({ text, speaker: candidate.speaker, ...speakerRole, sourceNumber, articleId: candidate.articleId, start: match.start, end: match.end });
    }
    const summaries = library.getSummaries([...sourceNumbers.keys()]);
    const sources = [...sourceNumbers].flatMap(([articleId, number]) => {
      const article = summaries.get(articleId);
      const copies = hits.find((hit) => hit.article.id === articleId)?.alsoReportedBy ?? [];
      return article ? [toSource(article, number, copies)] : [];
    });
    const answered = draft.kind === "answer" && quotes.length === 0 && !draft.note ? "no-answer" : draft.kind;
    return {
      kind: answered,
      question: draft.question,
      understoodAs: draft.understoodAs ?? null,
      note: answered === "no-answer" && draft.kind === "answer" ? this.noAnswerNote() : (draft.note ?? null),
      quotes,
      sources,
      passages: hits.slice(0, 10).map(toPassage),
      articlesSearched: library.countArticles(),
      hasMore: draft.hasMore ?? false,
      turnId: draft.turnId ?? randomUUID(),
    };
  }

  private remember(answer: Answer, conversationId: string | undefined, thread: ThreadState): Answer {
    if (!conversationId) return answer;
    const turn = this.conversations.add({
      conversationId,
      question: answer.question,
      understood: thread.understood,
      speaker: thread.speaker ?? mostQuoted(answer.quotes),
      articleIds: thread.articleIds ?? answer.sources.map((s) => s.articleId),
      quotes: thread.quotes ?? answer.quotes.map((q) => ({ articleId: q.articleId, start: q.start, end: q.end, speaker: q.speaker })),
      passages: thread.hits.map((hit) => ({ chunkId: hit.chunk.id, score: hit.score })),
      shown: thread.shown,
    });
    return { ...answer, turnId: turn.id };
  }
}

function emptyDraft(question: string): AnswerDraft {
  return { kind: "answer", question, understoodAs: null, note: null, candidates: [], hits: [], hasMore: false, turnId: randomUUID() };
}

function toSource(article: ArticleSummary, number: number, copies: ArticleSummary[]): AnswerSource {
  return {
    number,
    articleId: article.id,
    title: article.title,
    outlet: article.outlet,
    publishedAt: article.publishedAt,
    url: article.url,
    alsoReportedBy: copies.map((copy) => ({ outlet: copy.outlet, url: copy.url })),
  };
}

function toPassage(hit: SearchHit): RankedPassage {
  return { articleId: hit.article.id, chunkId: hit.chunk.id, url: hit.article.url, text: hit.chunk.text, score: hit.score };
}

function quoteCandidate(quote: StoredQuote): Omit<QuoteCandidate, "score"> {
  return { articleId: quote.articleId, start: quote.start, end: quote.end, speaker: quote.speaker };
}

/** A stored quote for a speaker question: the answer names the speaker with the role the article gives them. */
function speakerCandidate(quote: StoredQuote): Omit<QuoteCandidate, "score"> {
  return { ...quoteCandidate(quote), role: quote.speaker ? quote.role : null };
}

/** How plainly a sentence gives a cause: "because", "due to", "in order to"… fully; "after", "amid", "since" less so. */
function causalWeight(text: string): number {
  if (/\b(because|due to|as a result|the reason|in order to|so that|caused by|led to|owing to|thanks to|in response to|aimed at)\b/i.test(text)) return 1;
  if (/\b(after|amid|since|following|so as to)\b/i.test(text)) return 0.6;
  return 0;
}

/** Sentences of a chunk as article offsets. */
function sentencesOf(chunk: StoredChunk): Array<{ start: number; end: number; text: string }> {
  return sentenceSpans(chunk.text).map(({ start, end }) => ({ start: chunk.start + start, end: chunk.start + end, text: chunk.text.slice(start, end) }));
}

function coverage(text: string, title: string, words: QuestionWords): number {
  return coverageOf([...stemmedWords(text), ...stemmedWords(title)], words);
}

const MONTHS = "january|february|march|april|may|june|july|august|september|october|november|december";
const DAYS = "monday|tuesday|wednesday|thursday|friday|saturday|sunday";

/**
 * How much a sentence looks like the answer: something of the asked type that the question does not name (a
 * country for "which country…") counts three times a looser shape (any name for "who…"); the weight was
 * measured on the news-quiz dev set.
 */
function answerShape(parsed: ParsedQuery, text: string, asked: ReadonlySet<string>): number {
  if (parsed.answerType) return answerPositions(rawWords(text), parsed.answerType, asked).length > 0 ? 3 : 0;
  return shapeBonus(parsed.kind, text);
}

/** How much a sentence looks like the kind of answer asked for, when no answer type says more: a date for "when", a cause for "why"… */
function shapeBonus(kind: QuestionKind, text: string): number {
  switch (kind) {
    case "when":
      return new RegExp(`\\b(${MONTHS}|${DAYS}|yesterday|today|last (week|month|year)|(19|20)\\d\\d|midnight|noon|\\d{1,2}(:\\d\\d)? ?[ap]\\.m\\.|(jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\\.? \\d)`, "i").test(text) ? 1 : 0;
    case "where":
      return /\b(in|at|near|from)\s+\p{Lu}/u.test(text) ? 1 : 0;
    case "who":
    case "who-said":
    case "what-said":
      return /\p{Lu}\p{Ll}+\s+\p{Lu}\p{Ll}+/u.test(text.slice(1)) ? 1 : 0;
    case "why":
      return /\b(because|due to|as a result|the reason|in order to|so that|caused by|led to)\b/i.test(text) ? 1 : 0;
    case "general":
      return 0;
  }
}

/**
 * Whether a sentence brings a name or a number the question does not already hold: a sentence that answers
 * "which company…?" names one, while one that merely restates the question does not.
 */
function news(text: string, asked: ReadonlySet<string>): number {
  for (const match of text.slice(1).matchAll(/\b(\p{Lu}[\p{L}'’-]+|\d[\d.,]*)/gu)) {
    if (!asked.has(stem(match[1]!.toLowerCase().replace(/['’]s$/, "")))) return 1;
  }
  return 0;
}

/** Share (up to two) of the distinct names and numbers of a sentence that the question does not hold: more candidates for the answer. */
function novelty(text: string, asked: ReadonlySet<string>): number {
  const found = new Set<string>();
  for (const match of text.slice(1).matchAll(/\b(\p{Lu}[\p{L}'’-]+|\d[\d.,]*)/gu)) {
    const word = stem(match[1]!.toLowerCase().replace(/['’]s$/, ""));
    if (!asked.has(word)) found.add(word);
  }
  return Math.min(found.size, 2) / 2;
}

/** A text's words alone, lowercased: the same words reprinted (by another outlet, twice in a list) give the same key. */
function wordsKey(text: string): string {
  return text.toLowerCase().replace(/\W+/g, " ").trim();
}

/** The best candidates, at most two per article and no passage twice. */
function pickDiverse(sorted: QuoteCandidate[], count: number): QuoteCandidate[] {
  const chosen: QuoteCandidate[] = [];
  const perArticle = new Map<number, number>();
  for (const candidate of sorted) {
    if (chosen.length >= count) break;
    if ((perArticle.get(candidate.articleId) ?? 0) >= 2) continue;
    if (chosen.some((c) => c.articleId === candidate.articleId && c.start < candidate.end && candidate.start < c.end)) continue;
    chosen.push(candidate);
    perArticle.set(candidate.articleId, (perArticle.get(candidate.articleId) ?? 0) + 1);
  }
  return chosen;
}

function surname(name: string): string {
  return name.trim().split(/\s+/).at(-1) ?? name;
}

/**
 * "Peskov" asks about "Dmitry Peskov"; "the Kremlin spokesman Dmitry Peskov" too; and "the Kremlin", "the harbour
 * pilot" or "the ministry" about whoever the article introduces with those words ("Kremlin spokesman", "foreign
 * ministry spokesman"), every asked word present.
 */
function speakerMatches(stored: string, role: string | null, asked: string): boolean {
  const storedWords = new Set(stored.toLowerCase().split(/\s+/));
  const askedWords = asked.toLowerCase().replace(/^(the|mr|mrs|ms|dr)\.?\s+/, "").split(/\s+/);
  const last = askedWords.at(-1) ?? "";
  if (last.length > 1 && storedWords.has(last)) return true;
  if (!role) return false;
  const described = new Set(`${role} ${stored}`.toLowerCase().split(/[\s,]+/).map((w) => w.replace(/['’]s$|\.$/g, "")));
  const wanted = askedWords.map((w) => w.replace(/['’]s$|\.$/g, "")).filter((w) => w.length > 1 && !/^(the|a|an|of)$/.test(w));
  return wanted.length > 0 && wanted.every((w) => described.has(w));
}

function mostQuoted(quotes: ReadonlyArray<{ speaker: string | null }>): string | null {
  const counts = new Map<string, number>();
  for (const q of quotes) if (q.speaker) counts.set(q.speaker, (counts.get(q.speaker) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1])[0]?.[0] ?? null;
}

/** A question without its trailing punctuation. */
function bare(question: string): string {
  return question.trim().replace(/[?!.\s]+$/, "");
}

function capitalise(text: string): string {
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}`;
}

/** The same alternatives, each counting as the word itself. */
function asFull(alternatives: QuestionWords["alternatives"]): QuestionWords["alternatives"] {
  return new Map([...alternatives].map(([term, list]) => [term, list.map((alternative) => ({ ...alternative, factor: 1 }))]));
}
