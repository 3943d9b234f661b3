import { z } from 'zod';

/** The books dataset (data/books.json) and topics (data/topics.json); parsed at load time and in tests. */

const httpsUrl = z
  .string()
  .url()
  .refine((url) => url.startsWith('https://'), { message: 'links must be https' });

const kebabId = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'ids are kebab-case');

export const levels = ['intermediate', 'advanced', 'expert'] as const;
export const levelSchema = z.enum(levels);
export type Level = z.infer<typeof levelSchema>;

/** How a reader can get at the book, honestly labelled. */
export const accessKinds = ['full-text', 'code-only', 'sample-chapter', 'related-free', 'paid'] as const;

/**
 * Where a link comes from: a source key of shared/data/books-facts.json, or (for a link the fact sheet
 * does not list) the official page or file that shows it.
 */
export const linkSourceSchema = z.union([
  z.object({ factSheet: z.string().regex(/^[a-z0-9_]+$/) }),
  z.object({ seenAt: z.string().min(8).max(300), what: z.string().min(10).max(300) }),
]);
export type LinkSource = z.infer<typeof linkSourceSchema>;

export const accessSchema = z.object({
  kind: z.enum(accessKinds),
  /** Short description in our words, e.g. "The whole book, free on the authors' site". */
  label: z.string().min(3).max(200),
  /** Official link only; paid access may have none. */
  url: httpsUrl.optional(),
  source: linkSourceSchema.optional(),
});
export type Access = z.infer<typeof accessSchema>;

export const articleSchema = z.object({
  id: z.string().regex(/^\d{3}$/),
  title: z.string().min(1).max(200),
  /** A short name used on cards, e.g. "Ghost in the Machine". */
  shortName: z.string().min(1).max(40),
  byline: z.string().nullable(),
});
export type Article = z.infer<typeof articleSchema>;

export const recommendationSchema = z.object({
  articleId: z.string().regex(/^\d{3}$/),
  rank: z.number().int().min(1).max(10),
  /** The title exactly as that article wrote it (may be wrong; see corrections). */
  titleAsWritten: z.string().min(1),
});

export const correctionSchema = z.object({
  /** The discrepancy id in shared/data/books-facts.json, e.g. "D05". */
  ref: z.string().regex(/^D\d{2}$/),
  /** One short sentence shown on the card. */
  note: z.string().min(10).max(300),
});

export const isbn13Schema = z.string().regex(/^97[89]\d{10}$/, 'ISBN-13 without hyphens');

/** One section of a chapter (a module, a recipe, a heading), as an official source names it; topics and keywords are ours. */
export const sectionSchema = z.object({
  title: z.string().min(1).max(200),
  topics: z.array(kebabId).max(3).default([]),
  keywords: z.array(z.string().min(2).max(60)).max(12).default([]),
});
export type Section = z.infer<typeof sectionSchema>;

/** One chapter from the book's official table of contents; topics and keywords are ours. */
export const chapterSchema = z.object({
  number: z.number().int().min(1).max(200),
  title: z.string().min(1).max(200),
  /** The chapter's main topic first. */
  topics: z.array(kebabId).max(4),
  /** Specific terms the chapter covers ("itertools", "repository pattern"), lower case. */
  keywords: z.array(z.string().min(2).max(60)).max(12),
  /** Its sections in order, where an official source lists them (see Contents.sectionsSource). */
  sections: z.array(sectionSchema).max(150).optional(),
});
export type Chapter = z.infer<typeof chapterSchema>;

/** An official page or repository a list was read from, and what exactly was read there. */
const contentsSourceSchema = z.object({
  url: httpsUrl,
  kind: z.enum(['publisher page', "authors' site", 'official code repository', 'official book source repository']),
  factSheetSource: z.string().nullable(),
  read: z.string().min(10).max(600),
});

export const contentsSchema = z
  .object({
    bookId: kebabId,
    /** The official page or repository the chapter list was read from (null when none gives it). */
    source: contentsSourceSchema.nullable(),
    /** Where the chapters' sections were read, when that is not `source` (required once any chapter has sections). */
    sectionsSource: contentsSourceSchema.optional(),
    /** "order" when the source lists chapters without numbers and we numbered them in order. */
    numbering: z.enum(['source', 'order']).nullable(),
    parts: z.array(z.object({ label: z.string().min(1).max(40), title: z.string().min(1).max(120), firstChapter: z.number().int().min(1), lastChapter: z.number().int().min(1) })),
    /** Null when no official source gives the list; `absence` then says what was searched. */
    chapters: z.array(chapterSchema).min(1).nullable(),
    appendices: z.array(z.object({ label: z.string().min(1).max(40), title: z.string().min(1).max(200), topics: z.array(kebabId).max(4), keywords: z.array(z.string().min(2).max(60)).max(12) })).default([]),
    absence: z.string().min(20).max(1500).optional(),
    note: z.string().max(1500).optional(),
  })
  .refine((contents) => contents.chapters !== null || contents.absence !== undefined, { message: 'a book without chapters says why (absence)' })
  .refine((contents) => contents.chapters === null || (contents.source !== null && contents.numbering !== null), {
    message: 'a chapter list names its source and numbering',
  })
  .refine((contents) => !(contents.chapters ?? []).some((chapter) => chapter.sections !== undefined) || contents.sectionsSource !== undefined, {
    message: 'sections name where they were read (sectionsSource)',
  });
