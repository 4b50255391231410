import { afterEach, describe, expect, it } from 'vitest';
import { receiveCase } from '../../src/cases/intake.ts';
import { type TestCardbox, tempCardbox } from '../helpers/cardbox.ts';
import { asStaff, loginAs } from '../helpers/staff.ts';

/** Issue 16: the case page as a guided workflow, the current step clear, walked through the real routes. */
let t: TestCardbox;
afterEach(async () => t?.cleanup());

interface Steps {
  /** Each step's label and state word, in order. */
  items: string[];
  current: string | null;
  /** "지금 할 일 · …" and the next step, as the page says them. */
  now: string;
  /** The heading id the stylesheet marks as the current section. */
  section: string | null;
  links: boolean;
}

/** The step indicator of a case page as rendered: an ordered list in a labelled nav, one aria-current. */
async function stepsOf(cookie: string, id: string, query = ''): Promise<Steps> {
  const html = await (await asStaff(t, cookie, `/staff/cases/${id}${query}`)).text();
  const nav = /<nav class="steps" aria-label="처리 단계"(?: data-current="([a-z]+)")?>(.*?)<\/nav>/s.exec(
    html,
  );
  expect(nav, 'step indicator').not.toBeNull();
  const [, section, inner] = nav!;
  const ol = /<ol>(.*?)<\/ol>/s.exec(inner!)![1]!;
  const lis = [...ol.matchAll(/<li class="step step-([a-z]+)"( aria-current="step")?>(.*?)<\/li>/gs)];
  const words = (s: string) =>
    s
      .replace(/<[^>]+>/g, ' ')
      .replace(/\s+/g, ' ')
      .trim();
  const currents = lis.filter((m) => m[2]);
  expect(currents.length).toBeLessThanOrEqual(1);
  for (const m of lis) expect(m[2] ? 'current' : m[1]).toBe(m[1]);
  return {
    items: lis.map((m) => words(m[3]!).replace(/^(✓|\d) /, '')),
    current: currents[0] ? words(currents[0][3]!).replace(/^\d /, '') : null,
    now: words(/<p class="step-now">(.*?)<\/p>/s.exec(inner!)![1]!),
    section: section ?? null,
    links: /<a class="step-box" href="#/.test(ol),
  };
}

