import type { Dataset } from '../src/features/catalog/core/schema.js';
import { normalizeText, tokenize } from '../src/core/normalize-text.js';
import { levels, type Book, type Level } from '../src/features/catalog/core/schema.js';
import { seededRandom, type Random } from './prng.js';

/**
 * A deterministic catalog of `size` books: the real ones plus synthetic technical books whose titles,
 * authors and ISBNs look like the real thing ("Mastering Kubernetes Networking", "Rust in Action" …).
 * Synthetic books reuse the real topic and article ids so /recommend and the book card work on them.
 */

const prefixes = [
  'Practical', 'Effective', 'Modern', 'Mastering', 'Learning', 'Programming', 'Pro', 'Advanced', 'Hands-On',
  'Head First', 'Think', 'Beginning', 'Expert', 'Essential', 'Idiomatic', 'Professional', 'Real-World', 'Applied',
  'Production', 'Core', 'Robust', 'Scalable', 'High Performance', 'Clean', 'Functional', 'Concurrent', 'Secure',
  'Test-Driven', 'Cloud Native', 'Automating', 'Understanding', 'Exploring',
] as const;

interface Technology {
  name: string;
  topics: readonly string[];
}

const technologies: readonly Technology[] = [
  { name: 'Python', topics: ['idioms'] },
  { name: 'Rust', topics: ['memory', 'performance'] },
  { name: 'Go', topics: ['concurrency'] },
  { name: 'Kubernetes', topics: ['packaging', 'architecture'] },
  { name: 'PostgreSQL', topics: ['data-structures', 'performance'] },
  { name: 'React', topics: ['web'] },
  { name: 'TypeScript', topics: ['type-hints'] },
  { name: 'JavaScript', topics: ['web', 'functional-programming'] },
  { name: 'Linux', topics: ['debugging', 'networking'] },
  { name: 'Docker', topics: ['packaging'] },
  { name: 'Machine Learning', topics: ['performance', 'data-structures'] },
  { name: 'Deep Learning', topics: ['performance'] },
  { name: 'Pandas', topics: ['performance', 'text-and-io'] },
  { name: 'NumPy', topics: ['performance', 'c-extensions'] },
  { name: 'asyncio', topics: ['asyncio', 'concurrency'] },
  { name: 'Django', topics: ['web', 'architecture'] },
  { name: 'Flask', topics: ['web', 'api-design'] },
  { name: 'FastAPI', topics: ['api-design', 'asyncio', 'web'] },
  { name: 'Java', topics: ['oop'] },
  { name: 'Kotlin', topics: ['oop', 'functional-programming'] },
  { name: 'Scala', topics: ['functional-programming'] },
  { name: 'C++', topics: ['performance', 'memory'] },
  { name: 'Swift', topics: ['oop'] },
  { name: 'Elixir', topics: ['functional-programming', 'concurrency'] },
  { name: 'Haskell', topics: ['functional-programming', 'type-hints'] },
  { name: 'Clojure', topics: ['functional-programming'] },
  { name: 'Ruby', topics: ['idioms', 'metaprogramming'] },
  { name: 'Rails', topics: ['web'] },
  { name: 'Node.js', topics: ['web', 'asyncio'] },
  { name: 'Terraform', topics: ['packaging'] },
  { name: 'AWS', topics: ['architecture'] },
  { name: 'Azure', topics: ['architecture'] },
  { name: 'Kafka', topics: ['architecture', 'concurrency'] },
  { name: 'Spark', topics: ['concurrency', 'performance'] },
  { name: 'Redis', topics: ['data-structures'] },
  { name: 'MongoDB', topics: ['data-structures'] },
  { name: 'SQL', topics: ['data-structures'] },
  { name: 'MySQL', topics: ['data-structures', 'performance'] },
  { name: 'GraphQL', topics: ['api-design', 'web'] },
  { name: 'WebAssembly', topics: ['web', 'performance'] },
  { name: 'Vue.js', topics: ['web'] },
  { name: 'Angular', topics: ['web'] },
  { name: 'Bash', topics: ['text-and-io'] },
  { name: 'Git', topics: ['packaging'] },
  { name: 'Ansible', topics: ['packaging'] },
  { name: 'Elasticsearch', topics: ['text-and-io'] },
  { name: 'TensorFlow', topics: ['performance'] },
  { name: 'PyTorch', topics: ['performance'] },
  { name: 'Data Science', topics: ['data-structures', 'performance'] },
  { name: 'DevOps', topics: ['packaging', 'testing'] },
  { name: 'Zig', topics: ['memory'] },
  { name: 'Julia', topics: ['performance'] },
  { name: 'Erlang', topics: ['concurrency'] },
  { name: 'OCaml', topics: ['functional-programming'] },
  { name: 'Nginx', topics: ['web', 'networking'] },
  { name: 'Prometheus', topics: ['debugging'] },
  { name: 'gRPC', topics: ['networking', 'api-design'] },
  { name: 'Cython', topics: ['c-extensions', 'performance'] },
  { name: 'SQLAlchemy', topics: ['data-structures', 'oop'] },
  { name: 'Celery', topics: ['concurrency'] },
];

