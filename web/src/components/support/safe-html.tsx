import { createElement, type ReactNode } from 'react';

/**
 * Shows the server's rendered Markdown without injecting HTML: the markup is parsed inertly and
 * rebuilt as React elements from an allowlist, so even a rendering bug on the server cannot run
 * script or add attributes such as event handlers here.
 */
const allowedTags = new Set([
  'p',
  'br',
  'hr',
  'strong',
  'em',
  'b',
  'i',
  's',
  'del',
  'code',
  'pre',
  'blockquote',
  'ul',
  'ol',
  'li',
  'a',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'table',
  'thead',
  'tbody',
  'tr',
  'th',
  'td',
]);

const safeUrl = /^(https?:|mailto:)/i;

function toReact(node: Node, key: number): ReactNode {
  if (node.nodeType === Node.TEXT_NODE) return node.textContent;
  if (node.nodeType !== Node.ELEMENT_NODE) return null;
  const element = node as Element;
  const children = Array.from(element.childNodes, toReact);
  const tag = element.tagName.toLowerCase();
  if (!allowedTags.has(tag)) return children;
  if (tag === 'a') {
    const href = element.getAttribute('href') ?? '';
    if (!safeUrl.test(href)) return children;
    return createElement(
      'a',
      { key, href, target: '_blank', rel: 'nofollow noopener noreferrer' },
      ...children,
    );
  }
  // Headings inside a message would break the page's outline; they are shown as strong text.
  if (/^h[1-6]$/.test(tag)) return createElement('p', { key }, createElement('strong', null, ...children));
  return createElement(tag, { key }, ...children);
}

export function SafeHtml({ html, className }: { html: string; className?: string }) {
  const document = new DOMParser().parseFromString(html, 'text/html');
  return <div className={className}>{Array.from(document.body.childNodes, toReact)}</div>;
}
