import type { ArticleDraft } from "../../src/library/article.ts";

/**
 * Invented news (our own prose) for follow-ups that keep the topic: a team whose name opens sentences ("The
 * Harbour Kings…") beside the player who scored, a singer named after her trade, a reasoning given only in the
 * speaker's own words, counts of people beside sums of money, a clock time, a share, a hiding place told with an
 * irregular verb, a contract's value, a company speaking through an unnamed spokesperson, a quote with an apostrophe,
 * a letter in the story in hand beside a story about another letter, deaths told with a form the stemmer cuts apart.
 */

const hockey = [
  "Defenceman Ole Brekke opened the scoring for the Harbour Kings before forward Tor Vik's late goal sealed a 3-1 win over Ridgeford on Saturday.",
  "Hours before Tor Vik's two-goal night, Kings coach Sam Hale said he never doubted the veteran forward.",
  "The Harbour Kings have now won four games in a row. The Harbour Kings play Ridgeford again on Friday.",
  "Only a month ago, Vik had gone nine games without a goal, and he was dropped to the fourth line.",
  "Vik said he had stopped reading about himself. “I was going the wrong way for a while, and now it is going the right way,” he said.",
].join("\n\n");

const singer = [
  "Singer Lena Dahl's return to the stage began with a sore throat: after an operation on her vocal cords in 2022 she was told she might never sing again.",
  "Her producer, Marit Solberg, said the new album was recorded in eleven days. “She sang every song twice and kept the second take,” she said.",
  "Dahl said the silence had frightened her parents more than it frightened her. “My mother cried when I sang in the kitchen again,” Dahl said.",
].join("\n\n");

const referee = [
  "Falcons midfielder Jonas Rask said on Monday that the league should also punish goalkeeper Eli Storm for his part in Sunday's brawl.",
  "Rask explained himself on his podcast. “You can't start a fight and then act like the victim,” Rask said. “He got what he was asking for.”",
].join("\n\n");

const streaming = [
  "The launch of the Orbit streaming service was hit by outages on its first day, which the company blamed on a login fault.",
  "Orbit has spent more than 2 billion dollars on films and series for the service, which costs 7 dollars a month.",
  "The company said more than 4 million subscribers joined in the first 24 hours.",
].join("\n\n");

const chess = [
  "Norway beat Chile 2-1 in the final round of the team chess cup in Bergen after the decisive game lasted more than six hours.",
  "The last game ended close to 1 a.m. on Thursday, when Chile's board two resigned in a lost endgame.",
  "Norway's captain Siri Lunde said the team had prepared for a long night.",
].join("\n\n");

const tablets = [
  "Slate Computing began selling its tablets to businesses after staff at banks kept bringing their own to work, chief executive Nora Eide said on Tuesday.",
  "Slate tablets are now used in every one of the country's 50 largest banks, and seven out of ten hospitals run Slate software, Eide said.",
].join("\n\n");

const theft = [
  "A court in Vardal sentenced a museum guard, Karl Moe, to four years in prison for stealing a silver crown from the town museum.",
  "Moe admitted hiding the crown in a flour sack in his garden shed for three months before trying to sell it.",
  "Police said the crown was found undamaged.",
].join("\n\n");

const lunar = [
  "The Nordic Space Agency picked three companies on Wednesday to carry instruments to the moon: Fjord Orbital, Polar Lift and Skarv Systems.",
  "The three contracts have a combined value of €900 million over eight years, the agency said.",
  "A year ago the agency said twelve companies could bid for its lunar contracts.",
].join("\n\n");

const inquiry = [
  "The state energy regulator has opened an inquiry into Brightline Energy over bills that charged customers twice for the same month, two officials said on Monday.",
  "“We received a letter from the regulator and are answering its questions in full,” a Brightline spokesperson said.",
  "Separately, Brightline's new chair Odd Strand said the company would close its call centre in Molde. “We are going to move every customer service job to the city,” Strand said.",
].join("\n\n");

const interview = [
  "Songwriter Ane Bakke said writing for a film was nothing like writing for the radio.",
  "“It's a muscle you never knew you had,” Bakke said. “You have to forget yourself and write as the character would.”",
].join("\n\n");

