import { ButtonStyle, ComponentType, type APIComponentInContainer, type APIMessageTopLevelComponent } from 'discord-api-types/v10';
import type { Catalog } from '../../catalog/core/catalog.js';
import type { Book } from '../../catalog/core/schema.js';
import { bookButtonId, capitalise, levelColours } from '../../catalog/presenters/book-card.js';
import { shortSummary } from '../../catalog/presenters/book-card-layout.js';
import type { Reply } from '../../../platform/discord/reply.js';
import { composeSpotlightPost } from '../core/compose-post.js';
import { startGroupButton } from '../../study-groups/presenters/reminder.js';

/**
 * The weekly post exactly as it is posted (and previewed) for this book and week, in Components v2: a headline
 * (pinging the opt-in role only), the cover beside why this book, the discussion prompt, and buttons to start a
 * study group or open the full card. Posts already in channels stay as they were sent: nothing edits them.
 */

const text = (content: string) => ({ type: ComponentType.TextDisplay as const, content });

export function spotlightPostLayout(catalog: Pick<Catalog, 'articles'>, book: Book, prompt: string, headline: string): APIMessageTopLevelComponent[] {
  const byline = `${capitalise(book.edition)} · ${book.authors.join(', ')} · ${book.publisher}, ${book.year}`;
  const recommended = book.recommendedBy.length > 0 ? `📚 Recommended by ${book.recommendedBy.length} of ${catalog.articles.length} articles` : '📚 Not ranked by the source articles';
  const corrections = book.corrections.length > 0 ? ` · ⚠️ ${book.corrections.length} correction${book.corrections.length === 1 ? '' : 's'} to the articles` : '';
  const why = [`### ${book.title}`, byline, `**Why this book:** ${shortSummary(book.summary, 300)}`].join('\n');
  const components: APIComponentInContainer[] = [
    text(headline),
    book.cover
      ? { type: ComponentType.Section, components: [text(why)], accessory: { type: ComponentType.Thumbnail, media: { url: book.cover.url }, description: book.cover.alt } }
      : text(why),
    text(`💬 ${prompt}`),
    text(`-# **${capitalise(book.level)}** · ${recommended}${corrections}`),
    {
      type: ComponentType.ActionRow,
      components: [
        startGroupButton(book.id),
        { type: ComponentType.Button, style: ButtonStyle.Secondary, label: 'Full card', custom_id: bookButtonId('show', book) },
        { type: ComponentType.Button, style: ButtonStyle.Link, label: 'Official page', url: book.officialUrl },
      ],
    },
  ];
  return [{ type: ComponentType.Container, accent_color: levelColours[book.level], components }];
}

/** The headline: "📚 **Weekly spotlight: Fluent Python**", after the opt-in role's mention when there is one. */
export function spotlightHeadline(book: Book, roleId: string | null): string {
  return `${roleId ? `<@&${roleId}> ` : ''}📚 **Weekly spotlight: ${book.title}**`;
}

export function spotlightPostReply(catalog: Catalog, book: Book, weekKey: string, roleId: string | null): Reply {
  const post = composeSpotlightPost(book, weekKey, roleId);
  return {
    layout: spotlightPostLayout(catalog, post.book, post.prompt, spotlightHeadline(post.book, post.roleId)),
    pingRoleIds: post.roleId ? [post.roleId] : [],
  };
}