interface Subject {
  name: string;
  topics: readonly string[];
}

const subjects: readonly Subject[] = [
  { name: 'Patterns', topics: ['design-patterns'] },
  { name: 'Internals', topics: ['cpython-internals', 'memory'] },
  { name: 'Cookbook', topics: ['idioms'] },
  { name: 'Security', topics: ['security'] },
  { name: 'Performance', topics: ['performance'] },
  { name: 'Testing', topics: ['testing'] },
  { name: 'Networking', topics: ['networking'] },
  { name: 'Algorithms', topics: ['data-structures'] },
  { name: 'Concurrency', topics: ['concurrency'] },
  { name: 'Design Patterns', topics: ['design-patterns', 'oop'] },
  { name: 'Data Structures', topics: ['data-structures'] },
  { name: 'Architecture', topics: ['architecture'] },
  { name: 'Debugging', topics: ['debugging'] },
  { name: 'Deployment', topics: ['packaging'] },
  { name: 'Observability', topics: ['debugging'] },
  { name: 'Microservices', topics: ['architecture', 'web'] },
  { name: 'Automation', topics: ['text-and-io'] },
  { name: 'Programming', topics: ['idioms'] },
  { name: 'Development', topics: ['idioms'] },
  { name: 'Fundamentals', topics: ['idioms'] },
  { name: 'Best Practices', topics: ['idioms'] },
  { name: 'Recipes', topics: ['idioms'] },
  { name: 'Essentials', topics: ['idioms'] },
  { name: 'Projects', topics: ['idioms'] },
  { name: 'Data Pipelines', topics: ['text-and-io', 'concurrency'] },
  { name: 'Web Development', topics: ['web'] },
  { name: 'APIs', topics: ['api-design'] },
  { name: 'Type Systems', topics: ['type-hints'] },
  { name: 'Memory Management', topics: ['memory'] },
  { name: 'Metaprogramming', topics: ['metaprogramming'] },
  { name: 'Systems Programming', topics: ['memory', 'c-extensions'] },
  { name: 'Scripting', topics: ['text-and-io'] },
  { name: 'Administration', topics: ['debugging'] },
  { name: 'Troubleshooting', topics: ['debugging'] },
  { name: 'Profiling', topics: ['performance'] },
  { name: 'Unit Testing', topics: ['testing'] },
  { name: 'Functional Programming', topics: ['functional-programming'] },
  { name: 'Async Programming', topics: ['asyncio', 'concurrency'] },
];

const bookNouns = ['Cookbook', 'Handbook', 'Workshop', 'Pocket Reference', 'Crash Course', 'Quick Start Guide', 'Bible', 'Primer'] as const;

const audiences = [
  'for Data Engineers', 'for Data Scientists', 'for Web Developers', 'for DevOps Engineers', 'for Scientists and Engineers',
  'for Professionals', 'for Busy Developers', 'for Architects', 'for Pentesters', 'for Finance', 'for Game Developers',
  'for the Impatient', 'for Teams', 'for Startups', 'for Sysadmins',
] as const;

const suffixes = [
  'in Action', 'the Hard Way', 'by Example', 'in Practice', 'in Depth', 'from Scratch', 'Step by Step', 'Unleashed',
  'Up and Running', 'in a Nutshell', 'Explained', 'Distilled', 'at Scale', 'in 24 Hours', 'Illustrated',
] as const;

const subjectPhrases = [
  'Test-Driven Development', 'Domain-Driven Design', 'Data Analysis', 'Network Programming', 'Systems Programming',
  'Web Scraping', 'Natural Language Processing', 'Reinforcement Learning', 'Deep Learning', 'Microservices',
  'Concurrency', 'Design Patterns', 'Algorithms', 'Data Structures', 'Clean Code', 'Test Automation', 'Game Development',
  'Distributed Systems', 'Stream Processing', 'Observability', 'Refactoring', 'Continuous Delivery', 'Event Sourcing',
  'Computer Vision', 'Time Series Analysis', 'Secure Coding', 'Penetration Testing', 'Reverse Engineering',
] as const;

