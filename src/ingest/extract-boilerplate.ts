import { all, isElement, TEXT_NODE, type DomDocument, type DomElement, type DomNode } from "./dom.ts";
import { normalise } from "./extract-paragraph-kinds.ts";

/*
 * Blocks of a page that are never article prose, removed from the DOM before and after Readability chooses the
 * article's container. Most are told by what they are, whatever the site calls them: a figure with an image is a
 * picture and its caption; a block of links to share endpoints is a share bar; a block around an e-mail field is a
 * newsletter prompt; a list of short links is a menu or a list of other stories. Widely shared class-name conventions
 * ("byline", "newsletter", "related") catch the rest. Paragraph-level kinds are in extract-paragraph-kinds.ts.
 */

/** Markup that never holds article prose, removed before Readability scores the page. */
const NEVER_PROSE = ["nav", '[role="navigation"]', '[aria-hidden="true"]', "[hidden]", "figcaption"].join(", ");

/** Class or id fragments for page furniture; matched anywhere in the name. */
const FURNITURE =
  /caption|credit|byline|newsletter|sharing|share-?(bar|tools|buttons|links)|social|related|promo|sponsor|subscri|breadcrumb|sr-only|visually-hidden|screen-reader|author-?bio|dateline|timestamp|standfirst/i;

/** Class or id words that must stand alone ("ad" but not "header", "tags" but not "stage"); camelCase counts. */
const FURNITURE_WORD = /(^|[\s_-]|[a-z](?=[A-Z]))(ad|ads|advert|share|tags|dek|deck)($|[\s_-]|[A-Z])/;

/** Class words for media blocks: their text is a caption or a credit, not prose. */
const MEDIA_BLOCK = /(caption|credit|gallery|slideshow|slider|image|photo|picture|figure|video|media)/i;

/** Pop-ups shown on hover: their text sits inside a sentence in the markup but is not part of it. */
const HOVER_CARD = /tooltip|rollover|hovercard|popover/i;

const INLINE_TAGS = new Set([
  "a", "abbr", "b", "cite", "em", "i", "mark", "q", "small", "span", "strong", "sub", "sup", "time", "u",
]);

export function removeNonProse(doc: DomDocument): void {
  for (const element of all(doc, NEVER_PROSE)) element.remove();
}

/**
 * Removes furniture from the page, or from the container Readability chose (parsed with `keepClasses` so the class
 * names survive). Children go first, so a hover card inside a linked name goes and the name stays.
 */
export function removeFurniture(root: DomElement): void {
  // Told before anything goes: removing an image's wrapper first would leave its figure looking like text.
  const pictures = all(root, "figure").filter(hasMedia);
  for (const element of all(root, "[class], [id], [itemprop]").reverse()) {
    if (isFurniture(element)) element.remove();
  }
  for (const figure of pictures) figure.remove();
  for (const bar of shareBars(root)) bar.remove();
  for (const prompt of signUpForms(root)) prompt.remove();
  for (const list of all(root, "ul, ol")) {
    if (!isLinkList(list)) continue;
    introducingHeading(list)?.remove();
    list.remove();
  }
}

/**
 * Readies posts embedded in the story (a tweet, an Instagram caption, a quoted statement) for Readability, which would
 * drop them: their wrappers carry names it distrusts ("social-embed") and their dated links make them look like
 * link lists. The wrappers lose their names and the links become plain text; what the post says stays.
 */
export function keepEmbeddedPosts(root: DomElement): void {
  for (const quote of all(root, "blockquote")) {
    const length = textLength(quote);
    if (length < 40) continue;
    for (const link of all(quote, "a")) link.replaceWith(link.textContent ?? "");
    for (let parent = parentElement(quote); parent && parent !== root; parent = parentElement(parent)) {
      if (textLength(parent) > 1.25 * length) break;
      parent.removeAttribute("class");
      parent.removeAttribute("id");
    }
  }
}

/** The text of every image's alternative text, title and caption, to recognise a caption repeated as a paragraph. */
export function imageCaptions(doc: DomDocument): Set<string> {
  const captions = new Set<string>();
  for (const image of all(doc, "img[alt], img[title]")) {
    for (const text of [image.getAttribute("alt"), image.getAttribute("title")]) {
      if (text && text.trim().length >= 15) captions.add(normalise(text));
    }
  }
  for (const caption of all(doc, "figcaption")) {
    const text = normalise(caption.textContent ?? "");
    if (text.length >= 15) captions.add(text);
  }
  return captions;
}

