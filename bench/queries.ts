import type { Catalog } from '../src/features/catalog/core/catalog.js';
import type { OptionValues } from './payloads.js';

/** The inputs each handler is timed with: what people really type, plus a few hostile ones. */

/** A pasted paragraph: 1,000 characters, far past the option's 200-character limit. */
export const longInput = 'fluent python concurrency asyncio descriptors metaclasses '.repeat(20).slice(0, 1000);

/** What arrives while someone types into /book's query box, keystroke by keystroke or pasted. */
export const autocompleteInputs: readonly string[] = [
  '',
  'f',
  'flu',
  'fluent pyt',
  'beazly',
  'cpython internal',
  'high perf',
  'Luciano Ramalho',
  'ramalho',
  'gorelick ozsvald',
  'Anthony Shaw',
  'hattingh',
  'pyhton cookbok',
  'archtecture paterns',
  'using asyncoi',
  'kubernets',
  'mastering kub',
  'practical rust for data',
  '🐍',
  '🐍 python',
  '📚 fluent 🐍',
  longInput,
];

/** What /book is submitted with: full titles (some from the catalog under test), typos, ISBNs, ids, no-match text. */
export function bookCommandInputs(catalog: Catalog): string[] {
  const fromCatalog = catalog.books.slice(0, 4).map((book) => book.title);
  return [
    ...fromCatalog,
    'Fluent Python',
    'Architecture Patterns with Python',
    'The Python 3 Standard Library by Example',
    'fluent pyhton',
    'beazly cookbook',
    'hi perf python',
    'serious pyhton',
    'cpython internal',
    '9781492056355',
    '978-1-4493-4037-7',
    '978 1 7185 0112 6',
    'cpython-internals',
    'Luciano Ramalho',
    'xyzzy plugh',
    'how do I cook pasta',
    'zzzzzzzz',
    'python',
  ];
}

/** /recommend as people use it: a topic or plain words, sometimes a level or a count. */
export const recommendInputs: readonly OptionValues[] = [
  { topic: 'asyncio' },
  { topic: 'asyncio', level: 'advanced' },
  { topic: 'make my code faster' },
  { topic: 'make my code faster', level: 'expert' },
  { topic: 'architecture' },
  { topic: 'architecture', level: 'intermediate', count: 5 },
  { topic: 'testing' },
  { topic: 'testing', level: 'advanced' },
  { topic: 'performance' },
  { topic: 'cpython internals', level: 'expert' },
  { topic: 'async await', count: 5 },
  { topic: 'memry leak' },
  { topic: 'quantum gardening' },
  { topic: 'topic:logging' },
  { topic: 'itertools' },
  { topic: 'multiprocessing', count: 5 },
  { topic: 'testing async code that talks to a database' },
  { topic: 'web scraping' },
];
