import { isElement, TEXT_NODE, type DomElement, type DomNode } from "./dom.ts";

/** Elements that start and end a paragraph of their own. */
const BLOCK_TAGS = new Set([
  "address", "article", "aside", "blockquote", "caption", "center", "dd", "details", "dialog", "div", "dl", "dt",
  "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr",
  "li", "main", "nav", "ol", "p", "pre", "section", "summary", "table", "tbody", "thead", "tfoot", "tr", "ul",
]);

/** Elements whose text is never prose. */
const SKIPPED_TAGS = new Set([
  "script", "style", "noscript", "template", "svg", "math", "iframe", "object", "embed", "video", "audio", "canvas",
  "button", "select", "option", "input", "textarea", "head",
]);

/** A paragraph of text and how much of it is link text (menus and related-story lists are mostly links). */
export interface Paragraph {
  text: string;
  linkChars: number;
}

/**
 * The text of an element as paragraphs: every block element and `<br>` ends a paragraph, whitespace inside a paragraph
 * collapses to one space, table cells are separated by a space.
 */
export function toParagraphs(root: DomElement): Paragraph[] {
  const paragraphs: Paragraph[] = [];
  let current = "";
  let linkDepth = 0;
  let linkText = "";
  const flush = (): void => {
    const text = cleanInline(current);
    if (text) paragraphs.push({ text, linkChars: Math.min(text.length, cleanInline(linkText).length) });
    current = "";
    linkText = "";
  };
  const visit = (node: DomNode): void => {
    if (node.nodeType === TEXT_NODE) {
      current += node.nodeValue ?? "";
      if (linkDepth > 0) linkText += node.nodeValue ?? "";
      return;
    }
    if (!isElement(node)) return;
    const tag = node.tagName.toLowerCase();
    if (SKIPPED_TAGS.has(tag)) return;
    if (tag === "br") {
      flush();
      return;
    }
    const block = BLOCK_TAGS.has(tag);
    if (block) flush();
    if (tag === "a") linkDepth++;
    for (const child of Array.from(node.childNodes)) visit(child);
    if (tag === "a") linkDepth--;
    if (block) flush();
    else if (tag === "td" || tag === "th") current += " ";
  };
  visit(root);
  flush();
  return paragraphs;
}

/** Entities a CMS escaped twice, so they survive parsing as literal text. */
const LEFTOVER_ENTITY = /&(nbsp|amp|quot|apos|lt|gt|#\d{1,6}|#x[0-9a-f]{1,6});/gi;
const NAMED_ENTITIES: Record<string, string> = { nbsp: " ", amp: "&", quot: '"', apos: "'", lt: "<", gt: ">" };

/** Collapses whitespace, drops invisible characters and decodes entities left in the text by double escaping. */
export function cleanInline(text: string): string {
  return text
    .replace(LEFTOVER_ENTITY, (entity, name: string) => decodeEntity(name) ?? entity)
    .replace(/[\u200b\u00ad\ufeff\u2060]/g, "")
    .replace(/\s+/g, " ")
    .trim();
}

function decodeEntity(name: string): string | null {
  const lower = name.toLowerCase();
  if (lower.startsWith("#")) {
    const code = lower.startsWith("#x") ? parseInt(lower.slice(2), 16) : parseInt(lower.slice(1), 10);
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : null;
  }
  return NAMED_ENTITIES[lower] ?? null;
}