describe('the step indicator on the case page', () => {
  it('walks a card read from the box: review → classify → assign → answer → delivered, one current step at a time', async () => {
    t = await tempCardbox();
    const { record } = await receiveCase(t.cardbox, {
      serial: null,
      type: 'yellow',
      channel: 'cardbox',
      areas: ['facility'],
      satisfaction: 2,
      message: '주차장 조명이 어둡습니다',
      replyWanted: true,
      consent: true,
      contact: { email: 'visitor@example.test' },
      reading: {
        photoIds: ['p'],
        checks: { 'area.facility': true },
        fields: { message: { text: '주차장 조명이 어둡습니다', confidence: 0.5 } },
        needsReview: [],
        score: 0.5,
      },
    });
    const id = record.id;
    const officer = await loginAs(t, 'staff', { name: '윤사서', department: 'library', phone: '258-2512' });
    const post = async (path: string, fields: Record<string, string>) => {
      const response = await asStaff(t, officer.cookie, `/staff/cases/${id}${path}`, {
        method: 'POST',
        body: new URLSearchParams(fields),
      });
      expect(response.status, path).toBe(303);
      return new URL(response.headers.get('location')!, 'http://x').search;
    };

    const fresh = await stepsOf(officer.cookie, id);
    expect(fresh.items).toEqual([
      '판독 확인 지금',
      '분류 남음',
      '담당 지정 남음',
      '결과 통지 남음',
      '전달 남음',
    ]);
    expect(fresh.current).toBe('판독 확인 지금');
    expect(fresh.now).toContain('지금 할 일 · 판독 확인');
    expect(fresh.now).toContain('다음 단계: 분류.');
    expect(fresh.section).toBe('reading');
    expect(fresh.links).toBe(true);

    // Confirmed, but the card was never identified: the review step stays, now asking for the serial.
    let query = await post('/review', {
      'field.message': '주차장 조명이 어둡습니다',
      check: 'area.facility',
    });
    const unidentified = await stepsOf(officer.cookie, id, query);
    expect(unidentified.current).toBe('판독 확인 지금');
    expect(unidentified.section).toBe('identify');
    expect(unidentified.now).toContain('일련번호');

    const { issueSerials } = await import('../../src/cards/registry.ts');
    const { serials } = await issueSerials(
      t.cardbox.registry,
      { type: 'yellow', count: 1, origin: 'print', createdBy: 't', format: 'pdf' },
      t.cardbox.now(),
    );
    query = await post('/serial', { serial: serials[0]! });
    const reviewed = await stepsOf(officer.cookie, id, query);
    expect(reviewed.items).toEqual([
      '판독 확인 완료',
      '분류 지금',
      '담당 지정 남음',
      '결과 통지 남음',
      '전달 남음',
    ]);
    expect(reviewed.section).toBe('classify');
    expect(reviewed.now).toContain('다음 단계: 담당 지정.');

    query = await post('/classify', { classification: 'service' });
    const classified = await stepsOf(officer.cookie, id, query);
    expect(classified.current).toBe('담당 지정 지금');
    expect(classified.section).toBe('assign');
    expect(classified.now).toContain('다음 단계: 결과 통지.');

    query = await post('/assign', { department: 'library', officerId: officer.user.id });
    const assigned = await stepsOf(officer.cookie, id, query);
    expect(assigned.current).toBe('결과 통지 지금');
    expect(assigned.section).toBe('notice');
    expect(assigned.now).toContain('미리 보기');
    expect(assigned.now).toContain('다음 단계: 전달.');

    // Published to a visitor with an e-mail address (no mail server here): waiting for the delivery.
    query = await post('/notice', { result: '주차장 조명을 LED로 바꾸었습니다.' });
    const published = await stepsOf(officer.cookie, id, query);
    expect(published.items).toEqual([
      '판독 확인 완료',
      '분류 완료',
      '담당 지정 완료',
      '결과 통지 완료',
      '전달 지금',
    ]);
    expect(published.section).toBe('deliveries');
    expect(published.now).not.toContain('다음 단계');

    query = await post('/delivered', { how: 'post' });
    const delivered = await stepsOf(officer.cookie, id, query);
    expect(delivered.current).toBeNull();
    expect(delivered.section).toBeNull();
    expect(delivered.items.every((item) => item.endsWith('완료'))).toBe(true);
    expect(delivered.now).toContain('모든 단계를 마쳤습니다');
  });

  it('has no review step for typed feedback, skips the rest for "no reply needed", waits for 결재, and gives viewers no links', async () => {
    t = await tempCardbox();
    t.cardbox.profile = { ...t.cardbox.profile, approval: { required: true } };
    const typed = async (message: string) =>
      (
        await receiveCase(t.cardbox, {
          serial: null,
          type: 'green',
          channel: 'online',
          areas: ['general'],
          satisfaction: 5,
          message,
          replyWanted: false,
          consent: false,
        })
      ).record.id;
    const online = await typed('신간이 많아졌어요');
    const thanks = await typed('늘 고맙습니다');
    const staff = await loginAs(t, 'staff', { name: '한담당', department: 'admin', phone: '258-2518' });
    const admin = await loginAs(t, 'admin');
    const viewer = await loginAs(t, 'viewer');
    const post = (cookie: string, id: string, path: string, fields: Record<string, string>) =>
      asStaff(t, cookie, `/staff/cases/${id}${path}`, { method: 'POST', body: new URLSearchParams(fields) });

    const first = await stepsOf(staff.cookie, online);
    expect(first.items).toEqual(['분류 지금', '담당 지정 남음', '결과 통지 남음', '전달 남음']);
    // The classify step: the 처리 불가 reason and appeal folded away until that is the classification.
    const refused = await typed('열람실을 24시간 열어 주세요');
    const form = async () => (await asStaff(t, staff.cookie, `/staff/cases/${refused}`)).text();
    expect(await form()).toContain('<details class="impossible"><summary>처리 불가일 때');
    await post(staff.cookie, refused, '/classify', {
      classification: 'impossible',
      impossibleReason: '관련 법령에 따라 열람실 24시간 운영은 어렵습니다',
      impossibleAppeal: '행정심판 청구 (90일 이내)',
    });
    expect(await form()).toContain('<details class="impossible" open="">');

    await post(staff.cookie, thanks, '/classify', { classification: 'no-reply' });
    const closed = await stepsOf(staff.cookie, thanks);
    expect(closed.items).toEqual([
      '분류 완료',
      '담당 지정 해당 없음',
      '결과 통지 해당 없음',
      '전달 해당 없음',
    ]);
    expect(closed.current).toBeNull();
    expect(closed.now).toContain('회신이 필요 없는 의견');

    // Written before it was classified: the 결재 is what is current, the classification still said to be left.
    await post(staff.cookie, online, '/assign', { department: 'admin', officerId: staff.user.id });
    await post(staff.cookie, online, '/notice', { result: '칭찬을 담당 직원에게 전했습니다.' });
    const waiting = await stepsOf(staff.cookie, online);
    expect(waiting.items).toEqual(['분류 남음', '담당 지정 완료', '결과 통지 지금', '전달 남음']);
    expect(waiting.now).toContain('아직 하지 않은 단계: 분류.');
    await post(staff.cookie, online, '/classify', { classification: 'praise' });
    expect((await stepsOf(staff.cookie, online)).now).not.toContain('아직 하지 않은 단계');
    expect(waiting.now).toContain('관리자의 결재를 기다립니다');
    expect((await stepsOf(admin.cookie, online)).now).toContain('결재하거나');

    const read = await stepsOf(viewer.cookie, online);
    expect(read.current).toBe('결과 통지 지금');
    expect(read.links).toBe(false);

    // Answered without a classification (a notice needs none): nothing is current, the classification is left.
    const { assignCase } = await import('../../src/cases/assign.ts');
    const { publishNotice } = await import('../../src/cases/notice.ts');
    const unclassified = await typed('주차장이 넓어져서 좋아요');
    await assignCase(t.cardbox, unclassified, 'lead', {
      department: 'admin',
      name: '한담당',
      phone: '258-2518',
    });
    await publishNotice(t.cardbox, unclassified, 'lead', '감사합니다.', { role: 'admin' });
    const answered = await stepsOf(staff.cookie, unclassified);
    expect(answered.items).toEqual(['분류 남음', '담당 지정 완료', '결과 통지 완료', '전달 완료']);
    expect(answered.current).toBeNull();
    expect(answered.now).toContain('방문자에게 답변을 마쳤습니다. 남은 단계: 분류');

    await post(admin.cookie, online, '/notice/decide', { decision: 'approve' });
    // No contact left: published is delivered (the status page is the answer).
    expect((await stepsOf(staff.cookie, online)).now).toContain('모든 단계를 마쳤습니다');
  });
});
