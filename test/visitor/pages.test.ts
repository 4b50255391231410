import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { consentText } from '../../src/cards/drawing.ts';
import { formatSerial } from '../../src/cards/serial.ts';
import { receiveCase } from '../../src/cases/intake.ts';
import { formatDeadline } from '../../src/views/visitor/format.ts';
import { type TestCardbox, tableOnDisk, tempCardbox } from '../helpers/cardbox.ts';
import { hidden, printedSerials, Visitor } from './helpers.ts';

let t: TestCardbox;
beforeEach(async () => {
  t = await tempCardbox({ now: () => new Date('2026-11-20T05:00:00Z') });
});
afterEach(async () => {
  await t.cleanup();
});

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

describe('a card URL with nothing received yet', () => {
  it('shows the form of the card type with the card areas, scale and consent wording, at the upper-case URL', async () => {
    const [serial] = await printedSerials(t, 'yellow');
    const page = await new Visitor(t).get(`/C/${serial}`);
    expect(page.status).toBe(200);
    expect(page.html).toContain('<html lang="ko"');
    expect(page.html).toContain('옐로카드');
    for (const area of t.cardbox.profile.areas) expect(page.html).toContain(`value="${area.id}"`);
    for (const n of [1, 2, 3, 4, 5]) expect(page.html).toContain(`name="satisfaction" value="${n}"`);
    expect(page.html).toContain(escapeHtml(consentText(t.cardbox.profile)));
    expect(page.html).toContain(formatSerial(serial!));
    expect(page.html).toMatch(/name="_csrf" value="[A-Za-z0-9_-]{43}"/);
    expect(page.res.headers.get('content-security-policy')).toContain("default-src 'none'");
    // Lower-case and hyphenated forms of the serial reach the same card.
    expect((await new Visitor(t).get(`/c/${formatSerial(serial!).toLowerCase()}`)).status).toBe(200);
  });

  it('creates the case through intake, then shows the receipt with serial, date received and due date', async () => {
    const [serial] = await printedSerials(t, 'green');
    const visitor = new Visitor(t);
    const sent = await visitor.submit(`/C/${serial}`, {
      areas: ['general', 'kindness'],
      satisfaction: '5',
      message: '사서 선생님이 친절하게 책을 찾아 주셨습니다.',
    });
    expect(sent.status).toBe(303);
    expect(sent.location).toBe(`/c/${serial}?received=1`);

    const record = (await t.cardbox.cases.getBySerial(serial!))!;
    expect(record).toMatchObject({
      channel: 'online',
      type: 'green',
      areas: ['general', 'kindness'],
      satisfaction: 5,
      consent: false,
      contact: null,
      rule: 'suggestion',
    });
    // On disk before the receipt: the cases file or its journal already holds it.
    const onDisk = await tableOnDisk<{ cases?: { serial: string }[] }>(t.dir, 'cases');
    const stored = [
      ...(onDisk.file.cases ?? []),
      ...onDisk.journal.map((e) => (e as { add: { serial: string } }).add),
    ];
    expect(stored.map((c) => c.serial)).toContain(serial);

    const receipt = await visitor.get(sent.location!);
    expect(receipt.status).toBe(200);
    expect(receipt.html).toContain('접수되었습니다');
    expect(receipt.html).toContain(formatSerial(serial!));
    expect(receipt.html).toContain('2026년 11월 20일');
    expect(receipt.html).toContain(escapeHtml(formatDeadline(record.dueAt, 'ko')));
    expect(receipt.html).toContain('2026년 11월 27일'); // 7 calendar days for a suggestion
    expect(receipt.html).toContain('확인증에 있는 QR');
    expect(receipt.html).not.toContain('사서 선생님이 친절하게');
    expect(receipt.res.headers.get('cache-control')).toBe('no-store');
  });

  it('keeps contact details only with consent, sealed, and refuses them without consent', async () => {
    const [a, b] = await printedSerials(t, 'yellow', 2);
    const refused = await new Visitor(t).submit(`/c/${a}`, {
      message: '화장실이 더럽습니다',
      reply: 'yes',
      phone: '010-2345-6789',
    });
    expect(refused.status).toBe(422);
    expect(refused.html).toContain('동의해 주세요');
    expect(refused.html).toContain('value="010-2345-6789"'); // the form keeps what was typed
    expect(await t.cardbox.cases.getBySerial(a!)).toBeUndefined();

    const sent = await new Visitor(t).submit(`/c/${b}`, {
      message: '화장실이 더럽습니다',
      reply: 'yes',
      phone: '010-2345-6789',
      email: 'visitor@example.com',
      consent: 'yes',
    });
    expect(sent.status).toBe(303);
    const record = (await t.cardbox.cases.getBySerial(b!))!;
    expect(record.replyWanted).toBe(true);
    expect(t.cardbox.sealer.open(record.contact!)).toEqual({
      phone: '01023456789',
      email: 'visitor@example.com',
    });
    const file = (await tableOnDisk(t.dir, 'cases')).text;
    expect(file).toContain(b!);
    expect(file).not.toContain('2345');
    expect(file).not.toContain('visitor@example.com');
    const status = await new Visitor(t).get(`/c/${b}`);
    expect(status.html).not.toContain('2345');
    expect(status.html).not.toContain('visitor@example.com');
    expect(status.html).not.toContain('화장실이 더럽습니다');
  });

  it('refuses a second submission politely and shows the status instead', async () => {
    const [serial] = await printedSerials(t, 'yellow');
    const first = new Visitor(t);
    const token = hidden((await first.get(`/c/${serial}`)).html, '_csrf')!;
    expect((await first.submit(`/c/${serial}`, { message: '첫 번째' })).status).toBe(303);
    // A second phone that opened the form before the first was sent.
    const second = new Visitor(t);
    const form = await second.get(`/c/${serial}`);
    expect(form.html).toContain('처리 상황'); // already the status page
    const again = await first.post(
      `/c/${serial}`,
      new URLSearchParams({ _csrf: token, message: '두 번째' }).toString(),
    );
    expect(again.status).toBe(409);
    expect(again.html).toContain('이미 접수된 카드입니다');
    expect(t.cardbox.store.cases.data.cases.filter((c) => c.serial === serial)).toHaveLength(1);
    expect((await t.cardbox.cases.getBySerial(serial!))!.message).toBe('첫 번째');
  });
});

