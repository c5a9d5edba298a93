/**
 * Short local-news articles for the several-workers test, written for it: each has one speaker saying one thing
 * nobody else says, so an answer shows which question it answers.
 */
export interface WorkerArticle {
  slug: string;
  title: string;
  speaker: string;
  role: string;
  quote: string;
  /** Two sentences of reporting around the quote. */
  before: string;
  after: string;
}

export const QUESTION_ARTICLES: WorkerArticle[] = [
  {
    slug: "orchard-frost",
    title: "Late frost blackens the valley's apricot blossom",
    speaker: "Ines Carvalho",
    role: "orchard cooperative chair",
    quote: "We lost most of the blossom in one night and there is nothing to insure it against",
    before: "A frost in the last week of April killed most of the apricot blossom in the upper valley, growers said on Tuesday.",
    after: "The cooperative expects to pick about a third of last year's harvest and will ask the region for help with loans.",
  },
  {
    slug: "library-hours",
    title: "Central library opens on Sundays from June",
    speaker: "Tomasz Wrona",
    role: "head librarian",
    quote: "Sunday is the only day many families can come together, so that is when the doors should be open",
    before: "The central library will open from ten until four on Sundays from the first of June, the council agreed on Wednesday.",
    after: "The extra hours will be staffed by moving two weekday evening shifts, which were the quietest of the week.",
  },
  {
    slug: "bridge-paint",
    title: "Railway bridge to be repainted in its original green",
    speaker: "Aiko Tanabe",
    role: "heritage officer",
    quote: "The grey was a wartime economy and the rivets deserve their proper colour back",
    before: "The iron railway bridge over the canal will be stripped and repainted green over the summer, the rail operator said.",
    after: "Trains will run as usual, with the work done at night under a sheeted scaffold.",
  },
  {
    slug: "swift-towers",
    title: "Nest towers put up for returning swifts",
    speaker: "Bram de Vries",
    role: "bird survey volunteer",
    quote: "Every old roof we insulate takes a nesting gap away, so we are giving some back on poles",
    before: "Volunteers raised four wooden nest towers beside the reservoir this week, ahead of the swifts' return from Africa.",
    after: "Each tower holds forty nest boxes and plays recorded swift calls at dusk to draw the birds in.",
  },
  {
    slug: "market-stalls",
    title: "Saturday market adds twelve stalls for young traders",
    speaker: "Leila Mansour",
    role: "market manager",
    quote: "A first stall should cost less than a week of wages, not a month of them",
    before: "Twelve market stalls will be let at half price to traders under twenty-five from next month, the market board said.",
    after: "The stalls will be placed near the fountain, where the board says the footfall is highest.",
  },
  {
    slug: "pool-reopens",
    title: "Outdoor pool reopens after leak repairs",
    speaker: "Ruairi Byrne",
    role: "leisure centre manager",
    quote: "We found the leak under the deep end after draining it three times",
    before: "The lido in the east park reopened on Saturday after a winter of repairs to its cracked floor.",
    after: "The pool is heated by solar panels on the changing rooms and will stay open until the end of September.",
  },
  {
    slug: "tram-ticket",
    title: "One tram ticket to cover a whole hour of changes",
    speaker: "Marta Oyelaran",
    role: "transport committee member",
    quote: "People should not pay twice because the timetable made them change trams",
    before: "Tram tickets will be valid for sixty minutes of travel with any number of changes from July, the transport authority said.",
    after: "Paper tickets will be stamped with the time, and phone tickets will show a countdown.",
  },
  {
    slug: "school-garden",
    title: "Primary school turns its car park into a garden",
    speaker: "Dmitri Sokolov",
    role: "headteacher",
    quote: "The children asked for carrots instead of cars and it was hard to argue with them",
    before: "Pupils at the hill primary school have planted vegetable beds where staff used to park, the school said on Friday.",
    after: "Staff now park at the church hall down the road, which lent its yard for free.",
  },
  {
    slug: "harbour-crane",
    title: "Harbour's last steam crane to be restored",
    speaker: "Grete Nilsen",
    role: "maritime museum curator",
    quote: "This crane lifted the town's coal for sixty years and it will lift a few visitors' hearts now",
    before: "The last steam crane on the harbour wall will be restored and opened to visitors, the maritime museum announced.",
    after: "Restoration is expected to take two years and will be done by volunteers trained by retired dock engineers.",
  },
  {
    slug: "night-buses",
    title: "Night buses return to the university route",
    speaker: "Kwame Asante",
    role: "student union president",
    quote: "Nobody should have to choose between the late lecture and a safe ride home",
    before: "Night buses will again run between the university and the station every half hour after midnight, the bus company said.",
    after: "The route was cut two years ago when fewer students lived in the town centre.",
  },
];