const coffee = [
  "Kestrel Coffee is unhappy that the Marlow city council met its baristas' union without inviting the company's managers.",
  "“We are deeply troubled” that union organisers were given the council's ear while the company was left outside, wrote Mira Holt, head of public affairs at Kestrel Coffee, in a letter to the council's chair on Friday.",
  "The union said the meeting was about night buses for workers finishing late shifts, not about wages.",
].join("\n\n");

const auction = [
  "A letter the poet Anselm Grau wrote to his sister in 1921 sold at auction in Bergen for 40,000 kroner on Saturday.",
  "Grau wrote the letter from a sanatorium, and it describes the view from his window in eleven lines.",
].join("\n\n");

const fire = [
  "Fire crews spent the night fighting a blaze at a paint warehouse in Sundby harbour, which started shortly after 9 p.m. on Tuesday.",
  "Two night watchmen died in the fire, the harbour police said on Wednesday, and a third was taken to hospital with burns.",
  "“The building went up in minutes, and the paint made it impossible to get inside,” fire chief Liv Aasen said.",
].join("\n\n");

const base = { canonicalUrl: null, authors: [] as string[], language: "en" };

export const FOLLOW_UP_ARTICLES: ArticleDraft[] = [
  { ...base, url: "https://harbour-sport.example/kings-ridgeford", title: "Vik scores twice as Harbour Kings beat Ridgeford", text: hockey, outlet: "Harbour Sport", publishedAt: "2026-05-03" },
  { ...base, url: "https://culture-weekly.example/lena-dahl-return", title: "How Lena Dahl found her voice again", text: singer, outlet: "Culture Weekly", publishedAt: "2026-05-04" },
  { ...base, url: "https://pitch-report.example/rask-storm", title: "Rask wants Storm punished too", text: referee, outlet: "Pitch Report", publishedAt: "2026-05-05" },
  { ...base, url: "https://screen-biz.example/orbit-outage", title: "Orbit streaming launch hit by outages", text: streaming, outlet: "Screen Biz", publishedAt: "2026-05-06" },
  { ...base, url: "https://board-news.example/team-cup-final", title: "Norway win the team chess cup", text: chess, outlet: "Board News", publishedAt: "2026-05-07" },
  { ...base, url: "https://tech-ledger.example/slate-business", title: "Slate's tablets conquer the office", text: tablets, outlet: "Tech Ledger", publishedAt: "2026-05-05" },
  { ...base, url: "https://vardal-herald.example/crown-theft", title: "Museum guard jailed over silver crown", text: theft, outlet: "Vardal Herald", publishedAt: "2026-05-06" },
  { ...base, url: "https://orbit-news.example/lunar-contracts", title: "Space agency picks three moon carriers", text: lunar, outlet: "Orbit News", publishedAt: "2026-05-07" },
  { ...base, url: "https://power-wire.example/brightline-inquiry", title: "Regulator opens inquiry into Brightline double bills", text: inquiry, outlet: "Power Wire", publishedAt: "2026-05-04" },
  { ...base, url: "https://film-notes.example/ane-bakke", title: "Ane Bakke on writing songs for the screen", text: interview, outlet: "Film Notes", publishedAt: "2026-05-02" },
  { ...base, url: "https://marlow-courier.example/kestrel-council", title: "Kestrel Coffee objects to council's union meeting", text: coffee, outlet: "Marlow Courier", publishedAt: "2026-05-08" },
  { ...base, url: "https://bergen-arts.example/grau-letter-auction", title: "Poet's letter to his sister sold at auction", text: auction, outlet: "Bergen Arts", publishedAt: "2026-05-09" },
  { ...base, url: "https://sundby-post.example/paint-warehouse-fire", title: "Paint warehouse fire in Sundby harbour", text: fire, outlet: "Sundby Post", publishedAt: "2026-05-06" },
];

/** "Now" for these tests: the weekend after the stories. */
export const FOLLOW_UP_NOW = new Date("2026-05-09T12:00:00Z");