const subtitleTemplates: readonly ((r: Random, tech: string) => string)[] = [
  (r) => `A Practical Guide to ${r.pick(subjectPhrases)}`,
  (r, tech) => `Build ${r.pick(['Fast', 'Reliable', 'Scalable', 'Secure', 'Maintainable', 'Robust'])} Applications with ${tech}`,
  (r) => `Recipes ${r.pick(audiences)}`,
  (_r, tech) => `Patterns and Best Practices for ${tech}`,
  () => 'From Zero to Production',
  (r) => `Techniques for ${r.pick(['Resilient', 'Distributed', 'High-Traffic', 'Data-Intensive', 'Real-Time'])} Systems`,
  (_r, tech) => `Write Faster, Safer ${tech} Code`,
  () => 'A Hands-On Introduction',
  () => 'The Definitive Guide',
  (r) => `Over ${r.pick([50, 75, 100, 120, 150])} Recipes for ${r.pick(subjectPhrases)}`,
  (r) => `${r.pick(['Tools', 'Techniques', 'Strategies', 'Principles'])} for ${r.pick(subjectPhrases)}`,
  (_r, tech) => `Understanding ${tech} from the Inside Out`,
];

const firstNames = [
  'Maria', 'James', 'Wei', 'Aisha', 'Carlos', 'Priya', 'John', 'Elena', 'Kenji', 'Fatima', 'David', 'Sofia', 'Ahmed',
  'Laura', 'Michael', 'Yuki', 'Olga', 'Daniel', 'Chen', 'Amara', 'Lucas', 'Ingrid', 'Rahul', 'Emily', 'Mateo', 'Hannah',
  'Sergei', 'Grace', 'Tom', 'Nadia', 'Peter', 'Zoe', 'Omar', 'Julia', 'Ben', 'Alice', 'Marco', 'Sarah', 'Raj', 'Katarzyna',
  'Andrew', 'Lena', 'Samuel', 'Mei', 'Robert', 'Chloe', 'Victor', 'Isabel', 'Nikolai', 'Tanya', 'Paul', 'Anna', 'Kwame',
] as const;

const lastNames = [
  'Smith', 'Nguyen', 'Garcia', 'Kowalski', 'Okafor', 'Tanaka', 'Müller', 'Rossi', 'Johansson', 'Patel', 'Kim', 'Silva',
  'Dubois', 'Novak', 'Hughes', 'Fischer', 'Ivanova', 'Martinez', 'Brown', 'Wilson', 'Schmidt', 'Andersen', 'Yamamoto',
  'Chen', 'Kaur', 'Haddad', 'Walsh', 'Moreau', 'Lindqvist', 'Costa', 'Reyes', 'Bianchi', 'Sato', 'Nowak', 'Petrov',
  'Murphy', 'Horvath', 'Mensah', 'Larsen', 'Romero', 'Fernandes', 'Weber', 'Ozturk', 'Gupta', 'Berg', 'Clarke',
  'Vasquez', 'Hoffman', 'Kovacs', 'Park', 'Olsen', 'Ito', 'Rahman', 'Duarte', 'Stein', 'Lambert', 'Mbeki', 'Quinn',
  'Thornton', 'Abernathy', 'Kaminski', 'Eriksen', 'Delgado', 'Whitfield', 'Zhou', 'Brennan', 'Castillo', 'Varga',
] as const;

const publishers = [
  "O'Reilly Media", 'Manning', 'No Starch Press', 'Packt', 'Pragmatic Bookshelf', 'Addison-Wesley', 'Apress', 'Wiley',
  'CRC Press', 'Leanpub',
] as const;

const editionNames = ['1st edition', '2nd edition', '3rd edition', '4th edition'] as const;
const editionWords = ['', 'Second', 'Third', 'Fourth'] as const;

type TitleParts = { title: string; tech: Technology; subject: Subject | null };

