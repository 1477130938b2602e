// C0 (newline, CR, tab, ESC...), DEL and C1, plus U+2028/U+2029, which JavaScript and many editors
// treat as line breaks. No option value needs one, and one in a value that is written into a file
// (setup's credential_process line) or a terminal can start a line or a section of its own.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

/** Whether `value` holds a control character. Cheap enough for the cache-hit path, which calls it too. */
export function hasControlChars(value: string): boolean {
  return CONTROL.test(value);
}
