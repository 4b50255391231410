import { afterAll, describe, expect, it } from 'vitest';
import { cardLayout } from '../../src/profile/card-layout.ts';
import { defaultProfile } from '../../src/profile/defaults.ts';
import { chooseEmail, MAIL_DOMAINS, snapDomain } from '../../src/reading/email.ts';
import { closeOcr } from '../../src/reading/ocr.ts';
import { readPhoto } from '../../src/reading/pipeline.ts';
import { Random } from '../synth/random.ts';
import { makeScene } from '../synth/scene.ts';

/** E-mail addresses read under their grammar and the common Korean mail domains (issue 19). */
const layout = cardLayout(defaultProfile);

afterAll(async () => {
  await closeOcr();
});

const looks = (...texts: [string, number][]) => texts.map(([text, confidence]) => ({ text, confidence }));

describe('e-mail grammar and domains', () => {
  it('snaps a near miss of a known domain and says so, below full confidence', () => {
    const read = chooseEmail(
      looks(['minji@henmail.net', 0.9], ['minji@henmail.net', 0.9], ['minji@henmail.net', 0.9]),
      MAIL_DOMAINS,
    );
    expect(read.text).toBe('minji@hanmail.net');
    expect(read.review).toEqual(['email', 'email-domain-snapped']);
    const clean = chooseEmail(
      looks(['minji@hanmail.net', 0.9], ['minji@hanmail.net', 0.9], ['minji@hanmail.net', 0.9]),
      MAIL_DOMAINS,
    );
    expect(clean.review).toEqual([]);
    expect(read.confidence).toBeLessThan(clean.confidence * 0.8);
  });

  it('puts back a lost dot, fixes case and g read as q', () => {
    expect(chooseEmail(looks(['Hyun.Lee@qmailcom', 0.5]), MAIL_DOMAINS).text).toBe('hyun.lee@gmail.com');
    expect(chooseEmail(looks(['jun73@natecom', 0.5]), MAIL_DOMAINS).text).toBe('jun73@nate.com');
  });

  it('reads a 1 taken for l among digits as 1, flagged as repaired', () => {
    const read = chooseEmail(looks(['minsul695@naver.com', 0.6]), MAIL_DOMAINS);
    expect(read.text).toBe('minsu1695@naver.com');
    expect(read.review).toContain('email-repaired');
  });

  it('leaves a name that ends in o or i before its digits as written (jiwoo, minji are names)', () => {
    for (const address of ['jiwoo1059@gmail.com', 'minji1995@naver.com', 'seo07@daum.net']) {
      const read = chooseEmail(looks([address, 0.7], [address, 0.7], [address, 0.7]), MAIL_DOMAINS);
      expect(read.text).toBe(address);
      expect(read.review).toEqual([]);
    }
  });

  it('drops a junk token beside the address (a neighbour’s ink)', () => {
    expect(chooseEmail(looks(['jun-park@nate.com NA', 0.8]), MAIL_DOMAINS).text).toBe('jun-park@nate.com');
    expect(chooseEmail(looks(['i a milee@naver.com', 0.8]), MAIL_DOMAINS).text).toBe('milee@naver.com');
  });

  it('keeps a domain that is on no list as written, and never snaps between two near domains', () => {
    expect(chooseEmail(looks(['kim.dh@snu.ac.kr', 0.8]), MAIL_DOMAINS).text).toBe('kim.dh@snu.ac.kr');
    expect(snapDomain('nave.com', MAIL_DOMAINS)).toBeNull();
    expect(snapDomain('kaist.ac.kr', MAIL_DOMAINS)).toBeNull();
  });

  it('takes the profile’s own domains too', () => {
    expect(chooseEmail(looks(['lee@kleic.or.kt', 0.8]), MAIL_DOMAINS).review).not.toContain(
      'email-domain-snapped',
    );
    const read = chooseEmail(looks(['lee@kleic.or.kt', 0.8]), [...MAIL_DOMAINS, 'kleic.or.kr']);
    expect(read.text).toBe('lee@kleic.or.kr');
    expect(read.review).toContain('email-domain-snapped');
  });

  it('flags what does not parse and does not make an address of it', () => {
    const read = chooseEmail(looks(['PP i a', 0.4], ['sasymensovn', 0.2]), MAIL_DOMAINS);
    expect(read.review).toEqual(['email', 'email-format']);
    expect(read.confidence).toBe(0);
  });

  it('restores an @ read as e only before a known domain', () => {
    const read = chooseEmail(looks(['woonegmail.com', 0.5]), MAIL_DOMAINS);
    expect(read.text).toBe('woon@gmail.com');
    expect(read.review).toContain('email-repaired');
    expect(chooseEmail(looks(['woonesnu.ac.kr', 0.5]), MAIL_DOMAINS).review).toContain('email-format');
  });
});

describe('e-mail read off a photographed card', () => {
  it('reads the address without the phone digits above it, snapping henmail.net', async () => {
    const scene = await makeScene(layout, defaultProfile, new Random(1905), {
      width: 2400,
      height: 1800,
      cards: 2,
      tilt: 0.2,
      fill: { font: 'printed', alwaysPhone: true, noMessage: true, email: 'jiwoo.lee@henmail.net' },
    });
    const reading = await readPhoto({ layout, profile: defaultProfile }, scene.jpeg);
    expect(reading.cards).toHaveLength(2);
    for (const card of reading.cards) {
      expect(card.fields.email.text).toBe('jiwoo.lee@hanmail.net');
      expect(card.needsReview).toContain('email-domain-snapped');
      expect(card.needsReview).toContain('email');
      expect(card.fields.email.confidence).toBeLessThan(0.8);
    }
  });

  it('reads a clean address exactly, with no flag, beside a written phone number', async () => {
    const scene = await makeScene(layout, defaultProfile, new Random(1906), {
      width: 2400,
      height: 1800,
      cards: 2,
      tilt: 0.2,
      fill: { font: 'printed', alwaysPhone: true, noMessage: true, email: 'kang77@daum.net' },
    });
    const reading = await readPhoto({ layout, profile: defaultProfile }, scene.jpeg);
    expect(reading.cards).toHaveLength(2);
    for (const card of reading.cards) {
      expect(card.fields.email.text).toBe('kang77@daum.net');
      expect(card.needsReview.filter((f) => f.startsWith('email'))).toEqual([]);
    }
  });
});
