/** "A, B or C": words joined for a sentence, with the last two joined by `conjunction`. */
export function joinWords(words: readonly string[], conjunction: 'and' | 'or'): string {
  return words.length <= 1 ? words.join('') : `${words.slice(0, -1).join(', ')} ${conjunction} ${words.at(-1)}`;
}
