/** ISBN parsing: accepts hyphens and spaces, ISBN-10 or ISBN-13; returns the ISBN-13 digits or null. */
export function toIsbn13(text: string): string | null {
  const compact = text.replace(/[\s-]/g, '').toUpperCase();
  if (/^97[89]\d{10}$/.test(compact)) return isValidIsbn13(compact) ? compact : null;
  if (/^\d{9}[\dX]$/.test(compact)) return isValidIsbn10(compact) ? isbn10To13(compact) : null;
  return null;
}

export function isValidIsbn13(digits: string): boolean {
  if (!/^\d{13}$/.test(digits)) return false;
  return isbn13CheckDigit(digits.slice(0, 12)) === Number(digits[12]);
}

function isbn13CheckDigit(first12: string): number {
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += Number(first12[i]) * (i % 2 === 0 ? 1 : 3);
  return (10 - (sum % 10)) % 10;
}

function isValidIsbn10(chars: string): boolean {
  let sum = 0;
  for (let i = 0; i < 10; i++) {
    const value = chars[i] === 'X' ? 10 : Number(chars[i]);
    sum += value * (10 - i);
  }
  return sum % 11 === 0;
}

function isbn10To13(isbn10: string): string {
  const first12 = `978${isbn10.slice(0, 9)}`;
  return `${first12}${isbn13CheckDigit(first12)}`;
}
