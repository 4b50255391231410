import { parseCommandArgs } from '../args.ts';
import type { CommandIo } from '../io.ts';

export async function layoutCommand(args: string[], io: CommandIo): Promise<number> {
  const { values } = parseCommandArgs(args, { json: { type: 'boolean', default: false } });
  const { layout } = await io.open();
  if (values.json) {
    io.out(JSON.stringify(layout, null, 2));
    return 0;
  }
  io.out(
    `card ${layout.card.width} × ${layout.card.height} mm; QR ${layout.qr.size} mm at (${layout.qr.x}, ${layout.qr.y})`,
  );
  io.out(`corner marks: ${layout.fiducials.map((f) => `(${f.x}, ${f.y})`).join(' ')}`);
  for (const box of layout.checkboxes)
    io.out(`checkbox ${box.id.padEnd(20)} ${box.label} at (${box.x}, ${box.y})`);
  for (const field of layout.fields) io.out(`field    ${field.id.padEnd(20)} ${field.kind}`);
  io.out(`stub below y = ${layout.stub.perforationY} mm`);
  return 0;
}
