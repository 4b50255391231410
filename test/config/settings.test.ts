import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { type AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSettings } from '../../src/config/settings.ts';

const ROOT = join(import.meta.dirname, '../..');
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cardbox-settings-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** The real server with `env`: its exit code and output once it exits, or 'listening' once it answers. */
async function startServer(
  env: Record<string, string>,
): Promise<{ outcome: number | 'listening'; output: string }> {
  const port = await new Promise<number>((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'src/server.ts')], {
      cwd: ROOT,
      env: { ...process.env, DATA_DIR: dir, PORT: String(port), HOST: '127.0.0.1', CARDBOX_KEY: '', ...env },
    });
    let output = '';
    let listening = false;
    const take = (chunk: Buffer) => {
      output += chunk.toString();
      if (!listening && /Cardbox .* on http/.test(output)) {
        listening = true;
        child.kill('SIGTERM');
      }
    };
    child.stdout.on('data', take);
    child.stderr.on('data', take);
    child.on('exit', (code) => resolve({ outcome: listening ? 'listening' : (code ?? -1), output }));
  });
}

describe('settings, read once at start', () => {
  it.each(['0', 'abc', '-5'])(
    'refuses CARDBOX_SWEEP_SECONDS=%s at start, naming it (it used to start and sweep every millisecond)',
    async (value) => {
      const started = await startServer({ CARDBOX_SWEEP_SECONDS: value });
      expect(started.outcome).toBe(1);
      expect(started.output).toMatch(/CARDBOX_SWEEP_SECONDS/);
      expect(started.output).toMatch(/환경 변수가 올바르지 않습니다/);
    },
    30_000,
  );

  it('starts with the defaults, and with every setting given', async () => {
    expect((await startServer({})).outcome).toBe('listening');
    const settings = readSettings({
      DATA_DIR: dir,
      CARDBOX_SWEEP_SECONDS: '0.5',
      CARDBOX_DIGITIZE_RETRY_SECONDS: '2',
      CARDBOX_READ_WORKER: 'off',
      SMTP_URL: 'smtp://127.0.0.1:2525',
      SMS_WEBHOOK_URL: 'https://sms.example/send',
    });
    expect(settings).toMatchObject({
      CARDBOX_SWEEP_SECONDS: 0.5,
      CARDBOX_DIGITIZE_RETRY_SECONDS: 2,
      CARDBOX_READ_WORKER: 'off',
      MAIL_FROM: 'Cardbox <cardbox@localhost>',
    });
  }, 30_000);

  it('names every wrong variable at once', () => {
    expect(() =>
      readSettings({
        CARDBOX_DIGITIZE_RETRY_SECONDS: 'soon',
        CARDBOX_READ_WORKER: 'yes',
        SMS_WEBHOOK_URL: 'ftp://x',
        PORT: '70000',
      }),
    ).toThrow(/CARDBOX_DIGITIZE_RETRY_SECONDS[\s\S]*CARDBOX_READ_WORKER[\s\S]*SMS_WEBHOOK_URL|PORT/);
  });
});
