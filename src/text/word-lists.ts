/**
 * Word lists the whole project reads English with, one copy each: calendar words, speech verbs, the words that
 * make a capitalised phrase a title, an office or an organisation, and the capitalised words that are never names.
 * All lowercase; callers lowercase (and drop a trailing full stop) before asking.
 */

const wordSet = (list: string): ReadonlySet<string> => new Set(list.split(/\s+/).filter(Boolean));
const union = (...sets: ReadonlySet<string>[]): ReadonlySet<string> => new Set(sets.flatMap((s) => [...s]));

export const WEEKDAYS = wordSet("monday tuesday wednesday thursday friday saturday sunday");
export const WEEKDAY_ABBREVIATIONS = wordSet("mon tue tues wed thu thurs fri sat sun");
export const MONTHS = wordSet("january february march april may june july august september october november december");
export const MONTH_ABBREVIATIONS = wordSet("jan feb mar apr jun jul aug sep sept oct nov dec");

/** Verbs that report speech or writing, in the past and the present tense: "said", "tells", "call", "tweeted". */
export const SPEECH_VERBS = wordSet(`
  said says say told tells added adds asked asks noted notes wrote writes stated states explained explains
  warned warns argued argues insisted insists declared declares claimed claims continued continues tweeted tweets
  posted posts recalled recalls replied replies responded responds acknowledged acknowledges admitted admits
  announced announces confirmed confirms emphasized emphasised emphasizes emphasises stressed stresses urged urges
  suggested suggests observed observes remarked remarks commented comments predicted predicts cautioned cautions
  conceded concedes concluded concludes countered counters described describes called calls dubbed termed labeled
  labelled quipped quips joked jokes shouted shouts testified testifies vowed vows pledged pledges maintained
  maintains reiterated reiterates alleged alleges wondered wonders mused muses yelled yells demanded demands
  boasted boasts bragged brags asserted asserts implored implores interjected interjects advised advises
  exclaimed exclaims screamed screams cried cries whispered whispers snapped snaps retorted retorts answered
  answers lamented laments complained complains pleaded pleads begged begs promised promises
  objected objects protested protests contended contends proclaimed proclaims revealed reveals teased teases
  reminded reminds assured assures repeated repeats texted texts emailed emails recounted recounts reported reports
  chanted chants read reads call tell write claim add ask warn argue insist describe declare dub term label
`);

/** The same verbs as present participles, which take the subject of their sentence: "…, saying, “…”". */
export const SPEECH_PARTICIPLES = wordSet(`
  saying adding asking telling writing tweeting posting declaring noting explaining warning arguing insisting
  claiming recalling replying responding acknowledging admitting announcing confirming stressing urging suggesting
  observing remarking commenting predicting cautioning conceding concluding countering calling joking quipping
  shouting testifying vowing pledging maintaining reiterating alleging wondering musing yelling demanding boasting
  bragging asserting imploring interjecting advising exclaiming screaming crying whispering snapping retorting
  answering lamenting complaining pleading begging promising protesting contending proclaiming revealing teasing
  reminding assuring repeating texting emailing recounting reporting chanting
`);

/** Titles and offices: they precede a name ("Mayor Jane Ortiz") or stand in for it ("the spokesman said"). */
export const ROLE_WORDS = wordSet(`
  president vice-president president-elect premier prime minister secretary secretary-general senator sen
  representative rep del delegate congressman congresswoman lawmaker legislator governor gov mayor chancellor ambassador envoy
  diplomat spokesman spokeswoman spokesperson official officer chief ceo cfo coo chairman chairwoman chair director
  commissioner prosecutor attorney lawyer general gen commander leader speaker king queen prince princess pope
  judge justice professor prof analyst economist expert researcher scientist strategist coach manager founder
  co-founder owner executive sheriff aide adviser advisor candidate head deputy captain lieutenant lt colonel col
  sergeant sgt capt admiral adm major maj dr mr mrs ms mx sir rev reverend father sister chairperson
  emir sheikh ayatollah archbishop bishop cardinal inspector superintendent negotiator
  correspondent editor author columnist historian activist organizer organiser campaigner supervisor councilman
  councilwoman councillor councilor alderman assemblyman assemblywoman trustee administrator coordinator
  consultant pastor rabbi imam principal dean provost detective trooper marshal counsel solicitor
  republican democrat democratic libertarian rival nominee
`);

