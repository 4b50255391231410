import { printCards, printRequestSchema } from '../../cards/print.ts';
import { checkWritable, writeOutputs } from '../../store/export.ts';
import { parseCommandArgs } from '../args.ts';
import type { CommandIo } from '../io.ts';
import { UsageError } from '../usage.ts';

export async function printCommand(args: string[], io: CommandIo): Promise<number> {
  const { values } = parseCommandArgs(args, {
    type: { type: 'string' },
    count: { type: 'string' },
    format: { type: 'string', default: 'pdf' },
    dpi: { type: 'string', default: '300' },
    out: { type: 'string' },
    json: { type: 'boolean', default: false },
  });
  const parsed = printRequestSchema.safeParse({
    type: values.type,
    count: values.count,
    format: values.format,
    dpi: values.dpi,
  });
  if (!parsed.success) throw new UsageError(parsed.error.issues.map((issue) => issue.message).join('; '));
  if (!values.out) throw new UsageError('--out is required: a .pdf file, or a folder for png/svg');
  const request = parsed.data;
  const isFolder = request.format !== 'pdf';
  await checkWritable(values.out, isFolder);

  const cardbox = await io.open();
  const result = await printCards(cardbox, request, 'cli');
  let written: string[];
  try {
    written = await writeOutputs(values.out, result.files, isFolder);
  } catch (error) {
    await result.cancel();
    throw error;
  }
  if (values.json) {
    io.out(
      JSON.stringify(
        {
          batch: result.batch.id,
          type: request.type,
          format: request.format,
          serials: result.serials,
          files: written,
        },
        null,
        2,
      ),
    );
  } else {
    io.out(
      `${result.serials.length} ${request.type} card(s) → ${isFolder ? `${written.length} files in ${values.out}` : values.out}`,
    );
  }
  return 0;
}
