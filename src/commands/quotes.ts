import { Command } from "commander";
import { UsageError } from "../errors.ts";
import { createRuntime, openLibrary, print, withCommonOptions, type CommonOptions } from "./runtime.ts";

type Library = Awaited<ReturnType<typeof openLibrary>>;

/** One stored quote as `verbatim quotes` prints it; start and end are offsets into the article's stored text. */
export interface QuoteRecord {
  articleId: number;
  url: string | null;
  start: number;
  end: number;
  text: string;
  speaker: string | null;
  role: string | null;
}

const PAGE = 500;

export function quotesCommand(): Command {
  return withCommonOptions(new Command("quotes"))
    .argument("[articles...]", "article ids or links (default: every article)")
    .action(async (articles: string[], options: CommonOptions) => {
      const runtime = createRuntime(options);
      const library = await openLibrary(runtime, { mustExist: true });
      try {
        const ids = articles.length > 0 ? await namedArticles(library, articles) : await everyArticle(library);
        for (const articleId of ids) {
          const article = await library.getArticle(articleId);
          for (const quote of await library.quotesOf(articleId)) {
            const { start, end, text, speaker, role } = quote;
            const record: QuoteRecord = { articleId, url: article?.url ?? article?.canonicalUrl ?? null, start, end, text, speaker, role };
            const who = speaker ? `${speaker}${role ? ` (${role})` : ""}` : "(no speaker)";
            print(runtime, record, `${articleId}\t${start}-${end}\t${who}\t“${text}”`);
          }
        }
      } finally {
        await library.close();
      }
    });
}

/** The articles named on the command line, by id or by a link they were added from; stops at an unknown one. */
async function namedArticles(library: Library, names: readonly string[]): Promise<number[]> {
  const ids: number[] = [];
  for (const name of names) {
    const id = /^\d+$/.test(name) ? ((await library.getArticle(Number(name))) ? Number(name) : null) : await library.findByUrl(name);
    if (id === null) throw new UsageError(`${name}: no such article in the library (give an article id, or a link it was added from).`);
    ids.push(id);
  }
  return ids;
}

/** Every stored article, oldest id first. */
export async function everyArticle(library: Library): Promise<number[]> {
  const ids: number[] = [];
  for (let offset = 0; ; offset += PAGE) {
    const page = await library.latestArticles(PAGE, offset);
    ids.push(...page.map((article) => article.id));
    if (page.length < PAGE) break;
  }
  return ids.sort((a, b) => a - b);
}
