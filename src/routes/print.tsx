import { zipSync } from 'fflate';
import { Hono } from 'hono';
import { requireRole, type StaffEnv } from '../auth/index.ts';
import { entrancePoster } from '../cards/poster.ts';
import { printCards, printHistory, printRequestSchema, reprintBatch } from '../cards/print.ts';
import { cardPng } from '../cards/render.ts';
import { newSerial } from '../cards/serial.ts';
import type { Cardbox } from '../context.ts';
import { PrintPage } from '../views/staff/print.tsx';
import { formBody } from '../web/clean-text.ts';

/** Staff printing: the same cards as `cardbox print`, as a PDF download or a ZIP of images. Admins only. */
export function printRoutes(cardbox: Cardbox): Hono<StaffEnv> {
  const app = new Hono<StaffEnv>();
  app.use('*', requireRole(cardbox, 'admin'));

  const page = (c: { var: { staff: StaffEnv['Variables']['staff'] } }, error?: string) => (
    <PrintPage user={c.var.staff} history={printHistory(cardbox)} {...(error ? { error } : {})} />
  );

  app.get('/', (c) => c.html(page(c)));

  app.get('/poster.pdf', async (c) => {
    const pdf = await entrancePoster(cardbox.profile, cardbox.settings.PUBLIC_BASE_URL);
    c.header('Content-Disposition', 'attachment; filename="cardbox-poster-write.pdf"');
    return c.body(new Uint8Array(pdf), 200, { 'Content-Type': 'application/pdf' });
  });

  app.get('/preview.png', async (c) => {
    const type = c.req.query('type') === 'yellow' ? 'yellow' : 'green';
    // A sample: a serial never registered, so the preview can never be filled in and sent.
    const png = await cardPng(
      cardbox.layout,
      cardbox.profile,
      { type, serial: newSerial(type), publicBaseUrl: cardbox.settings.PUBLIC_BASE_URL },
      100,
    );
    return c.body(new Uint8Array(png), 200, { 'Content-Type': 'image/png', 'Cache-Control': 'no-store' });
  });

  app.get('/batches/:file{[0-9a-f-]+\\.pdf}', async (c) => {
    const file = await reprintBatch(cardbox, c.req.param('file').replace(/\.pdf$/, ''));
    if (!file) return c.html(page(c, '그 인쇄 묶음을 찾을 수 없습니다.'), 404);
    c.header('Content-Disposition', `attachment; filename="${file.name}"`);
    return c.body(new Uint8Array(file.bytes), 200, { 'Content-Type': 'application/pdf' });
  });

  app.post('/', async (c) => {
    const form = await formBody(c);
    const parsed = printRequestSchema.safeParse({
      type: form.type,
      count: form.count,
      format: form.format ?? 'pdf',
      dpi: form.dpi ?? 300,
    });
    if (!parsed.success) {
      const error = `입력을 확인해 주세요: ${parsed.error.issues.map((i) => i.message).join('; ')}`;
      return c.html(page(c, error), 400);
    }
    const result = await printCards(cardbox, parsed.data, c.var.staff.username);
    c.header('X-Cardbox-Serials', String(result.serials.length));
    if (parsed.data.format === 'pdf') {
      const file = result.files[0]!;
      c.header('Content-Disposition', `attachment; filename="${file.name}"`);
      return c.body(new Uint8Array(file.bytes), 200, { 'Content-Type': 'application/pdf' });
    }
    const zip = zipSync(Object.fromEntries(result.files.map((f) => [f.name, new Uint8Array(f.bytes)])));
    c.header(
      'Content-Disposition',
      `attachment; filename="cards-${parsed.data.type}-${result.batch.id.slice(0, 8)}.zip"`,
    );
    return c.body(zip, 200, { 'Content-Type': 'application/zip' });
  });
  return app;
}
