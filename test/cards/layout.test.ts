import { describe, expect, it } from 'vitest';
import { drawCard, type Shape } from '../../src/cards/drawing.ts';
import { PT_TO_MM, textWidth } from '../../src/cards/fonts.ts';
import { checkSerial, newSerial } from '../../src/cards/serial.ts';
import { type Box, cardLayout } from '../../src/profile/card-layout.ts';
import { defaultProfile } from '../../src/profile/defaults.ts';

const layout = cardLayout(defaultProfile);
const EPS = 0.05;

function overlaps(a: Box, b: Box): boolean {
  return a.x < b.x + b.w - EPS && b.x < a.x + a.w - EPS && a.y < b.y + b.h - EPS && b.y < a.y + a.h - EPS;
}

function inside(a: Box, outer: Box): boolean {
  return (
    a.x >= outer.x - EPS &&
    a.y >= outer.y - EPS &&
    a.x + a.w <= outer.x + outer.w + EPS &&
    a.y + a.h <= outer.y + outer.h + EPS
  );
}

function shapeBox(shape: Shape): Box {
  switch (shape.kind) {
    case 'rect':
    case 'qr':
      return 'w' in shape
        ? { x: shape.x, y: shape.y, w: shape.w, h: shape.h }
        : { x: shape.x, y: shape.y, w: shape.size, h: shape.size };
    case 'line':
      return {
        x: Math.min(shape.x1, shape.x2),
        y: Math.min(shape.y1, shape.y2),
        w: Math.abs(shape.x2 - shape.x1),
        h: Math.abs(shape.y2 - shape.y1),
      };
    case 'text': {
      const width =
        textWidth(shape.text, shape.font, shape.size) + (shape.spacing ?? 0) * [...shape.text].length;
      return { x: shape.x, y: shape.y, w: width, h: shape.size * PT_TO_MM * 1.2 };
    }
  }
}

/** Everything a reader looks at, named. */
function readableRegions(): { name: string; box: Box }[] {
  const regions: { name: string; box: Box }[] = [];
  const qz = layout.qr.quietZone;
  regions.push({
    name: 'qr+quiet zone',
    box: { x: layout.qr.x - qz, y: layout.qr.y - qz, w: layout.qr.size + 2 * qz, h: layout.qr.size + 2 * qz },
  });
  layout.fiducials.forEach((f, i) => {
    regions.push({
      name: `fiducial ${i}`,
      box: { x: f.x - f.size / 2, y: f.y - f.size / 2, w: f.size, h: f.size },
    });
  });
  for (const box of layout.checkboxes) regions.push({ name: box.id, box });
  for (const field of layout.fields) {
    if (field.kind === 'text') regions.push({ name: field.id, box: field });
    else for (const [i, box] of field.boxes.entries()) regions.push({ name: `phone digit ${i}`, box });
  }
  regions.push({ name: 'serial text', box: layout.serialText });
  const stubQr = layout.stub.qr;
  regions.push({ name: 'stub qr', box: { x: stubQr.x, y: stubQr.y, w: stubQr.size, h: stubQr.size } });
  return regions;
}

