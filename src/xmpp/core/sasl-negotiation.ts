/**
 * The SASL part of stream negotiation (RFC 6120 §6): `<auth/>`, `<response/>` and `<abort/>`
 * drive one exchange of the authenticator at a time, and each answer becomes the element the
 * stream sends back. Failures are counted for the whole stream, so a client gets a few tries and
 * then loses the connection.
 */
import { attr, NS, xml, type Element } from '../stanza/index.js';
import type { SaslAuthenticator, SaslContext, SaslExchange, SaslFailureCondition, SaslStep } from './sasl.js';

export type SaslAnswer =
  | { kind: 'challenge'; reply: Element }
  /** `isFinal`: the stream has used up its attempts and is to be closed after the reply. */
  | { kind: 'failure'; reply: Element; isFinal: boolean; condition: SaslFailureCondition; username?: string }
  | { kind: 'success'; reply: Element; username: string };

type Failure = Extract<SaslStep, { kind: 'failure' }>;

/** RFC 6120 §6.4.2: empty is `=`; anything else must be strict base64. */
function decodeSaslPayload(text: string): Buffer | undefined {
  const trimmed = text.trim();
  if (trimmed === '' || trimmed === '=') return Buffer.alloc(0);
  if (trimmed.length % 4 !== 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(trimmed)) return undefined;
  return Buffer.from(trimmed, 'base64');
}

export class SaslNegotiation {
  private exchange: SaslExchange | undefined;
  private failures = 0;

  constructor(
    private readonly sasl: SaslAuthenticator,
    private readonly maxFailures: number,
  ) {}

  /**
   * Answers one element in the SASL namespace. `isEncryptionRequired`: the transport refuses
   * authentication until TLS is up, and it is not.
   */
  async handle(element: Element, ctx: SaslContext, isEncryptionRequired: boolean): Promise<SaslAnswer> {
    if (element.name === 'auth') {
      if (isEncryptionRequired) return this.failure({ kind: 'failure', condition: 'encryption-required' });
      this.exchange = this.sasl.start(attr(element, 'mechanism') ?? '', ctx);
      if (!this.exchange) return this.failure({ kind: 'failure', condition: 'invalid-mechanism' });
    } else if (element.name === 'abort') {
      return this.failure({ kind: 'failure', condition: 'aborted' });
    } else if (element.name !== 'response' || !this.exchange) {
      return this.failure({ kind: 'failure', condition: 'malformed-request' });
    }
    const data = decodeSaslPayload(element.text());
    if (!data) return this.failure({ kind: 'failure', condition: 'incorrect-encoding' });
    const step = await this.exchange.step(data);
    if (step.kind === 'challenge')
      return { kind: 'challenge', reply: xml('challenge', { xmlns: NS.sasl }, step.data.toString('base64')) };
    this.exchange = undefined;
    if (step.kind === 'failure') return this.failure(step);
    const success = step.data && step.data.length > 0 ? step.data.toString('base64') : '';
    return { kind: 'success', reply: xml('success', { xmlns: NS.sasl }, success), username: step.username };
  }

  private failure(step: Failure): SaslAnswer {
    this.exchange = undefined;
    const reply = xml('failure', { xmlns: NS.sasl }, xml(step.condition));
    if (step.text) reply.cnode(xml('text', { 'xml:lang': 'en' }, step.text));
    // A client may abort, or try a mechanism we lack, as often as it likes; the rest count.
    const counts = step.condition !== 'aborted' && step.condition !== 'invalid-mechanism';
    return {
      kind: 'failure',
      reply,
      isFinal: counts && ++this.failures >= this.maxFailures,
      condition: step.condition,
      ...(step.username !== undefined && { username: step.username }),
    };
  }
}
