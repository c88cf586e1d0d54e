// What counts as text a person wrote or may read: shared by the contract (a supervisor's reason must say
// something) and main (a wallet label from a customer's QR reaches the screen, receipts and CSV files).
// Characters that render as nothing (zero-width, joiners, Hangul fillers, a Braille blank), control
// characters and the bidirectional overrides that reorder what is shown are never words.

/** Invisible, control or reordering: a character that is never part of what a cashier reads. */
const HIDDEN = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Default_Ignorable_Code_Point}\u2800]/u;
/** A letter, digit, punctuation or symbol: something that shows. */
const SHOWS = /[\p{L}\p{N}\p{P}\p{S}]/u;

/** How many characters of `text` show (spaces and hidden characters do not count). */
export function visibleLength(text: string): number {
  let count = 0;
  for (const c of text) if (SHOWS.test(c) && !HIDDEN.test(c)) count += 1;
  return count;
}

/** True when `text` holds a hidden, control or reordering character, or half of a surrogate pair. */
export function hasHiddenCharacters(text: string): boolean {
  if (!text.isWellFormed()) return true;
  for (const c of text) if (HIDDEN.test(c)) return true;
  return false;
}

/** `text` without its hidden, control and reordering characters (and half pairs replaced by nothing). */
export function withoutHiddenCharacters(text: string): string {
  let out = '';
  for (const c of text.toWellFormed()) if (!HIDDEN.test(c) && c !== '\uFFFD') out += c;
  return out;
}
