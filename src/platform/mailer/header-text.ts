/**
 * Text that goes into a mail header. A CR or LF would end the header and start one the caller
 * never meant (a Bcc, say); the other control characters reach the reader's mail client as they
 * are. Whatever the caller passes, runs of them become one space, so the words on either side
 * stay apart.
 */
export function headerText(value: string): string {
  return value.replace(/\p{Cc}+/gu, ' ');
}

/** RFC 5322 field names are printable US-ASCII without the colon; anything else is dropped. */
export function headerName(name: string): string {
  return name.replace(/[^\x21-\x39\x3b-\x7e]/g, '');
}