/** Forwarded by some chats in the middle of their questions, and the one sent through all three workers at once. */
export const LINK_ARTICLES: WorkerArticle[] = [
  {
    slug: "ferry-timetable",
    title: "Island ferry adds an early crossing for commuters",
    speaker: "Sofia Lindqvist",
    role: "ferry operator spokesperson",
    quote: "The six o'clock boat was full every day of the trial, so it stays",
    before: "The island ferry will keep its extra six o'clock crossing all year after a spring trial, the operator said.",
    after: "The first crossing now reaches the mainland in time for the seven o'clock train.",
  },
  {
    slug: "allotment-waitlist",
    title: "Allotment waiting list falls after plots are halved",
    speaker: "Hamid Rahimi",
    role: "allotment society secretary",
    quote: "Half a plot grows more than most beginners can eat",
    before: "The waiting list for allotments has fallen from ninety names to twenty since new tenants were offered half plots.",
    after: "Tenants can take a full plot after two seasons if one is free.",
  },
  {
    slug: "clock-tower",
    title: "Town hall clock keeps time again",
    speaker: "Petra Novak",
    role: "clockmaker",
    quote: "It was losing four minutes a day because a pigeon had nested in the escapement",
    before: "The town hall clock is keeping time again after a month of repairs to its movement, the council said.",
    after: "The bells will ring the hours again from Sunday.",
  },
  {
    slug: "cycle-lane",
    title: "Riverside cycle lane to be widened",
    speaker: "Oskar Berg",
    role: "cycling campaign organiser",
    quote: "Two bikes could not pass each other without one stopping, and now they will",
    before: "The cycle lane along the river will be widened to three metres over the summer, the highways office said.",
    after: "Work will start at the boathouse end and take about eight weeks.",
  },
  {
    slug: "bakery-award",
    title: "Corner bakery wins the regional bread prize",
    speaker: "Chiara Russo",
    role: "baker",
    quote: "The starter is older than my apprentice and twice as stubborn",
    before: "A corner bakery on Mill Street won the regional prize for its rye loaf on Thursday, judged against sixty entries.",
    after: "The bakery will sell the winning loaf at the farmers' market on Saturday.",
  },
];

export const SHARED_ARTICLE: WorkerArticle = {
  slug: "flood-gates",
  title: "New flood gates tested on the lower quay",
  speaker: "Yusuf Demir",
  role: "river authority engineer",
  quote: "The gates closed in four minutes, a minute faster than the plan asked for",
  before: "The river authority tested the new flood gates on the lower quay on Monday night, closing them against a spring tide.",
  after: "The gates will be tested again each autumn before the storm season.",
};

/** The article as a news site would serve it. */
export function articleHtml(article: WorkerArticle): string {
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>${article.title} | Valley Courier</title>
  <meta property="og:site_name" content="Valley Courier">
  <meta property="og:title" content="${article.title}">
  <meta property="article:published_time" content="2026-05-04T07:00:00Z">
</head>
<body>
  <main>
    <article>
      <h1>${article.title}</h1>
      <p class="byline">By Nadia Ferrante · 4 May 2026</p>
      <p>${article.before}</p>
      <p>“${article.quote},” said ${article.role} ${article.speaker}. ${article.speaker} said the decision had been discussed for more than a year.</p>
      <p>${article.after}</p>
    </article>
  </main>
</body>
</html>
`;
}
