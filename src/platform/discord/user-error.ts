/** An error whose message is meant for the person who ran the command; shown to them privately. */
export class UserError extends Error {
  override readonly name = 'UserError';
}
