import type { ArticleSummary, ConversationStore, Library, Turn } from "../library/library.ts";
import type { Logger } from "../logger.ts";
import { coverageOf, type QuestionWords } from "../retrieval/expand.ts";
import { parseQuery, type ParsedQuery } from "../retrieval/query.ts";
import { DEFAULT_TUNING, type SearchTuning } from "../retrieval/ranking.ts";
import { Searcher, type QueryEmbedder, type SearchHit } from "../retrieval/search.ts";
import { assemble, emptyDraft, toSource, type AnswerDraft } from "./assemble.ts";
import { stemmedWords } from "../text/words.ts";
import { coverage, pickDiverse, type QuoteCandidate } from "./candidates.ts";
import { answerableHits, SentenceSimilarity } from "./dense.ts";
import { resolveFollowUp } from "./follow-up.ts";
import { withRole, type Answer, type AnswerEngine, type AnswerKind, type AnswerSource, type AskOptions, type NoteKind } from "./model.ts";
import { moreQuotes, nextQuotes } from "./next-quote.ts";
import { noted } from "./notes.ts";
import { chooseSentences } from "./sentence-choice.ts";
import { mostQuoted, speakerMatches, surname } from "./speakers.ts";
import { personMeant } from "./follow-up-person.ts";
import { leansOnTopic, leavesTopic, namesIn, pronounIn, stanceOf, withPerson, withTopicWords } from "./topic.ts";
import { staysInStory, storyInHand, type StoryInHand } from "./story.ts";
import { MIN_COVERAGE, minCoverage, MORE_PASSAGES, PASSAGES_READ, QUOTES_PER_ANSWER, RELATIVE_COVERAGE, SHOWN_PENALTY } from "./tuning.ts";
import { whatSaid } from "./what-said.ts";
import { whoSaid } from "./who-said.ts";
import { askedAt, hitsOf, rememberTurn, turnQuotes } from "./turns.ts";
import { causes } from "./why.ts";

export interface AnswerEngineDeps {
  library: Library;
  /** Where turns are remembered for follow-ups; usually the library's own (`library.conversations`). */
  conversations: ConversationStore;
  /** Null: lexical search only. */
  embedder: QueryEmbedder | null;
  logger: Logger;
  tuning?: SearchTuning;
}