function isFurniture(element: DomElement): boolean {
  const names = `${element.getAttribute("class") ?? ""} ${element.getAttribute("id") ?? ""}`;
  if (HOVER_CARD.test(names) && isCard(element)) return true;
  if (isInSentence(element) || holdsEmbeddedPost(element)) return false;
  const length = textLength(element);
  const furniture =
    FURNITURE.test(names) || FURNITURE_WORD.test(names) || element.getAttribute("itemprop") === "description";
  if (furniture && length < 400) return true;
  return MEDIA_BLOCK.test(names) && length < 300 && hasMedia(element);
}

function isCard(element: DomElement): boolean {
  return element.querySelector("img") !== null || all(element, "a").length > 1;
}

/** An inline element with words beside it, or inside one that has, is part of a sentence: never furniture. */
function isInSentence(element: DomElement): boolean {
  let current: DomElement | null = element;
  while (current && INLINE_TAGS.has(current.tagName.toLowerCase())) {
    const siblings = Array.from(current.parentNode?.childNodes ?? []);
    if (siblings.some((node) => node.nodeType === TEXT_NODE && (node.nodeValue ?? "").trim() !== "")) return true;
    const parent: DomNode | null = current.parentNode;
    current = parent && isElement(parent) ? parent : null;
  }
  return false;
}

/** A list of nothing but short links: related stories, tags, a menu. */
function isLinkList(list: DomElement): boolean {
  const items = Array.from(list.children).filter((child) => child.tagName.toLowerCase() === "li");
  if (items.length < 2) return false;
  return items.every((item) => {
    const length = textLength(item);
    const linked = all(item, "a").reduce((sum, link) => sum + textLength(link), 0);
    return length < 120 && linked >= 0.9 * length;
  });
}

/** A quoted post (a tweet, an Instagram caption) embedded in the story is part of what the article reports. */
function holdsEmbeddedPost(element: DomElement): boolean {
  return all(element, "blockquote").some((quote) => textLength(quote) >= 40);
}

/** Links that share the page rather than lead anywhere: social networks' share endpoints and pre-filled e-mails. */
const SHARE_LINK =
  /facebook\.com\/(sharer|share\.php|dialog\/(share|feed))|(twitter|x)\.com\/(intent|share)|linkedin\.com\/(share|sharearticle|cws\/share)|pinterest\.[a-z.]+\/pin\/create|reddit\.com\/submit|tumblr\.com\/(share|widgets\/share)|wa\.me\/|whatsapp\.com\/send|^whatsapp:|t\.me\/share|telegram\.me\/share|vk\.com\/share|getpocket\.com\/(save|edit)|flipboard\.com\/bookmarklet|^mailto:[^@]*\?/i;

/** The smallest blocks that hold two or more share links and little text besides: share bars. */
function shareBars(root: DomElement): DomElement[] {
  const shareLinks = all(root, "a[href]").filter((link) => SHARE_LINK.test(link.getAttribute("href") ?? ""));
  const bars = new Set<DomElement>();
  for (const link of shareLinks) {
    let bar: DomElement = link;
    for (let parent = parentElement(link); parent && parent !== root; parent = parentElement(parent)) {
      if (textLength(parent) > 200) break;
      bar = parent;
    }
    bars.add(bar);
  }
  return [...bars];
}

/** Sign-up prompts: the block around an e-mail field, with the sentence that asks for the address. */
function signUpForms(root: DomElement): DomElement[] {
  const fields = all(root, 'input[type="email" i], input[name*="email" i], input[placeholder*="mail" i]');
  return fields.map((field) => {
    let block: DomElement = field;
    for (let parent = parentElement(field); parent && parent !== root; parent = parentElement(parent)) {
      if (textLength(parent) > 300) break;
      block = parent;
    }
    return block;
  });
}

/** The heading right before a list of links ("Trending now", "More:"), which goes with the list it introduces. */
function introducingHeading(list: DomElement): DomElement | null {
  const previous = list.previousElementSibling;
  if (!previous || textLength(previous) > 60 || /[.!?]$/.test((previous.textContent ?? "").trim())) return null;
  const tag = previous.tagName.toLowerCase();
  const isHeading = /^h[1-6]$/.test(tag) || (/^(div|p|span|strong|b)$/.test(tag) && previous.children.length <= 1);
  return isHeading ? previous : null;
}

function parentElement(node: DomNode): DomElement | null {
  const parent = node.parentNode;
  return parent && isElement(parent) ? parent : null;
}

function textLength(element: DomElement): number {
  return (element.textContent ?? "").replace(/\s+/g, " ").trim().length;
}

function hasMedia(element: DomElement): boolean {
  return element.querySelector("img, picture, video, iframe, svg") !== null;
}