describe('the status page', () => {
  it('shows a card received from the box, in plain words, and the published notice with 실명제', async () => {
    const [serial] = await printedSerials(t, 'yellow');
    const { record } = await receiveCase(t.cardbox, {
      serial: serial!,
      type: 'yellow',
      channel: 'cardbox',
      areas: ['digital'],
      satisfaction: 2,
      message: '컴퓨터가 느립니다 — 비밀 메시지',
      replyWanted: true,
      consent: true,
      contact: { phone: '01099998888' },
    });
    let page = await new Visitor(t).get(`/C/${serial}`);
    expect(page.status).toBe(200);
    expect(page.html).toContain('접수됨');
    expect(page.html).toContain('아직 처리 결과가 나오지 않았습니다');
    expect(page.html).not.toContain('비밀 메시지');
    expect(page.html).not.toContain('9999');

    await t.cardbox.store.cases.update(() => {
      record.status = 'answered';
      record.answeredAt = '2026-11-21T02:00:00Z';
      record.notice = {
        text: '디지털정보실 컴퓨터 6대의 메모리를 늘렸습니다.',
        department: 'library',
        officer: '김사서',
        phone: '258-2512',
        publishedAt: '2026-11-21T02:00:00Z',
        publishedBy: 'u1',
      };
    });
    page = await new Visitor(t).get(`/c/${serial}`);
    expect(page.html).toContain('답변 완료');
    expect(page.html).toContain('디지털정보실 컴퓨터 6대의 메모리를 늘렸습니다.');
    expect(page.html).toContain('문헌정보과');
    expect(page.html).toContain('김사서');
    expect(page.html).toContain('258-2512');
    expect(page.html).not.toContain('비밀 메시지');
  });

  it('says so when the deadline has passed without a result', async () => {
    const [serial] = await printedSerials(t, 'yellow');
    await receiveCase(t.cardbox, {
      serial: serial!,
      type: 'yellow',
      channel: 'cardbox',
      receivedAt: new Date('2026-11-01T01:00:00Z'),
      areas: [],
      satisfaction: 1,
      message: '',
      replyWanted: false,
      consent: false,
    });
    const page = await new Visitor(t).get(`/c/${serial}`);
    expect(page.html).toContain('처리 기한이 지났습니다');
  });
});

