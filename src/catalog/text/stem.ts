/**
 * A light English stemmer (a small subset of Porter's steps): enough that "shipping", "shipped"
 * and "ships" meet at "ship", and "berries"/"berry", "charges"/"charge" meet too. It only has to be
 * consistent, because the index and the query go through the same function.
 */
export function stem(word: string): string {
  if (word.length <= 3 || /\d/.test(word)) return word;
  let w = word;
  if (w.endsWith('ies') && w.length > 4) w = `${w.slice(0, -3)}i`;
  else if (w.endsWith('sses')) w = w.slice(0, -2);
  else if (/(?:x|ch|sh|z)es$/.test(w)) w = w.slice(0, -2);
  else if (w.endsWith('s') && !/(?:ss|us|is)$/.test(w)) w = w.slice(0, -1);
  if (w.endsWith('ing') && w.length >= 6) w = undouble(w.slice(0, -3));
  else if (w.endsWith('ed') && w.length >= 5) w = undouble(w.slice(0, -2));
  if (w.endsWith('y') && w.length > 3) w = `${w.slice(0, -1)}i`;
  else if (w.endsWith('e') && w.length > 3) w = w.slice(0, -1);
  return w;
}

function undouble(w: string): string {
  return /([bdgmnpt])\1$/.test(w) ? w.slice(0, -1) : w;
}
