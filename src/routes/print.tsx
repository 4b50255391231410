import { zipSync } from 'fflate';
import { Hono } from 'hono';
import { requireRole, type StaffEnv } from '../auth/index.ts';
import { MAX_CARDS_PER_RUN, printCards, printRequestSchema } from '../cards/print.ts';
import type { Cardbox } from '../context.ts';
import { StaffLayout } from '../views/staff/layout.tsx';
import { formBody } from '../web/clean-text.ts';

function PrintPage(props: { error?: string; user: StaffEnv['Variables']['staff'] }) {
  return (
    <StaffLayout title="카드 인쇄" user={props.user}>
      <p>새 일련번호가 붙은 카드를 만듭니다. PDF는 A4 한 장에 4장씩, 재단선이 함께 인쇄됩니다.</p>
      {props.error && (
        <p class="error" role="alert">
          {props.error}
        </p>
      )}
      <form method="post" action="/staff/print" class="stack">
        <fieldset>
          <legend>카드 종류</legend>
          <label>
            <input type="radio" name="type" value="green" checked /> 그린카드 (칭찬·제안)
          </label>
          <label>
            <input type="radio" name="type" value="yellow" /> 옐로카드 (불편·불만)
          </label>
        </fieldset>
        <label for="count">장수 (1–{MAX_CARDS_PER_RUN})</label>
        <input id="count" name="count" type="number" min={1} max={MAX_CARDS_PER_RUN} value="40" required />
        <label for="format">형식</label>
        <select id="format" name="format">
          <option value="pdf">PDF (A4, 인쇄용)</option>
          <option value="png">PNG 이미지 묶음 (ZIP)</option>
          <option value="svg">SVG 이미지 묶음 (ZIP)</option>
        </select>
        <button type="submit">만들기</button>
      </form>
    </StaffLayout>
  );
}

/** Staff printing: the same cards as `cardbox print`, as a PDF download or a ZIP of images. Admins only. */
export function printRoutes(cardbox: Cardbox): Hono<StaffEnv> {
  const app = new Hono<StaffEnv>();
  app.use('*', requireRole(cardbox, 'admin'));

  app.get('/', (c) => c.html(<PrintPage user={c.var.staff} />));

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
      return c.html(<PrintPage user={c.var.staff} error={error} />, 400);
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
