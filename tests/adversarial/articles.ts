const TOWNS = ["Kelvin Bay", "Gull Point", "Harrow Vale", "Northmere", "Saltcombe", "Brackenridge"];
const TOPICS = ["the tram depot", "the harbour wall", "the library roof", "the river ferry", "the school kitchens", "the night buses"];

/** A made-up local news article, different for each n, long enough to be stored in several passages. */
export function article(n: number): { url: string; title: string; publish_date: string; outlet: string; text: string } {
  const town = TOWNS[n % TOWNS.length]!;
  const topic = TOPICS[Math.floor(n / TOWNS.length) % TOPICS.length]!;
  const paragraphs = [
    `Councillors in ${town} voted on Tuesday to spend ${100 + n} thousand pounds on ${topic}, item ${n} on a long agenda.`,
    `“We have waited ${n % 9 + 2} years for this, and the work starts in the spring,” said councillor Mara Quill${n}.`,
    `Residents asked how long the repairs to ${topic} would last, and the council promised a report within ${n % 5 + 3} weeks.`,
    `The contractor, Fenwick and Sons ${n}, said the crews would work at night so that the town centre stays open by day.`,
  ];
  return { url: `https://backup-test.example/news/${n}`, title: `${town} to repair ${topic} (${n})`, publish_date: "2026-05-04", outlet: "Test Gazette", text: paragraphs.join("\n\n") };
}
