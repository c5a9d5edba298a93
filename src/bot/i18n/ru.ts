import type { ExtractionProblem, IngestFailure, Leads, NonPageType } from "../../failure.ts";
import { formatDuration, formatSize, pluralSlavic, type BotMessages } from "./messages.ts";

const articlesWord = (n: number): string => pluralSlavic("ru", n, { one: "статья", few: "статьи", many: "статей" });
const inArticles = (n: number): string => `${n} ${pluralSlavic("ru", n, { one: "статье", few: "статьях", many: "статьях" })}`;

const HELP = [
  "Я отвечаю на вопросы о новостях, которые мне прислали, словами самих статей: короткие цитаты с именем того, кто это сказал, и пронумерованные ссылки на статьи.",
  "",
  "<b>Спросите</b> что угодно, например:",
  "<i>Что сказал мэр о дноуглублении в гавани?</i>",
  "Потом уточните (<i>а паромы?</i>), ответьте на мой ответ, чтобы продолжить его, или нажмите <b>Ещё</b>, чтобы увидеть другие фрагменты.",
  "",
  "<b>Добавляйте статьи</b>, присылая или пересылая ссылки либо пересылая пост из канала.",
  "",
  "/sources последние статьи · /stats что у меня есть · /forget начать заново · /add &lt;ссылка&gt;",
].join("\n");

const NON_PAGE: Record<NonPageType, string> = {
  pdf: "PDF",
  image: "изображение",
  video: "видео",
  audio: "аудиофайл",
  json: "данные JSON",
  xml: "документ XML или лента",
  file: "файл для скачивания",
};

const EXTRACTION: Record<ExtractionProblem, string> = {
  "cookie-wall": "На странице было только окно согласия на cookie, а не статья.",
  paywall: "Статья за платным доступом: читаются только первые строки.",
  "not-an-article": "Это страница со списком материалов, а не статья.",
  "too-little-text": "На странице слишком мало текста для статьи.",
  unreadable: "Страницу не удалось прочитать как статью.",
};

function failureReason(failure: IngestFailure): string {
  switch (failure.kind) {
    case "not-a-link":
      return "это не похоже на веб-ссылку";
    case "not-http":
      return "это не веб-ссылка (http или https)";
    case "not-web":
      return `ссылка ${leads(failure.leads)} не на веб-страницу (не http и не https)`;
    case "credentials":
      return `ссылка ${leads(failure.leads)} на адрес с именем пользователя или паролем`;
    case "port":
      return `ссылка ${leads(failure.leads)} на порт ${failure.port}, а это не обычный веб-порт`;
    case "private-address":
      return `ссылка ${leads(failure.leads)} на адрес частной или локальной сети`;
    case "too-many-redirects":
      return `ссылка перенаправляла больше ${failure.max} раз`;
    case "redirect-nowhere":
      return "сайт перенаправил, не указав куда";
    case "redirect-broken":
      return "сайт перенаправил на неправильный адрес";
    case "timeout":
      return `сайт не ответил за ${formatDuration("ru", failure.ms)}`;
    case "site-not-found":
      return `не удалось найти сайт ${failure.host}`;
    case "insecure":
      return `не удалось установить защищённое соединение с ${failure.host}`;
    case "unreachable":
      return `не удалось подключиться к ${failure.host}`;
    case "http-status":
      return `сайт ответил ${failure.status}${failure.statusText ? ` ${failure.statusText}` : ""}`;
    case "not-a-page":
      return `по ссылке ${NON_PAGE[failure.type]}, а не веб-страница`;
    case "too-large":
      return `страница больше ${formatSize("ru", failure.maxBytes)}`;
    case "extraction":
      return EXTRACTION[failure.problem];
    case "too-short":
      return "в ней слишком мало текста для статьи";
    case "bad-date":
      return `её дата публикации «${failure.date}» — не дата`;
    case "disk-full":
      return "диск библиотеки заполнен, поэтому ничего не добавлено; пришлите снова, когда тот, кто меня запускает, освободит место";
    case "read-only":
      return "библиотека доступна только для чтения (в её папку нельзя писать), поэтому ничего не добавлено; пришлите снова, когда тот, кто меня запускает, это исправит";
    case "disk-error":
      return "диск библиотеки не смог записать данные, поэтому ничего не добавлено; пришлите снова, когда тот, кто меня запускает, проверит диск";
    case "busy":
      return "я занят чтением других ссылок; пришлите снова через несколько минут";
    case "unexpected":
      return "при чтении что-то пошло не так";
  }
}

const leads = (how: Leads): string => (how === "points" ? "ведёт" : "перенаправляет");

