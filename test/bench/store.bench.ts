import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, stat, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { openStore } from '../../src/store/index.ts';
import type { CaseRecord } from '../../src/store/records.ts';
import { Random } from '../synth/random.ts';

/**
 * Issue 17: the embedded store at 50,000 and 500,000 realistic cases — start-up, one case change through the
 * real app (POST classify, answered once durable; median and p99 of 50), memory after start-up, and the staff
 * statistics page for a year — for this tree and, in the same run, for the tree the issue measured ("today's":
 * commit bd06483, checked out beside this one). Each measurement runs in a process of its own with Node's
 * default heap.
 */
const SIZES = (process.env.BENCH_STORE_SIZES ?? '50000,500000').split(',').map(Number);
const TODAY = process.env.BENCH_STORE_REFERENCE ?? 'bd06483';
const ROOT = join(import.meta.dirname, '../..');
const exec = promisify(execFile);

const MESSAGES = [
  '열람실 조명이 어둡습니다. 저녁에 책 읽기가 힘들어요. 스탠드를 더 놓아 주시면 좋겠습니다.',
  '어린이자료실 사서 선생님이 친절하게 책을 찾아 주셨어요. 감사합니다!',
  '주차장 안내가 부족해서 한참 헤맸습니다. 입구 표지판을 크게 해 주세요.',
  '디지털정보실 컴퓨터가 자주 멈춥니다. 프린터도 용지가 없을 때가 많아요.',
  '평생학습 강좌 신청이 너무 빨리 마감됩니다. 정원을 늘리거나 추첨으로 해 주세요.',
];

/** A case as a year of use leaves it: history, an officer and a notice for most, a card reading for some. */
function realisticCase(i: number, random: Random): CaseRecord {
  const received =
    Date.parse('2026-01-01T00:00:00Z') + random.int(0, 330) * 86_400_000 + random.int(0, 86_399_999);
  const at = (days: number) => new Date(received + days * 86_400_000).toISOString();
  const answered = random.next() < 0.9;
  const message = MESSAGES[i % MESSAGES.length]!.repeat(1 + (i % 3));
  const officer = { department: 'lifelong', name: '김담당', phone: '258-2557', userId: `u${i % 40}` };
  const record: CaseRecord = {
    id: `${i.toString(16).padStart(8, '0')}-bench-case-0000-${(i * 7919).toString(16).padStart(12, '0')}`,
    serial: `${i % 3 ? 'Y' : 'G'}${i.toString(36).toUpperCase().padStart(9, '0')}`,
    type: i % 3 ? 'yellow' : 'green',
    channel: i % 4 ? 'cardbox' : 'online',
    status: answered ? 'answered' : 'assigned',
    receivedAt: at(0),
    areas: ['reading-room', 'facilities'].slice(0, 1 + (i % 2)),
    satisfaction: 1 + (i % 5),
    message,
    replyWanted: true,
    consent: false,
    contact: null,
    rule: i % 3 ? 'dissatisfaction' : 'suggestion',
    dueAt: at(7),
    updatedAt: at(3),
    classification: i % 3 ? 'service' : 'suggestion',
    department: 'lifelong',
    officer,
    history: [
      { at: at(0), by: 'cardbox', what: '접수: 카드함 사진에서 카드를 읽음' },
      { at: at(1), by: 'staff1', what: '분류: 서비스 불만' },
      { at: at(1), by: 'staff1', what: '배정: 평생학습과 김담당' },
      ...(answered ? [{ at: at(3), by: 'staff1', what: '결과 통지 게시' }] : []),
    ],
    ...(answered
      ? {
          answeredAt: at(3),
          notice: {
            text: `안녕하십니까. 보내 주신 의견에 감사드립니다. ${message} 말씀하신 내용을 확인하여 조치하였습니다. 담당: 평생학습과 김담당 (258-2557)`,
            publishedAt: at(3),
            publishedBy: 'staff1',
          },
        }
      : {}),
  } as CaseRecord;
  return record;
}

