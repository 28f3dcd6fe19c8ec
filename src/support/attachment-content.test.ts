import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import sharp from 'sharp';
import { isAppError } from '../lib/errors.js';
import { makeUploadSafe, safeFileName, THUMBNAIL_SIZE } from './attachment-content.js';

async function jpegWithExif(): Promise<Buffer> {
  return sharp({ create: { width: 800, height: 400, channels: 3, background: '#336699' } })
    .jpeg()
    .withExif({ IFD0: { Copyright: 'secret-owner', Make: 'PhoneCo' } })
    .toBuffer();
}

describe('makeUploadSafe', () => {
  it('re-encodes images without their metadata and makes a thumbnail', async () => {
    const original = await jpegWithExif();
    assert.ok((await sharp(original).metadata()).exif, 'the fixture carries EXIF');
    const safe = await makeUploadSafe('../../holiday.JPG', original);
    assert.equal(safe.contentType, 'image/jpeg');
    assert.equal(safe.fileName, 'holiday.jpg');
    assert.equal(safe.width, 800);
    const meta = await sharp(safe.data).metadata();
    assert.equal(meta.exif, undefined);
    assert.ok(!safe.data.includes('secret-owner'));
    const thumb = await sharp(safe.thumbnail ?? Buffer.alloc(0)).metadata();
    assert.equal(thumb.format, 'webp');
    assert.equal(thumb.width, THUMBNAIL_SIZE);
  });

  it('goes by content, not by name: a PNG called .txt is an image, text called .png is text', async () => {
    const png = await sharp({ create: { width: 10, height: 10, channels: 4, background: '#fff' } })
      .png()
      .toBuffer();
    assert.equal((await makeUploadSafe('notes.txt', png)).contentType, 'image/png');
    const text = await makeUploadSafe('shot.png', Buffer.from('plain words\n'));
    assert.equal(text.contentType, 'text/plain; charset=utf-8');
    assert.equal(text.fileName, 'shot.txt');
  });

  it('redacts secrets in text and log files', async () => {
    const safe = await makeUploadSafe('client.log', Buffer.from('SEND password=hunter22\n'));
    assert.equal(safe.fileName, 'client.log');
    assert.equal(safe.data.toString(), 'SEND password=[REDACTED]\n');
  });

  it('refuses binaries and broken images', async () => {
    const zip = Buffer.from('504b0304140000000800', 'hex');
    const pdf = Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1');
    for (const data of [zip, pdf, Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 1, 2])]) {
      await assert.rejects(
        makeUploadSafe('x.txt', data),
        (error) => isAppError(error) && error.code === 'attachment_type_not_allowed',
      );
    }
    const truncated = (await jpegWithExif()).subarray(0, 200);
    await assert.rejects(
      makeUploadSafe('x.jpg', truncated),
      (error) => isAppError(error) && error.code === 'attachment_type_not_allowed',
    );
  });

  it('refuses an image that decodes to too many pixels', async () => {
    const bomb = await sharp({ create: { width: 8000, height: 6000, channels: 3, background: '#000' } })
      .png()
      .toBuffer();
    assert.ok(bomb.length < 1_000_000, 'small on disk');
    await assert.rejects(
      makeUploadSafe('bomb.png', bomb),
      (error) => isAppError(error) && error.code === 'attachment_type_not_allowed',
    );
  });

  it('cleans file names', () => {
    assert.equal(safeFileName('C:\\Users\\a\\"evil"<x>.exe', 'txt'), 'evilx.txt');
    assert.equal(safeFileName('', 'png'), 'attachment.png');
  });
});
