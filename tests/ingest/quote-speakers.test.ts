import { describe, expect, it } from "vitest";
import { extractQuotes } from "../../src/ingest/quotes/index.ts";

/** Each quote as [first words, speaker, role], after checking that every span points at its own text. */
function attributed(article: string): [string, string | null, string | null][] {
  const spans = extractQuotes(article);
  for (const span of spans) expect(article.slice(span.start, span.end)).toBe(span.text);
  return spans.map((s) => [s.text, s.speaker, s.role ?? null]);
}

function speakerOf(article: string, quoted: string): string | null | undefined {
  return extractQuotes(article).find((s) => s.text.startsWith(quoted))?.speaker;
}

describe("quote speakers: a speaker named before a colon", () => {
  it("reads a round-up's labels, with a capitalised or a lowercase affiliation", () => {
    const article = [
      `Readers told us what they thought of the new tram line.`,
      `Maria Lopez, Riverside Gazette: “The trams are quieter than the buses ever were.”`,
      `Tom Becker, retired teacher: “I miss the number 9 bus already.”`,
    ].join("\n\n");
    expect(attributed(article).map(([, speaker]) => speaker)).toEqual(["Maria Lopez", "Tom Becker"]);
  });

  it("reads a credit line after the quote, one item a line", () => {
    const article = [
      `We asked cyclists about the new lanes.`,
      `“I finally feel safe riding to work.” ― Jonas Eriksen\n“The lanes end exactly where they are needed most.” ― Priya Nair`,
    ].join("\n\n");
    expect(attributed(article).map(([, speaker]) => speaker)).toEqual(["Jonas Eriksen", "Priya Nair"]);
  });

  it("reads a transcript's labels in capitals, with or without quote marks", () => {
    const article = [
      `Mayor Tomas Hale took questions after the council meeting. A partial transcript follows.`,
      `MAYOR HALE: We will open the bridge before the winter.`,
      `"COUNCILLOR DIAZ: And if the inspection fails?`,
      `"MAYOR HALE: Then we will say so on the day it fails.`,
    ].join("\n\n");
    expect(attributed(article)).toEqual([
      ["We will open the bridge before the winter.", "Tomas Hale", "Mayor"],
      ["And if the inspection fails?", "Diaz", null],
      ["Then we will say so on the day it fails.", "Tomas Hale", "Mayor"],
    ]);
  });

  it("gives an interview's answers to the person interviewed and keeps the questions out", () => {
    const article = [
      `Ines Morales has run the Harbour Street bakery for thirty years. She spoke to us about the flood.`,
      `Q: When did the water reach the shop?`,
      `A: Just after midnight. By two the ovens were under water.`,
      `Q: Will you reopen?`,
      `A: We already have, in the church hall.`,
    ].join("\n\n");
    expect(attributed(article).map(([text, speaker]) => [text, speaker])).toEqual([
      ["Just after midnight. By two the ovens were under water.", "Ines Morales"],
      ["We already have, in the church hall.", "Ines Morales"],
    ]);
  });
});

describe("quote speakers: speech verbs beyond 'said'", () => {
  it.each([
    [`"Please, stay indoors tonight," Mayor Ana Silva implored.`, "Ana Silva"],
    [`"That is not what the report says," Councillor Joe Brandt interjected.`, "Joe Brandt"],
    [`"At least the rain is free," Joe Brandt quipped.`, "Joe Brandt"],
    [`"We made mistakes in the first week," Ana Silva conceded.`, "Ana Silva"],
    [`"Nobody was hurt," fire chief Omar Haddad insisted.`, "Omar Haddad"],
    [`"The pumps were ordered in March," Omar Haddad countered.`, "Omar Haddad"],
    [`"I have never seen the river this high," Ana Silva recalled in an interview.`, "Ana Silva"],
    [`"Keep your documents in a dry place," Omar Haddad advised.`, "Omar Haddad"],
    [`"The bridge is closed until further notice," Ana Silva tweeted on Friday.`, "Ana Silva"],
    [`"Thank you to every volunteer," Ana Silva wrote on X.`, "Ana Silva"],
    [`"We are open again," baker Lotte Kranz posted on Instagram.`, "Lotte Kranz"],
    [`"We need more sandbags," Joe Brandt told reporters in a statement.`, "Joe Brandt"],
    [`Ana Silva told the Gazette in an interview: "The river has never been this high."`, "Ana Silva"],
    [`Joe Brandt wrote on X: "The pumps arrived late."`, "Joe Brandt"],
  ])("%s", (article, speaker) => {
    expect(attributed(article).map(([, s]) => s)).toEqual([speaker]);
  });

  it("does not read a speech verb's noun spelling as the verb", () => {
    const article = `Ana Silva answered questions for an hour. Brandt's remarks "missed the point entirely," she said.`;
    expect(speakerOf(article, "missed the point")).toBe("Ana Silva");
  });
});

