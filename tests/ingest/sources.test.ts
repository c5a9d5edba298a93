import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { expandSources, type SourceItem } from "../../src/ingest/sources.ts";
import { tempDir } from "../helpers/temp-dir.ts";

async function draftOf(path: string): Promise<Extract<SourceItem, { kind: "draft" }>["draft"]> {
  const items: SourceItem[] = [];
  for await (const item of expandSources([path])) items.push(item);
  const [item] = items;
  if (item?.kind !== "draft") throw new Error(`expected a draft, got ${item?.kind}`);
  return item.draft;
}

describe("plain-text files", () => {
  let dir: ReturnType<typeof tempDir>;
  beforeEach(() => {
    dir = tempDir();
  });
  afterEach(() => dir.remove());

  it("reads a short first line as the headline and the rest as the article", async () => {
    const path = join(dir.path, "ferry.txt");
    await writeFile(path, "Ferry to Gull Point sails again\n\nThe ferry resumed its crossings on Monday after a month of repairs.\n");
    expect(await draftOf(path)).toMatchObject({ title: "Ferry to Gull Point sails again", text: "The ferry resumed its crossings on Monday after a month of repairs." });
  });

  it("titles a file without a headline by its first sentence, shortened, and keeps all of its text as the article", async () => {
    const text =
      "The county heritage board voted on Tuesday to restore the disused lighthouse on Gull Point over the coming summer and to relight its lamp by September, after residents raised the money. Work starts in May.";
    const path = join(dir.path, "lighthouse.txt");
    await writeFile(path, text);
    const draft = await draftOf(path);
    expect(draft.text).toBe(text);
    expect(draft.title.length).toBeLessThanOrEqual(91);
    expect(draft.title).toBe("The county heritage board voted on Tuesday to restore the disused lighthouse on Gull Point…");
  });
});
