import { expect } from 'vitest';
import { digitizeQueue } from '../../src/jobs/digitize.ts';
import type { TestCardbox } from './cardbox.ts';
import { asStaff } from './staff.ts';

/** Staff upload a photo of the box on the digitize page and wait until it is read. */
export async function uploadAndRead(
  t: TestCardbox,
  cookie: string,
  jpeg: Uint8Array,
  name = 'box.jpg',
): Promise<void> {
  const upload = new FormData();
  upload.append('photos', new File([new Uint8Array(jpeg)], name, { type: 'image/jpeg' }));
  const uploaded = await asStaff(t, cookie, '/staff/digitize/photos', {
    method: 'POST',
    body: upload,
    headers: { accept: 'application/json' },
  });
  expect(uploaded.status).toBe(202);
  await digitizeQueue(t.cardbox).drain();
}
