/** Lower-case, accent-free, punctuation-free words: the one form every name and query is compared in. */
export function normalizeText(text: string): string {
  // Most text is plain ASCII, which has no accents to take apart.
  if (plainAscii.test(text)) return text.toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim();
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

export function tokenize(text: string): string[] {
  const normalized = normalizeText(text);
  return normalized === '' ? [] : normalized.split(' ');
}

const plainAscii = /^[\x20-\x7e]*$/;
