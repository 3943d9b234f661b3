/** User text quoted back without Markdown that could change the message. */
export function quoteUserText(text: string): string {
  const shown = text.trim().replace(/[`*_~|>]/g, '').slice(0, 80);
  return `“${shown}${text.trim().length > 80 ? '…' : ''}”`;
}
