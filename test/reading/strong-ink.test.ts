import { describe, expect, it } from 'vitest';
import { strongInk } from '../../src/reading/fields.ts';

describe('the darkened, sharpened look at a line of writing', () => {
  it('is a grey image of the same size, its faint ink brought to black and its paper left light', async () => {
    const width = 60;
    const height = 20;
    const data = new Uint8Array(width * height).fill(250);
    for (let y = 6; y < 14; y++) for (let x = 10; x < 50; x++) data[y * width + x] = 140; // faint, soft ink
    const look = await strongInk({ data, width, height });
    expect([look.width, look.height, look.data.length]).toEqual([width, height, width * height]);
    expect(look.data[10 * width + 30]).toBeLessThan(20);
    expect(look.data[1 * width + 1]).toBeGreaterThan(235);
  });

  it('leaves paper light when there is little or no ink', async () => {
    const width = 40;
    const height = 10;
    const look = await strongInk({ data: new Uint8Array(width * height).fill(250), width, height });
    expect(look.data[5 * width + 5]).toBeGreaterThan(200);
  });
});
