import * as chrono from "chrono-node";

const DAY_MS = 86_400_000;

/** What the question says about when: a window of publish dates, and whether it asks for the newest. */
export interface DateIntent {
  /** Inclusive window of publish dates (YYYY-MM-DD), or null when the question names no time. */
  from: string | null;
  to: string | null;
  /** "latest", "recent", "newest": the newest matching articles should win. */
  latest: boolean;
  /** The date words as written, so query building can leave them out of the search terms. */
  spans: string[];
}

const LATEST = /\b(latest|newest|most recent|recent(?:ly)?|lately|currently|right now|so far)\b/i;
const YEAR = /\b(?:in|during|since|of)\s+((?:19|20)\d{2})\b/i;

export function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

function addDays(date: Date, days: number): Date {
  return new Date(date.getTime() + days * DAY_MS);
}

function monthWindow(year: number, month: number): [string, string] {
  const first = new Date(Date.UTC(year, month - 1, 1));
  const last = new Date(Date.UTC(year, month, 0));
  return [isoDay(first), isoDay(last)];
}

/**
 * Reads the date words of a question relative to `now`: "today", "yesterday", "this week", "last month",
 * "in March" (the most recent March not after now), "on 12 May 2022", "in 2021", and "latest".
 */
export function parseDateIntent(question: string, now: Date): DateIntent {
  const intent: DateIntent = { from: null, to: null, latest: LATEST.test(question), spans: [] };
  const latestWord = LATEST.exec(question);
  if (latestWord) intent.spans.push(latestWord[0]);

  const relative = /\b(this|last|past|previous)\s+(week|month|year|few days|days)\b/i.exec(question);
  if (relative) {
    const [span, which, unit] = relative as unknown as [string, string, string];
    const back = unit.toLowerCase() === "year" ? 365 : unit.toLowerCase() === "month" ? 31 : 7;
    const thisOne = which.toLowerCase() === "this" || which.toLowerCase() === "past" || unit.toLowerCase().includes("days");
    intent.from = isoDay(addDays(now, thisOne ? -back : -2 * back));
    intent.to = isoDay(thisOne ? now : addDays(now, -back + 1));
    intent.spans.push(span);
    return intent;
  }

  const year = YEAR.exec(question);
  const results = chrono.parse(question, now, { forwardDate: false });
  const result = results[0];
  if (result) {
    const certain = (component: "day" | "weekday" | "month" | "year"): number | undefined =>
      result.start.isCertain(component) ? (result.start.get(component) ?? undefined) : undefined;
    const known = { day: certain("day"), weekday: certain("weekday"), month: certain("month"), year: certain("year") };
    const start = result.start.date();
    if (known.day !== undefined || known.weekday !== undefined || /\b(today|yesterday|tonight)\b/i.test(result.text)) {
      // A weekday alone ("on Tuesday") means the last one, never a future one.
      const day = known.day === undefined && start > now ? addDays(start, -7) : start;
      intent.from = isoDay(day);
      intent.to = isoDay(result.end ? result.end.date() : day);
    } else if (known.month !== undefined) {
      const nowMonth = now.getUTCMonth() + 1;
      const y = known.year ?? (known.month > nowMonth ? now.getUTCFullYear() - 1 : now.getUTCFullYear());
      [intent.from, intent.to] = monthWindow(y, known.month);
    }
    if (intent.from) intent.spans.push(result.text);
  }
  if (!intent.from && year) {
    intent.from = `${year[1]}-01-01`;
    intent.to = `${year[1]}-12-31`;
    intent.spans.push(year[0]);
  }
  return intent;
}

/** Days from `day` (YYYY-MM-DD…) back to `now`: positive in the past, negative in the future. */
export function daysBefore(day: string, now: Date): number {
  return (now.getTime() - Date.parse(day.slice(0, 10))) / DAY_MS;
}
