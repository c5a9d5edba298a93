import { readFileSync } from "node:fs";
import { splitParagraphs, findRawQuotes } from "./src/ingest/quotes/marks.ts";
import { attribute } from "./src/ingest/quotes/attribution.ts";
const line = readFileSync("/work/shared/eval/attribution-dev/corpus.jsonl","utf8").split("\n").find((l) => l.includes(process.argv[2]!))!;
const text = JSON.parse(line).text; const ps = splitParagraphs(text); const raws = findRawQuotes(text, ps);
for (const [k, r] of raws.entries()) { if (!text.slice(r.start, r.end).includes(process.argv[3]!)) continue;
  console.log(r, JSON.stringify(text.slice(r.paragraph.start, r.paragraph.end).slice(0, 300)));
  const prev = raws[k-1], next = raws[k+1];
  console.log(JSON.stringify(attribute(text, r, prev?.paragraph === r.paragraph ? (prev.close ?? -1) : -1, next?.paragraph === r.paragraph ? next.open : r.paragraph.end, ps))); }
