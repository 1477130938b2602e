// C0 (newline, CR, tab, ESC...), DEL and C1, plus U+2028/U+2029, which JavaScript and many editors
// treat as line breaks. No option value needs one, and one in a value that is written into a file
// (setup's credential_process line) or a terminal can start a line or a section of its own. No
// real STS sends one either; cached, one broke `exec` (which then showed the secret in its error)
// and reached the terminal raw through `print`.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;
const EVERY_CONTROL = new RegExp(CONTROL.source, 'g');

/** Whether `value` holds a control character. Cheap enough for the cache-hit path, which calls it too. */
export function hasControlChars(value: string): boolean {
  return CONTROL.test(value);
}

/** `text` with each control character written as a `\uXXXX` escape, so it shows without acting. */
export function escapeControlChars(text: string): string {
  return text.replace(EVERY_CONTROL, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
