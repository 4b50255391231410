import { type ChildProcess, spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { request } from 'node:http';
import { join } from 'node:path';
import { freePort } from '../helpers/processes.ts';

const ROOT = join(import.meta.dirname, '../..');
export const ADMIN_PASSWORD = 'fault tests admin password';

/** The real server (`src/server.ts`) in a child process on a loopback port, as `npm start` runs it. */
export interface RealServer {
  base: string;
  child: ChildProcess;
  /** Everything the server printed (stdout and stderr). */
  log: () => string;
  /** Logs in the admin account through the real login form and returns the session cookie(s). */
  login: () => Promise<string>;
  /** Peak and current resident memory of the server process, in bytes (from /proc). */
  memory: () => Promise<{ peak: number; now: number }>;
  stop: () => Promise<void>;
}

/**
 * `script`, if given, is run in the server's process as it starts (a module importing `src/server.ts`
 * itself), to put a fault into the running server.
 */
export async function startServer(
  dataDir: string,
  env: Record<string, string> = {},
  script?: string,
): Promise<RealServer> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const args = script
    ? ['--import', 'tsx', '--input-type=module', '-e', script]
    : ['--import', 'tsx', 'src/server.ts'];
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      PUBLIC_BASE_URL: base,
      CARDBOX_ADMIN_PASSWORD: ADMIN_PASSWORD,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr!.on('data', (chunk) => {
    output += chunk;
  });
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}:\n${output}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the server did not answer /healthz within 60 s:\n${output}`);
    }
    try {
      if ((await fetch(`${base}/healthz`)).ok) break;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    base,
    child,
    log: () => output,
    login: async () => {
      const form = await fetch(`${base}/staff/login`);
      const cookies = form.headers.getSetCookie().map((line) => line.split(';')[0]!);
      const html = await form.text();
      const token = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
      const response = await fetch(`${base}/staff/login`, {
        method: 'POST',
        redirect: 'manual',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          origin: base,
          ...(cookies.length ? { cookie: cookies.join('; ') } : {}),
        },
        body: new URLSearchParams({
          username: 'admin',
          password: ADMIN_PASSWORD,
          next: '/staff',
          ...(token ? { _csrf: token } : {}),
        }),
      });
      const session = response.headers.getSetCookie().map((line) => line.split(';')[0]!);
      if (response.status !== 303 || session.length === 0)
        throw new Error(`login failed: ${response.status} ${await response.text()}`);
      return [...cookies, ...session].join('; ');
    },
    memory: async () => {
      const status = await readFile(`/proc/${child.pid}/status`, 'utf8');
      const kb = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0);
      return { peak: kb('VmHWM') * 1024, now: kb('VmRSS') * 1024 };
    },
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/**
 * Posts a multipart upload of `parts` to the server without holding the body in this process: each part's
 * bytes come from `write`, a chunk at a time. Resolves with the status and the body of the answer.
 */
export function postMultipart(
  url: string,
  cookie: string,
  parts: { name: string; file: string; type: string; size: number; chunk: (offset: number) => Uint8Array }[],
  options: { chunked?: boolean } = {},
): Promise<{ status: number; body: string }> {
  const boundary = `----cardbox-test-${Date.now()}`;
  const heads = parts.map(
    (p, i) =>
      `${i ? '\r\n' : ''}--${boundary}\r\nContent-Disposition: form-data; name="${p.name}"; filename="${p.file}"\r\nContent-Type: ${p.type}\r\n\r\n`,
  );
  const tail = `\r\n--${boundary}--\r\n`;
  const length =
    heads.reduce((n, h) => n + Buffer.byteLength(h), 0) +
    parts.reduce((n, p) => n + p.size, 0) +
    Buffer.byteLength(tail);
  const target = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: target.hostname,
        port: target.port,
        path: target.pathname,
        method: 'POST',
        headers: {
          'content-type': `multipart/form-data; boundary=${boundary}`,
          // Without a length the body goes chunked (Transfer-Encoding), as a streaming client sends it.
          ...(options.chunked ? {} : { 'content-length': String(length) }),
          accept: 'application/json',
          origin: target.origin,
          cookie,
        },
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => {
          body += chunk;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('error', reject);
    const write = async () => {
      for (const [i, part] of parts.entries()) {
        req.write(heads[i]!);
        let offset = 0;
        while (offset < part.size) {
          const chunk = part.chunk(offset).subarray(0, part.size - offset);
          offset += chunk.byteLength;
          if (req.destroyed) return;
          if (!req.write(chunk)) await new Promise((r) => req.once('drain', r));
        }
      }
      req.end(tail);
    };
    write().catch(reject);
  });
}
