/**
 * What Telegram's HTML parse mode accepts (core.telegram.org/bots/api#html-style), checked the strict way: only its
 * tags and attributes, every tag closed in order, `<` `>` `&` only as parts of tags or entities, only the named
 * entities it knows, well-formed Unicode, and at most 4096 characters of text once parsed. A message that breaks any
 * of these is refused by Telegram with "can't parse entities", so the person gets nothing.
 */
const ALLOWED: Record<string, RegExp> = {
  b: /^$/,
  strong: /^$/,
  i: /^$/,
  em: /^$/,
  u: /^$/,
  ins: /^$/,
  s: /^$/,
  strike: /^$/,
  del: /^$/,
  "tg-spoiler": /^$/,
  span: /^ class="tg-spoiler"$/,
  a: /^ href="[^"<>]*"$/,
  "tg-emoji": /^ emoji-id="\d+"$/,
  code: /^( class="language-[\w-]+")?$/,
  pre: /^$/,
  blockquote: /^( expandable)?$/,
};

const TOKEN = /<(\/?)([a-zA-Z][\w-]*)([^<>]*)>|&(#\d+|#x[\da-fA-F]+|lt|gt|amp|quot);|[<>&]|[^<>&]+/g;

export const TELEGRAM_TEXT_LIMIT = 4096;

/** What is wrong with `html` as a Telegram HTML message; empty when Telegram would accept it. */
export function telegramHtmlProblems(html: string): string[] {
  const problems: string[] = [];
  if (/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(html)) problems.push("lone surrogate (not valid UTF-8)");
  const open: string[] = [];
  let textLength = 0;
  for (const match of html.matchAll(TOKEN)) {
    const [token, closing, name, attributes, entity] = match;
    if (name !== undefined) {
      const tag = name.toLowerCase();
      const rule = ALLOWED[tag];
      if (!rule) problems.push(`tag <${tag}> is not one Telegram knows`);
      else if (closing === "" && !rule.test(attributes ?? "")) problems.push(`<${tag}${attributes}> has attributes Telegram refuses`);
      if (closing === "/") {
        if (open.at(-1) !== tag) problems.push(`</${tag}> closes ${open.at(-1) ? `<${open.at(-1)}>` : "nothing"}`);
        else open.pop();
      } else {
        open.push(tag);
      }
    } else if (entity !== undefined) {
      textLength += 1;
    } else if (token === "<" || token === ">" || token === "&") {
      problems.push(`a bare ${token} at ${match.index}`);
    } else {
      textLength += token.length;
    }
  }
  if (open.length > 0) problems.push(`unclosed ${open.map((tag) => `<${tag}>`).join(" ")}`);
  if (textLength === 0) problems.push("no text");
  if (textLength > TELEGRAM_TEXT_LIMIT) problems.push(`${textLength} characters of text, over ${TELEGRAM_TEXT_LIMIT}`);
  return problems;
}