export const russian: BotMessages = {
  locale: "ru",
  help: HELP,
  start: (articles) =>
    `Здравствуйте! ${HELP}\n\n${articles === 0 ? "Моя библиотека пока пуста: пришлите ссылку на новостную статью, чтобы начать." : `Сейчас у меня ${articles} ${articlesWord(articles)}.`}`,
  stats: (stats) =>
    [
      "<b>Библиотека</b>",
      `Статей: ${stats.articles}`,
      `Фрагментов: ${stats.chunks} (ещё не векторизовано: ${stats.pendingChunks})`,
      `Цитат: ${stats.quotes}`,
      `Период: ${stats.span ? `с ${stats.span.from} по ${stats.span.to}` : "нет статей с датой"}`,
      ...(stats.languages.length > 0 ? [`Языки: ${stats.languages.map((l) => `${l.language} ${l.articles}`).join(", ")}`] : []),
      `Поиск: ${stats.semantic ? "по смыслу и по словам" : "только по словам"}`,
    ].join("\n"),
  forgotten: "Готово: я забыл наш разговор. Следующий вопрос начнётся с чистого листа.",
  addUsage: "Отправьте /add и ссылку, например: /add https://example.com/news/story",
  addNotALink:
    "Это не похоже на веб-ссылку. Отправьте /add и адрес статьи, например https://example.com/news/story (подойдёт и http://, и просто example.com/news/story).",
  unknownCommand: "Я не знаю такой команды. /help покажет, что я умею.",
  emptyQuestion: "Да? Задайте вопрос о новостях, например: <i>Что сказал министр о бюджете?</i>",
  questionTooLong: "Для вопроса это длинновато. Спросите в одном-двух предложениях или пришлите ссылку на статью (либо перешлите пост из канала), чтобы я её добавил.",
  askingTooFast: "Вы спрашиваете быстрее, чем я успеваю отвечать. Подождите минуту и спросите снова.",
  linksTooFast: "Вы присылаете ссылки быстрее, чем я успеваю их читать. Пришлите остальные через минуту.",
  moreButton: "Ещё",
  moreForgotten: "Я уже не помню этот ответ. Пожалуйста, спросите снова.",
  sourcesEmpty: "Библиотека пуста. Пришлите ссылку на новостную статью, чтобы добавить её.",
  sourcesTitle: (from, to, total) => `<b>Последние статьи</b> (${from}–${to} из ${total})`,
  newer: "« Новее",
  older: "Старше »",
  unsupported: {
    pdf: "PDF я пока читать не умею. Пришлите ссылку на веб-страницу статьи.",
    file: "Файлы я читать не умею. Пришлите ссылку на статью или напишите вопрос.",
    media: "Я читаю только текст. Пришлите ссылку на статью или напишите вопрос.",
    audio: "Слушать аудио я не умею. Пожалуйста, напишите вопрос.",
    sticker: "Я отвечаю на вопросы о новостях, которые мне прислали. Задайте вопрос или посмотрите /help.",
    other: "Я понимаю только текстовые вопросы и ссылки на статьи. См. /help.",
  },
  privateBot:
    "Извините, это закрытый бот: он отвечает только тем, для кого его настроили. Если вам нужен доступ, попросите владельца бота добавить ваш идентификатор пользователя Telegram.",
  removeAdminsOnly: "Удалять статьи могут только администраторы бота.",
  removeUsage: "Отправьте /remove и номер статьи из /sources (например, /remove 12) или её ссылку.",
  removeNoSuchArticle: (id) => `Статьи №${id} нет.`,
  removed: (id, title) => `Статья №${id}${title ? ` <b>${title}</b>` : ""} удалена вместе с её фрагментами.`,
  sorry: "Извините, у меня что-то пошло не так. Попробуйте ещё раз чуть позже.",
  channelPostInfo: "Я сохраняю посты, пересланные из каналов, и статьи по ссылкам. Чтобы спросить о чём-то, просто напишите вопрос.",
  channelPostEmpty: "В этом посте нет текста, который можно сохранить. Перешлите пост с текстом или пришлите ссылку на статью.",
  added: (title, where, passages) =>
    `✓ Добавлено: <b>${title}</b>${where ? ` (${where})` : ""} — ${passages} ${pluralSlavic("ru", passages, { one: "фрагмент", few: "фрагмента", many: "фрагментов" })}`,
  duplicate: (title) => `✓ <b>${title}</b> уже есть в библиотеке`,
  failed: (source, reason) => `✗ ${source}: не удалось прочитать: ${reason}`,
  failure: failureReason,
  onlyFirstLinks: (max) => `(из одного сообщения я читаю только первые ${max} ссылок)`,
  understoodAs: "Понял вопрос так",
  sourcesHeading: "Источники",
  alsoReported: "также",
  anotherOutlet: "другое издание",
  untitled: "без названия",
  nothingToSay: "Мне нечего сказать об этом.",
  sourceLanguage: (name) => `(язык: ${name})`,
  note: (note) => {
    switch (note.kind) {
      case "no-answer":
        return `Я не нашёл ответа на этот вопрос в ${inArticles(note.articles)}, которые у меня есть. Если у вас есть ссылка на статью об этом, пришлите её, и я её прочитаю.`;
      case "not-quoted":
        return `Ни в одной из ${note.articles} ${pluralSlavic("ru", note.articles, { one: "статьи", few: "статей", many: "статей" })}, которые у меня есть, нет этих слов. Если у вас есть ссылка на статью с этой цитатой, пришлите её, и я её прочитаю.`;
      case "said-it":
        return `Это сказал(а) ${note.speaker}.`;
      case "greeting":
        return "Здравствуйте! Спросите меня о новостях, которые вы мне прислали, или пришлите ссылку на статью.";
      case "thanks":
        return "Пожалуйста.";
      case "nothing-to-continue":
        return "Продолжать пока нечего: сначала задайте вопрос.";
      case "no-more":
        return "Больше я ничего об этом не нашёл.";
      case "no-reason":
        return "В найденных статьях не сказано почему.";
      case "topic-silent":
        return note.why ? "В статьях, о которых мы говорили, не сказано почему." : "В статьях, о которых мы говорили, об этом не сказано.";
      case "quoted-silent":
        return note.about === "why" ? "В статьях, которые я цитировал, не сказано почему." : "В статьях, которые я цитировал, не сказано когда.";
      case "reported":
        return `Опубликовано ${note.date}${note.outlet ? ` (${note.outlet})` : ""}.`;
      case "no-further-quotes":
        return `Других цитат ${note.speaker} у меня нет.`;
      case "came-from":
        return "Это из этих статей:";
      case "nothing-cited":
        return "В моём прошлом ответе не было цитат из статей.";
    }
  },
};
