import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contactAreas } from '../../src/casework/redact.ts';
import { processOutbox } from '../../src/delivery/outbox.ts';
import { transportsFrom, useTransports } from '../../src/delivery/transports.ts';
import type { Contact } from '../../src/store/records.ts';
import { type TestCardbox, tempCardbox } from '../helpers/cardbox.ts';
import { uploadAndRead } from '../helpers/digitize.ts';
import { asStaff, loginAs } from '../helpers/staff.ts';
import { Random } from '../synth/random.ts';
import { makeScene, type Scene } from '../synth/scene.ts';
import { seededSerial } from '../synth/serials.ts';
import { startSmsGateway } from './mail-servers.ts';

let t: TestCardbox;
let scene: Scene;
let sms: Awaited<ReturnType<typeof startSmsGateway>>;

beforeAll(async () => {
  t = await tempCardbox();
  sms = await startSmsGateway();
  useTransports(t.cardbox, transportsFrom({ SMS_WEBHOOK_URL: sms.url }));
  const random = new Random(5);
  scene = await makeScene(t.cardbox.layout, t.cardbox.profile, random, {
    width: 2400,
    height: 1800,
    cards: 1,
    tilt: 0.1,
    serials: [{ serial: seededSerial(random, 'yellow'), type: 'yellow' }],
    fill: {
      marks: {
        'area.facility': 'tick',
        'satisfaction.2': 'cross',
        'reply.wanted': 'tick',
        'consent.privacy': 'tick',
      },
    },
  });
});

afterAll(async () => {
  await sms.close();
  await t.cleanup();
});

