/**
 * The one element type of the XMPP side: @xmpp/xml's Element (ltx underneath). Everything that
 * builds or reads stanzas uses this class, never ltx's ESM copy (a different class at runtime).
 */
import xmlBuilder, { Element } from '@xmpp/xml';

export { Element };
export const xml = xmlBuilder;

/** Attribute values are strings; ltx types them loosely. */
export function attr(element: Element, name: string): string | undefined {
  const value: unknown = element.attrs[name];
  return typeof value === 'string' ? value : undefined;
}