const titleTemplates: readonly { weight: number; make: (r: Random) => TitleParts }[] = [
  { weight: 1, make: (r) => part(r, (t) => `${r.pick(prefixes)} ${t.name}`) },
  { weight: 5, make: (r) => part(r, (t, s) => `${r.pick(prefixes)} ${t.name} ${s.name}`, true) },
  { weight: 1, make: (r) => part(r, (t, s) => `${t.name} ${s.name}`, true) },
  { weight: 2, make: (r) => part(r, (t, s) => `${t.name} ${s.name} ${r.pick(bookNouns)}`, true) },
  { weight: 2, make: (r) => part(r, (t) => `${r.pick(prefixes)} ${t.name} ${r.pick(audiences)}`) },
  { weight: 1, make: (r) => part(r, (t) => `${t.name} ${r.pick(suffixes)}`) },
  { weight: 2, make: (r) => part(r, (t, s) => `${t.name} ${s.name} ${r.pick(suffixes)}`, true) },
  { weight: 2, make: (r) => part(r, (t) => `${r.pick(subjectPhrases)} ${r.pick(['with', 'in'])} ${t.name}`) },
  {
    weight: 1,
    make: (r) => {
      const first = r.pick(technologies);
      let second = r.pick(technologies);
      while (second === first) second = r.pick(technologies);
      return { title: `${first.name} and ${second.name} ${r.pick(audiences)}`, tech: first, subject: null };
    },
  },
  { weight: 1, make: (r) => part(r, (t) => `The ${t.name} ${r.pick(bookNouns)}`) },
  { weight: 1, make: (r) => part(r, (t) => `Learn ${t.name} the Hard Way`) },
];

function part(r: Random, make: (tech: Technology, subject: Subject) => string, usesSubject = false): TitleParts {
  const tech = r.pick(technologies);
  const subject = r.pick(subjects);
  return { title: make(tech, subject), tech, subject: usesSubject ? subject : null };
}

function pickWeighted<T extends { weight: number }>(r: Random, items: readonly T[]): T {
  const total = items.reduce((sum, item) => sum + item.weight, 0);
  let roll = r.next() * total;
  for (const item of items) {
    roll -= item.weight;
    if (roll < 0) return item;
  }
  return items.at(-1)!;
}

/** The same word set in any order ("Docker and Kubernetes" / "Kubernetes and Docker") counts as the same title. */
export function titleKey(title: string): string {
  return [...new Set(tokenize(title))].sort().join(' ');
}

export function isbn13CheckDigit(first12: string): number {
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += Number(first12[i]) * (i % 2 === 0 ? 1 : 3);
  return (10 - (sum % 10)) % 10;
}

function randomIsbn13(r: Random): string {
  let first12 = r.chance(0.85) ? '978' : '979';
  for (let i = 0; i < 9; i++) first12 += String(r.int(10));
  return first12 + String(isbn13CheckDigit(first12));
}

function slug(title: string): string {
  return normalizeText(title)
    .replace(/[^a-z0-9 ]/g, '')
    .trim()
    .replace(/ +/g, '-');
}

function ordinal(n: number): string {
  return editionNames[n - 1]!.split(' ')[0]!;
}

function pickLevel(r: Random): Level {
  const roll = r.next();
  return roll < 0.45 ? levels[0] : roll < 0.85 ? levels[1] : levels[2];
}

function pickTopics(r: Random, parts: TitleParts, topicIds: readonly string[]): string[] {
  const chosen = [...(parts.subject?.topics ?? []), ...parts.tech.topics];
  const extra = r.between(0, 3);
  for (let i = 0; i < extra; i++) chosen.push(r.pick(topicIds));
  const known = new Set(topicIds);
  return [...new Set(chosen)].filter((id) => known.has(id));
}

function pickRecommendations(r: Random, articleIds: readonly string[], title: string): Book['recommendedBy'] {
  const roll = r.next();
  const count = Math.min(articleIds.length, roll < 0.55 ? 0 : roll < 0.75 ? 1 : roll < 0.87 ? 2 : roll < 0.94 ? 3 : roll < 0.98 ? 4 : 5);
  return r
    .shuffled(articleIds)
    .slice(0, count)
    .map((articleId) => ({ articleId, rank: r.between(1, 10), titleAsWritten: title }));
}

/**
 * A synthetic table of contents: 8–30 chapters, most about the book's own topics, some about others, a
 * few keywords each. Drawn from its own random stream so the titles stay those of earlier runs.
 */
function syntheticContents(r: Random, id: string, title: string, topics: readonly string[], topicIds: readonly string[]): Book['contents'] {
  const chapterCount = r.between(8, 30);
  const chapters = Array.from({ length: chapterCount }, (_, index) => {
    const main = r.chance(0.75) ? r.pick(topics) : r.pick(topicIds);
    const chapterTopics = r.chance(0.4) ? [...new Set([main, r.pick(topicIds)])] : [main];
    return { number: index + 1, title: `${title}, chapter ${index + 1}`, topics: chapterTopics, keywords: r.chance(0.3) ? [r.pick(chapterKeywords)] : [] };
  });
  return {
    bookId: id,
    source: { url: `https://example.com/books/${id}`, kind: 'publisher page', factSheetSource: null, read: 'generated for the benchmark catalog' },
    numbering: 'source',
    parts: [],
    chapters,
    appendices: [],
  };
}

