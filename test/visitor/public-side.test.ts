import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatSerial } from '../../src/cards/serial.ts';
import { receiveCase } from '../../src/cases/intake.ts';
import { defaultProfile } from '../../src/profile/defaults.ts';
import { type TestCardbox, tempCardbox } from '../helpers/cardbox.ts';
import { printedSerials, Visitor } from './helpers.ts';

// Issue 16, public side: a visitor finds their way without the QR code, can call the numbers shown, and is
// told that writing online replaces the paper card.

let t: TestCardbox;
let plain: TestCardbox;

beforeAll(async () => {
  plain = await tempCardbox();
  const profile = join(plain.dir, 'profile-055.json');
  await writeFile(
    profile,
    JSON.stringify({ institution: { ...defaultProfile.institution, areaCode: '055' } }),
  );
  t = await tempCardbox({ env: { CARDBOX_PROFILE: profile } });
});
afterAll(async () => {
  await t?.cleanup();
  await plain?.cleanup();
});

/** As people copy a serial off a screen: lower case, hyphens moved, O for 0 and I or L for 1. */
function typedLikeAPerson(serial: string): string {
  const spelled = formatSerial(serial).toLowerCase().replace(/0/g, 'o').replace(/1/g, 'l');
  return ` ${spelled.replace(/-/g, ' - ')} `;
}

/** Follows one redirect as a browser would. */
async function follow(visitor: Visitor, path: string) {
  const first = await visitor.get(path);
  expect(first.status, path).toBe(303);
  const location = first.res.headers.get('location')!;
  return { location, page: await visitor.get(location) };
}

