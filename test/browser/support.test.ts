import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import nodemailer from 'nodemailer';
import type { Locator } from 'playwright-core';
import { startTestApp, type TestApp } from '../support/app.js';
import {
  contrastOf,
  ensureWebBuilt,
  gone,
  heading,
  launchBrowser,
  shown,
  type Browser,
} from '../support/browser.js';
import { type Actor, signInStaff, signUpCustomer } from '../support/actors.js';
import { call, postForm } from '../support/api-client.js';
import { outboxTo } from '../support/outbox.js';
import { ticketFields } from '../support/support-desk.js';

const DESK = 'support@help.test';
const SUBJECT = 'Clients time out when they sign in';
const SECRET = 'hunter2-very-secret';
const MAX_FILE_BYTES = 200_000;

/** A log as a customer would paste it: a SASL PLAIN exchange and a password on a config line. */
const LOG = [
  '10:02:11 SEND <auth xmlns="urn:ietf:params:xml:ns:xmpp-sasl" mechanism="PLAIN">AGFsaWNlAGh1bnRlcjI=</auth>',
  `10:02:11 config: password=${SECRET}`,
  '10:02:41 ERROR connection timed out',
].join('\n');

/** A message with every element the Markdown renderer produces. */
const MARKDOWN = [
  '# Heading one',
  '## Heading two',
  '### Heading three',
  '',
  'A paragraph with **bold**, *emphasis*, ~~struck~~, `inline code` and a [link](https://example.test/docs).',
  '',
  '> A quoted line from the log.',
  '',
  '- first item',
  '- second item',
  '',
  '1. step one',
  '2. step two',
  '',
  '| Client | Result |',
  '| --- | --- |',
  '| Conversations | times out |',
  '',
  '```',
  '$ openssl s_client -connect chat.alice.test:5222 -starttls xmpp',
  'CONNECTED(00000003)',
  '```',
].join('\n');

/**
 * What the contrast check must have measured: each kind of rendered element, and the pasted log.
 * Headings are shown as bold paragraphs (one <h1> per page), so `strong` covers them.
 */
const MARKDOWN_ELEMENTS = [
  ...['p', 'strong', 'em', 's', 'code', 'pre', 'blockquote', 'a', 'ul li', 'ol li', 'th', 'td'].map(
    (element) => `.ticket-message-body ${element}`,
  ),
  '.ticket-message-log pre',
];

