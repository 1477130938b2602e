import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Every file under `dir` whose bytes contain `secret`: what `grep -rl` would say, for the "no plaintext left" checks. */
export function filesHolding(dir: string, secret: string): string[] {
  const found: string[] = [];
  const needle = Buffer.from(secret, 'utf8');
  const walk = (d: string) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const path = join(d, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile() && readFileSync(path).includes(needle)) found.push(path);
    }
  };
  walk(dir);
  return found.sort();
}
