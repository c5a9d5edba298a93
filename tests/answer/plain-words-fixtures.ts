import type { ArticleDraft } from "../../src/library/article.ts";

/**
 * Invented news (our own prose) for questions asked in plain words: each article gives one failure class of
 * issue 10 something to catch: a question using another word than the article, a follow-up that must keep the
 * topic, a speaker named only by "she added", quoted words holding "now" or "she", a reason, a winner, a country
 * named by its capital.
 */

const tram = [
  "The Marlow city council scrapped its plan for a tram line to the harbour on Tuesday, after the projected cost rose to 410 million euros, twice the estimate given to voters in 2023.",
  "Mayor Jane Ortiz said the money would go to electric buses instead. “We cannot ask taxpayers to pay twice what they were promised,” she said. “The first electric buses will run on the harbour route by the spring,” she added.",
  "Shopkeepers on Dock Street welcomed the decision. “Two years of roadworks would have finished half the shops on this street,” said bakery owner Ruth Lindqvist.",
  "The opposition Green group called the vote a betrayal. “This city has been promised a tram since 1998, and today we have been told to wait again,” said Green councillor Olav Brandt.",
].join("\n\n");

const club = [
  "Shipping magnate Henrik Aas bought Vessel Rovers, the second-division football club, for 12 million euros on Friday, ending a year in which the club nearly went bankrupt.",
  "“This club belongs to the town, and I intend to give it back to the town,” Aas told supporters at the stadium. “We now have to earn the fans' trust again, one match at a time.”",
  "Aas said he would rebuild the youth academy first. “The academy is where the next captain of this club is playing today,” he said.",
  "He promised to keep ticket prices frozen for two seasons. “Nobody should have to choose between groceries and a Saturday at the ground,” Aas said.",
  "“I have supported this club since I was seven years old, and I have never missed a derby,” he said.",
  "Supporters' trust chair Mette Dahl said the fans would hold him to his word.",
].join("\n\n");

const minister = [
  "Transport Minister Elin Sandvik resigned on Wednesday after an audit found that her ministry had paid three million euros to a consultancy run by her brother-in-law.",
  "Sandvik said she had done nothing wrong but was leaving because the affair had become a distraction. “I will not let a family matter stand in the way of the railway reform,” she said in a statement.",
  "“She told me to wait until the audit was finished before signing anything,” ministry accountant Per Holm told the parliamentary committee, describing a conversation with his director.",
  "Prime Minister Arvid Lunde thanked Sandvik for her work and named Deputy Minister Kaisa Moen as her successor.",
].join("\n\n");

const ferryOffer = [
  "The ferry workers' union offered on Monday to suspend its strike if the operator Island Link agreed to independent mediation over night-shift rosters.",
  "Island Link rejected the offer on Tuesday. “Mediation would only delay the new rosters by another six months,” operations director Claire Dumont said.",
  "Union steward Piotr Lange said the strike would go on. “We offered a way out, and they slammed the door,” he said.",
].join("\n\n");

const university = [
  "The University of Kessel accepted a record 9,200 new students this autumn, after it opened a second campus in the former shipyard.",
  "“We have never had so many applications, and we were able to say yes to most of them,” said admissions director Hanna Berg.",
].join("\n\n");

const runoff = [
  "Voters in Kessel went back to the polls on Sunday for a mayoral runoff, two weeks after no candidate won a majority in the first round.",
  "Anna Virtanen won the runoff with 54 percent of the vote, defeating the incumbent Lars Okkonen, who had led the city for twelve years.",
  "Turnout was 61 percent, the election commission said.",
].join("\n\n");

const court = [
  "A jury in Norrvik convicted former harbour master Tomas Lind of fraud on Thursday for selling berths that did not exist, the prosecutor's office said.",
  "“The evidence was overwhelming,” prosecutor Ingrid Falk said in a statement, “and the jury saw through every one of his excuses.”",
  "Lind's lawyer, Johan Meyer, said his client would appeal. Sentencing is scheduled for Feb. 3.",
].join("\n\n");

const grain = [
  "Moscow agreed on Friday to extend the Black Sea grain corridor for another sixty days, two days before it was due to lapse, the United Nations said.",
  "The extension keeps open the shipping lane used by about forty bulk carriers a week from the ports of Odesa and Chornomorsk.",
  "“The corridor feeds people who have never heard of it,” said Amara Diallo, who coordinates the programme for the World Food Programme in Istanbul.",
].join("\n\n");

const base = { canonicalUrl: null, authors: [] as string[], language: "en" };

export const PLAIN_WORDS_ARTICLES: ArticleDraft[] = [
  { ...base, url: "https://marlow-courier.example/tram-plan-scrapped", title: "Marlow council drops harbour tram as costs double", text: tram, outlet: "Marlow Courier", publishedAt: "2026-05-05" },
  { ...base, url: "https://vessel-sport.example/rovers-new-owner", title: "Henrik Aas takes over Vessel Rovers", text: club, outlet: "Vessel Sport", publishedAt: "2026-05-08" },
  { ...base, url: "https://capital-times.example/politics/sandvik", title: "Sandvik quits over consultancy audit", text: minister, outlet: "Capital Times", publishedAt: "2026-05-06" },
  { ...base, url: "https://coastline-daily.example/ferry-offer", title: "Island Link turns down union's mediation offer", text: ferryOffer, outlet: "Coastline Daily", publishedAt: "2026-05-05" },
  { ...base, url: "https://kessel-post.example/university-intake", title: "University of Kessel takes in record intake", text: university, outlet: "Kessel Post", publishedAt: "2026-05-04" },
  { ...base, url: "https://kessel-post.example/runoff-result", title: "Kessel elects a new mayor", text: runoff, outlet: "Kessel Post", publishedAt: "2026-05-04" },
  { ...base, url: "https://harbour-ledger.example/grain-corridor", title: "Black Sea grain corridor extended for sixty days", text: grain, outlet: "Harbour Ledger", publishedAt: "2026-05-08" },
  { ...base, url: "https://norrvik-news.example/lind-verdict", title: "Former harbour master guilty of berth fraud", text: court, outlet: "Norrvik News", publishedAt: "2026-05-07" },
];

/** "Now" for these tests: the weekend after the stories. */
export const PLAIN_WORDS_NOW = new Date("2026-05-09T12:00:00Z");
