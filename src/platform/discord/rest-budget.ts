/**
 * The bot's REST budget under Discord's global limit, in one place. Discord allows a bot 50 requests/s in all,
 * and interaction responses (the callback, and the follow-up and `@original` webhook routes of its token) are not
 * bound to that limit (https://docs.discord.com/developers/topics/rate-limits#global-rate-limit), so answering
 * commands takes nothing from this budget.
 */

/** Discord's global limit per bot (every process and shard together). */
export const discordGlobalRequestsPerSecond = 50;

/**
 * Everything the scheduler sends, through one pacer: posts, the history reads that check a lost answer before
 * sending again, and any other call it makes (the permission check before a read uses the gateway cache, not REST).
 * Posts and reads share it, so a retry pass heavy with reads posts more slowly rather than exceeding the limit.
 * Discord counts on arrival: the pacer keeps each request's place until a second after its answer (pacer.ts), so
 * uneven transit times cannot bunch more than this many arrivals into one of Discord's seconds.
 */
export const schedulerRequestsPerSecond = 46;

/**
 * Left for the gateway client's REST calls that are not interaction responses (GET /gateway/bot at connect,
 * command deploys, any other shard's client) and for timing jitter between the pacer and Discord's window.
 */
export const otherRequestsPerSecond = discordGlobalRequestsPerSecond - schedulerRequestsPerSecond;
