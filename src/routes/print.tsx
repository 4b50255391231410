import { zipSync } from 'fflate';
import { Hono } from 'hono';
import { requireRole, type StaffEnv } from '../auth/index.ts';
import { entrancePoster } from '../cards/poster.ts';
import {
  issuePrintBatch,
  type PrintRequest,
  printCards,
  printedBatch,
  printHistory,
  printRequestSchema,
  reprintBatch,
  reprintImages,
} from '../cards/print.ts';
import { cardPng } from '../cards/render.ts';
import { newSerial } from '../cards/serial.ts';
import type { Cardbox } from '../context.ts';
import { PrintPage } from '../views/staff/print.tsx';
import { PrintBatchPage } from '../views/staff/print-batch.tsx';
import { formBody } from '../web/clean-text.ts';

/** A print form read, or the words saying what is wrong with it. */
function parseRequest(
  form: Record<string, unknown>,
): { success: true; data: PrintRequest } | { success: false; error: string } {
  const parsed = printRequestSchema.safeParse({
    type: form.type,
    count: form.count,
    format: form.format ?? 'pdf',
    dpi: form.dpi ?? 300,
  });
  if (parsed.success) return { success: true, data: parsed.data };
  return {
    success: false,
    error: `입력을 확인해 주세요: ${parsed.error.issues.map((i) => i.message).join('; ')}`,
  };
}

/** Staff printing: the same cards as `cardbox print`, as a PDF download or a ZIP of images. Admins only. */
export function printRoutes(cardbox: Cardbox): Hono<StaffEnv> {
  const app = new Hono<StaffEnv>();
  app.use('*', requireRole(cardbox, 'admin'));

  const page = async (c: { var: { staff: StaffEnv['Variables']['staff'] } }, error?: string) => (
    <PrintPage
      cardbox={cardbox}
      user={c.var.staff}
      history={await printHistory(cardbox)}
      {...(error ? { error } : {})}
    />
  );

  app.get('/', async (c) => c.html(await page(c)));

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
    // ?sheet=N: only that A4 sheet again, for a page the printer spoiled.
    const sheet = c.req.query('sheet');
    const file = await reprintBatch(
      cardbox,
      c.req.param('file').replace(/\.pdf$/, ''),
      sheet ? { sheet: Number(sheet) } : {},
    );
    if (!file) return c.html(await page(c, '그 인쇄 묶음(또는 쪽)을 찾을 수 없습니다.'), 404);
    c.header('Content-Disposition', `attachment; filename="${file.name}"`);
    return c.body(new Uint8Array(file.bytes), 200, { 'Content-Type': 'application/pdf' });
  });

  app.get('/batches/:file{[0-9a-f-]+\\.zip}', async (c) => {
    const id = c.req.param('file').replace(/\.zip$/, '');
    const files = await reprintImages(cardbox, id);
    if (!files) return c.html(await page(c, '그 인쇄 묶음의 이미지를 찾을 수 없습니다.'), 404);
    c.header('Content-Disposition', `attachment; filename="cards-${id.slice(0, 8)}.zip"`);
    const zip = zipSync(Object.fromEntries(files.map((f) => [f.name, new Uint8Array(f.bytes)])));
    return c.body(zip, 200, { 'Content-Type': 'application/zip' });
  });

  // The confirmation after printing, and each batch of the history: what was printed, the file, a reprint.
  app.get('/batches/:id{[0-9a-f-]+}', async (c) => {
    const id = c.req.param('id');
    const printed = await printedBatch(cardbox, id);
    const counts = (await printHistory(cardbox)).find((h) => h.batch.id === id);
    if (!printed || !counts) return c.html(await page(c, '그 인쇄 묶음을 찾을 수 없습니다.'), 404);
    const by = await cardbox.users.getByUsername(printed.batch.createdBy);
    return c.html(
      <PrintBatchPage
        cardbox={cardbox}
        user={c.var.staff}
        batch={printed.batch}
        serials={printed.serials}
        used={counts.used}
        unused={counts.unused}
        {...(by ? { byName: by.name } : {})}
        justPrinted={c.req.query('new') === '1'}
      />,
    );
  });

  // The print page's form: the serials are issued, then the confirmation offers the file (post/redirect/get,
  // so a reload never prints a second batch). POST / below gives the file at once (scripts, the API).
  app.post('/batches', async (c) => {
    const parsed = parseRequest(await formBody(c));
    if (!parsed.success) return c.html(await page(c, parsed.error), 400);
    const batch = await issuePrintBatch(cardbox, parsed.data, c.var.staff.username);
    return c.redirect(`/staff/print/batches/${batch.id}?new=1`, 303);
  });

  app.post('/', async (c) => {
    const parsed = parseRequest(await formBody(c));
    if (!parsed.success) return c.html(await page(c, parsed.error), 400);
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