async function prepare(size: number): Promise<{ dir: string; bytes: number; writeSeconds: number }> {
  const dir = await mkdtemp(join(tmpdir(), `cardbox-bench-store-${size}-`));
  const store = await openStore(dir);
  const random = new Random(size);
  const started = performance.now();
  await store.cases.update((data) => {
    for (let i = 0; i < size; i++) data.cases.push(realisticCase(i, random));
  });
  const writeSeconds = (performance.now() - started) / 1000;
  await store.close();
  return { dir, bytes: (await stat(join(dir, 'cases.json'))).size, writeSeconds };
}

async function probe(root: string, dir: string): Promise<Record<string, number | string>> {
  const { stdout } = await exec(
    process.execPath,
    ['--import', 'tsx', '--expose-gc', join(ROOT, 'test/bench/store-probe.ts')],
    {
      cwd: root,
      // Node's default heap, whatever the benchmark itself was given to build half a million cases.
      env: { ...process.env, NODE_OPTIONS: '', PROBE_ROOT: root, PROBE_DATA: dir },
      maxBuffer: 1 << 20,
      timeout: 30 * 60_000,
    },
  ).catch((error: { stdout?: string; message: string }) => ({
    stdout: error.stdout || JSON.stringify({ failed: error.message.slice(0, 200) }),
  }));
  return JSON.parse(stdout.trim().split('\n').at(-1)!) as Record<string, number | string>;
}

async function referenceTree(): Promise<string> {
  const tree = join(tmpdir(), `cardbox-reference-${TODAY}`);
  if (!existsSync(tree)) {
    await exec('git', ['-C', ROOT, 'worktree', 'add', '--detach', tree, TODAY]);
    await symlink(join(ROOT, 'node_modules'), join(tree, 'node_modules'));
  }
  return tree;
}

const cell = (value: number | string | undefined, unit: string, digits = 0) =>
  typeof value === 'number' ? `${value.toFixed(digits)} ${unit}` : value === undefined ? '—' : String(value);
const ratio = (today: unknown, now: unknown) =>
  typeof today === 'number' && typeof now === 'number' ? `${(today / now).toFixed(1)}×` : '—';

export async function run(): Promise<string> {
  const reference = await referenceTree();
  const rows: string[] = [];
  for (const size of SIZES) {
    const data = await prepare(size);
    try {
      const now = await probe(ROOT, data.dir);
      const today = await probe(reference, data.dir);
      const line = (what: string, key: string, unit: string, digits = 0) =>
        `| ${size.toLocaleString('en')} | ${what} | ${cell(today.failed ?? today[key], unit, digits)} | ${cell(now.failed ?? now[key], unit, digits)} | ${ratio(today[key], now[key])} |`;
      rows.push(
        `| ${size.toLocaleString('en')} | cases.json (written by this tree in ${data.writeSeconds.toFixed(1)} s) | | ${(data.bytes / 2 ** 20).toFixed(0)} MiB | |`,
        line('start-up (open the data folder)', 'startupMs', 'ms'),
        line('one case change, median', 'changeMedianMs', 'ms', 1),
        line('one case change, p99', 'changeP99Ms', 'ms', 1),
        line('resident memory after start-up', 'rssMiB', 'MiB'),
        line('JS heap after start-up', 'heapMiB', 'MiB'),
        line('statistics page, a year', 'statsMs', 'ms'),
      );
      if (now.refused)
        rows.push(`| ${size.toLocaleString('en')} | this tree refused a change | | ${now.refused} | |`);
    } finally {
      await rm(data.dir, { recursive: true, force: true });
    }
  }
  return [
    '## The embedded store at 50k and 500k cases (issue 17)',
    '',
    `Command: \`npm run bench -- store\`. Realistic cases (history, officer, result notice for 90%) written through the store's own writer, then each tree opens the same data folder in a process of its own (Node's default heap, ${'4 GiB'} here): "today's" is commit ${TODAY}, the tree issue 17 measured, checked out beside this one. A change is POST /staff/cases/:id/classify through the real app, answered once on disk (50 changes). Ratio: today's ÷ this tree.`,
    '',
    "| cases | measure | today's | this tree | ratio |",
    '| --- | --- | --- | --- | --- |',
    ...rows,
  ].join('\n');
}
