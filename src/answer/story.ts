import type { Library, StoredArticle, Turn } from "../library/library.ts";
import type { QuestionWords } from "../retrieval/expand.ts";
import { parseQuery, type ParsedQuery } from "../retrieval/query.ts";
import type { Searcher, SearchHit } from "../retrieval/search.ts";
import { coverage } from "./candidates.ts";
import { leavesTopic } from "./topic.ts";
import { minCoverage, PASSAGES_READ, STORY_SHARE } from "./tuning.ts";

/** What a conversation is on: the previous question as read for search, and the article it is about. */
export interface StoryInHand {
  earlier: { parsed: ParsedQuery; words: QuestionWords };
  /** Of the articles the previous answer cited, the one holding most of the previous question; null when it cited none. */
  story: StoredArticle | null;
}

/**
 * The story in hand: of the articles the previous answer cited, the one whose best passage holds most of what the
 * previous question asked (its names weigh most). An answer's first source may be another story sharing a word or
 * two, and a long round-up of news holds every word somewhere in its whole text.
 */
export async function storyInHand(library: Library, searcher: Searcher, previous: Turn, now: Date): Promise<StoryInHand> {
  const parsed = parseQuery(previous.understood, now);
  const earlier = { parsed, words: await searcher.questionWords(parsed) };
  let best: { article: StoredArticle; covered: number } | null = null;
  for (const id of previous.articleIds) {
    const article = await library.getArticle(id);
    if (!article) continue;
    const haystack = `${article.title}\n${article.text}`.toLowerCase();
    const names = parsed.names.filter((name) => haystack.includes(name.toLowerCase())).length;
    const covered = names + (await bestPassage(library, article, earlier.words));
    if (!best || covered > best.covered) best = { article, covered };
  }
  return { earlier, story: best?.article ?? null };
}

/**
 * Whether a question with no word pointing back ("Who wrote the letter?", "What did the owner say?") is still
 * about the story in hand: it names nothing the story does not, and the story holds nearly as much of it as the
 * best passages the whole library `searched` for it. People go on asking about a story in plain questions; other
 * stories sharing the words are not what they mean.
 */
export async function staysInStory(library: Library, searcher: Searcher, question: string, parsed: ParsedQuery, searched: SearchHit[], { story }: StoryInHand): Promise<boolean> {
  if (!story || leavesTopic(question, [`${story.title}\n${story.text}`])) return false;
  // "Until when?" has no word of its own to search for: it can only be about the story in hand.
  if (parsed.terms.length === 0) return true;
  const words = await searcher.questionWords(parsed);
  const inStory = await bestPassage(library, story, words);
  const inLibrary = Math.max(0, ...searched.slice(0, PASSAGES_READ).map((hit) => coverage(hit.chunk.text, hit.article.title, words, hit.article.language)));
  return inStory >= minCoverage(parsed.terms.length) && inStory >= STORY_SHARE * inLibrary;
}

/** The share of `words` the article's best passage holds, its title counted with each. */
async function bestPassage(library: Library, article: StoredArticle, words: QuestionWords): Promise<number> {
  const chunks = await library.chunksOf(article.id);
  return Math.max(0, ...chunks.map((chunk) => coverage(chunk.text, article.title, words, article.language)));
}
