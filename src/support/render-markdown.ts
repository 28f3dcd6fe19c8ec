/**
 * Ticket text is Markdown, rendered once when stored. Raw HTML is off (it comes out escaped),
 * markdown-it's link validator already refuses javascript:, vbscript:, file: and non-image data:
 * URLs, and every link opens in a new tab without a referrer or any hold on our window.
 */
import MarkdownIt from 'markdown-it';

const markdown = new MarkdownIt({ html: false, linkify: true, breaks: true });

const defaultLinkOpen =
  markdown.renderer.rules.link_open ??
  ((tokens, index, options, _env, self) => self.renderToken(tokens, index, options));

markdown.renderer.rules.link_open = (tokens, index, options, env, self) => {
  const token = tokens[index];
  if (token) {
    token.attrSet('rel', 'nofollow noopener noreferrer');
    token.attrSet('target', '_blank');
  }
  return defaultLinkOpen(tokens, index, options, env, self);
};

// Images would let a message load remote content in the agent's browser (tracking pixels); pictures
// belong in attachments, so an image renders as a plain link instead.
markdown.renderer.rules.image = (tokens, index) => {
  const token = tokens[index];
  const src = String(token?.attrGet('src') ?? '');
  const alt = markdown.utils.escapeHtml(token?.content || src);
  if (!markdown.validateLink(src)) return alt;
  return `<a href="${markdown.utils.escapeHtml(src)}" rel="nofollow noopener noreferrer" target="_blank">${alt}</a>`;
};

export function renderMarkdown(text: string): string {
  return markdown.render(text);
}
