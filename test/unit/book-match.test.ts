import { describe, expect, it } from 'vitest';
import { judgeBookQuery, readBookQuery } from '../../src/features/catalog/core/book-match.js';
import { findBook } from '../../src/features/catalog/service.js';
import { realCatalog } from '../fixtures/context.js';

const catalog = realCatalog();
const lookup = (query: string) => findBook(catalog, query);

describe('/book knows what it does not have', () => {
  it.each([
    'effective python',
    'clean code',
    'black hat go',
    'black hat rust',
    'fluent python for data science',
    'fluent python by mark lutz',
    'architecture patterns with java',
    'python crash course',
    'modern python cookbook',
    'high performance browser networking',
    'test-driven development with python percival',
  ])('answers %j with "not in our list", never a card', (query) => {
    const result = lookup(query);
    expect(result.kind).toBe('not-in-list');
    if (result.kind === 'not-in-list') expect(result.suggestions.length).toBeLessThanOrEqual(3);
  });

  it('names the words the book does not have', () => {
    expect(lookup('black hat gooo')).toMatchObject({ kind: 'not-in-list', extraWords: ['gooo'] });
    // A famous book that is not ours is named as such (data/not-ours.json).
    expect(lookup('black hat go')).toMatchObject({ kind: 'not-in-list', notOurs: { title: 'Black Hat Go' } });
    expect(lookup('fluent python by mark lutz')).toMatchObject({ kind: 'not-in-list', extraWords: ['mark', 'lutz'] });
  });

  it.each([
    ['clean architectures in python giordani', 'Clean Architectures in Python'],
    ['clean architectures in python', 'Clean Architectures in Python'],
    ['pycabook', 'Clean Architectures in Python'],
    ['clean architecture with python sam keen', 'Clean Architecture with Python'],
    ['9781836642893', 'Clean Architecture with Python'],
  ])('points %j to the neighbour book %s, offering ours', (query, title) => {
    const result = lookup(query);
    expect(result.kind).toBe('not-in-list');
    if (result.kind !== 'not-in-list') return;
    expect(result.neighbour?.title).toBe(title);
    expect(result.suggestions.map((book) => book.id)).toEqual(['architecture-patterns-with-python']);
  });

  it('still finds the book the articles called "Clean Architecture in Python"', () => {
    expect(lookup('clean architecture in python')).toMatchObject({ kind: 'found', book: { id: 'architecture-patterns-with-python' } });
  });

  it('lets the subtitle count for less than the title, but not for nothing', () => {
    const fluent = catalog.bookById('fluent-python-2e')!;
    expect(judgeBookQuery(fluent, readBookQuery('effective python')).kind).toBe('subtitle-only');
    expect(judgeBookQuery(fluent, readBookQuery('fluent python effective')).kind).toBe('names-book');
    expect(lookup('practical performant programming for humans')).toMatchObject({ kind: 'found', book: { id: 'high-performance-python-2e' } });
  });

  it.each([
    ['fluant pyton', 'fluent-python-2e'],
    ['fluentpython', 'fluent-python-2e'],
    ['c python internals', 'cpython-internals'],
    ['fluent python ramalho 2022', 'fluent-python-2e'],
    ['black hat python 2 python 3', 'black-hat-python-2e'],
  ])('keeps typos, joined or split words, years and versions working: %j', (query, id) => {
    expect(lookup(query)).toMatchObject({ kind: 'found', book: { id } });
  });
});

