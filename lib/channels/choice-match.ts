export interface Choice {
  id: string;
  title: string;
}

const fold = (s: string) =>
  s
    .normalize("NFD")
    .replace(/\p{Diacritic}/gu, "")
    .toLowerCase()
    .replace(/\s+/g, " ")
    .trim();

/**
 * Maps a typed answer to one of the offered buttons / list rows: "2", "2.", "2)" pick by
 * position, otherwise the title (case- and accent-insensitive). Needed where choices are
 * rendered as numbered text (Twilio without Content API) and when customers type a
 * button's title instead of tapping it.
 */
export function matchChoice(text: string, choices: readonly Choice[]): Choice | undefined {
  const answer = fold(text);
  const numbered = /^(\d{1,2})\s*[.)]?$/.exec(answer);
  if (numbered) return choices[Number(numbered[1]) - 1];
  return choices.find((c) => fold(c.title) === answer);
}
