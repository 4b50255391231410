import { describe, expect, it } from 'vitest';
import { voteDigits, voteReadings } from '../../src/reading/vote.ts';

const read = (text: string, confidence: number) => ({ text, confidence });

describe('voting several readings of one line', () => {
  it('takes at each place the character most readings agree on, with the pivot’s spaces', () => {
    const voted = voteReadings([
      read('화장싶이 항상 깨끗해서', 0.8),
      read('화장실이 항상깨끗해서', 0.7),
      read('화 잘 실 이 항상 깨긋해서', 0.6),
    ]);
    expect(voted).toEqual({ text: '화장실이 항상 깨끗해서', confidence: 0.8 });
  });

  it('drops a character most readings do not have, and adds one most readings have', () => {
    expect(
      voteReadings([read('대출 기간을을', 0.9), read('대출기간을', 0.5), read('대출 기간을', 0.5)]).text,
    ).toBe('대출 기간을');
    expect(
      voteReadings([read('대출 간을', 0.6), read('대출기간을', 0.5), read('대출 기간을', 0.5)]).text,
    ).toBe('대출 기간을');
    // An addition backed by less than half the confidence is left out.
    expect(voteReadings([read('대출 간을', 0.9), read('대출기간을', 0.3), read('대출 간을', 0.5)]).text).toBe(
      '대출 간을',
    );
  });

  it('keeps the pivot where the readings all disagree, and the most confident of one or two readings', () => {
    expect(voteReadings([read('가나다', 0.5), read('라마바', 0.4), read('사아자', 0.3)]).text).toBe('가나다');
    expect(voteReadings([read('가나다', 0.5), read('가나라', 0.6)])).toEqual(read('가나라', 0.6));
    expect(voteReadings([read('', 0)])).toEqual(read('', 0));
    expect(voteReadings([])).toEqual(read('', 0));
  });

  it('reads a line that only the other readings have text for as the pivot’s empty reading', () => {
    expect(voteReadings([read('', 0.9), read('가나', 0.2), read('가나', 0.2)]).text).toBe('');
  });
});

describe('voting several readings of a phone number', () => {
  it('votes digit by digit among the readings of the right length, the earlier one winning a tie', () => {
    expect(voteDigits([read('12345678', 0.9), read('123456789', 0.95), read('12845679', 0.5)], 8)).toEqual({
      text: '12345678',
      confidence: 0.9 / 3,
    });
    expect(voteDigits([read('12345678', 0.6), read('12945678', 0.9), read('12945678', 0.8)], 8)).toEqual({
      text: '12945678',
      confidence: (0.9 * 2) / 3,
    });
    expect(voteDigits([read('1234 5678', 0.6), read('1234-5679', 0.7), read('1234567', 0.9)], 8)?.text).toBe(
      '12345678',
    );
  });

  it('is null when no reading has the right number of digits', () => {
    expect(voteDigits([read('1234567', 0.9), read('123456789', 0.9)], 8)).toBeNull();
    expect(voteDigits([], 8)).toBeNull();
  });
});
