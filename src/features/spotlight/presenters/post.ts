import type { Catalog } from '../../catalog/core/catalog.js';
import { bookCardButtons, bookCardEmbed } from '../../catalog/presenters/book-card.js';
import type { Reply } from '../../../platform/discord/reply.js';
import type { Book } from '../../catalog/core/schema.js';
import { composeSpotlightPost } from '../core/compose-post.js';
import { startGroupButton } from '../../study-groups/presenters/reminder.js';

/**
 * The weekly post exactly as it is posted (and previewed) for this book and week: a headline (pinging the
 * opt-in role only), the discussion prompt, and the book's card.
 */
export function spotlightPostReply(catalog: Catalog, book: Book, weekKey: string, roleId: string | null): Reply {
  const post = composeSpotlightPost(book, weekKey, roleId);
  const buttons = bookCardButtons(post.book);
  const mention = post.roleId ? `<@&${post.roleId}> ` : '';
  return {
    content: `${mention}📚 **Weekly spotlight: ${post.book.title}**\n💬 ${post.prompt}`,
    embeds: [bookCardEmbed(catalog, post.book)],
    components: [{ ...buttons, components: [...buttons.components, startGroupButton(post.book.id)] }],
    pingRoleIds: post.roleId ? [post.roleId] : [],
  };
}
