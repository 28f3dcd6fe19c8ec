/**
 * Recognises mail that no human wrote, which must never be posted into a ticket (and so never
 * trigger our own notification back): RFC 3834 Auto-Submitted, the older Precedence and
 * X-Autoreply conventions, mailing lists, and bounces. (X-Auto-Response-Suppress is not among them:
 * it asks others not to auto-reply, and Exchange puts it on mail people write.)
 */
export function isAutomatedMail(headers: Map<string, unknown>, fromAddress: string | null): boolean {
  const text = (name: string) => {
    const value = headers.get(name);
    return typeof value === 'string'
      ? value.trim().toLowerCase()
      : value === undefined
        ? ''
        : JSON.stringify(value).toLowerCase();
  };
  const autoSubmitted = text('auto-submitted');
  if (autoSubmitted !== '' && autoSubmitted !== 'no') return true;
  if (['bulk', 'junk', 'list', 'auto_reply'].includes(text('precedence'))) return true;
  if (text('x-autoreply') !== '' || text('x-autorespond') !== '') return true;
  if (headers.has('list-id') || headers.has('list-unsubscribe')) return true;
  const local = (fromAddress ?? '').split('@')[0]?.toLowerCase() ?? '';
  return fromAddress === null || ['mailer-daemon', 'postmaster', 'noreply', 'no-reply'].includes(local);
}
