import { normalizeText, tokenize } from '../../../core/normalize-text.js';

/**
 * How people ask for a book, word by word: the words that only frame the question ("do you have", "the book
 * by", "o livro do", "el libro de", "auf deutsch") say nothing about which book is meant, and short forms
 * ("std lib", "hi perf", "w/") stand for the words of a title.
 */

/** Question and filler words, in English and in the languages members write in most (pt, es, de, fr, it). */
export const fillerWords: ReadonlySet<string> = new Set(
  (
    // English: framing a request or a question.
    'a an the by of and in for to with on from about at as or is are was were be been it its this that these those one ' +
    'book books ebook pdf paperback hardcover isbn edition ed read reading online free copy version ' +
    'i im me my you your we our do does did have has got get know any some there here which what whats who whom wrote ' +
    'written author authors called name named title titled looking look find show tell want need please thanks hi hello ' +
    'recommend recommended list catalog catalogue library shelf how works work working inside explains explain ' +
    'can could would should will shall s t w u m ll ve re d up ' +
    // Portuguese.
    'o os um uma do da dos das de em no na nos nas sobre para por com livro livros edicao segunda terceira ' +
    'ler online portugues traducao versao que qual quem tem voce e ' +
    // Spanish.
    'el la los las un una del al en sobre para por con libro libros edicion segunda tercera leer espanol ' +
    'traduccion que cual quien tienes hay y ' +
    // German.
    'der die das den dem des ein eine einen von mit und uber ueber fur fuer buch bucher auflage ausgabe deutsch ' +
    'auf zum zur im ist gibt es ' +
    // French.
    'le les un une des du au aux sur pour par avec livre livres edition francais et est ' +
    // Italian.
    'il lo gli di della dello libro libri edizione italiano ' +
    // Chinese and Japanese "edition" marks ("Python Cookbook 中文版").
    '中文版 日本語版 版'
  ).split(' '),
);

export interface Abbreviation {
  /** As typed, e.g. "std lib". */
  name: string;
  /** What it stands for, e.g. "standard library". */
  means: string;
}

interface ShortForm {
  from: string[];
  to: string[];
}

/**
 * Each list's short forms as words, longest first, worked out once per list: the catalog's list is fixed when the
 * catalog is built, and tokenizing all of it again for every query was most of /book's own time. Keyed by the
 * list itself (a new catalog brings a new list), so what is kept can never disagree with it.
 */
const shortFormsOf = new WeakMap<readonly Abbreviation[], readonly ShortForm[]>();

function shortForms(abbreviations: readonly Abbreviation[]): readonly ShortForm[] {
  let forms = shortFormsOf.get(abbreviations);
  if (!forms) {
    forms = abbreviations
      .map((abbreviation) => ({ from: tokenize(abbreviation.name), to: tokenize(abbreviation.means.split('/')[0] ?? '') }))
      .filter((form) => form.from.length > 0 && form.to.length > 0)
      .sort((a, b) => b.from.length - a.from.length);
    shortFormsOf.set(abbreviations, forms);
  }
  return forms;
}

/** Replaces short forms by their words, longest first ("hi perf python" → "high performance python"). */
export function expandAbbreviations(words: readonly string[], abbreviations: readonly Abbreviation[]): string[] {
  const forms = shortForms(abbreviations);
  const result: string[] = [];
  for (let index = 0; index < words.length; ) {
    const form = forms.find((candidate) => candidate.from.every((word, offset) => words[index + offset] === word));
    if (form) {
      result.push(...form.to);
      index += form.from.length;
    } else {
      result.push(words[index]!);
      index++;
    }
  }
  return result;
}

/** A word without its common English endings ("speeding", "speeds" → "speed"), for loose comparison only. */
export function wordStem(word: string): string {
  if (word.length <= 5) return word;
  return word.replace(/(?:ing|ers|er|es|ed|s)$/, '');
}

/** Whether `phrase` appears in `words` as whole, consecutive words. */
export function containsPhrase(words: readonly string[], phrase: string): boolean {
  const wanted = normalizeText(phrase);
  return wanted !== '' && ` ${words.join(' ')} `.includes(` ${wanted} `);
}