const chapterKeywords = ['itertools', 'cprofile', 'sqlite3', 'repository pattern', 'descriptors', 'sockets', 'unit of work', 'pytest', 'numpy', 'logging module'] as const;

function syntheticBook(r: Random, parts: TitleParts, id: string, isbn13: string, dataset: Dataset, chapterRandom: Random): Book {
  const { title, tech } = parts;
  const authorCount = r.chance(0.6) ? 1 : r.chance(0.7) ? 2 : 3;
  const authors: string[] = [];
  while (authors.length < authorCount) {
    const name = `${r.pick(firstNames)} ${r.pick(lastNames)}`;
    if (!authors.includes(name)) authors.push(name);
  }
  const edition = r.chance(0.65) ? 1 : r.chance(0.7) ? 2 : r.between(3, 4);
  const publisher = r.pick(publishers);
  const level = pickLevel(r);
  const topics = pickTopics(r, parts, dataset.topics.map((topic) => topic.id));
  const aliases: string[] = [];
  if (edition > 1) {
    aliases.push(`${title}, ${editionWords[edition - 1]} Edition`);
    if (r.chance(0.5)) aliases.push(`${title} ${edition}e`);
  }
  const lastName = authors[0]!.split(' ').at(-1)!;
  if (r.chance(0.15)) aliases.push(`${lastName} ${tech.name} book`);
  return {
    id,
    title,
    subtitle: r.chance(0.4) ? r.pick(subtitleTemplates)(r, tech.name) : null,
    edition: `${ordinal(edition)} edition`,
    authors,
    publisher,
    year: r.between(2005, 2025),
    isbn13,
    editionNumber: edition,
    otherEditions: [],
    level,
    levelReason: `Generated ${level} level for the benchmark catalog.`,
    topics,
    about: topics.slice(0, 1).length > 0 ? topics.slice(0, 1) : [dataset.topics[0]!.id],
    summary: `${title} is a synthetic ${level} book about ${tech.name}, generated for the Grimoire benchmark catalog.`,
    takeaways: [`Key idea one of ${title}.`, `Key idea two of ${title}.`, `Key idea three of ${title}.`],
    access: [{ kind: 'paid', label: `Buy it from ${publisher}`, url: `https://example.com/books/${id}` }],
    officialUrl: `https://example.com/books/${id}`,
    aliases,
    recommendedBy: pickRecommendations(r, dataset.articles.map((article) => article.id), title),
    corrections: [],
    contents: syntheticContents(chapterRandom, id, title, topics.length > 0 ? topics : [dataset.topics[0]!.id], dataset.topics.map((topic) => topic.id)),
  };
}

/** The real dataset plus synthetic books up to `size`, shuffled deterministically (real books get no tie-break edge). */
export function generateDataset(real: Dataset, size: number, seed = 20_240_601): Dataset {
  const r = seededRandom(seed);
  const chapterRandom = seededRandom(seed + 1);
  const titleKeys = new Set(real.books.flatMap((book) => [book.title, ...book.aliases].map(titleKey)));
  const ids = new Set(real.books.map((book) => book.id));
  const isbns = new Set(real.books.map((book) => book.isbn13));
  const books: Book[] = [...real.books];
  let attempts = 0;
  while (books.length < size) {
    if (++attempts > size * 200) throw new Error(`Could only generate ${books.length} unique titles`);
    const parts = pickWeighted(r, titleTemplates).make(r);
    const key = titleKey(parts.title);
    if (titleKeys.has(key)) continue;
    titleKeys.add(key);
    let id = slug(parts.title);
    for (let n = 2; ids.has(id); n++) id = `${slug(parts.title)}-${n}`;
    ids.add(id);
    let isbn13 = randomIsbn13(r);
    while (isbns.has(isbn13)) isbn13 = randomIsbn13(r);
    isbns.add(isbn13);
    books.push(syntheticBook(r, parts, id, isbn13, real, chapterRandom));
  }
  return { articles: real.articles, topics: real.topics, neighbours: real.neighbours, notes: real.notes, books: r.shuffled(books) };
}