describe('from a photo of the box to a delivered notice', () => {
  it('reads the card, staff confirm it, and the visitor gets the notice by SMS', async () => {
    const truth = scene.cards[0]!;
    expect(truth.phone).toMatch(/^010\d{8}$/);
    const { cookie } = await loginAs(t, 'staff', { name: '서담당', department: 'admin', phone: '258-2523' });
    await uploadAndRead(t, cookie, scene.jpeg);

    const record = t.cardbox.store.cases.data.cases.find((c) => c.serial === truth.serial)!;
    expect(record).toMatchObject({ channel: 'cardbox', type: 'yellow' });
    expect(record.reading?.image).toBeTruthy();
    // The OCR draft of the phone number is a contact detail: sealed at rest, opened only on a staff screen.
    const phoneDraft = record.reading!.fields.phone!;
    expect(phoneDraft.text).toBe('');
    expect(phoneDraft.sealed).toBeDefined();
    const draft = t.cardbox.sealer.open<string>(phoneDraft.sealed!);
    expect(draft).toMatch(/^01\d/);
    expect(JSON.stringify(t.cardbox.store.cases.data)).not.toContain(draft);
    expect(JSON.stringify(t.cardbox.store.digitize.data)).not.toContain(draft);
    // Contact data (drafts, crops, the card's contact areas) is the assigned officer's: unassigned, the drafts
    // and crops are not shown and the card image comes with its phone and e-mail areas painted over.
    const unassigned = await (await asStaff(t, cookie, `/staff/cases/${record.id}`)).text();
    expect(unassigned).not.toContain(draft);
    expect(unassigned).not.toContain(`/staff/cases/${record.id}/crop/phone`);
    const painted = await asStaff(t, cookie, `/staff/cases/${record.id}/image`);
    expect(painted.status).toBe(200);
    const stored = await t.cardbox.store.files.read(record.reading!.image!);
    const paintedBytes = Buffer.from(await painted.arrayBuffer());
    expect(paintedBytes.equals(stored)).toBe(false);
    // On the card as read from the photo, the handwritten number lies inside the painted areas.
    const darkestIn = async (bytes: Buffer) => {
      const { data, info } = await sharp(bytes).greyscale().raw().toBuffer({ resolveWithObject: true });
      const k = info.width / t.cardbox.layout.card.width;
      return contactAreas(t.cardbox.layout).map((r) => {
        let lowest = 255;
        for (let y = Math.ceil(r.y * k); y < Math.floor((r.y + r.h) * k); y++)
          for (let x = Math.ceil(r.x * k); x < Math.floor((r.x + r.w) * k); x++)
            lowest = Math.min(lowest, data[y * info.width + x]!);
        return lowest;
      });
    };
    expect((await darkestIn(stored))[0]).toBeLessThan(100);
    for (const level of await darkestIn(paintedBytes)) expect(level).toBeGreaterThan(128);
    // A lead assigns the case to 서담당 (an assignment to oneself would grant nothing).
    const lead = await loginAs(t, 'admin');
    const officerUser = t.cardbox.store.auth.data.users.find((u) => u.name === '서담당')!;
    const assigned = await asStaff(t, lead.cookie, `/staff/cases/${record.id}/assign`, {
      method: 'POST',
      body: new URLSearchParams({ department: 'admin', officerId: officerUser.id }),
    });
    expect(assigned.status).toBe(303);
    const page = await (await asStaff(t, cookie, `/staff/cases/${record.id}`)).text();
    expect(page).toContain(`/staff/cases/${record.id}/image`);
    expect(page).toContain(`value="${draft}"`);
    const viewer = await loginAs(t, 'viewer');
    expect(await (await asStaff(t, viewer.cookie, `/staff/cases/${record.id}`)).text()).not.toContain(draft);
    const image = await asStaff(t, cookie, `/staff/cases/${record.id}/image`);
    expect(image.status).toBe(200);
    expect(image.headers.get('content-type')).toMatch(/^image\//);
    expect(Buffer.from(await image.arrayBuffer()).equals(stored)).toBe(true);
    for (const [name, field] of Object.entries(record.reading!.fields)) {
      if (!field.crop) continue;
      const crop = await asStaff(t, cookie, `/staff/cases/${record.id}/crop/${name}`);
      expect(crop.status, name).toBe(200);
    }

    // Staff confirm: the message and phone as written on the card (correcting the OCR drafts where needed).
    const review = new URLSearchParams({
      'field.message': truth.message.join(' '),
      'field.phone': truth.phone,
      'field.email': '',
    });
    const ticked = ['area.facility', 'satisfaction.2', 'reply.wanted', 'consent.privacy'];
    for (const id of ticked) review.append('check', id);
    // A box the reader left undecided is decided by staff looking at the card, never left to default.
    for (const [id, value] of Object.entries(record.reading!.checks))
      if (value === null) review.append(`decide.${id}`, ticked.includes(id) ? 'yes' : 'no');
    expect(
      (await asStaff(t, cookie, `/staff/cases/${record.id}/review`, { method: 'POST', body: review })).status,
    ).toBe(303);
    const reviewed = t.cardbox.store.cases.data.cases.find((c) => c.id === record.id)!;
    expect(reviewed.areas).toEqual(['facility']);
    expect(reviewed.satisfaction).toBe(2);
    expect(reviewed.consent).toBe(true);
    expect(t.cardbox.sealer.open<Contact>(reviewed.contact!).phone).toBe(truth.phone);
    expect(JSON.stringify(reviewed)).not.toContain(truth.phone);

    const post = (path: string, form: Record<string, string>) =>
      asStaff(t, cookie, `/staff/cases/${record.id}/${path}`, {
        method: 'POST',
        body: new URLSearchParams(form),
      });
    expect((await post('classify', { classification: 'service' })).status).toBe(303);
    const officerId = t.cardbox.store.auth.data.users.find((u) => u.name === '서담당')!.id;
    expect((await post('assign', { department: 'admin', officerId })).status).toBe(303);
    expect((await post('notice', { result: '시설 점검을 마쳤습니다.' })).status).toBe(303);
    await processOutbox(t.cardbox);

    expect(sms.received).toHaveLength(1);
    expect(sms.received[0]!.body).toMatchObject({ to: truth.phone, serial: truth.serial, kind: 'notice' });
    expect(String((sms.received[0]!.body as { text: string }).text)).toContain('서담당');
    const status = await (await t.app.request(`/c/${truth.serial}`)).text();
    expect(status).toContain('시설 점검을 마쳤습니다');
  });
});
