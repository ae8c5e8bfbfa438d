/** Reads the vendors' own sample payloads out of ../shared/seeds, exactly as published. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const SEEDS_DIR = join(__dirname, '..', '..', '..', 'shared', 'seeds');
export const seedsAvailable = existsSync(SEEDS_DIR);

/** The raw text of the first JSON object that starts at or after `marker` in a seed file. */
export function jsonTextInSeed(file: string, marker = ''): string {
  const text = readFileSync(join(SEEDS_DIR, file), 'utf8');
  // A JSON example starts a line; a '{' inside prose ("{Your Endpoint URL}") does not.
  const start = text.indexOf('\n{', text.indexOf(marker)) + 1;
  let depth = 0;
  let inString = false;
  for (let index = start; index < text.length; index += 1) {
    const char = text[index];
    if (inString) {
      if (char === '\\') index += 1;
      else if (char === '"') inString = false;
    } else if (char === '"') inString = true;
    else if (char === '{' || char === '[') depth += 1;
    else if (char === '}' || char === ']') {
      depth -= 1;
      if (depth === 0) return text.slice(start, index + 1);
    }
  }
  throw new Error(`No complete JSON object after ${JSON.stringify(marker)} in ${file}`);
}
