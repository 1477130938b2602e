/** A one-time code as STS accepts it: exactly six digits. Surrounding whitespace (a newline) is dropped. */
export function parseMfaCode(text: string): string | undefined {
  const code = text.trim();
  return /^\d{6}$/.test(code) ? code : undefined;
}

// Long enough for a person to find the device or touch a hardware key; short enough that a prompt
// nobody sees (a terminal left alone) does not hold the entry's lock, and every caller behind it, for long.
export const MFA_CODE_WAIT_MS = 3 * 60_000;