describe('serials that are not ours', () => {
  it('answers a typo and an unknown serial with a friendly 404 naming the office phones', async () => {
    const [serial] = await printedSerials(t, 'green');
    const typo = serial!.slice(0, 4) + (serial![4] === 'A' ? 'B' : 'A') + serial!.slice(5);
    const page = await new Visitor(t).get(`/C/${typo}`);
    expect(page.status).toBe(404);
    expect(page.html).toContain('잘못 입력되었을 수 있습니다');
    expect(page.html).toContain(t.cardbox.profile.institution.mainPhone);
    for (const d of t.cardbox.profile.departments) expect(page.html).toContain(d.phone);

    const { newSerial } = await import('../../src/cards/serial.ts');
    const never = await new Visitor(t).get(`/c/${newSerial('green')}`);
    expect(never.status).toBe(404);
    expect(never.html).toContain('발행된 카드가 없습니다');
    expect((await new Visitor(t).get('/c/hello')).status).toBe(404);
  });
});

describe('no card at hand', () => {
  it('offers both cards, issues a new online serial as the receipt, and a double click makes one case', async () => {
    const visitor = new Visitor(t);
    const chooser = await visitor.get('/write');
    expect(chooser.status).toBe(200);
    expect(chooser.html).toContain('href="/write?type=green"');
    expect(chooser.html).toContain('href="/write?type=yellow"');

    const form = await visitor.get('/write?type=yellow');
    expect(form.html).toContain('옐로카드');
    const submission = /name="submission" value="([^"]+)"/.exec(form.html)![1]!;
    const csrf = /name="_csrf" value="([^"]+)"/.exec(form.html)![1]!;
    const body = new URLSearchParams({ _csrf: csrf, type: 'yellow', submission, message: '주차장이 좁아요' });
    const [one, two] = await Promise.all([
      visitor.post('/write', body.toString()),
      visitor.post('/write', body.toString()),
    ]);
    expect(one.status).toBe(303);
    expect(two.location).toBe(one.location);
    const serial = /\/c\/([0-9A-Z]+)\?received=1$/.exec(one.location!)![1]!;
    expect(await t.cardbox.registry.find(serial)).toMatchObject({ origin: 'online', type: 'yellow' });
    expect(t.cardbox.store.cases.data.cases).toHaveLength(1);
    expect(await t.cardbox.cases.getBySerial(serial)).toMatchObject({
      channel: 'online',
      message: '주차장이 좁아요',
    });

    const receipt = await visitor.get(one.location!);
    expect(receipt.html).toContain(formatSerial(serial));
    expect(receipt.html).toContain('<svg class="qr"');
    expect(receipt.html).toContain('화면을 캡처하거나');
  });
});

describe('reading preferences', () => {
  it('switches to English and larger text by plain links, remembered in cookies', async () => {
    const [serial] = await printedSerials(t, 'green');
    const visitor = new Visitor(t);
    const en = await visitor.get(`/c/${serial}?lang=en&text=large`);
    expect(en.html).toContain('<html lang="en" class="large-text"');
    expect(en.html).toContain('Green card');
    expect(en.html).toContain('Overall satisfaction');
    const later = await visitor.get(`/c/${serial}`);
    expect(later.html).toContain('<html lang="en" class="large-text"');
    expect(later.html).toContain(`href="/c/${serial}?lang=ko"`);
    expect(later.html).toContain(`href="/c/${serial}?text=normal"`);
  });
});

describe('static files', () => {
  it('serves the stylesheet under /static, small', async () => {
    const res = await t.app.request('/static/cardbox.css');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/css');
    expect((await res.text()).length).toBeLessThan(20_000);
    expect((await t.app.request('/static/../package.json')).status).toBe(404);
  });
});
