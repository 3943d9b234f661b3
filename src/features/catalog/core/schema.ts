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

export const accessSchema = z.object({
  kind: z.enum(accessKinds),
  /** Short description in our words, e.g. "The whole book, free on the authors' site". */
  label: z.string().min(3).max(200),
  /** Official link only; paid access may have none. */
  url: httpsUrl.optional(),
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

export const bookSchema = z.object({
  id: kebabId,
  title: z.string().min(1).max(200),
  subtitle: z.string().min(1).max(200).nullable(),
  edition: z.string().min(1).max(60),
  authors: z.array(z.string().min(1)).min(1),
  publisher: z.string().min(1),
  year: z.number().int().min(1990).max(2030),
  isbn13: isbn13Schema,
  level: levelSchema,
  levelReason: z.string().min(10).max(200),
  topics: z.array(kebabId).min(1),
  summary: z.string().min(40).max(900),
  takeaways: z.array(z.string().min(10).max(200)).min(3).max(6),
  /** Free ways first, then paid. */
  access: z.array(accessSchema).min(1),
  /** The official page used for the card's link button. */
  officialUrl: httpsUrl,
  aliases: z.array(z.string().min(1)),
  recommendedBy: z.array(recommendationSchema),
  corrections: z.array(correctionSchema),
});
export type Book = z.infer<typeof bookSchema>;

export const booksFileSchema = z.object({
  articles: z.array(articleSchema).min(1),
  books: z.array(bookSchema).min(1),
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

/** The whole dataset as the catalog is built from it (books.json and topics.json together). */
export interface Dataset extends BooksFile {
  topics: Topic[];
}