export type Contents = z.infer<typeof contentsSchema>;

/** Another edition than the one the card describes, from the fact sheet. */
export const otherEditionSchema = z.object({
  /** Absent when the edition is known by another title rather than a number. */
  number: z.number().int().min(1).max(20).optional(),
  /** e.g. "The 1st edition (2015, Python 3.4)". */
  description: z.string().min(5).max(200),
  year: z.number().int().min(1990).max(2030).optional(),
  /** Its ISBN, when the fact sheet gives it: a query for it finds this card, with the note. */
  isbn13: isbn13Schema.optional(),
  /** Another title it was published under ("The Hacker's Guide to Python"). */
  title: z.string().min(1).max(200).optional(),
  ref: z.string().regex(/^D\d{2}$/).optional(),
});
export type OtherEdition = z.infer<typeof otherEditionSchema>;

/** How a cover URL was found: Open Library's Covers API by ISBN or by cover id, or the publisher's own page. */
export const coverSourceKinds = ['open-library-isbn', 'open-library-cover-id', 'publisher page'] as const;

const openLibraryCoversHost = 'covers.openlibrary.org';

/**
 * A book's cover, shown by URL (Discord's media proxy fetches it; no image is stored in the repository).
 * Open Library ISBN URLs carry `?default=false`, so a missing cover is a 404 rather than a blank image.
 */
export const coverSchema = z
  .object({
    url: httpsUrl,
    /** The ISBN-13 the URL asks for, or the one its source ties the image to. */
    isbn: isbn13Schema,
    /** In our words, e.g. "Cover of Fluent Python, 2nd edition (O'Reilly)"; Discord allows 1,024 characters. */
    alt: z.string().min(10).max(1024),
    source: z.object({
      kind: z.enum(coverSourceKinds),
      /** The page or documentation that documents the URL. */
      url: httpsUrl,
      /** What exactly was read there, and what could not be checked. */
      read: z.string().min(20).max(800),
    }),
    /** Open Library asks for a courtesy link back: its page for this ISBN. */
    courtesyUrl: httpsUrl.optional(),
  })
  .superRefine((cover, ctx) => {
    const problem = coverUrlProblem(cover);
    if (problem) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['url'], message: problem });
  });
export type Cover = z.infer<typeof coverSchema>;

function coverUrlProblem(cover: { url: string; isbn: string; source: { kind: (typeof coverSourceKinds)[number] } }): string | null {
  const onOpenLibrary = new URL(cover.url).host === openLibraryCoversHost;
  switch (cover.source.kind) {
    case 'open-library-isbn':
      return new RegExp(`^https://${openLibraryCoversHost}/b/isbn/${cover.isbn}-[SML]\\.jpg\\?default=false$`).test(cover.url)
        ? null
        : `an Open Library ISBN cover is https://${openLibraryCoversHost}/b/isbn/${cover.isbn}-<S|M|L>.jpg?default=false`;
    case 'open-library-cover-id':
      return new RegExp(`^https://${openLibraryCoversHost}/b/id/\\d+-[SML]\\.jpg(\\?default=false)?$`).test(cover.url)
        ? null
        : `an Open Library cover-id cover is https://${openLibraryCoversHost}/b/id/<id>-<S|M|L>.jpg`;
    case 'publisher page':
      return onOpenLibrary ? 'an Open Library URL is not a publisher page' : null;
  }
}

