import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { renderMarkdown } from './render-markdown.js';

describe('renderMarkdown', () => {
  it('renders Markdown', () => {
    assert.equal(
      renderMarkdown('**bold** and `code`'),
      '<p><strong>bold</strong> and <code>code</code></p>\n',
    );
  });

  it('escapes raw HTML instead of passing it through', () => {
    const html = renderMarkdown('<script>alert(1)</script><img src=x onerror=alert(1)>');
    assert.ok(!html.includes('<script>'));
    assert.ok(!html.includes('<img'));
    assert.ok(html.includes('&lt;script&gt;'));
  });

  it('refuses javascript: links and marks the others safe', () => {
    assert.ok(!renderMarkdown('[x](javascript:alert(1))').includes('href'));
    const html = renderMarkdown('see https://example.org/docs');
    assert.ok(
      html.includes('<a href="https://example.org/docs" rel="nofollow noopener noreferrer" target="_blank">'),
    );
  });

  it('turns images into links so no remote content loads', () => {
    const html = renderMarkdown('![pixel](https://tracker.example/p.gif)');
    assert.ok(!html.includes('<img'));
    assert.ok(html.includes('href="https://tracker.example/p.gif"'));
  });
});
