/** What marks a credential_process line as `keys serve`: remove deletes only such lines, doctor reads their answer as long-term keys. */
export const SERVE_WORDS = /(^|\s)keys\s+serve(\s|$)/;
