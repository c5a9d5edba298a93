import type { ExtractionProblem, IngestFailure, Leads, NonPageType } from "../../failure.ts";
import { formatDuration, formatSize, pluralSlavic, type BotMessages } from "./messages.ts";

const articlesWord = (n: number): string => pluralSlavic("uk", n, { one: "стаття", few: "статті", many: "статей" });
const inArticles = (n: number): string => `${n} ${pluralSlavic("uk", n, { one: "статті", few: "статтях", many: "статтях" })}`;

const HELP = [
  "Я відповідаю на запитання про новини, які мені надіслали, словами самих статей: короткі цитати з іменем того, хто це сказав, і пронумеровані посилання на статті.",
  "",
  "<b>Запитуйте</b> що завгодно, наприклад:",
  "<i>Що сказав мер про поглиблення дна в гавані?</i>",
  "Потім уточніть (<i>а пороми?</i>), дайте відповідь на мою відповідь, щоб продовжити її, або натисніть <b>Ще</b>, щоб побачити інші фрагменти.",
  "",
  "<b>Додавайте статті</b>, надсилаючи чи пересилаючи посилання або пересилаючи допис із каналу.",
  "",
  "/sources останні статті · /stats що в мене є · /forget почати заново · /add &lt;посилання&gt;",
].join("\n");

const NON_PAGE: Record<NonPageType, string> = {
  pdf: "PDF",
  image: "зображення",
  video: "відео",
  audio: "аудіофайл",
  json: "дані JSON",
  xml: "документ XML або стрічка",
  file: "файл для завантаження",
};

const EXTRACTION: Record<ExtractionProblem, string> = {
  "cookie-wall": "На сторінці було лише вікно згоди на cookie, а не стаття.",
  paywall: "Стаття за платним доступом: читаються лише перші рядки.",
  "not-an-article": "Це сторінка зі списком матеріалів, а не стаття.",
  "too-little-text": "На сторінці замало тексту для статті.",
  unreadable: "Сторінку не вдалося прочитати як статтю.",
};

function failureReason(failure: IngestFailure): string {
  switch (failure.kind) {
    case "not-a-link":
      return "це не схоже на вебпосилання";
    case "not-http":
      return "це не вебпосилання (http або https)";
    case "not-web":
      return `посилання ${leads(failure.leads)} не на вебсторінку (не http і не https)`;
    case "credentials":
      return `посилання ${leads(failure.leads)} на адресу з іменем користувача або паролем`;
    case "port":
      return `посилання ${leads(failure.leads)} на порт ${failure.port}, а це не звичайний вебпорт`;
    case "private-address":
      return `посилання ${leads(failure.leads)} на адресу приватної або локальної мережі`;
    case "too-many-redirects":
      return `посилання перенаправляло понад ${failure.max} ${pluralSlavic("uk", failure.max, { one: "раз", few: "рази", many: "разів" })}`;
    case "redirect-nowhere":
      return "сайт перенаправив, не вказавши куди";
    case "redirect-broken":
      return "сайт перенаправив на хибну адресу";
    case "timeout":
      return `сайт не відповів за ${formatDuration("uk", failure.ms)}`;
    case "site-not-found":
      return `не вдалося знайти сайт ${failure.host}`;
    case "insecure":
      return `не вдалося встановити захищене з'єднання з ${failure.host}`;
    case "unreachable":
      return `не вдалося під'єднатися до ${failure.host}`;
    case "http-status":
      return `сайт відповів ${failure.status}${failure.statusText ? ` ${failure.statusText}` : ""}`;
    case "not-a-page":
      return `за посиланням ${NON_PAGE[failure.type]}, а не вебсторінка`;
    case "too-large":
      return `сторінка більша за ${formatSize("uk", failure.maxBytes)}`;
    case "extraction":
      return EXTRACTION[failure.problem];
    case "too-short":
      return "у ній замало тексту для статті";
    case "bad-date":
      return `її дата публікації «${failure.date}» — не дата`;
    case "disk-full":
      return "диск бібліотеки заповнений, тож нічого не додано; надішліть знову, коли той, хто мене запускає, звільнить місце";
    case "read-only":
      return "бібліотека доступна лише для читання (до її теки не можна писати), тож нічого не додано; надішліть знову, коли той, хто мене запускає, це виправить";
    case "disk-error":
      return "диск бібліотеки не зміг записати дані, тож нічого не додано; надішліть знову, коли той, хто мене запускає, перевірить диск";
    case "busy":
      return "я зайнятий читанням інших посилань; надішліть знову за кілька хвилин";
    case "unexpected":
      return "під час читання щось пішло не так";
  }
}

const leads = (how: Leads): string => (how === "points" ? "веде" : "перенаправляє");

