import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readSettings } from '../../src/config/settings.ts';
import { defaultProfile } from '../../src/profile/defaults.ts';
import { loadProfile, parseProfile } from '../../src/profile/load.ts';
import { type TestCardbox, tempCardbox } from '../helpers/cardbox.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cardbox-profile-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('institution profile', () => {
  it('defaults to the charter: departments, phone numbers, areas and deadlines', () => {
    const profile = parseProfile(defaultProfile);
    expect(profile.departments.map((d) => `${d.name} ${d.phone}`)).toEqual([
      '행정지원과 258-2518',
      '평생학습과 258-2557',
      '문헌정보과 258-2533',
    ]);
    expect(profile.areas.map((a) => a.label)).toEqual([
      '종합자료실',
      '어린이자료실',
      '디지털정보실',
      '평생학습강좌',
      '교육사료관',
      '시설·편의',
      '직원 친절',
      '기타',
    ]);
    const rules = Object.fromEntries(profile.rules.map((r) => [r.id, `${r.amount} ${r.unit}`]));
    expect(rules).toMatchObject({
      suggestion: '7 calendar-days',
      dissatisfaction: '3 calendar-days',
      'first-contact': '7 working-days',
    });
    expect(profile.compensation).toEqual({
      amountKrw: 5000,
      kind: '도서상품권',
      howToReceive: expect.stringContaining('안내데스크'),
    });
  });

  it('fills keys missing from a profile file with the defaults', async () => {
    const file = join(dir, 'profile.json');
    await writeFile(
      file,
      JSON.stringify({ institution: { ...defaultProfile.institution, name: '해오름도서관' } }),
    );
    const profile = await loadProfile(file);
    expect(profile.institution.name).toBe('해오름도서관');
    expect(profile.areas).toHaveLength(8);
  });

  it.each([
    ['{ not json', 'is not valid JSON'],
    ['[1, 2]', 'must hold a JSON object'],
    [JSON.stringify({ areas: [] }), 'areas: Too small'],
    [
      JSON.stringify({ rules: [{ id: 'x', title: 't', amount: 3, unit: 'weeks', promise: 'p' }] }),
      'rules.0.unit',
    ],
    [
      JSON.stringify({ departments: [{ id: 'a', name: 'A', phone: 'call me' }] }),
      'departments.0.phone: a phone number',
    ],
    [
      JSON.stringify({
        areas: [...defaultProfile.areas, { id: 'x', label: 'X', labelEn: 'X', department: 'admin' }],
      }),
      'at most 8 service areas',
    ],
  ])('refuses %s with a message saying where', async (text, message) => {
    const file = join(dir, 'profile.json');
    await writeFile(file, text);
    await expect(loadProfile(file)).rejects.toThrow(message);
  });

  it('takes a compensation written before howToReceive existed, with the default wording', () => {
    const profile = parseProfile({
      ...defaultProfile,
      compensation: { amountKrw: 10000, kind: '문화상품권' },
    });
    expect(profile.compensation).toEqual({
      amountKrw: 10000,
      kind: '문화상품권',
      howToReceive: defaultProfile.compensation.howToReceive,
    });
  });

  it('explains a missing profile file', async () => {
    await expect(loadProfile(join(dir, 'nope.json'))).rejects.toThrow(/cannot read the profile .*nope\.json/);
  });
});

describe('settings', () => {
  it('reads PORT, DATA_DIR and PUBLIC_BASE_URL with defaults', () => {
    expect(readSettings({})).toMatchObject({
      PORT: 3000,
      DATA_DIR: './data',
      PUBLIC_BASE_URL: 'http://localhost:3000',
    });
    expect(
      readSettings({ PORT: '8080', PUBLIC_BASE_URL: 'https://cards.example.or.kr/' }).PUBLIC_BASE_URL,
    ).toBe('https://cards.example.or.kr');
    // Without a public address, the codes point at this server on the port it listens on.
    expect(readSettings({ PORT: '8080' }).PUBLIC_BASE_URL).toBe('http://localhost:8080');
  });

  it('names the variable that is wrong', () => {
    expect(() => readSettings({ PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => readSettings({ PUBLIC_BASE_URL: 'ftp://x' })).toThrow(
      /PUBLIC_BASE_URL must be an http\(s\) URL/,
    );
  });
});

describe('GET /healthz', () => {
  let t: TestCardbox;
  beforeEach(async () => {
    t = await tempCardbox();
  });
  afterEach(() => t.cleanup());

  it('answers 200 with the version', async () => {
    const response = await t.app.request('/healthz');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true, name: 'cardbox', version: '0.1.0' });
  });
});
