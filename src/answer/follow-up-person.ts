import type { Library, StoredArticle, Turn } from "../library/library.ts";
import type { QuestionWords } from "../retrieval/expand.ts";
import { expectedAnswerType, type ParsedQuery } from "../retrieval/query.ts";
import { surname } from "./speakers.ts";
import { byAnswering, peopleIn, resolvePerson, type Gender } from "./topic.ts";

/**
 * Who "he" or "she" in a follow-up is: a person of the story in hand whom the pronoun fits, looked for in the
 * order the conversation makes likely. After "who…?" it is the person the answer named; after a question about a
 * speaker, that speaker; otherwise first the person the previous question asked about, then whoever the answer
 * showed, then anyone the story quotes.
 */
export async function personMeant(
  library: Library,
  gender: Gender,
  previous: Turn,
  articles: readonly StoredArticle[],
  earlier: { parsed: ParsedQuery; words: QuestionWords },
): Promise<string | null> {
  const texts = articles.map((article) => article.text);
  const shownText = await Promise.all(previous.quotes.map(async (q) => (await library.getArticle(q.articleId))?.text.slice(q.start, q.end) ?? ""));
  const quoted = (await Promise.all(articles.map((article) => library.quotesOf(article.id)))).flat().flatMap((q) => q.speaker ?? []);
  const asked = peopleIn(previous.understood, texts);
  const shownPeople = shownText.flatMap((text) => peopleIn(text, texts));
  // The answer to "who…?" is the person named where the story says what was asked, not the one asked about.
  const askedSurnames = new Set(asked.map((p) => surname(p).toLowerCase()));
  const answering = shownPeople.filter((p) => !askedSurnames.has(surname(p).toLowerCase()));
  const ordered = expectedAnswerType(previous.understood) === "person" ? byAnswering(answering, [...articles.map((a) => a.title), ...shownText], earlier.words) : [...asked, ...shownPeople];
  // The previous speaker comes first when the previous question asked about a speaker; otherwise it is only
  // whoever a sentence of the answer happened to quote.
  const speakerFirst = ["who-said", "what-said"].includes(earlier.parsed.kind);
  const speaker = previous.speaker ? [previous.speaker] : [];
  return resolvePerson(gender, speakerFirst ? [...speaker, ...ordered, ...quoted] : [...ordered, ...speaker, ...quoted], texts);
}
