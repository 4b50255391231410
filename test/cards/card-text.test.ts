import { describe, expect, it } from 'vitest';
import { consentDetails, drawCard, type Shape } from '../../src/cards/drawing.ts';
import { newSerial } from '../../src/cards/serial.ts';
import { cardLayout } from '../../src/profile/card-layout.ts';
import { defaultProfile } from '../../src/profile/defaults.ts';
import { TEXT } from '../../src/views/visitor/text.ts';

const layout = cardLayout(defaultProfile);
type Text = Extract<Shape, { kind: 'text' }>;
const texts = (type: 'green' | 'yellow') =>
  drawCard(layout, defaultProfile, {
    type,
    serial: newSerial(type),
    publicBaseUrl: 'https://cards.example.or.kr',
  }).filter((s): s is Text => s.kind === 'text');

/** WCAG contrast ratio of a #rrggbb colour against white paper. */
function contrastOnWhite(hex: string): number {
  const channel = (i: number) => {
    const c = Number.parseInt(hex.slice(1 + 2 * i, 3 + 2 * i), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  const luminance = 0.2126 * channel(0) + 0.7152 * channel(1) + 0.0722 * channel(2);
  return 1.05 / (luminance + 0.05);
}

describe('the printed card (issue 16)', () => {
  it('gives the message at least five ruled lines of 6 mm or more: 40% more room than four of 5.75 mm', () => {
    const message = layout.fields.find((f) => f.id === 'message');
    expect(message?.kind).toBe('text');
    if (message?.kind !== 'text') return;
    expect(message.lines).toBeGreaterThanOrEqual(5);
    expect(message.h / message.lines).toBeGreaterThanOrEqual(6);
    expect(message.w * message.h).toBeGreaterThanOrEqual(1.4 * 84 * 23);
  });

  it('prints the whole consent wording at 7 pt or more, in near-black on white', () => {
    for (const type of ['green', 'yellow'] as const) {
      const drawn = texts(type);
      const start = drawn.findIndex((t) => t.text.startsWith(TEXT.ko.consentLabel));
      expect(start, 'the consent box says what the form says').toBeGreaterThanOrEqual(0);
      const heading = drawn[start]!;
      // The lines that follow it: beside and under the box, above the tear-off line.
      const lines = drawn.filter(
        (t) => t !== heading && t.y >= heading.y && t.x >= heading.x && t.y < layout.stub.perforationY - 2,
      );
      const written = lines.map((t) => t.text).join('');
      expect(written.replace(/\s+/g, '')).toBe(consentDetails(defaultProfile).replace(/\s+/g, ''));
      for (const t of [heading, ...lines]) {
        expect(t.size, t.text).toBeGreaterThanOrEqual(7);
        expect(contrastOnWhite(t.fill), t.text).toBeGreaterThanOrEqual(7);
      }
    }
  });

  it("names every part in the online form's words: 이용하신 곳, 전반적인 만족도, 내용, 답변을 원합니다, 휴대전화, 이메일, the consent", () => {
    const t = TEXT.ko;
    const printed = texts('green').map((s) => s.text);
    for (const words of [t.areas, t.satisfaction, t.message, t.replyWanted, t.phone, t.email, t.consentLabel])
      expect(
        printed.some((p) => p === words || p.startsWith(`${words} `)),
        words,
      ).toBe(true);
    for (const label of ['매우 불만', '불만', '보통', '만족', '매우 만족']) expect(printed).toContain(label);
  });
});
