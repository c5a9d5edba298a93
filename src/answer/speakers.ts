/** How a speaker asked about ("Peskov", "the Kremlin", "the harbour pilot") is matched to the speakers articles name. */

export function surname(name: string): string {
  return name.trim().split(/\s+/).at(-1) ?? name;
}

/**
 * "Peskov" asks about "Dmitry Peskov"; "the Kremlin spokesman Dmitry Peskov" too; and "the Kremlin", "the harbour
 * pilot" or "the ministry" about whoever the article introduces with those words ("Kremlin spokesman", "foreign
 * ministry spokesman"), every asked word present.
 */
export function speakerMatches(stored: string, role: string | null, asked: string): boolean {
  const storedWords = new Set(stored.toLowerCase().split(/\s+/));
  const askedWords = asked.toLowerCase().replace(/^(the|mr|mrs|ms|dr)\.?\s+/, "").split(/\s+/);
  const last = askedWords.at(-1) ?? "";
  if (last.length > 1 && storedWords.has(last)) return true;
  if (!role) return false;
  const described = new Set(`${role} ${stored}`.toLowerCase().split(/[\s,]+/).map((w) => w.replace(/['’]s$|\.$/g, "")));
  const wanted = askedWords.map((w) => w.replace(/['’]s$|\.$/g, "")).filter((w) => w.length > 1 && !/^(the|a|an|of)$/.test(w));
  return wanted.length > 0 && wanted.every((w) => described.has(w));
}

/** The speaker quoted most often, for "he"/"she" in the next question. */
export function mostQuoted(quotes: ReadonlyArray<{ speaker: string | null }>): string | null {
  const counts = new Map<string, number>();
  for (const q of quotes) if (q.speaker) counts.set(q.speaker, (counts.get(q.speaker) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1])[0]?.[0] ?? null;
}

/** Bodies that speak through a spokesperson or a statement: "what did the company say?". */
const BODY = /^(?:the\s+)?(?:company|firm|government|ministry|police|department|agency|club|team|league|union|council|office|campaign|party|airline|court|school|university|hospital|authorities|officials|operator|embassy|army|military)$/i;
const SPOKESPERSON = /\bspokes(?:person|man|woman)\b|\bin a statement\b|\brepresentative\b/i;

/**
 * Whether a quote nobody was named for speaks for the body asked about: "what did the company say?" and, in its
 * paragraph, "…,” said a WeWork spokesperson.
 */
export function speaksFor(paragraph: string, asked: string): boolean {
  return BODY.test(asked.trim()) && SPOKESPERSON.test(paragraph);
}
