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

/** A deep copy, for elements that are sent more than once (ltx re-parents a child it is given). */
export function cloneElement(element: Element): Element {
  const copy = new Element(element.name, { ...element.attrs });
  for (const child of element.children)
    copy.children.push(typeof child === 'string' ? child : cloneElement(child as Element));
  for (const child of copy.children) if (typeof child !== 'string') (child as Element).parent = copy;
  return copy;
}