describe("quote speakers: a subject far from its verb", () => {
  it("reads the sentence's subject across a clause", () => {
    const article = [
      `Mayor Tomas Hale spoke for twenty minutes before the break.`,
      `Hale returned to the podium after the break and, smiling, declared, “The budget is balanced for the first time in a decade.”`,
    ].join("\n\n");
    expect(speakerOf(article, "The budget is balanced")).toBe("Tomas Hale");
  });

  it("gives a colon with no speech verb, and a name set off by a dash, to that name", () => {
    const article = [
      `With the vote a week away, Mayor Lina Okafor is trying a new message: “The bridge is yours.”`,
      `Critics agreed, including the former governor Ruth Adler — “Nobody should have signed that contract” — and two mayors.`,
      `Ruth Adler spoke in favour of Joe Brandt — “a safe pair of hands” — last year.`,
    ].join("\n\n");
    expect(speakerOf(article, "The bridge is yours")).toBe("Lina Okafor");
    expect(speakerOf(article, "Nobody should have signed")).toBe("Ruth Adler");
    expect(speakerOf(article, "a safe pair of hands")).not.toBe("Joe Brandt");
  });

  it("gives a participle clause the sentence's subject, not a name in between", () => {
    const article = `During a visit to the dockyard, Ana Silva criticised the port authority for the delays, saying, “We cannot wait another year.”`;
    expect(speakerOf(article, "We cannot wait")).toBe("Ana Silva");
  });

  it("steps over a long appositive and a party in brackets", () => {
    const article = [
      `"The figures do not add up," Leonard Okoye, director of the Fiscal Studies Unit and a lecturer at the Northern School of Economics, said.`,
      `"We will vote against it," Rep. Jane Ruiz (D-Ore.) said Friday.`,
    ].join("\n\n");
    expect(attributed(article).map(([, s]) => s)).toEqual(["Leonard Okoye", "Jane Ruiz"]);
  });
});

describe("quote speakers: an attribution closing the sentence after a clause", () => {
  it("reads `“…” <clause>, said <Name>` and `“…” <clause>, <Name> said`, past a speech verb of the quoted words", () => {
    const article = [
      `The harbour board met on Tuesday to discuss the second quay.`,
      `“We want room to build a proper quay. More than the small pier” approved in March, said Nadia Okafor, an engineer with the port authority.`,
      `“The dredging alone will take a year” announced by the board last week, Tomas Reyes said.`,
      `“Every berth is booked until June” was the message to shipping lines, said harbour master Ivo Kern.`,
    ].join("\n\n");
    expect(attributed(article)).toEqual([
      ["We want room to build a proper quay. More than the small pier", "Nadia Okafor", "an engineer with the port authority"],
      ["The dredging alone will take a year", "Tomas Reyes", null],
      ["Every berth is booked until June", "Ivo Kern", "harbour master"],
    ]);
  });

  it("names nobody when the closing attribution is not a person's name", () => {
    const article = [
      `The harbour board met on Tuesday to discuss the second quay.`,
      `“The quay will pay for itself within ten years” printed in the leaflet, critics said.`,
      `“Ships will wait no longer than a day” promised in the plan, said the report by the port authority.`,
    ].join("\n\n");
    expect(attributed(article).map(([, speaker]) => speaker)).toEqual([null, null]);
  });
});