export const ukrainian: BotMessages = {
  locale: "uk",
  help: HELP,
  start: (articles) =>
    `Вітаю! ${HELP}\n\n${articles === 0 ? "Моя бібліотека поки порожня: надішліть посилання на новинну статтю, щоб почати." : `Зараз у мене ${articles} ${articlesWord(articles)}.`}`,
  stats: (stats) =>
    [
      "<b>Бібліотека</b>",
      `Статей: ${stats.articles}`,
      `Фрагментів: ${stats.chunks} (ще не векторизовано: ${stats.pendingChunks})`,
      `Цитат: ${stats.quotes}`,
      `Період: ${stats.span ? `з ${stats.span.from} до ${stats.span.to}` : "немає статей із датою"}`,
      ...(stats.languages.length > 0 ? [`Мови: ${stats.languages.map((l) => `${l.language} ${l.articles}`).join(", ")}`] : []),
      `Пошук: ${stats.semantic ? "за змістом і за словами" : "лише за словами"}`,
    ].join("\n"),
  forgotten: "Готово: я забув нашу розмову. Наступне запитання почнеться з чистого аркуша.",
  addUsage: "Надішліть /add і посилання, наприклад: /add https://example.com/news/story",
  addNotALink:
    "Це не схоже на вебпосилання. Надішліть /add і адресу статті, наприклад https://example.com/news/story (підійде й http://, і просто example.com/news/story).",
  unknownCommand: "Я не знаю такої команди. /help покаже, що я вмію.",
  emptyQuestion: "Так? Поставте запитання про новини, наприклад: <i>Що сказав міністр про бюджет?</i>",
  questionTooLong: "Як на запитання, це задовго. Запитайте одним-двома реченнями або надішліть посилання на статтю (чи перешліть допис із каналу), щоб я її додав.",
  askingTooFast: "Ви запитуєте швидше, ніж я встигаю відповідати. Зачекайте хвилину й запитайте знову.",
  linksTooFast: "Ви надсилаєте посилання швидше, ніж я встигаю їх читати. Надішліть решту за хвилину.",
  moreButton: "Ще",
  moreForgotten: "Я вже не пам'ятаю цієї відповіді. Будь ласка, запитайте знову.",
  sourcesEmpty: "Бібліотека порожня. Надішліть посилання на новинну статтю, щоб додати її.",
  sourcesTitle: (from, to, total) => `<b>Останні статті</b> (${from}–${to} з ${total})`,
  newer: "« Новіші",
  older: "Старіші »",
  unsupported: {
    pdf: "PDF я поки читати не вмію. Надішліть посилання на вебсторінку статті.",
    file: "Файли я читати не вмію. Надішліть посилання на статтю або напишіть запитання.",
    media: "Я читаю лише текст. Надішліть посилання на статтю або напишіть запитання.",
    audio: "Слухати аудіо я не вмію. Будь ласка, напишіть запитання.",
    sticker: "Я відповідаю на запитання про новини, які мені надіслали. Поставте запитання або подивіться /help.",
    other: "Я розумію лише текстові запитання й посилання на статті. Див. /help.",
  },
  privateBot:
    "Вибачте, це закритий бот: він відповідає лише тим, для кого його налаштували. Якщо вам потрібен доступ, попросіть власника бота додати ваш ідентифікатор користувача Telegram.",
  removeAdminsOnly: "Видаляти статті можуть лише адміністратори бота.",
  removeUsage: "Надішліть /remove і номер статті з /sources (наприклад, /remove 12) або її посилання.",
  removeNoSuchArticle: (id) => `Статті №${id} немає.`,
  removed: (id, title) => `Статтю №${id}${title ? ` <b>${title}</b>` : ""} видалено разом із її фрагментами.`,
  sorry: "Вибачте, у мене щось пішло не так. Спробуйте ще раз трохи згодом.",
  channelPostInfo: "Я зберігаю дописи, переслані з каналів, і статті за посиланнями. Щоб запитати про щось, просто напишіть запитання.",
  channelPostEmpty: "У цьому дописі немає тексту, який можна зберегти. Перешліть допис із текстом або надішліть посилання на статтю.",
  added: (title, where, passages) =>
    `✓ Додано: <b>${title}</b>${where ? ` (${where})` : ""} — ${passages} ${pluralSlavic("uk", passages, { one: "фрагмент", few: "фрагменти", many: "фрагментів" })}`,
  duplicate: (title) => `✓ <b>${title}</b> вже є в бібліотеці`,
  failed: (source, reason) => `✗ ${source}: не вдалося прочитати: ${reason}`,
  failure: failureReason,
  onlyFirstLinks: (max) => `(з одного повідомлення я читаю лише перші ${max} посилань)`,
  understoodAs: "Зрозумів запитання так",
  sourcesHeading: "Джерела",
  alsoReported: "також",
  anotherOutlet: "інше видання",
  untitled: "без назви",
  nothingToSay: "Мені нічого сказати про це.",
  sourceLanguage: (name) => `(мова: ${name})`,
  note: (note) => {
    switch (note.kind) {
      case "no-answer":
        return `Я не знайшов відповіді на це запитання в ${inArticles(note.articles)}, які в мене є. Якщо маєте посилання на статтю про це, надішліть його, і я її прочитаю.`;
      case "not-quoted":
        return `У жодній із ${note.articles} ${pluralSlavic("uk", note.articles, { one: "статті", few: "статей", many: "статей" })}, які в мене є, немає цих слів. Якщо маєте посилання на статтю з цією цитатою, надішліть його, і я її прочитаю.`;
      case "said-it":
        return `Це сказав(ла) ${note.speaker}.`;
      case "greeting":
        return "Вітаю! Запитайте мене про новини, які ви мені надіслали, або надішліть посилання на статтю.";
      case "thanks":
        return "Будь ласка.";
      case "nothing-to-continue":
        return "Поки що нічого продовжувати: спершу поставте запитання.";
      case "no-more":
        return "Більше я нічого про це не знайшов.";
      case "no-reason":
        return "У знайдених статтях не сказано чому.";
      case "topic-silent":
        return note.why ? "У статтях, про які ми говорили, не сказано чому." : "У статтях, про які ми говорили, про це не сказано.";
      case "quoted-silent":
        return note.about === "why" ? "У статтях, які я цитував, не сказано чому." : "У статтях, які я цитував, не сказано коли.";
      case "reported":
        return `Опубліковано ${note.date}${note.outlet ? ` (${note.outlet})` : ""}.`;
      case "no-further-quotes":
        return `Інших цитат ${note.speaker} у мене немає.`;
      case "came-from":
        return "Це з цих статей:";
      case "nothing-cited":
        return "У моїй попередній відповіді не було цитат зі статей.";
    }
  },
};
