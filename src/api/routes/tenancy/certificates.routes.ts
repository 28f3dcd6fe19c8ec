import { X509Certificate } from 'node:crypto';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync } from 'fastify';
import { Type } from 'typebox';
import type { Clock } from '../../../lib/clock.js';
import { AppError } from '../../../lib/errors.js';
import { CertificateInvalidError, type CertificateInfo } from '../../../platform/tls/index.js';
import type { ApiContext } from '../../context.js';
import { requireStaff } from '../../plugins/auth.js';
import { body, errors } from '../../schemas.js';
import { actorOf, canRead } from './tenancy-access.js';
import { HostParams } from './tenancy.schemas.js';

const tags = ['hosts'];

// A leaf plus a few intermediates, or one private key, fits easily; anything larger is not a certificate.
const CertPem = Type.String({ minLength: 1, maxLength: 65_536 });
const KeyPem = Type.String({ minLength: 1, maxLength: 16_384 });

const CertificateView = Type.Object({
  domain: Type.String(),
  isSelfSigned: Type.Boolean(),
  notAfter: Type.String({ format: 'date-time' }),
  fingerprintSha256: Type.String({ description: 'Colon-separated hex, as clients show it.' }),
  subjectAltNames: Type.Array(Type.String(), { description: 'The DNS names the certificate covers.' }),
});

function toView(info: CertificateInfo) {
  const cert = new X509Certificate(info.certPem);
  const dnsNames = (cert.subjectAltName ?? '')
    .split(', ')
    .filter((entry) => entry.startsWith('DNS:'))
    .map((entry) => entry.slice('DNS:'.length));
  return {
    domain: info.domain,
    isSelfSigned: info.isSelfSigned,
    notAfter: info.notAfter,
    fingerprintSha256: cert.fingerprint256,
    subjectAltNames: dnsNames,
  };
}

/**
 * What the store does not check itself: clients match the name against the SANs only (RFC 6125),
 * so a certificate naming the domain only in its subject would fail them; an expired one fails everyone.
 */
function checkUsable(certPem: string, domain: string, clock: Clock): void {
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(certPem);
  } catch {
    throw new AppError('certificate_invalid', { details: { reason: 'not a PEM certificate' } });
  }
  if (!cert.checkHost(domain, { subject: 'never' }))
    throw new AppError('certificate_invalid', {
      details: { reason: `the certificate does not name ${domain}` },
    });
  if (new Date(cert.validTo).getTime() <= clock.now().getTime())
    throw new AppError('certificate_invalid', { details: { reason: 'the certificate has expired' } });
}

/** A host's TLS certificate: self-signed until the operator installs one, replaced without a restart. */
export function certificatesRoutes(ctx: ApiContext): FastifyPluginAsync {
  const { tenancy, certificates, clock } = ctx;

  return async (instance) => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();

    app.get(
      '/hosts/:id/certificate',
      {
        schema: {
          tags,
          summary: "The host's TLS certificate (a self-signed one is created if it has none)",
          params: HostParams,
          response: { 200: CertificateView, ...errors },
        },
        preHandler: canRead,
      },
      async (request) => {
        const host = await tenancy.hosts.get(actorOf(request), request.params.id);
        return toView(await certificates.ensure(host.domain));
      },
    );

    app.put(
      '/admin/hosts/:id/certificate',
      {
        schema: {
          tags,
          summary: "Install a certificate for the host's domain (staff); new connections use it at once",
          params: HostParams,
          body: body({ certPem: CertPem, keyPem: KeyPem }),
          response: { 200: CertificateView, ...errors },
        },
        preHandler: requireStaff('admin'),
        config: { audit: { action: 'host.certificate.install', targetType: 'host', targetParam: 'id' } },
      },
      async (request) => {
        const host = await tenancy.hosts.get(actorOf(request), request.params.id);
        const { certPem, keyPem } = request.body;
        checkUsable(certPem, host.domain, clock);
        try {
          const info = await certificates.install(host.domain, certPem, keyPem);
          request.auditTarget = {
            type: 'host',
            id: host.id,
            customerId: host.customerId,
            details: { notAfter: info.notAfter },
          };
          return toView(info);
        } catch (error) {
          if (error instanceof CertificateInvalidError)
            throw new AppError('certificate_invalid', { details: { reason: error.message }, cause: error });
          throw error;
        }
      },
    );
  };
}
