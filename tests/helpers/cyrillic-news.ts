/**
 * Short Russian and Ukrainian news articles written for these tests (invented events, real public figures only as
 * names a question might use), in the style of the outlets people read: inflected forms, guillemets, dash attribution.
 */
import type { ArticleDraft } from "../../src/library/article.ts";

const base = { canonicalUrl: null, outlet: null, authors: [] as string[], language: null };

/** Russian: elections, a minister, inflected forms («выборы», «министра», «избирательной»). */
export const russianElections: ArticleDraft = {
  ...base,
  url: "https://vesti-primorya.example/politika/vybory-perenos",
  title: "Министр юстиции предложил перенести региональные выборы",
  publishedAt: "2026-04-14",
  text: [
    "Министр юстиции Олег Тарханов в понедельник предложил перенести региональные выборы в Приморском крае на осень. По словам министра, избирательные комиссии не успевают подготовить новые списки избирателей.",
    "«Проводить голосование в мае, когда половина участков не готова, было бы безответственно», — заявил Тарханов журналистам после заседания правительства.",
    "Оппозиционные партии раскритиковали инициативу. Депутат краевого собрания Марина Лыкова назвала перенос попыткой выиграть время и потребовала опубликовать отчёт избирательной комиссии.",
  ].join("\n\n"),
};

/** Russian: the Kremlin spokesman by name, for a Latin-script question ("Peskov"). */
export const russianKremlin: ArticleDraft = {
  ...base,
  url: "https://vesti-primorya.example/politika/peskov-peregovory",
  title: "В Кремле прокомментировали слухи о переговорах",
  publishedAt: "2026-04-15",
  text: [
    "Пресс-секретарь Кремля Дмитрий Песков во вторник опроверг сообщения о тайных переговорах в Стамбуле. Он назвал публикации западных газет «выдумкой от начала до конца».",
    "«Никаких встреч на этой неделе не планируется, и мы не получали никаких предложений», — сказал Песков.",
    "Ранее несколько изданий со ссылкой на дипломатические источники писали, что делегации могут встретиться до конца месяца.",
  ].join("\n\n"),
};

/** Ukrainian: the president by name (Зеленський), energy repairs, inflected forms. */
export const ukrainianEnergy: ArticleDraft = {
  ...base,
  url: "https://novyny-dnipra.example/energetyka/remont-merezh",
  title: "Зеленський доручив прискорити ремонт енергомереж перед зимою",
  publishedAt: "2026-04-16",
  text: [
    "Президент Володимир Зеленський у середу провів нараду з енергетиками та доручив уряду прискорити відновлення пошкоджених підстанцій. За його словами, до жовтня мають запрацювати щонайменше дві третини зруйнованих потужностей.",
    "«Кожна відновлена підстанція — це світло й тепло для тисяч родин», — наголосив Зеленський.",
    "Міністерка енергетики Ганна Кравець додала, що на ремонт уже спрямовано кошти з резервного фонду, а нові трансформатори прибудуть із Польщі наприкінці травня.",
  ].join("\n\n"),
};

/** Ukrainian: a port and grain exports, no famous names. */
export const ukrainianPort: ArticleDraft = {
  ...base,
  url: "https://novyny-dnipra.example/ekonomika/port-zerno",
  title: "Ізмаїльський порт відновив відвантаження зерна",
  publishedAt: "2026-04-17",
  text: [
    "Ізмаїльський порт після тижневої перерви знову приймає судна під завантаження зерном. Перерва була пов'язана з ремонтом причалів, пошкоджених під час шторму.",
    "Директор порту Андрій Мельничук повідомив, що за перший день відвантажили понад вісім тисяч тонн пшениці. «Черга суден скоротиться вже до кінця тижня», — сказав він.",
    "Аграрії скаржаться, що через простій зросли витрати на зберігання врожаю.",
  ].join("\n\n"),
};

export const CYRILLIC_ARTICLES = [russianElections, russianKremlin, ukrainianEnergy, ukrainianPort];