describe('ISBNs and editions', () => {
  it.each([
    ['9781492056348', 'fluent-python-2e'],
    ['9781492052197', 'architecture-patterns-with-python'],
    ['isbn 9781449357337', 'python-cookbook-3e'],
    ['ISBN-13: 978-1-77509-335-0', 'cpython-internals'],
    ['9781492055013', 'high-performance-python-2e'],
    ['9781492075325', 'using-asyncio-in-python'],
  ])('finds a book by the ebook ISBN %s (the one in its O\'Reilly link or the fact sheet)', (query, id) => {
    expect(lookup(query)).toMatchObject({ kind: 'found', book: { id } });
    expect(lookup(query)).not.toHaveProperty('otherEdition');
  });

  it.each([
    ['design of web apis 2nd edition', 'design-of-web-apis', 2],
    ['the design of web apis, second edition', 'design-of-web-apis', 2],
    ['fluent python 1st edition', 'fluent-python-2e', 1],
    ['high performance python 3e', 'high-performance-python-2e', 3],
  ])('shows %j with a note on which edition the card describes', (query, id, asked) => {
    const result = lookup(query);
    expect(result).toMatchObject({ kind: 'found', book: { id }, otherEdition: { asked } });
  });

  it('recognises another edition by its year, its other title or its ISBN', () => {
    expect(lookup('fluent python 2015')).toMatchObject({ kind: 'found', otherEdition: { known: { year: 2015 } } });
    expect(lookup("the hacker's guide to python")).toMatchObject({ kind: 'found', book: { id: 'serious-python' }, otherEdition: { asked: null } });
    expect(lookup('9780321767349')).toMatchObject({ kind: 'found', book: { id: 'python-standard-library-by-example' }, otherEdition: { known: { ref: 'D15' } } });
  });

  it('adds no note when the query asks for the edition the card describes', () => {
    expect(lookup('fluent python 2nd edition')).not.toHaveProperty('otherEdition');
    expect(lookup('python cookbook 3rd edition')).not.toHaveProperty('otherEdition');
  });
});

describe('a year that is not the card\'s', () => {
  it('shows the card with a note saying which edition it is, even without facts on that year', () => {
    expect(lookup('black hat python 2014')).toMatchObject({ kind: 'found', book: { id: 'black-hat-python-2e' }, otherEdition: { asked: null, year: 2014 } });
    expect(lookup('black hat python 2021')).not.toHaveProperty('otherEdition');
  });
});

describe('/book reads a query the way people ask', () => {
  it.each([
    ['the book by anthony shaw about how the interpreter works', 'cpython-internals'],
    ["what's the ramalho book called, the one about writing pythonic code?", 'fluent-python-2e'],
    ['do you have fluent python second edition?', 'fluent-python-2e'],
    ['is black hat python in the list?', 'black-hat-python-2e'],
    ['python fluente', 'fluent-python-2e'],
    ['o livro python fluente, 2ª edição', 'fluent-python-2e'],
    ['el libro de asyncio de caleb hattingh', 'using-asyncio-in-python'],
    ['dabeaz', 'python-cookbook-3e'],
    ['tonybaloney', 'cpython-internals'],
    ['dave beazley', 'python-cookbook-3e'],
    ['hi perf python', 'high-performance-python-2e'],
    ['arch patterns w/ python', 'architecture-patterns-with-python'],
    ['python std lib by example', 'python-standard-library-by-example'],
    ['cosmic python', 'architecture-patterns-with-python'],
    ['python cookbook recipes for mastering python 3', 'python-cookbook-3e'],
    ['ebook isbn 978-1-59327-879-3', 'serious-python'],
  ])('%j → %s', (query, bookId) => {
    const result = lookup(query);
    expect(result.kind === 'found' && result.book.id).toBe(bookId);
  });

  it.each([
    ['modern python cookbook', 'Modern Python Cookbook'],
    ['python high performance', 'Python High Performance'],
    ['fluent c', 'Fluent C'],
    ['have you got effective python by brett slatkin?', 'Effective Python'],
    ["percival's tdd book", 'Test-Driven Development with Python'],
    ['danjou scaling python', "The Hacker's Guide to Scaling Python"],
  ])('%j names %s, not ours, and gets no card', (query, title) => {
    expect(lookup(query)).toMatchObject({ kind: 'not-in-list', notOurs: { title } });
  });

  it('does not take a title of ours followed by another book\'s words for ours', () => {
    for (const query of ['patterns of enterprise application architecture', 'clean code book', 'black hat python for go programmers']) expect(lookup(query).kind, query).not.toBe('found');
  });
});
