import type { Catalog } from '../../catalog/core/catalog.js';
import type { SpotlightPost } from '../core/compose-post.js';
import type { Reply } from '../../../platform/discord/reply.js';
import { bookCardButtons, bookCardEmbed } from '../../catalog/presenters/book-card.js';

/** The weekly post: a headline (pinging the opt-in role only), the discussion prompt, and the book's card. */
export function spotlightPostReply(catalog: Catalog, post: SpotlightPost, bookCommandName: string): Reply {
  const mention = post.roleId ? `<@&${post.roleId}> ` : '';
  return {
    content: `${mention}📚 **Weekly spotlight: ${post.book.title}**\n💬 ${post.prompt}`,
    embeds: [bookCardEmbed(catalog, post.book)],
    // Room is left in this row for a "Start a study group" button (study groups come next).
    components: [bookCardButtons(bookCommandName, post.book)],
    pingRoleIds: post.roleId ? [post.roleId] : [],
  };
}