describe('support desk in chromium', () => {
  let t: TestApp;
  let browser: Browser;
  let baseUrl: string;
  let alice: Actor;
  let agent: Actor;
  let ticketPath = '';
  let attachmentUrl = '';

  before(async () => {
    await ensureWebBuilt();
    t = await startTestApp('sqlite', {
      IMHOST_SUPPORT_INBOUND_SMTP_PORT: '0',
      IMHOST_SUPPORT_ADDRESS: DESK,
      // Small enough that the form's own size check can be shown with a small file.
      IMHOST_SUPPORT_MAX_FILE_BYTES: String(MAX_FILE_BYTES),
    });
    await t.app.listen({ host: '127.0.0.1', port: 0 });
    baseUrl = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
    browser = await launchBrowser(baseUrl);
    alice = await signUpCustomer(t, { name: 'Alice', organization: 'Alice Ltd' });
    const host = await call(t, alice, 'POST', '/hosts', { domain: 'chat.alice.test' });
    assert.equal(host.statusCode, 201, host.body);
    agent = await signInStaff(t, 'support', 'Agent Smith');
  });

  after(async () => {
    await browser?.close();
    await t?.close();
  });

  /** Continues in the browser as the user of this API session. */
  async function actAs(session: Actor) {
    await browser.context.clearCookies();
    await browser.context.addCookies(
      session.cookie.split('; ').map((pair) => {
        const [name = '', value = ''] = pair.split('=');
        return { name, value, url: baseUrl };
      }),
    );
  }

  /** The message in the thread written by `author`, or the internal note when `isNote`. */
  function message(author: string, isNote = false): Locator {
    return browser.page.getByRole('article', {
      name: `${isNote ? 'Internal note' : 'Message'} from ${author}`,
    });
  }

  test('a customer files a ticket with a pasted screenshot and a log whose secrets are redacted', async () => {
    const { page } = browser;
    await actAs(alice);
    await page.goto('/support');
    await shown(heading(page, 'Support'));
    await shown(page.getByText('No tickets yet'));
    await page.getByRole('link', { name: 'Submit ticket' }).click();
    await shown(heading(page, 'Submit a ticket'));

    assert.equal(await page.getByLabel('Email', { exact: true }).inputValue(), alice.email);
    assert.equal(await page.getByLabel('Email', { exact: true }).getAttribute('readonly'), '');
    assert.equal(await page.getByLabel('Account').inputValue(), 'Alice Ltd');

    await page.getByLabel('IM host (optional)').selectOption({ label: 'chat.alice.test' });
    await page.getByLabel('Subject').fill(SUBJECT);
    await page.getByLabel('Description', { exact: true }).fill('Too short.');
    await page.getByRole('button', { name: 'Submit ticket' }).click();
    await shown(page.getByText(/Please write at least \d+ characters/));

    await page
      .getByLabel('Description', { exact: true })
      .fill('Since **this morning** no client can sign in to our host; every attempt times out.');
    await page.getByLabel('Logs (optional)').fill(LOG);

    // The customer pastes a screenshot from the clipboard into the description.
    await page.getByLabel('Description', { exact: true }).evaluate(async (textarea) => {
      const canvas = document.createElement('canvas');
      canvas.width = 480;
      canvas.height = 270;
      const draw = canvas.getContext('2d');
      if (!draw) throw new Error('no 2d canvas');
      draw.fillStyle = '#1d4ed8';
      draw.fillRect(0, 0, canvas.width, canvas.height);
      draw.fillStyle = '#ffffff';
      draw.font = '28px sans-serif';
      draw.fillText('Connection timed out', 40, 140);
      const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
      if (!blob) throw new Error('the canvas gave no image');
      const clipboard = new DataTransfer();
      clipboard.items.add(new File([blob], 'image.png', { type: 'image/png' }));
      textarea.dispatchEvent(
        new ClipboardEvent('paste', { clipboardData: clipboard, bubbles: true, cancelable: true }),
      );
    });
    const files = page.getByRole('list', { name: 'Files to send' });
    await shown(files.getByText('pasted-image-1.png'));
    await shown(files.getByRole('img', { name: 'Preview of pasted-image-1.png' }));
    await browser.screenshot('support-new-ticket');

    await page.getByRole('button', { name: 'Submit ticket' }).click();
    await shown(heading(page, SUBJECT));
    ticketPath = new URL(page.url()).pathname;
    await shown(page.getByRole('link', { name: 'host chat.alice.test' }));
    assert.match(ticketPath, /^\/support\/tickets\/.+/);

    const first = message('Alice');
    await shown(first.locator('strong', { hasText: 'this morning' }));
    const log = await (await shown(first.locator('.ticket-message-log pre'))).innerText();
    assert.match(log, /\[REDACTED\]/);
    assert.match(log, /connection timed out/);
    assert.ok(!log.includes(SECRET), 'the password is not shown');
    assert.ok(!log.includes('AGFsaWNlAGh1bnRlcjI='), 'the SASL payload is not shown');

    const thumbnail = first.getByRole('img', { name: 'pasted-image-1.png' });
    await shown(thumbnail);
    await thumbnail.evaluate(
      (image: HTMLImageElement) =>
        new Promise<void>((resolve, reject) => {
          if (image.complete && image.naturalWidth > 0) return resolve();
          image.addEventListener('load', () => resolve(), { once: true });
          image.addEventListener('error', () => reject(new Error('the thumbnail did not load')), {
            once: true,
          });
        }),
    );
    attachmentUrl =
      (await first.getByRole('link', { name: /pasted-image-1\.png/ }).getAttribute('href')) ?? '';
    assert.match(attachmentUrl, /^\/api\/v1\/tickets\/.+\/attachments\/.+/);
    const own = await page.request.get(attachmentUrl);
    assert.equal(own.status(), 200);
    assert.equal(own.headers()['content-type'], 'image/png');
    await browser.screenshot('support-ticket-filed');

    await page.getByRole('link', { name: '← All tickets' }).click();
    await shown(heading(page, 'Support'));
    await shown(page.getByRole('row', { name: new RegExp(`${SUBJECT}.*Technical.*Open`) }));
    await browser.screenshot('support-list');
    await page.getByLabel('Show').selectOption({ label: 'Resolved and closed' });
    await shown(page.getByText('No tickets in this view'));
    await page.getByLabel('Show').selectOption({ label: 'Open' });
    await shown(page.getByRole('row', { name: new RegExp(SUBJECT) }));
    assert.deepEqual(browser.problems, []);
  });

  test('a staff member answers and adds an internal note, warned that a colleague is viewing', async () => {
    const { page } = browser;
    const ticketId = decodeURIComponent(ticketPath.split('/').pop() ?? '');
    const colleague = await signInStaff(t, 'support', 'Grace Colleague');
    assert.equal((await call(t, colleague, 'GET', `/admin/tickets/${ticketId}`)).statusCode, 200);

    await actAs(agent);
    await page.goto('/staff/tickets');
    await shown(heading(page, 'Tickets'));
    await page.getByLabel('Search').fill('sign in');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByRole('link', { name: SUBJECT }).click();
    await shown(heading(page, SUBJECT));
    await shown(page.getByText('Grace Colleague is also viewing this ticket.', { exact: false }));
    const aside = page.getByRole('complementary');
    await shown(aside.getByText('Alice Ltd'));
    await shown(aside.getByRole('listitem').filter({ hasText: 'chat.alice.test' }).getByText('this ticket'));

    await page.getByRole('button', { name: 'Assign to me' }).click();
    await shown(page.getByText('Assigned to you.'));

    await page
      .getByLabel('Answer', { exact: true })
      .fill('Please check that port **5222** is open in your firewall.');
    await page.getByRole('button', { name: 'Send reply' }).click();
    await shown(message('Agent Smith').getByText('is open in your firewall'));

    await page.getByRole('button', { name: 'Internal note', pressed: false }).click();
    await page.getByLabel('Note', { exact: true }).fill('Customer firewall suspected; escalate if not.');
    await page.getByRole('button', { name: 'Add note' }).click();
    await shown(message('Agent Smith', true).getByText('escalate if not'));
    await browser.screenshot('support-staff-ticket');
    assert.deepEqual(browser.problems, []);
  });

  test("staff following a customer's link to a ticket land on the staff view of the same ticket", async () => {
    const { page } = browser;
    const ticketId = decodeURIComponent(ticketPath.split('/').pop() ?? '');
    await actAs(agent);
    await page.goto(ticketPath);
    await shown(heading(page, SUBJECT));
    assert.equal(new URL(page.url()).pathname, `/staff/tickets/${encodeURIComponent(ticketId)}`);
    await shown(page.getByRole('complementary', { name: 'Ticket details' }));
    await shown(message('Agent Smith', true).getByText('escalate if not'));
    assert.deepEqual(browser.problems, []);
  });

  test('the customer sees the reply but not the note, and gets the notification email', async () => {
    const { page } = browser;
    await actAs(alice);
    await page.goto(ticketPath);
    await shown(message('Agent Smith').getByText('is open in your firewall'));
    await shown(page.getByText('Waiting on customer').first());
    assert.equal(await page.getByText('escalate if not').count(), 0);
    assert.equal(await page.getByText('Internal note').count(), 0);

    const mail = (await outboxTo(t, alice.email)).find((m) => m.text.includes('is open in your firewall'));
    assert.ok(mail, 'the reply was emailed to the customer');
    assert.ok(!mail.text.includes('escalate'), 'the note is not in the email');
    assert.match(mail.headers?.['Reply-To'] ?? '', /^support\+.+@help\.test$/);

    await page
      .getByLabel('Message', { exact: true })
      .fill(
        'Here is the client log you asked for. <img src=x onerror="window.pwned=1"> [details](javascript:window.pwned=2)',
      );
    await page.getByLabel('Attachments').setInputFiles({
      name: 'client.log',
      mimeType: 'text/plain',
      buffer: Buffer.from('10:05:00 connecting to chat.alice.test:5222\n'),
    });
    await page.getByRole('button', { name: 'Send reply' }).click();
    const withLog = message('Alice').filter({ hasText: 'Here is the client log' });
    const download = await shown(withLog.getByRole('link', { name: 'client.log' }));
    assert.equal(await download.getAttribute('download'), 'client.log');
    // Markup in a message is shown as text, and a script link is not a link.
    await shown(withLog.getByText('<img src=x onerror="window.pwned=1">'));
    assert.equal(await withLog.getByRole('link', { name: 'details' }).count(), 0);
    assert.equal(await page.evaluate(() => (window as { pwned?: number }).pwned), undefined);
    const file = await page.request.get((await download.getAttribute('href')) ?? '');
    assert.equal(file.status(), 200);
    assert.match(file.headers()['content-disposition'] ?? '', /^attachment/);
    assert.deepEqual(browser.problems, []);
  });

  test('the customer replies by email and the reply lands in the thread', async () => {
    const { page } = browser;
    const mail = (await outboxTo(t, alice.email)).find((m) => m.text.includes('is open in your firewall'));
    const replyTo = mail?.headers?.['Reply-To'];
    assert.ok(replyTo);
    const address = t.ctx.support.inboundAddress();
    assert.ok(address, 'the inbound listener is on');
    const smtp = nodemailer.createTransport({
      host: '127.0.0.1',
      port: address.port,
      secure: false,
      ignoreTLS: true,
    });
    try {
      // The listener answers 250 only once the reply is stored in the ticket.
      await smtp.sendMail({
        from: `Alice <${alice.email}>`,
        to: replyTo,
        subject: `Re: ${SUBJECT}`,
        text: 'The port was closed, it works now. Thanks!\n\nOn Thu, Support wrote:\n> Please check that port 5222 is open\n',
      });
    } finally {
      smtp.close();
    }

    await actAs(alice);
    await page.goto(ticketPath);
    const emailed = message('Alice').filter({ hasText: 'it works now' });
    await shown(emailed);
    await shown(emailed.getByText('by email'));
    assert.ok(!(await emailed.innerText()).includes('> Please check'), 'the quoted text is stripped');
    await browser.screenshot('support-ticket-thread');
    assert.deepEqual(browser.problems, []);
  });

  test('another customer gets 404 for the ticket and for its attachment', async () => {
    const { page } = browser;
    const mallory = await signUpCustomer(t, { name: 'Mallory', organization: 'Mallory Ltd' });
    await actAs(mallory);
    const ticketApi = `/api/v1/tickets/${ticketPath.split('/').pop() ?? ''}`;
    assert.equal((await page.request.get(ticketApi)).status(), 404);
    assert.equal((await page.request.get(attachmentUrl)).status(), 404);
    assert.equal((await page.request.get(`${attachmentUrl}?thumbnail=true`)).status(), 404);

    await page.goto(ticketPath);
    await shown(heading(page, 'Ticket not found'));
    await gone(page.getByText(SUBJECT));
    await browser.screenshot('support-not-found');
    assert.deepEqual(browser.problems, []);
  });
  test('the form checks attachment limits itself and takes picked and dropped files', async () => {
    const { page } = browser;
    await actAs(alice);
    await page.goto('/support/new');
    await shown(heading(page, 'Submit a ticket'));
    const files = page.getByRole('list', { name: 'Files to send' });
    const picker = page.getByLabel('Attachments');

    await picker.setInputFiles({
      name: 'huge.log',
      mimeType: 'text/plain',
      buffer: Buffer.alloc(MAX_FILE_BYTES + 1, 'x'),
    });
    await shown(page.getByText('huge.log is larger than'));
    await picker.setInputFiles({
      name: 'setup.exe',
      mimeType: 'application/x-msdownload',
      buffer: Buffer.from('MZ'),
    });
    await shown(page.getByText('setup.exe: only images and text or log files can be attached.'));

    await picker.setInputFiles({
      name: 'client.log',
      mimeType: 'text/plain',
      buffer: Buffer.from('hello\n'),
    });
    await shown(files.getByText('client.log'));
    await page.locator('.drop-zone').evaluate((zone) => {
      const data = new DataTransfer();
      data.items.add(new File(['dropped text'], 'dropped.txt', { type: 'text/plain' }));
      zone.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
    });
    await shown(files.getByText('dropped.txt'));
    await page.getByRole('button', { name: 'Remove dropped.txt' }).click();
    await gone(files.getByText('dropped.txt'));
    await shown(files.getByText('client.log'));

    await page.getByRole('button', { name: 'Ask a billing question' }).click();
    assert.equal(await page.getByLabel('Department').inputValue(), 'dep_billing');
    assert.deepEqual(browser.problems, []);
  });

  test('staff resolve with a canned response; the customer rates and reopens; a duplicate is merged', async () => {
    const { page } = browser;
    const ticketId = decodeURIComponent(ticketPath.split('/').pop() ?? '');
    const canned = await call(t, agent, 'POST', '/admin/support/canned-responses', {
      title: 'Glad it works',
      body: 'Hello {customer.name}, glad it works again.',
    });
    assert.equal(canned.statusCode, 201, canned.body);

    await actAs(agent);
    await page.goto(`/staff/tickets/${ticketId}`);
    await shown(heading(page, SUBJECT));
    await page.getByLabel('Insert canned response').selectOption({ label: 'Glad it works' });
    await page.waitForFunction(() =>
      /Hello Alice, glad it works again\./.test(
        (document.querySelector('textarea[name="body"]') as HTMLTextAreaElement | null)?.value ?? '',
      ),
    );
    await page.getByLabel('Status after sending').selectOption('resolved');
    await page.getByRole('button', { name: 'Send reply' }).click();
    await shown(message('Agent Smith').getByText('glad it works again'));
    assert.equal(await page.getByLabel('Status', { exact: true }).inputValue(), 'resolved');

    await actAs(alice);
    await page.goto(ticketPath);
    await shown(page.getByRole('heading', { name: 'How did we do?' }));
    await page.getByRole('button', { name: 'Send rating' }).click();
    await shown(page.getByText('Choose a rating first.'));
    await page.getByLabel('4 Good').check();
    await page.getByLabel('Comment (optional)').fill('Quick and friendly.');
    await browser.screenshot('support-rating');
    await page.getByRole('button', { name: 'Send rating' }).click();
    await shown(page.getByText('You rated this ticket 4 out of 5.'));
    await page.getByRole('button', { name: 'Reopen ticket' }).click();
    await shown(page.getByRole('button', { name: 'Close ticket' }));
    await gone(page.getByRole('button', { name: 'Reopen ticket' }));

    const duplicate = await postForm(
      t,
      alice,
      '/tickets',
      ticketFields({
        subject: 'Still cannot sign in',
        description: 'Duplicate: the timeouts are back on our host.',
      }),
    );
    assert.equal(duplicate.statusCode, 201, duplicate.body);
    await actAs(agent);
    await page.goto(`/staff/tickets/${duplicate.json<{ ticket: { id: string } }>().ticket.id}`);
    await shown(heading(page, 'Still cannot sign in'));
    await page.getByLabel('Merge into').selectOption({ label: `${SUBJECT} (${ticketId})` });
    await page.getByRole('button', { name: 'Merge…' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Merge', exact: true }).click();
    await shown(heading(page, SUBJECT));
    await shown(page.getByText('the timeouts are back on our host'));

    await page.getByRole('link', { name: '← Ticket queue' }).click();
    await shown(heading(page, 'Tickets'));
    await shown(page.getByRole('row', { name: new RegExp(SUBJECT) }));
    await browser.screenshot('support-staff-queue');
    await page.getByLabel('Priority').selectOption('urgent');
    await shown(page.getByText('No tickets match'));
    assert.deepEqual(browser.problems, []);
  });
  test('Markdown in a ticket is readable (WCAG AA contrast) on a desktop and on a phone', async () => {
    const { page } = browser;
    const created = await postForm(
      t,
      alice,
      '/tickets',
      ticketFields({ subject: 'Markdown contrast', description: MARKDOWN, logText: LOG }),
    );
    assert.equal(created.statusCode, 201, created.body);
    const ticketId = created.json<{ ticket: { id: string } }>().ticket.id;
    for (const kind of ['replies', 'notes'])
      assert.equal(
        (await postForm(t, agent, `/admin/tickets/${ticketId}/${kind}`, { body: MARKDOWN })).statusCode,
        201,
      );

    // The customer's view has the customer's message and the staff reply; the staff view adds the note.
    const views = [
      { who: alice, path: `/support/tickets/${ticketId}`, messages: 2 },
      { who: agent, path: `/staff/tickets/${ticketId}`, messages: 3 },
    ];
    try {
      for (const viewport of [
        { width: 1280, height: 860 },
        { width: 390, height: 844 },
      ]) {
        await page.setViewportSize(viewport);
        for (const view of views) {
          await actAs(view.who);
          await page.goto(view.path);
          await shown(heading(page, 'Markdown contrast'));
          const tables = page.locator('.ticket-message-body table');
          await tables.nth(view.messages - 1).waitFor();
          for (const selector of MARKDOWN_ELEMENTS) {
            const report = await contrastOf(page, selector);
            const where = `${selector} at ${viewport.width} px in ${view.path}`;
            assert.ok(report.passed > 0, `${where} was measured`);
            assert.deepEqual(report.problems, [], where);
          }
          await browser.screenshot(
            `support-markdown-${viewport.width}-${view.who === agent ? 'staff' : 'customer'}`,
          );
        }
      }
    } finally {
      await page.setViewportSize({ width: 1280, height: 860 });
    }
    assert.deepEqual(browser.problems, []);
  });

  test('staff manage departments, canned responses and SLA targets', async () => {
    const { page } = browser;
    await actAs(agent);
    await page.goto('/staff/tickets');
    await page.getByRole('link', { name: 'Desk settings' }).click();
    await shown(heading(page, 'Desk settings'));

    await page.getByLabel('New department').fill('Migrations');
    await page.getByRole('button', { name: 'Add department' }).click();
    await shown(page.getByText('Migrations was added.'));
    await page.getByRole('button', { name: 'Deactivate Migrations' }).click();
    await shown(page.getByText('Migrations is no longer offered.'));
    await shown(page.getByRole('row', { name: /Migrations.*disabled/ }));

    await page.getByRole('button', { name: 'New canned response' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Title').fill('Welcome');
    await dialog.getByLabel('Text').fill('Hi {customer.name}, we are on it.');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await shown(page.getByText('Hi {customer.name}, we are on it.'));
    await page.getByRole('button', { name: 'Edit Welcome' }).click();
    await dialog.getByLabel('Text').fill('Hello {customer.name}, we are on it.');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await shown(page.getByText('Hello {customer.name}, we are on it.'));

    const urgentFirst = page.getByLabel('Urgent: first response in hours');
    await urgentFirst.fill('0.5');
    await page.getByRole('button', { name: 'Save targets' }).click();
    await shown(page.getByText('SLA targets saved.'));
    const targets = await call(t, agent, 'GET', '/admin/support/sla-targets');
    const urgent = targets.json<{ items: { priority: string; firstResponseMinutes: number }[] }>().items;
    assert.equal(urgent.find((item) => item.priority === 'urgent')?.firstResponseMinutes, 30);
    await browser.screenshot('support-desk-settings');

    await page.getByRole('button', { name: 'Delete Welcome' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete', exact: true }).click();
    await gone(page.getByText('Hello {customer.name}, we are on it.'));
    assert.deepEqual(browser.problems, []);
  });
});
