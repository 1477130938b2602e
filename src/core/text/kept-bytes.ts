// Text that keeps every byte: UTF-8 decoded where it is UTF-8, and each byte that is not (a Latin-1
// é in a comment) kept as one lone surrogate, U+DC80 + (byte - 0x80), as Python's surrogateescape
// does. The editors of the AWS files work on this text, so an edit changes the lines it means to and
// gives back every other byte as it was; keptBytes(keptText(b)) equals b for any bytes (a property
// test holds it to that). Valid UTF-8 never decodes to a lone surrogate, so the escapes are unambiguous.

const ESCAPE = /(?<![\uD800-\uDBFF])[\uDC80-\uDCFF]/g;

/** The bytes as text, and where the first byte that is not UTF-8 sits (undefined when all are). */
export function keptText(bytes: Uint8Array): { text: string; firstEscaped?: number } {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let text = '';
  let firstEscaped: number | undefined;
  let run = 0;
  for (let i = 0; i < buffer.length;) {
    const length = sequenceLength(buffer, i);
    if (length > 0) {
      i += length;
      continue;
    }
    text += buffer.toString('utf8', run, i) + String.fromCharCode(0xdc00 + (buffer[i] as number));
    firstEscaped ??= i;
    run = ++i;
  }
  text += buffer.toString('utf8', run);
  return firstEscaped === undefined ? { text } : { text, firstEscaped };
}

/** The bytes the text stands for: UTF-8, with each escape turned back into its byte. */
export function keptBytes(text: string): Buffer {
  const parts: Buffer[] = [];
  let from = 0;
  for (const match of text.matchAll(ESCAPE)) {
    parts.push(Buffer.from(text.slice(from, match.index), 'utf8'), Buffer.of((match[0].charCodeAt(0) - 0xdc00) & 0xff));
    from = match.index + 1;
  }
  parts.push(Buffer.from(text.slice(from), 'utf8'));
  return Buffer.concat(parts);
}

/** The length of the well-formed UTF-8 sequence at `i` (RFC 3629, no overlongs or surrogates), or 0. */
function sequenceLength(b: Buffer, i: number): number {
  const lead = b[i] as number;
  if (lead < 0x80) return 1;
  const cont = (k: number, lo = 0x80, hi = 0xbf) => {
    const byte = b[i + k];
    return byte !== undefined && byte >= lo && byte <= hi;
  };
  if (lead >= 0xc2 && lead <= 0xdf) return cont(1) ? 2 : 0;
  if (lead === 0xe0) return cont(1, 0xa0) && cont(2) ? 3 : 0;
  if (lead === 0xed) return cont(1, 0x80, 0x9f) && cont(2) ? 3 : 0;
  if (lead >= 0xe1 && lead <= 0xef) return cont(1) && cont(2) ? 3 : 0;
  if (lead === 0xf0) return cont(1, 0x90) && cont(2) && cont(3) ? 4 : 0;
  if (lead >= 0xf1 && lead <= 0xf3) return cont(1) && cont(2) && cont(3) ? 4 : 0;
  if (lead === 0xf4) return cont(1, 0x80, 0x8f) && cont(2) && cont(3) ? 4 : 0;
  return 0;
}