/** Honorifics and role words that tell a person's gender: "Ms.", "spokeswoman", "chairman". */
export const FEMALE_WORDS = wordSet(`
  ms mrs miss madam lady dame spokeswoman congresswoman chairwoman businesswoman councilwoman assemblywoman
  actress mother wife daughter sister queen princess woman widow grandmother girlfriend niece aunt
`);
export const MALE_WORDS = wordSet(`
  mr sir lord spokesman congressman chairman businessman councilman assemblyman alderman father husband son
  brother king prince man widower grandfather boyfriend nephew uncle
`);

/** Lowercase words that say what someone does, beyond the titles: "harbour pilot", "union steward". */
export const OCCUPATIONS = wordSet(`
  pilot steward resident residents nurse doctor teacher student farmer fisherman fishermen worker driver engineer
  architect firefighter paramedic surgeon physician pharmacist volunteer neighbour neighbor witness survivor
  shopkeeper merchant baker chef actor actress singer musician artist writer journalist reporter photographer
  player striker goalkeeper midfielder defender athlete veteran soldier sailor officer operator curator
  representative member partner mother father daughter son wife husband owner landlord tenant parent colleague
  friend cousin guest customer passenger patient visitor
`);

/** Departments that sit between a title and a name: "Secretary of State Antony Blinken". */
export const DEPARTMENT_WORDS = wordSet(`
  state defense defence affairs homeland security treasury commerce energy education interior agriculture
  transportation labor labour finance economy health foreign
`);

/** Nouns that make a capitalised phrase an organisation: "the Defence Ministry said". */
export const ORGANISATION_HEADS = wordSet(`
  ministry department office agency police company government administration commission council committee court
  army military embassy party union bank group service authority authorities institute foundation organization house
  organisation association federation board bureau directorate command kremlin news times post journal tribune
  herald gazette magazine network coalition alliance campaign caucus center centre fund university college school
  hospital club society league forum trust corporation firm
`);

/** Lowercase particles inside names: "Ursula von der Leyen", "Luiz Inácio Lula da Silva". */
export const NAME_PARTICLES = wordSet("de da del della der den di do dos du el la le van von bin ibn al ter ten");

/** Abbreviations whose full stop does not end a sentence. */
export const ABBREVIATIONS = wordSet(`
  mr mrs ms mx dr jr sr st sen rep del gov gen lt col sgt capt prof rev adm maj cmdr pres dept corp inc ltd co
  no vs etc approx mt ft fla calif ill mich penn
`);

const FUNCTION_WORDS = wordSet(`
  the a an and but or so yet if as at by for from in into of on to with without when while where after before
  since until although though because however meanwhile still also then there here this that these those it its
  he she they we i you his her their our my your him them us me asked speaking according despite during amid
  over under about last next earlier later today yesterday tomorrow what who why how
  not no yes all some many more most other both each every such just only even now once instead like unlike
  whether indeed perhaps maybe across among around against within along behind beyond toward towards
`);

/**
 * Capitalised words that begin sentences or name dates and are never part of a person's name. "May" is left out:
 * it is a given name as often as a month.
 */
export const NOT_NAMES = union(
  FUNCTION_WORDS,
  WEEKDAYS,
  WEEKDAY_ABBREVIATIONS,
  new Set([...MONTHS].filter((m) => m !== "may")),
  MONTH_ABBREVIATIONS,
);

/** Prepositions that open a phrase between a subject and its verb ("Peskov on Friday said") or end a role's head. */
export const PREPOSITIONS = wordSet("in on at during over via through from after before to with for of");