describe("quote speakers: spokespeople and roles", () => {
  it("names the spokeswoman, with the role as written, not the company", () => {
    const article = `"Every guest will get a full refund," a spokeswoman for the hotel chain, Dana Reyes, said on Tuesday.`;
    expect(attributed(article)).toEqual([["Every guest will get a full refund", "Dana Reyes", "spokeswoman for the hotel chain"]]);
  });

  it("never gives a bare honorific as a role", () => {
    const article = `Paul Grant had stayed at the hotel for a week. "They gave us dinner for free," Mr. Grant said.`;
    expect(attributed(article)).toEqual([["They gave us dinner for free", "Paul Grant", null]]);
  });

  it("keeps a title and an organisation off a name, and a role off neighbouring words", () => {
    const article = [
      `Public Prosecution Service spokeswoman Ms Anna Berg said the case was closed. "There will be no trial," Ms Berg said.`,
      `On Monday Mayor Jane Ortiz opened the new library. "Every child deserves a quiet place to read," Ortiz said.`,
    ].join("\n\n");
    expect(attributed(article)).toEqual([
      ["There will be no trial", "Anna Berg", "Public Prosecution Service spokeswoman"],
      ["Every child deserves a quiet place to read", "Jane Ortiz", "Mayor"],
    ]);
  });

  it("does not make a speaker of an office", () => {
    const article = `The District Attorney's Office charged a suspect on Monday.\n\n"The investigation is ongoing," the prosecutor's office said.`;
    expect(speakerOf(article, "The investigation is ongoing")).toBeNull();
  });
});

describe("quote speakers: names inside quotes and repeated words", () => {
  it("does not take a name inside the quote for its speaker", () => {
    const article = `Mayor Lina Okafor waited in the lobby for an hour.\n\n“Tell Senator Park I’m waiting,” the mayor said.`;
    expect(speakerOf(article, "Tell Senator Park")).toBe("Lina Okafor");
  });

  it("does not credit a phrase one witness attributes to another to the witness", () => {
    const article = [
      `Witness Karen Doyle said the guard had told everyone to "stay calm and wait for the police."`,
      `"He kept saying it," Doyle said.`,
    ].join("\n\n");
    expect(speakerOf(article, "stay calm")).not.toBe("Karen Doyle");
    expect(speakerOf(article, "He kept saying it")).toMatch(/Doyle$/);
  });
});

describe("quote speakers: pronouns", () => {
  it("resolves 'she' to a person, not to the company named after her", () => {
    const article = `Nora Lind runs the Baltic Freight Company. The company lost two ships this year.\n\n"We will rebuild the fleet," she said.`;
    expect(speakerOf(article, "We will rebuild")).toBe("Nora Lind");
  });

  it("resolves 'he' and 'she' by the gender the article gives", () => {
    const article = [
      `Transport minister Erik Dahl and his deputy, Ms. Sara Holm, visited the flooded depot on Friday.`,
      `"The trains will run again by Monday," she said. "We owe passengers that much," he added.`,
    ].join("\n\n");
    expect(speakerOf(article, "The trains will run")).toBe("Sara Holm");
    expect(speakerOf(article, "We owe passengers")).toBe("Erik Dahl");
  });

  it("takes neither an organisation's tail for a person nor a department for part of a name", () => {
    const article = [
      `Secretary of State Maria Vance met the Board of Harbour Pilots on Friday. The Commission on Harbour Safety announced a review.`,
      `"We will publish every finding," she said.`,
    ].join("\n\n");
    expect(speakerOf(article, "We will publish")).toBe("Maria Vance");
  });

  it("resolves 'they' to an organisation, never to one person", () => {
    const article = [
      `The Transport Ministry said the port would stay open. Harbour master Ivo Kern disagreed.`,
      `"The port is safe for all vessels," they said.`,
    ].join("\n\n");
    expect(speakerOf(article, "The port is safe")).toBe("Transport Ministry");
  });

  it("looks to whom the last paragraph was about before anyone named earlier", () => {
    const article = [
      `"The harbour will reopen," said Ivo Kern, the harbour master.`,
      `On Friday, Sara Holm toured the depot with engineers.`,
      `"I have never seen water this high," she said.`,
    ].join("\n\n");
    expect(speakerOf(article, "I have never seen")).toBe("Sara Holm");
  });
});

describe("quote speakers: short speech and scare quotes", () => {
  it("keeps a word or two that a speech verb marks as speech", () => {
    const article = [
      `The test launch went ahead at noon.`,
      `“It worked!” she shouted, as engineer Maya Chen watched the rocket climb.`,
      `Her colleague Ravi Patel was less sure. “Oh, no,” he said when the second stage failed.`,
    ].join("\n\n");
    expect(attributed(article)).toEqual([
      ["It worked!", null, null],
      ["Oh, no", "Ravi Patel", "colleague"],
    ]);
  });

  it("drops a quoted word or two with no speech verb", () => {
    const article = `The so-called “smart” valves had failed before. Engineers called the repair a “stopgap”.`;
    expect(attributed(article)).toEqual([]);
  });
});