/** "Who said '…'?": the quoted words are the question, whatever pronouns they hold. */
const WHO_SAID_QUOTE = /^\s*who\s+(?:said|says|told|wrote)\b.*["“'‘]/i;

/** Creates the extractive answer engine: search, pick the sentences that answer, verify every quote, remember the turn. */
export function createAnswerEngine(deps: AnswerEngineDeps): AnswerEngine {
  return new ExtractiveAnswerEngine(deps);
}

/**
 * Reads each message against the conversation (follow-up.ts) and hands it to the strategy for its kind: who
 * said, what X said, why, when, the next quote, or sentence choice for everything else. Every answer goes
 * through `assemble`, the one place quotes are verified.
 */
class ExtractiveAnswerEngine implements AnswerEngine {
  private readonly searcher: Searcher;
  /** Null without an embedding model: sentences are then chosen by their words alone. */
  private readonly similarity: SentenceSimilarity | null;

  constructor(private readonly deps: AnswerEngineDeps) {
    this.searcher = new Searcher(deps.library, deps.embedder, deps.tuning ?? DEFAULT_TUNING);
    this.similarity = deps.embedder ? new SentenceSimilarity(deps.embedder) : null;
  }

  async ask(question: string, options: AskOptions = {}): Promise<Answer> {
    const now = options.now ?? new Date();
    const conversationId = options.conversationId;
    const previous = conversationId ? await this.deps.conversations.latest(conversationId, options.replyToTurnId) : null;
    const followUp = resolveFollowUp(question, previous);
    switch (followUp.type) {
      case "smalltalk":
        return this.assemble({ ...emptyDraft(question), kind: "smalltalk", ...noted(followUp.reply) });
      case "more":
        return this.more(conversationId!, previous!.id);
      case "source":
        return this.sourcesOf(question, previous!);
      case "next-quote":
        return this.nextQuote(question, followUp.speaker, followUp.understood, previous!, now, conversationId!);
      case "why":
      case "when":
        return this.aboutPrevious(question, followUp.type, followUp.understood, previous!, now, conversationId!);
      case "rewritten": {
        // "and the harbour pilot?" names someone quoted in the story in hand: what they said on its topic.
        const asked = followUp.asSpeaker;
        const story = asked ? (await storyInHand(this.deps.library, this.searcher, previous!, now)).story : null;
        const quoted = asked && story && (await this.deps.library.quotesOf(story.id)).some((q) => q.speaker && speakerMatches(q.speaker, q.role, asked.speaker));
        return this.followUp(question, quoted ? asked.understood : followUp.understood, previous!, now, conversationId);
      }
      case "standalone": {
        if (!previous || WHO_SAID_QUOTE.test(question)) return this.answer(question, null, now, conversationId);
        if (leansOnTopic(question)) return this.followUp(question, null, previous, now, conversationId);
        const parsed = parseQuery(question, now);
        const searched = await this.searcher.search(parsed, { now, limit: 30 });
        const inHand = await storyInHand(this.deps.library, this.searcher, previous, now);
        if (await staysInStory(this.deps.library, this.searcher, question, parsed, searched, inHand)) return this.followUp(question, null, previous, now, conversationId, inHand);
        // A question the whole library cannot answer may still be about the story in hand ("How did shopkeepers react?").
        const standalone = await this.answer(question, null, now, conversationId, { parsed, searched });
        return standalone.kind === "no-answer" ? this.followUp(question, null, previous, now, conversationId, inHand) : standalone;
      }
    }
  }

  async more(conversationId: string, turnId?: string): Promise<Answer> {
    const turn = await this.deps.conversations.latest(conversationId, turnId);
    if (!turn) return this.assemble({ ...emptyDraft("more"), kind: "no-answer", ...noted({ kind: "nothing-to-continue" }) });
    // Date words are read as they were when the question was asked, not against today.
    const parsed = parseQuery(turn.understood, turn.askedAt ? new Date(turn.askedAt) : new Date());
    const understoodAs = `More on: ${turn.understood}`;
    // After "who said …?" or "what did X say?" more means more of what that person said in the articles cited.
    const fromSpeaker = await this.speakerMore(turn, parsed);
    const rest = await this.passagesLeft(turn, parsed);
    if (fromSpeaker.length > 0) {
      const candidates = fromSpeaker.slice(0, QUOTES_PER_ANSWER);
      const answer = await this.assemble({ ...emptyDraft("more"), kind: "answer", understoodAs, candidates, hasMore: fromSpeaker.length > candidates.length || rest.length > 0, turnId: turn.id });
      await this.deps.conversations.markShown(turn, turn.shown, [...turn.quotes, ...turnQuotes(answer)]);
      return answer;
    }
    const next = rest.slice(0, MORE_PASSAGES);
    if (next.length === 0) {
      return this.assemble({ ...emptyDraft("more"), kind: "no-answer", understoodAs, ...noted({ kind: "no-more" }), turnId: turn.id });
    }
    const hits = next.map(({ hit }) => hit);
    const candidates = await chooseSentences(this.deps.library, parsed, hits, await this.searcher.questionWords(parsed), QUOTES_PER_ANSWER, undefined, "", this.similarity);
    const answer = await this.assemble({
      ...emptyDraft("more"),
      kind: candidates.length > 0 ? "answer" : "no-answer",
      understoodAs,
      ...(candidates.length > 0 ? {} : noted({ kind: "no-more" })),
      candidates,
      hits,
      hasMore: rest.length > next.length,
      turnId: turn.id,
    });
    await this.deps.conversations.markShown(turn, next.at(-1)!.index + 1, [...turn.quotes, ...turnQuotes(answer)]);
    return answer;
  }

  /** The speaker's quotes a who-said or what-said turn has not shown yet, from the articles it cited. */
  private async speakerMore(turn: Turn, parsed: ParsedQuery): Promise<QuoteCandidate[]> {
    if (!turn.speaker || (parsed.kind !== "who-said" && parsed.kind !== "what-said")) return [];
    return moreQuotes(this.deps.library, turn.speaker, turn.articleIds, turn.quotes);
  }

  /** An answer about a speaker who has more to say in the articles it quoted offers "more" (which shows it). */
  private async offerSpeakerMore(answer: Answer, parsed: ParsedQuery, speaker: string | null): Promise<Answer> {
    if (answer.hasMore || answer.kind !== "answer" || !speaker || (parsed.kind !== "who-said" && parsed.kind !== "what-said")) return answer;
    const left = await moreQuotes(this.deps.library, speaker, answer.sources.map((source) => source.articleId), turnQuotes(answer));
    return left.length > 0 ? { ...answer, hasMore: true } : answer;
  }

  /**
   * The turn's passages "more" has not shown. Passages holding much less of the question than the best one are
   * other stories sharing a word: the answer read none of them (RELATIVE_COVERAGE), and "more" does not bring them either.
   */
  private async passagesLeft(turn: Turn, parsed: ParsedQuery): Promise<Array<{ hit: SearchHit; index: number }>> {
    const words = await this.searcher.questionWords(parsed);
    const byChunk = new Map((await hitsOf(this.deps.library, turn.passages)).map((hit) => [hit.chunk.id, hit]));
    const all = turn.passages.flatMap((passage, index) => {
      const hit = byChunk.get(passage.chunkId);
      return hit ? [{ hit, index, held: coverage(hit.chunk.text, hit.article.title, words, hit.article.language) }] : [];
    });
    const floor = RELATIVE_COVERAGE * Math.max(0, ...all.map((passage) => passage.held));
    return all.filter(({ index, held }) => index >= turn.shown && held >= floor);
  }

  async forget(conversationId: string): Promise<void> {
    await this.deps.conversations.forget(conversationId);
  }

  /** What a refusal says: nothing good enough, or no article holding the quoted words; both count the library. */
  private async refusal(kind: "no-answer" | "not-quoted"): Promise<{ note: string; noteKind: NoteKind }> {
    const articles = await this.deps.library.countArticles();
    return noted({ kind, articles });
  }

  /** A standalone question (or a rewritten follow-up): search, choose sentences, remember the turn. */
  private async answer(
    question: string,
    understoodAs: string | null,
    now: Date,
    conversationId: string | undefined,
    asked?: { parsed: ParsedQuery; searched: SearchHit[] },
  ): Promise<Answer> {
    const { library } = this.deps;
    const understood = understoodAs ?? question;
    const parsed = asked?.parsed ?? parseQuery(understood, now);
    const searched = asked?.searched ?? (await this.searcher.search(parsed, { now, limit: 30 }));
    const weights = await this.searcher.questionWords(parsed);
    // Whether a passage says what was asked at all: there a word the article uses instead counts in full.
    const holds = (hit: SearchHit): number => coverage(hit.chunk.text, hit.article.title, { ...weights, alternatives: asFull(weights.alternatives) }, hit.article.language);
    // The speaker's own quotes decide "what did X say about Y?": X's name and Y need not share a passage.
    const speakerQuotes = parsed.kind === "what-said" && parsed.speaker ? await whatSaid(library, parsed, searched, weights, now, true) : [];
    // "Who said '…'?" is answered only by an article holding the words (whoSaid), wherever its passage ranks.
    const quotedWords = parsed.kind === "who-said" && parsed.quoted !== null;
    const answerable = parsed.terms.length === 0 || speakerQuotes.length > 0 || quotedWords ? searched : answerableHits(searched, holds, minCoverage(parsed.terms.length), MIN_COVERAGE);
    if (!answerable || answerable.length === 0) {
      // The passages stay listed (--json shows what was weighed); nothing is quoted from them.
      return this.assemble({ ...emptyDraft(question), understoodAs, hits: searched, kind: "no-answer", ...(await this.refusal(quotedWords ? "not-quoted" : "no-answer")) });
    }
    const hits = answerable;
    const draft: AnswerDraft = { ...emptyDraft(question), understoodAs, hits };
    const best = hits[0]!;
    const bestCoverage = coverage(best.chunk.text, best.article.title, weights, best.article.language);

    let candidates: QuoteCandidate[] = [];
    let saidIt: NoteKind | null = null;
    let speaker: string | null = null;
    if (parsed.kind === "who-said" && parsed.quoted) {
      candidates = await whoSaid(library, parsed.quoted, hits);
      speaker = candidates[0]?.speaker ?? null;
      if (speaker) saidIt = { kind: "said-it", speaker: withRole(speaker, candidates[0]?.role ?? null) };
      // Sentences that merely share a word with the quotation would look like an answer to "who said it?".
      if (candidates.length === 0) return this.assemble({ ...draft, kind: "no-answer", ...(await this.refusal("not-quoted")) });
    } else if (parsed.kind === "what-said" && parsed.speaker) {
      candidates = speakerQuotes.length > 0 ? speakerQuotes : await whatSaid(library, parsed, hits, weights, now, false);
      if (candidates.length > 0) speaker = candidates[0]!.speaker;
    }
    if (candidates.length === 0) {
      const floor = RELATIVE_COVERAGE * bestCoverage;
      const read = hits.slice(0, PASSAGES_READ).filter((hit) => coverage(hit.chunk.text, hit.article.title, weights, hit.article.language) >= floor);
      // "Why…?" is answered by a sentence giving a reason, never by one that only shares the question's words.
      candidates = parsed.kind === "why" ? await causes(library, read, weights) : await chooseSentences(library, parsed, read, weights, QUOTES_PER_ANSWER, undefined, "", this.similarity);
    }
    speaker ??= mostQuoted(candidates);

    const answer = await this.assemble({
      ...draft,
      kind: candidates.length > 0 ? "answer" : "no-answer",
      // A why-question whose articles give no reason says so plainly rather than quoting what only shares its words.
      ...(candidates.length > 0 ? (saidIt ? noted(saidIt) : {}) : parsed.kind === "why" ? noted({ kind: "no-reason" }) : await this.refusal("no-answer")),
      candidates,
      hasMore: hits.length > PASSAGES_READ,
    });
    // Articles that hold the question but give no reason are still the story being talked about: the next question
    // ("Who complained?") is read against them.
    const articleIds = candidates.length === 0 && parsed.kind === "why" ? [...new Set(hits.slice(0, PASSAGES_READ).map((hit) => hit.article.id))] : undefined;
    return rememberTurn(this.deps, await this.offerSpeakerMore(answer, parsed, speaker), conversationId, { understood, speaker, hits, shown: PASSAGES_READ, now, ...(articleIds ? { articleIds } : {}) });
  }

  /**
   * A follow-up read against the conversation's topic: "he"/"she" become the person of the topic's articles the
   * pronoun fits, and the answer comes from the articles the previous turn cited (the topic's words counting
   * a little, what was already shown left out), unless the question names something those articles never do.
   */
  private async followUp(
    question: string,
    rewritten: string | null,
    previous: Turn,
    now: Date,
    conversationId: string | undefined,
    inHand?: StoryInHand,
  ): Promise<Answer> {
    const { library } = this.deps;
    const { earlier, story } = inHand ?? (await storyInHand(library, this.searcher, previous, now));
    const articles = story ? [story] : [];
    let understood = rewritten ?? question;
    if (articles.length === 0 || leavesTopic(understood, articles.map((article) => article.text))) return this.answer(question, rewritten, now, conversationId);
    // "What did Benioff say about his phone?": a pronoun after a name in the question is that person's.
    const gender = namesIn(understood).length === 0 ? pronounIn(understood) : null;
    const person = gender ? await personMeant(library, gender, previous, articles, earlier) : null;
    // The answer is searched with the surname, which the article repeats; the reading shows the full name.
    const parsed = parseQuery(person ? withPerson(understood, surname(person)) : understood, now);
    if (person) understood = withPerson(understood, person);
    if (/\b(?:why|reason|reasons|reasoning|motive|because)\b/i.test(question)) parsed.kind = "why";
    // "What was his reasoning?", "And how did the union respond?": that speaker's own words on the topic.
    const stance = stanceOf(person ? withPerson(question, surname(person)) : understood);
    if (stance && parsed.kind !== "what-said") {
      parsed.kind = "what-said";
      parsed.speaker = stance;
    }
    const topicIds = new Set(articles.map((article) => article.id));
    const shown = previous.quotes;
    const fresh = (c: QuoteCandidate): boolean => !shown.some((q) => q.articleId === c.articleId && q.start < c.end && c.start < q.end);

    const own = await this.searcher.questionWords(parsed);
    const words = withTopicWords(own, earlier.words);
    const summaries = await library.getSummaries([...topicIds]);
    const hits: SearchHit[] = [];
    for (const article of articles) {
      for (const chunk of await library.chunksOf(article.id)) hits.push({ chunk, article: summaries.get(article.id)!, score: coverage(chunk.text, article.title, words, article.language), alsoReportedBy: [] });
    }
    hits.sort((a, b) => b.score - a.score);

    let candidates: QuoteCandidate[] = [];
    if (parsed.kind === "what-said" && parsed.speaker) {
      // In the story in hand the speaker's quotes are on its topic, whatever words they use.
      const quotes = (await whatSaid(library, parsed, hits, words, now, false)).filter((c) => topicIds.has(c.articleId));
      candidates = [...quotes.filter(fresh), ...quotes.filter((c) => !fresh(c))].slice(0, 2);
    }
    if (parsed.kind === "why") candidates = await causes(library, hits, words);
    else if (candidates.length === 0) {
      // What the previous answer showed stays possible (it may be the answer to this question too), behind the rest.
      const pool = (await chooseSentences(library, parsed, hits, words, 20, undefined, previous.understood, this.similarity))
        .map((c) => (fresh(c) ? c : { ...c, score: c.score - SHOWN_PENALTY }))
        .sort((a, b) => b.score - a.score);
      // Nothing of the question's own words, nor the shape of its answer: the topic's articles do not say.
      const byId = new Map(articles.map((article) => [article.id, article.text]));
      const answers = pool.filter(
        (c) => coverageOf(stemmedWords(byId.get(c.articleId)?.slice(c.start, c.end) ?? ""), own) > 0 || parsed.answerType !== null || parsed.kind !== "general",
      );
      candidates = pickDiverse(answers, 2);
    }
    // A rewritten follow-up already names its topic; otherwise the reading says which question it follows.
    const understoodAs = rewritten ? understood : `${capitalise(bare(understood).replace(/^\s*(?:and|but|so|also|then)\b[\s,]*/i, ""))}? (following “${bare(previous.understood)}”)`;
    const answer = await this.assemble({
      ...emptyDraft(question),
      kind: candidates.length > 0 ? "answer" : "no-answer",
      understoodAs,
      ...(candidates.length > 0 ? {} : noted({ kind: "topic-silent", why: parsed.kind === "why" })),
      candidates,
      hits,
    });
    const speaker = person ?? mostQuoted(candidates) ?? previous.speaker;
    const remembered = bare(understood);
    // A follow-up the story does not answer leaves the story in hand: the next question is read against it too.
    const topic = candidates.length === 0 ? { articleIds: [...topicIds] } : {};
    return rememberTurn(this.deps, await this.offerSpeakerMore(answer, parseQuery(remembered, now), speaker), conversationId, { understood: remembered, speaker, hits, shown: hits.length, now, ...topic });
  }

  /** "why?" / "when was that?": the previous answer's articles, read for causes or dates. */
  private async aboutPrevious(question: string, type: "why" | "when", understood: string, previous: Turn, now: Date, conversationId: string): Promise<Answer> {
    const parsed: ParsedQuery = { ...parseQuery(previous.understood, now), kind: type, answerType: null };
    const cited = new Set(previous.articleIds);
    const hits = (await hitsOf(this.deps.library, previous.passages)).filter((hit) => cited.has(hit.article.id));
    const weights = await this.searcher.questionWords(parsed);
    // Here the shape (a cause, a date) is the point: the topic words were already matched by the previous answer.
    const candidates = type === "why" ? await causes(this.deps.library, hits, weights) : await chooseSentences(this.deps.library, parsed, hits, weights, 1, 2);
    let reported: NoteKind | null = null;
    if (type === "when") {
      const first = previous.articleIds[0];
      const article = first === undefined ? undefined : (await this.deps.library.getSummaries([first])).get(first);
      if (article?.publishedAt) reported = { kind: "reported", date: article.publishedAt.slice(0, 10), outlet: article.outlet };
    }
    const answer = await this.assemble({
      ...emptyDraft(question),
      kind: candidates.length > 0 || reported ? "answer" : "no-answer",
      understoodAs: understood,
      ...(reported ? noted(reported) : candidates.length > 0 ? {} : noted({ kind: "quoted-silent", about: type })),
      candidates,
      hits,
    });
    // The thread stays on the earlier question, its quotes and its sources, so "when was that?" after "why?" is not
    // "When: Why: …", "what did he say next?" goes on from the last quote, not from a cause or a date, and "source?"
    // lists the articles that answer quoted even when no cause was found.
    return rememberTurn(this.deps, answer, conversationId, {
      understood: previous.understood,
      speaker: previous.speaker,
      hits: await hitsOf(this.deps.library, previous.passages),
      shown: previous.shown,
      now: askedAt(previous, now),
      quotes: previous.quotes,
      articleIds: previous.articleIds,
    });
  }

  /** "what did he say next?": the speaker's next quotes after the last one shown. */
  private async nextQuote(question: string, speaker: string, understood: string, previous: Turn, now: Date, conversationId: string): Promise<Answer> {
    const chosen = await nextQuotes(this.deps.library, speaker, previous);
    const answer = await this.assemble({
      ...emptyDraft(question),
      kind: chosen.length > 0 ? "answer" : "no-answer",
      understoodAs: understood,
      ...(chosen.length > 0 ? {} : noted({ kind: "no-further-quotes", speaker })),
      candidates: chosen,
    });
    return rememberTurn(this.deps, answer, conversationId, {
      understood: previous.understood,
      speaker,
      hits: await hitsOf(this.deps.library, previous.passages),
      shown: previous.shown,
      now: askedAt(previous, now),
    });
  }

  private async sourcesOf(question: string, previous: Turn): Promise<Answer> {
    const articles = await this.deps.library.getSummaries(previous.articleIds);
    const sources: AnswerSource[] = previous.articleIds
      .map((id) => articles.get(id))
      .filter((a): a is ArticleSummary => a !== undefined)
      .map((article, index) => toSource(article, index + 1, []));
    const answer = await this.assemble({
      ...emptyDraft(question),
      kind: sources.length > 0 ? "answer" : "no-answer",
      understoodAs: `Sources of: ${previous.understood}`,
      ...noted({ kind: sources.length > 0 ? "came-from" : "nothing-cited" }),
      turnId: previous.id,
    });
    return { ...answer, sources };
  }

  private assemble(draft: Partial<AnswerDraft> & { question: string; kind: AnswerKind }): Promise<Answer> {
    return assemble(this.deps.library, this.deps.logger, draft);
  }
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
