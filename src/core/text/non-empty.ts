/** A setting's value trimmed, or undefined when it is missing or only white space: an empty setting counts as none. */
export function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}