describe('checking the status without the QR code', () => {
  it('the home page has a labelled serial box that goes to /status', async () => {
    const home = await new Visitor(t).get('/');
    expect(home.status).toBe(200);
    expect(home.html).toMatch(/<form method="get" action="\/status"/);
    expect(home.html).toContain('<label for="serial-lookup-input">일련번호</label>');
    expect(home.html).toContain('name="serial"');
    expect(home.html).toContain('일련번호로 처리 상황 보기');
    const en = await new Visitor(t).get('/?lang=en');
    expect(en.html).toContain('Check the progress with the serial number');
  });

  it("the /write receipt's serial, typed as a person types it, opens the card's status page", async () => {
    const visitor = new Visitor(t);
    const sent = await visitor.submit('/write?type=green', { areas: 'general', message: '책이 많아요.' });
    expect(sent.status).toBe(303);
    const serial = /\/c\/([0-9A-Z]{10})\?received=1/.exec(sent.location!)![1]!;
    const receipt = await visitor.get(sent.location!);
    expect(receipt.html).toContain(formatSerial(serial));

    const typed = typedLikeAPerson(serial);
    const { location, page } = await follow(visitor, `/status?serial=${encodeURIComponent(typed)}`);
    expect(location).toBe(`/c/${serial}`);
    expect(page.status).toBe(200);
    expect(page.html).toContain('<h1>처리 상황</h1>');
    expect(page.html).toContain(formatSerial(serial));
    expect(await t.cardbox.cases.getBySerial(serial)).toBeDefined();
  });

  it('a printed, unwritten card opens its form; a typo gets the helpful 404 with the box filled in again', async () => {
    const [serial] = await printedSerials(t, 'yellow');
    const visitor = new Visitor(t);
    const blank = await follow(visitor, `/status?serial=${serial!.toLowerCase()}`);
    expect(blank.location).toBe(`/c/${serial}`);
    expect(blank.page.html).toContain('<form method="post"');

    const typo = `${serial!.slice(0, 4)}${serial![4] === '7' ? '8' : '7'}${serial!.slice(5)}`;
    const wrong = await follow(visitor, `/status?serial=${typo}`);
    expect(wrong.page.status).toBe(404);
    expect(wrong.page.html).toContain('한 글자가 잘못 입력되었을 수 있습니다');
    expect(wrong.page.html).toContain(`value="${typo}"`);
    expect(wrong.page.html).toContain('action="/status"');

    // What was typed is shown again as text, never as markup.
    const hostile = await follow(
      visitor,
      `/status?serial=${encodeURIComponent('"><script>alert(1)</script>')}`,
    );
    expect(hostile.page.status).toBe(404);
    expect(hostile.page.html).not.toContain('<script>');
    expect(hostile.page.html).toContain('value="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"');

    const empty = await visitor.get('/status?serial=');
    expect(empty.status).toBe(303);
    expect(empty.res.headers.get('location')).toMatch(/^\/#/);
  });

  it('every 404 page offers the serial box', async () => {
    const visitor = new Visitor(t, { accept: 'text/html' });
    const unknown = await visitor.get('/c/G000000000');
    expect(unknown.status).toBe(404);
    expect(unknown.html).toContain('action="/status"');
    const nowhere = await visitor.get('/no/such/page');
    expect(nowhere.status).toBe(404);
    expect(nowhere.html).toContain('action="/status"');
    expect(nowhere.html).toContain('<label for="serial-lookup-input">');
    const report = await visitor.get('/stats/annual/2019');
    expect(report.status).toBe(404);
    expect(report.html).toContain('action="/status"');
  });
});

describe('phone numbers are call links with the area code', () => {
  it('status page (officer phone), contacts list and the home page dial the area code; text as people write it', async () => {
    const [serial] = await printedSerials(t, 'yellow');
    const { record } = await receiveCase(t.cardbox, {
      serial: serial!,
      type: 'yellow',
      channel: 'cardbox',
      areas: [],
      satisfaction: null,
      message: '',
      replyWanted: false,
      consent: false,
    });
    await t.cardbox.store.cases.update(() => {
      record.notice = {
        text: '안내 데스크 응대 교육을 했습니다.',
        department: 'admin',
        officer: '이담당',
        phone: '258-2523',
        publishedAt: new Date().toISOString(),
        publishedBy: 'u',
      };
    });
    const status = await new Visitor(t).get(`/c/${serial}`);
    expect(status.html).toContain('<a href="tel:0552582523" class="phone">055-258-2523</a>');
    // The contacts list: the main number and every department.
    expect(status.html).toContain('<a href="tel:0552582518" class="phone">055-258-2518</a>');
    expect(status.html).toContain('<a href="tel:0552582557" class="phone">055-258-2557</a>');
    expect(status.html).not.toMatch(/href="tel:258/);
    const home = await new Visitor(t).get('/');
    expect(home.html).toContain('href="tel:0552582518"');
    const notFound = await new Visitor(t).get('/c/G000000000');
    expect(notFound.html).toContain('href="tel:0552582533"');
  });

  it('a number that already has its area code, a mobile or a nationwide number is dialled as written', async () => {
    const { fullPhoneNumber, telHref } = await import('../../src/views/components/Phone.tsx');
    expect(fullPhoneNumber('010-1234-5678', '055')).toBe('010-1234-5678');
    expect(fullPhoneNumber('02-123-4567', '055')).toBe('02-123-4567');
    expect(fullPhoneNumber('1588-1234', '055')).toBe('1588-1234');
    expect(telHref('+82-55-258-2518', '055')).toBe('tel:+82552582518');
    expect(telHref('258-2518', '')).toBe('tel:2582518');
  });

  it('the profile refuses a malformed area code and defaults to none (the charter does not name it)', async () => {
    const { parseProfile } = await import('../../src/profile/load.ts');
    expect(() =>
      parseProfile({ ...defaultProfile, institution: { ...defaultProfile.institution, areaCode: '55' } }),
    ).toThrow(/institution\.areaCode/);
    const { areaCode: _, ...institution } = defaultProfile.institution;
    expect(parseProfile({ ...defaultProfile, institution }).institution.areaCode).toBe('');
    const page = await new Visitor(plain).get('/c/G000000000');
    expect(page.html).toContain('<a href="tel:2582518" class="phone">258-2518</a>');
  });
});

describe('the online form says the paper card need not go in the box', () => {
  it("a card's form says so in Korean and English, and no online form tells the visitor to use the box", async () => {
    const [serial] = await printedSerials(t, 'green');
    const ko = await new Visitor(t).get(`/c/${serial}`);
    expect(ko.html).toContain('종이 카드는 카드함에 넣지 않으셔도 됩니다');
    expect(ko.html).toContain('이미 카드함에 넣으셨어도 괜찮습니다');
    expect(ko.html).toContain('종이 카드를 읽은 내용은 그 옆에 함께 보관');
    const en = await new Visitor(t).get(`/c/${serial}?lang=en`);
    expect(en.html).toContain('No need to put the paper card in the box');
    expect(en.html).toContain('nothing is lost');
    for (const page of [
      ko,
      en,
      await new Visitor(t).get('/write?type=yellow'),
      await new Visitor(t).get('/write'),
    ])
      expect(page.html).not.toContain('카드함에 넣어 주세요');
    // Without a card there is no paper card to speak of.
    expect((await new Visitor(t).get('/write?type=green')).html).not.toContain('종이 카드는');
  });
});
