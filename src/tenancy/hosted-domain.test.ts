import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assertDomainAllowed } from './hosted-domain.js';

const withoutCustomDomain = { isCustomDomainAllowed: false, hostedDomain: 'im.example.net' };

describe('assertDomainAllowed', () => {
  it('takes exactly one label under the hosted domain, as normalised', () => {
    assertDomainAllowed('acme.im.example.net', withoutCustomDomain);
    assertDomainAllowed('ACME.im.example.net.', withoutCustomDomain);
    assertDomainAllowed('bücher.im.example.net', withoutCustomDomain);
  });

  it('refuses the hosted domain itself, deeper names, look-alikes and other domains', () => {
    for (const domain of ['im.example.net', 'a.b.im.example.net', 'evilim.example.net', 'chat.acme.example'])
      assert.throws(
        () => assertDomainAllowed(domain, withoutCustomDomain),
        (error: { code?: string }) => error.code === 'custom_domain_not_allowed',
        domain,
      );
  });

  it('lets a plan with a custom domain, or any plan without a hosted domain, use any name', () => {
    assertDomainAllowed('chat.acme.example', { ...withoutCustomDomain, isCustomDomainAllowed: true });
    assertDomainAllowed('chat.acme.example', { isCustomDomainAllowed: false, hostedDomain: undefined });
  });

  it('still refuses names that are not domains', () => {
    assert.throws(
      () => assertDomainAllowed('not a domain', withoutCustomDomain),
      (error: { code?: string }) => error.code === 'domain_invalid',
    );
  });
});
