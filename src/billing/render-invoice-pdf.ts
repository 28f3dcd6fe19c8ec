import PDFDocument from 'pdfkit';
import type { InvoiceParties } from './invoice-facts.js';
import { formatDayIn } from '../lib/time-zone.js';
import { formatMoney } from './math/money.js';
import type { InvoiceWithLinesView } from './views.js';

/** DejaVu covers Latin, Greek and Cyrillic; PDF's built-in Helvetica is WinAnsi only. */
const FONT = '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf';
const FONT_BOLD = '/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf';

/**
 * Renders a finalised invoice from its stored lines and party snapshot; never recomputes amounts.
 * Its dates are calendar days in the billing time zone it was issued in, as the dashboard shows them.
 */
export function renderInvoicePdf(
  invoice: InvoiceWithLinesView,
  parties: InvoiceParties,
  now: Date,
): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margin: 50,
    info: { Title: `Invoice ${invoice.number ?? ''}`, CreationDate: now },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const money = (amount: number) => formatMoney({ amount, currency: invoice.currency });
  const day = (iso: string | null) => (iso ? formatDayIn(iso, invoice.timeZone) : '');
  doc.registerFont('body', FONT);
  doc.registerFont('bold', FONT_BOLD);

  doc
    .font('bold')
    .fontSize(18)
    .text(`Invoice ${invoice.number ?? '(draft)'}`);
  doc.font('body').fontSize(10).moveDown(0.5);
  doc.text(`Status: ${invoice.status}`);
  doc.text(`Issued: ${day(invoice.issuedAt)}    Due: ${day(invoice.dueAt)}`);
  if (invoice.periodStart)
    doc.text(`Service period: ${day(invoice.periodStart)} to ${day(invoice.periodEnd)} (end exclusive)`);
  doc.moveDown();
  doc.font('bold').text('From');
  doc.font('body').text(parties.seller.name);
  if (parties.seller.address) doc.text(parties.seller.address);
  if (parties.seller.vatId) doc.text(`VAT id: ${parties.seller.vatId}`);
  doc.moveDown(0.5);
  doc.font('bold').text('To');
  doc.font('body').text(parties.buyer.legalName ?? parties.buyer.email ?? parties.buyer.customerId);
  if (parties.buyer.address) doc.text(parties.buyer.address);
  if (parties.buyer.country) doc.text(parties.buyer.country);
  if (parties.buyer.vatId) doc.text(`VAT id: ${parties.buyer.vatId}`);
  doc.moveDown();

  doc.font('bold').text('Description', 50, doc.y, { continued: false });
  for (const line of invoice.lines) {
    const period = line.periodStart ? ` [${day(line.periodStart)} – ${day(line.periodEnd)})` : '';
    const y = doc.y;
    doc.font('body').text(`${line.description}${period}`, 50, y, { width: 380 });
    const after = doc.y;
    doc.text(money(line.amount), 430, y, { width: 115, align: 'right' });
    doc.y = Math.max(after, doc.y);
    if (line.discount !== 0)
      doc.text(`Discount −${money(line.discount)}`, 430, doc.y, { width: 115, align: 'right' });
  }
  doc.moveDown();
  const total = (label: string, amount: number) => {
    const y = doc.y;
    doc.text(label, 300, y, { width: 130 });
    doc.text(money(amount), 430, y, { width: 115, align: 'right' });
  };
  total('Subtotal', invoice.subtotal);
  if (invoice.discount) total('Discount', -invoice.discount);
  total(`Tax (${invoice.taxPercent}%${invoice.isTaxInclusive ? ', included' : ''})`, invoice.tax);
  doc.font('bold');
  total('Total', invoice.total);
  doc.font('body');
  if (invoice.creditApplied) total('Account credit applied', -invoice.creditApplied);
  if (invoice.amountPaid) total('Paid', -invoice.amountPaid);
  total('Amount due', invoice.amountDue);
  if (invoice.taxNote) {
    doc.moveDown();
    doc.text(invoice.taxNote, 50, doc.y, { width: 495 });
  }
  doc.end();
  return done;
}