describe('card layout', () => {
  it('has the documented shape', () => {
    expect(layout).toMatchObject({ version: 1, unit: 'mm', card: { width: 100, height: 140 } });
    expect(layout.fiducials).toHaveLength(4);
    const ids = layout.checkboxes.map((b) => b.id);
    expect(ids).toEqual(
      expect.arrayContaining([
        'area.children',
        'satisfaction.1',
        'satisfaction.5',
        'reply.wanted',
        'consent.privacy',
      ]),
    );
    expect(new Set(ids).size).toBe(ids.length);
    expect(layout.fields.map((f) => f.id)).toEqual(['message', 'phone', 'email']);
    const phone = layout.fields.find((f) => f.kind === 'digits');
    expect(phone).toMatchObject({ prefix: '010' });
    expect(phone && 'boxes' in phone && phone.boxes).toHaveLength(8);
  });

  it('keeps every readable region on the card and apart from every other', () => {
    const card = { x: 0, y: 0, w: layout.card.width, h: layout.card.height };
    const regions = readableRegions();
    for (const region of regions) expect(inside(region.box, card), region.name).toBe(true);
    for (let i = 0; i < regions.length; i++) {
      for (let j = i + 1; j < regions.length; j++) {
        expect(
          overlaps(regions[i]!.box, regions[j]!.box),
          `${regions[i]!.name} overlaps ${regions[j]!.name}`,
        ).toBe(false);
      }
    }
  });

  it("keeps the body's readable regions above the tear-off line and the stub QR below it", () => {
    for (const region of readableRegions()) {
      const bottom = region.box.y + region.box.h;
      if (region.name === 'stub qr') expect(region.box.y).toBeGreaterThan(layout.stub.perforationY);
      else expect(bottom, region.name).toBeLessThanOrEqual(layout.stub.perforationY);
    }
  });

  it('prints no text on a box, a field, a corner mark or a QR quiet zone, and nothing off the card', () => {
    for (const type of ['green', 'yellow'] as const) {
      const shapes = drawCard(layout, defaultProfile, {
        type,
        serial: newSerial(type),
        publicBaseUrl: 'https://cards.example.or.kr',
      });
      const texts = shapes.filter((s) => s.kind === 'text');
      const card = { x: 0, y: 0, w: layout.card.width, h: layout.card.height };
      for (const shape of shapes)
        expect(inside(shapeBox(shape), card), JSON.stringify(shape).slice(0, 80)).toBe(true);
      for (const text of texts) {
        const box = shapeBox(text);
        for (const region of readableRegions()) {
          if (region.name === 'serial text' && inside(box, region.box)) continue;
          expect(overlaps(box, region.box), `"${text.text}" overlaps ${region.name}`).toBe(false);
        }
      }
      for (let i = 0; i < texts.length; i++) {
        for (let j = i + 1; j < texts.length; j++) {
          expect(
            overlaps(shapeBox(texts[i]!), shapeBox(texts[j]!)),
            `"${texts[i]!.text}" overlaps "${texts[j]!.text}"`,
          ).toBe(false);
        }
      }
    }
  });

  it('leaves a quiet zone of at least four modules around both QR codes, even for a serial of the widest letters', () => {
    // G + WMWMWMWM + its check character: the widest serial the alphabet allows.
    const widest = [...'0123456789ABCDEFGHJKMNPQRSTVWXYZ']
      .map((c) => `GWMWMWMWM${c}`)
      .find((serial) => checkSerial(serial).ok)!;
    const shapes = drawCard(layout, defaultProfile, {
      type: 'green',
      serial: widest,
      publicBaseUrl: 'https://cards.example.or.kr',
    });
    const codes = shapes.filter((s): s is Extract<Shape, { kind: 'qr' }> => s.kind === 'qr');
    expect(codes).toHaveLength(2);
    for (const code of codes) {
      const quiet = (4 * code.size) / code.modules;
      const zone = {
        x: code.x - quiet,
        y: code.y - quiet,
        w: code.size + 2 * quiet,
        h: code.size + 2 * quiet,
      };
      for (const shape of shapes) {
        if (shape === code) continue;
        const box = shapeBox(shape);
        if (shape.kind === 'rect' && shape.fill === '#ffffff') continue;
        expect(
          overlaps(box, zone),
          `${shape.kind} ${'text' in shape ? shape.text : ''} in the quiet zone`,
        ).toBe(false);
      }
    }
  });

  it('leaves 3 mm of clear paper around every corner mark', () => {
    const shapes = drawCard(layout, defaultProfile, {
      type: 'green',
      serial: newSerial('green'),
      publicBaseUrl: 'https://cards.example.or.kr',
    });
    for (const mark of layout.fiducials) {
      const reach = mark.size / 2 + 2.9;
      const zone = { x: mark.x - reach, y: mark.y - reach, w: 2 * reach, h: 2 * reach };
      const inside = shapes.filter((shape) => overlaps(shapeBox(shape), zone));
      expect(inside, `around (${mark.x}, ${mark.y}): ${JSON.stringify(inside).slice(0, 300)}`).toEqual([
        {
          kind: 'rect',
          x: mark.x - mark.size / 2,
          y: mark.y - mark.size / 2,
          w: mark.size,
          h: mark.size,
          fill: '#000000',
        },
      ]);
    }
  });
});