export const bookSchema = z.object({
  id: kebabId,
  title: z.string().min(1).max(200),
  subtitle: z.string().min(1).max(200).nullable(),
  edition: z.string().min(1).max(60),
  authors: z.array(z.string().min(1)).min(1),
  publisher: z.string().min(1),
  year: z.number().int().min(1990).max(2030),
  isbn13: isbn13Schema,
  /** The ebook ISBN (the one O'Reilly puts in its URLs), when the fact sheet gives it. */
  isbn13Ebook: isbn13Schema.optional(),
  /** The edition as a number, to tell a query for another edition apart. */
  editionNumber: z.number().int().min(1).max(20),
  otherEditions: z.array(otherEditionSchema).default([]),
  level: levelSchema,
  levelReason: z.string().min(10).max(200),
  topics: z.array(kebabId).min(1),
  /** The one to three topics the whole book is about (a subset of topics). */
  about: z.array(kebabId).min(1).max(3),
  summary: z.string().min(40).max(900),
  takeaways: z.array(z.string().min(10).max(200)).min(3).max(6),
  /** Free ways first, then paid. */
  access: z.array(accessSchema).min(1),
  /** The official page used for the card's link button. */
  officialUrl: httpsUrl,
  /** The card's thumbnail; null when no source gives one (`coverAbsence` says why). Absent only in generated catalogs. */
  cover: coverSchema.nullable().optional(),
  coverAbsence: z.string().min(20).max(600).optional(),
  aliases: z.array(z.string().min(1)),
  recommendedBy: z.array(recommendationSchema),
  corrections: z.array(correctionSchema),
  /** Added at load time from data/contents/<id>.json; absent when there is no file yet. */
  contents: contentsSchema.optional(),
  /** Added by the catalog from data/names.json: the authors' other name forms and handles ("dabeaz"). */
  authorNames: z.array(z.string()).optional(),
})
  .refine((book) => book.cover !== null || book.coverAbsence !== undefined, { message: 'a book without a cover says why (coverAbsence)', path: ['coverAbsence'] })
  .refine((book) => !(book.cover && book.coverAbsence), { message: 'a book with a cover has no coverAbsence', path: ['coverAbsence'] });
export type Book = z.infer<typeof bookSchema>;

/** A real book people confuse with one of ours, answered with a pointer instead of our card. */
export const neighbourSchema = z.object({
  title: z.string().min(1).max(200),
  authors: z.array(z.string().min(1)).min(1),
  /** Our book it is confused with. */
  confusedWith: kebabId,
  /** Shown after the title and authors, e.g. "is a different, free book". */
  note: z.string().min(5).max(200),
  /** Words only this neighbour is called by ("pycabook"), lower case. */
  names: z.array(z.string().min(2).max(60)),
  isbn13: isbn13Schema.optional(),
  ref: z.string().regex(/^D\d{2}$/),
});
export type Neighbour = z.infer<typeof neighbourSchema>;

/** A discrepancy about the list as a whole, not one book (e.g. the articles disagreeing on ranks). */
export const datasetNoteSchema = z.object({
  ref: z.string().regex(/^D\d{2}$/),
  note: z.string().min(10).max(400),
});

export const booksFileSchema = z.object({
  articles: z.array(articleSchema).min(1),
  books: z.array(bookSchema).min(1),
  neighbours: z.array(neighbourSchema).default([]),
  notes: z.array(datasetNoteSchema).default([]),
});
export type BooksFile = z.infer<typeof booksFileSchema>;

export const topicSchema = z.object({
  id: kebabId,
  label: z.string().min(1).max(60),
  description: z.string().min(10).max(200),
  /** Words and phrases people type for this topic, lower case. */
  synonyms: z.array(z.string().min(2).max(60)),
});
export type Topic = z.infer<typeof topicSchema>;

export const topicsFileSchema = z.object({ topics: z.array(topicSchema).min(1) });

/** Where a name was seen: a page or repository of the author's or publisher's, and what exactly shows it. */
const nameSourceSchema = z.object({ url: httpsUrl, read: z.string().min(10).max(800) });

/** A name people use for one of our books or its authors (data/names.json). */
export const bookNameSchema = z.object({
  name: z.string().min(2).max(120),
  kind: z.enum(['translated-title', 'official-alias', 'author-name-form', 'author-handle', 'abbreviation']),
  lang: z.string().min(2).max(8).optional(),
  author: z.string().optional(),
  source: nameSourceSchema.nullable(),
});
export type BookName = z.infer<typeof bookNameSchema>;

/** A short form people type ("std lib"), and what it stands for. */
export const abbreviationSchema = z.object({ name: z.string().min(1).max(30), means: z.string().min(1).max(80), kind: z.literal('abbreviation') });

export const namesFileSchema = z.object({
  books: z.record(kebabId, z.array(bookNameSchema)),
  generic: z.array(abbreviationSchema),
});
export type NamesFile = z.infer<typeof namesFileSchema>;

/** A famous book that is not ours (data/not-ours.json): a query naming it gets "not in our list", never our card. */
export const notOursSchema = z.object({
  title: z.string().min(2).max(200),
  authors: z.array(z.string().min(2)).min(1),
  publisher: z.string().optional(),
  year: z.number().int().optional(),
  whyListed: z.string().min(5).max(300),
  source: nameSourceSchema,
});
export type NotOurs = z.infer<typeof notOursSchema>;
export const notOursFileSchema = z.array(notOursSchema);

/** The whole dataset as the catalog is built from it (books.json, topics.json and the name lists together). */
export interface Dataset extends BooksFile {
  topics: Topic[];
  /** Other names of our books and authors, and common short forms (absent for generated benchmark catalogs). */
  names?: NamesFile | undefined;
  notOurs?: NotOurs[] | undefined;
}
