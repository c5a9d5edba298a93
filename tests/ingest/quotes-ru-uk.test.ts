import { describe, expect, it } from "vitest";
import { extractQuotes } from "../../src/ingest/quotes/index.ts";

/** Quotes as [text, speaker, role] triples, after checking that every span points at its own text. */
function quotesOf(article: string, language: string | null = null): [string, string | null, string | null][] {
  const spans = extractQuotes(article, language);
  for (const span of spans) expect(article.slice(span.start, span.end)).toBe(span.text);
  return spans.map((s) => [s.text, s.speaker, s.role ?? null]);
}

describe("extractQuotes: Russian news style", () => {
  it("reads a dash attribution after the quote, with the role before the name", () => {
    const article = [
      "Переговоры о продлении зерновой сделки зашли в тупик.",
      "«Мы не видим сейчас никаких оснований менять нашу позицию», — заявил пресс-секретарь Кремля Дмитрий Песков.",
    ].join("\n\n");
    expect(quotesOf(article)).toEqual([["Мы не видим сейчас никаких оснований менять нашу позицию", "Дмитрий Песков", "пресс-секретарь Кремля"]]);
  });

  it("gives 'добавил он' to the man who spoke last and 'сказала она' to the woman", () => {
    const article = [
      "«Решение по этому вопросу пока не принято», — сообщил журналистам пресс-секретарь Кремля Дмитрий Песков.",
      "«Консультации продолжатся на следующей неделе», — добавил он.",
      "Официальный представитель МИД России Мария Захарова высказалась резче.",
      "«Эти угрозы нас не пугают и никогда не пугали», — сказала она.",
    ].join("\n\n");
    expect(quotesOf(article)).toEqual([
      ["Решение по этому вопросу пока не принято", "Дмитрий Песков", "пресс-секретарь Кремля"],
      ["Консультации продолжатся на следующей неделе", "Дмитрий Песков", "пресс-секретарь Кремля"],
      ["Эти угрозы нас не пугают и никогда не пугали", "Мария Захарова", "Официальный представитель МИД России"],
    ]);
  });

  it("reads a colon label, a verb before a colon, and 'по словам' with the name in the genitive", () => {
    const article = [
      "Министр финансов Антон Силуанов выступил в Госдуме.",
      "Силуанов: «Бюджет следующего года будет сбалансирован без новых заимствований».",
      "Позже министр добавил: «Налоги для малого бизнеса мы повышать не собираемся».",
      "По словам Силуанова, «резервов хватит как минимум на три года».",
    ].join("\n\n");
    expect(quotesOf(article).map(([text, speaker]) => [text, speaker])).toEqual([
      ["Бюджет следующего года будет сбалансирован без новых заимствований", "Антон Силуанов"],
      ["Налоги для малого бизнеса мы повышать не собираемся", "Антон Силуанов"],
      ["резервов хватит как минимум на три года", "Антон Силуанов"],
    ]);
  });

  it("keeps a nested „…“ inside «…» as one quote", () => {
    const article = "«Так называемый „мирный план“ ничего не меняет на земле», — подчеркнул Песков.";
    expect(quotesOf(article)).toEqual([["Так называемый „мирный план“ ничего не меняет на земле", "Песков", null]]);
  });

  it("does not take names of companies in guillemets for quotes", () => {
    const article = "Акции «Газпрома» подешевели, а «Роснефть» отчиталась о росте прибыли.";
    expect(quotesOf(article)).toEqual([]);
  });

  it("puts a genitive name after 'по словам' in the nominative when the article has no other form", () => {
    const article = "По словам Марии Захаровой, «ответ будет симметричным и своевременным».";
    expect(quotesOf(article)).toEqual([["ответ будет симметричным и своевременным", "Мария Захарова", null]]);
  });
});

describe("extractQuotes: Ukrainian news style", () => {
  it("reads a dash attribution with the role before the name, and „…“ with 'додала вона'", () => {
    const article = [
      "«Україна не погодиться на жодні територіальні поступки», — сказав речник МЗС України Олег Ніколенко.",
      "Міністр економіки Юлія Свириденко заявила, що переговори з партнерами тривають.",
      "„Ми очікуємо перший транш фінансування вже в березні“, — додала вона.",
    ].join("\n\n");
    expect(quotesOf(article, "uk")).toEqual([
      ["Україна не погодиться на жодні територіальні поступки", "Олег Ніколенко", "речник МЗС України"],
      ["Ми очікуємо перший транш фінансування вже в березні", "Юлія Свириденко", "Міністр економіки"],
    ]);
  });

  it("gives 'наголосив він' to the man, not to the woman named after him", () => {
    const article = [
      "Речник МЗС України Олег Ніколенко прокоментував заяву Марії Захарової.",
      "«Ця риторика лише підтверджує, що Москва не готова до діалогу», — наголосив він.",
      "За словами Ніколенка, «відповідь буде узгоджена з партнерами».",
    ].join("\n\n");
    expect(quotesOf(article)).toEqual([
      ["Ця риторика лише підтверджує, що Москва не готова до діалогу", "Олег Ніколенко", "Речник МЗС України"],
      ["відповідь буде узгоджена з партнерами", "Олег Ніколенко", "Речник МЗС України"],
    ]);
  });

  it("reads a name before the dash and verb: «…», — Зеленський заявив", () => {
    const article = "«Ми готові до перемовин лише після повного припинення вогню», — Володимир Зеленський заявив у вечірньому зверненні.";
    expect(quotesOf(article).map(([text, speaker]) => [text, speaker])).toEqual([["Ми готові до перемовин лише після повного припинення вогню", "Володимир Зеленський"]]);
  });
});

describe("extractQuotes: roles with an organisation's name inside, and names in the genitive", () => {
  it("reads a role phrase that goes on after a capitalised word, and an opening 'Про це'", () => {
    const article = "Про це повідомив речник Повітряних сил Юрій Ігнат: «Уночі ворог запустив понад тридцять ударних дронів».";
    expect(quotesOf(article)).toEqual([["Уночі ворог запустив понад тридцять ударних дронів", "Юрій Ігнат", "речник Повітряних сил"]]);
  });

  it("puts a name in the genitive after a role in the genitive back in the nominative", () => {
    const article = "По словам главы МИД Сергея Лаврова, «никаких новых предложений Москва не получала».";
    expect(quotesOf(article).map(([text, speaker]) => [text, speaker])).toEqual([["никаких новых предложений Москва не получала", "Сергей Лавров"]]);
  });

  it("tells a foreign first name from the organisation before it", () => {
    const article = "Глава МИД Венгрии Петер Сийярто прилетел в Минск. «Мы выступаем за немедленный мир», — сказал Сийярто.";
    expect(quotesOf(article)).toEqual([["Мы выступаем за немедленный мир", "Петер Сийярто", "Глава МИД Венгрии"]]);
  });
});

describe("extractQuotes: English articles keep the English rules", () => {
  it("still reads an English quote with a Russian name in it", () => {
    const article = `"We see no grounds to change our position," Kremlin spokesman Dmitry Peskov told reporters.`;
    expect(quotesOf(article)).toEqual([["We see no grounds to change our position", "Dmitry Peskov", "Kremlin spokesman"]]);
  });
});
