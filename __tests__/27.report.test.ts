/**
 * The HTML report of `koffi-mapi check` (lib/check/report.ts), opened from file:// in headless Chromium
 * through playwright-core: the verdict table, its filters and evidence, the timeline of a real sync
 * against the sample provider, a 20,000-event timeline (aggregated marks), hostile strings from the
 * provider, and no network at all. One browser for the whole file.
 */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Locator } from 'playwright-core';
import { MapiArgumentError, type Mapi, type Session, type Store } from '../lib';
import { renderReport } from '../lib/check/report';
import type { CheckReport, CheckResult, SyncTimeline, TimelineEvent } from '../lib/check/types';
import { SYNC_FLAGS } from '../ffi-defs/constants/flags';
import { init, expectNoLeaks, knobs } from './helpers/provider';
import { dllArgs, spawnCli } from './helpers/cli';
import { describeIf } from './helpers/skip';

const CHROMIUM = process.env.KMAPI_CHROMIUM ?? '/usr/bin/chromium';
const hasPlaywright = (() => { try { require.resolve('playwright-core'); return true; } catch { return false; } })();
const RUN = process.platform === 'linux' && fs.existsSync(CHROMIUM) && hasPlaywright;
const WHY = `needs Chromium at ${CHROMIUM} (apt-get install chromium, or set KMAPI_CHROMIUM) and playwright-core, on Linux`;
const SCREENSHOT = path.join(__dirname, '..', 'docs', 'images', 'check-report.png');
const DOWNLOAD = SYNC_FLAGS.SYNC_DOWNLOAD_CONTENTS | SYNC_FLAGS.SYNC_DOWNLOAD_HIERARCHY;
const HOSTILE = '</script><script>window.__pwned=1</script><!-- <img src=x onerror="window.__pwned=2"> \u2028\u2029 & "q" \'s';

test('renderReport refuses a malformed report with a typed error, before any HTML', () => {
  const good = report([], []);
  const bad: [unknown, RegExp][] = [
    [null, /the report must be a CheckReport object, not null/],
    [{ ...good, checks: 'x' }, /report\.checks must be an array/],
    [{ ...good, checks: [{ ...check('a.b', 'pass'), status: 'great' }] }, /report\.checks\[0\]\.status must be pass, warn, fail or skipped/],
    [{ ...good, timelines: [{ ...timeline('t', []), events: [{ kind: 'Progress', atMs: NaN, thread: 'caller' }] }] }, /events\[0\]\.atMs must be a finite number/],
    [{ ...good, checks: [{ ...check('a.b', 'pass'), evidence: [null] }] }, /report\.checks\[0\]\.evidence\[0\] must be an object with a text/],
  ];
  for (const [r, msg] of bad) {
    expect(() => renderReport(r as CheckReport)).toThrow(MapiArgumentError);
    expect(() => renderReport(r as CheckReport)).toThrow(msg);
  }
});

test('the embedded data cannot close its script element: hostile strings stay inside the JSON', () => {
  const html = renderReport(report([check('com.x', 'fail', { title: HOSTILE, reason: HOSTILE })], [timeline(HOSTILE, [ev(1, 'Error', { detail: HOSTILE, hr: 0x80040115 }), ev(2, 'Done', { hr: 0xdeadbeef })])]));
  expect(html.split(/<\/script/i).length - 1).toBe(2); // the data element's and the page script's own
  expect(html.split('<script').length - 1).toBe(2);
  expect(html).not.toContain('<!--');
  expect(html).not.toMatch(/[\u2028\u2029]/);
  const json = /<script type="application\/json" id="report-data">([^<]*)<\/script>/.exec(html);
  const data = JSON.parse(json![1]);
  expect(data.report.checks[0].title).toBe(HOSTILE);
  // Only the names of the HRESULTs that occur, computed in Node (hresultName), not a table in the page.
  expect(data.hrNames).toEqual({ '0x80040115': 'MAPI_E_NETWORK_ERROR' });
});

describeIf(RUN, WHY)('in headless Chromium', () => {
  let browser: Browser;
  let dir: string;
  let mapi: Mapi;
  let session: Session;
  let store: Store;
  let real: { timeline: SyncTimeline; checks: CheckResult[] };

  beforeAll(async () => {
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({
      executablePath: CHROMIUM, headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    const cache = path.join(__dirname, '..', '.cache');
    fs.mkdirSync(cache, { recursive: true });
    dir = fs.mkdtempSync(path.join(cache, 'report-'));
    mapi = init();
    session = mapi.logon({ profile: 'Sample' });
    store = session.defaultStore();
    real = await realSync(store);
  }, 60000);
  afterAll(async () => {
    await browser?.close();
    knobs('');
    mapi?.uninitialize();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });
  expectNoLeaks();

  /** Opens the report from file://, failing on console errors, page errors and any request but the file. */
  async function open(r: CheckReport, name: string, viewport = { width: 1200, height: 900 }) {
    const file = path.join(dir, `${name}.html`);
    fs.writeFileSync(file, renderReport(r));
    return openFile(file, viewport);
  }

  async function openFile(file: string, viewport = { width: 1200, height: 900 }) {
    const url = pathToFileURL(file).href;
    const page = await browser.newPage({ viewport });
    page.setDefaultTimeout(5000);
    const problems: string[] = [];
    page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`); });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('request', (q) => { if (q.url() !== url) problems.push(`request: ${q.url()}`); });
    const t0 = Date.now();
    await page.goto(url);
    await page.waitForSelector('html[data-ready="true"]', { timeout: 10000 });
    const loadMs = Date.now() - t0;
    return { page, problems, loadMs, close: async () => { await page.close(); expect(problems).toEqual([]); } };
  }

  test('`koffi-mapi check --report` of a real run: every check of its --json is a row, the syncs it ran are timelines', async () => {
    const file = path.join(dir, 'cli-check.html');
    const r = await spawnCli([...dllArgs, '--profile', 'Sample;sync.items=6;sync.failItem=2:0x80040115;table.sortIgnored=1', '--json', 'check', '--report', file]);
    expect(r.code).toBe(1); // table.sort fails
    const json = JSON.parse(r.stdout) as CheckReport;
    const { page, close } = await openFile(file);
    const rows = await page.$$eval('tr.check', (trs) => trs.map((tr) => [tr.getAttribute('data-check-id'), tr.getAttribute('data-status')]));
    expect(rows.sort()).toEqual(json.checks.map((c) => [c.id, c.status]).sort());
    expect(rows).toContainEqual(['table.sort', 'fail']);
    expect(rows).toContainEqual(['sync.cancel', 'warn']);
    expect(await page.textContent('#overall')).toBe('Overall: FAIL');
    expect(await page.$$eval('select option', (os) => os.length)).toBe(json.timelines.length);
    await close();
  });

  test('`koffi-mapi sync --report`: the timeline of an ordinary sync, with its Error on the provider lane', async () => {
    const file = path.join(dir, 'cli-sync.html');
    const r = await spawnCli([...dllArgs, '--profile', 'Sample;sync.items=4;sync.failItem=2:0x80040115', 'sync', '--no-progress', '--report', file]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`report: ${file}`);
    const { page, close } = await openFile(file);
    const canvas = page.locator('canvas').first();
    expect(Number(await canvas.getAttribute('data-events'))).toBeGreaterThanOrEqual(8);
    expect(await page.textContent('body')).toContain("sync 'Sample Mailbox' (SYNC_DOWNLOAD_HIERARCHY | SYNC_DOWNLOAD_CONTENTS)");
    await close();
  });

  test('header and verdict table: one row per check, grouped, with id and status; the summary and the overall verdict', async () => {
    const r = report(real.checks, [real.timeline]);
    const { page, close } = await open(r, 'rows');
    const rows = await page.$$eval('tr.check', (trs) => trs.map((tr) => [tr.getAttribute('data-check-id'), tr.getAttribute('data-status'), tr.getAttribute('data-group')]));
    const order = ['com', 'sync', 'store', 'cleanup'];
    const expected = [...r.checks].sort((a, b) => order.indexOf(a.group) - order.indexOf(b.group)).map((c) => [c.id, c.status, c.group]);
    expect(rows).toEqual(expected);
    expect(await page.$$eval('#checks tbody[data-group]', (tbs) => tbs.map((t) => t.getAttribute('data-group')))).toEqual(order.filter((g) => r.checks.some((c) => c.group === g)));
    const status = await page.$$eval('tr.check .badge', (bs) => bs.map((b) => [b.textContent, (globalThis as unknown as Win).getComputedStyle(b).backgroundColor]));
    expect(status.map(([t]) => t)).toEqual(expected.map(([, s]) => s));
    expect(new Set(status.map(([, c]) => c)).size).toBe(4); // a colour per status
    expect(await page.textContent('#overall')).toBe('Overall: FAIL');
    expect(await page.$$eval('.summary-count', (bs) => bs.map((b) => b.textContent))).toEqual([`${r.summary.pass} pass`, `${r.summary.warn} warn`, `${r.summary.fail} fail`, `${r.summary.skipped} skipped`]);
    expect(await page.textContent('dd[data-field="dll"]')).toBe(r.target.dll);
    expect(await page.textContent('dd[data-field="stores"]')).toBe(store.name);
    expect(await page.textContent('dd[data-field="started"]')).toBe(r.startedAt);
    await close();
  });

  test('filter buttons show only the checks of a status; expanding a row (click or keyboard) shows the rule, source and evidence', async () => {
    const r = report(real.checks, [real.timeline]);
    const { page, close } = await open(r, 'filters');
    const visible = () => page.locator('tr.check:visible').evaluateAll((trs) => trs.map((t) => t.getAttribute('data-check-id')));
    for (const st of ['pass', 'warn', 'fail', 'skipped'] as const) {
      await page.click(`#filters button[data-filter="${st}"]`);
      expect(await visible()).toEqual(r.checks.filter((c) => c.status === st).map((c) => c.id));
      expect(await page.getAttribute(`#filters button[data-filter="${st}"]`, 'aria-pressed')).toBe('true');
    }
    await page.click('#filters button[data-filter="all"]');
    expect((await visible()).length).toBe(r.checks.length);

    const failing = r.checks.find((c) => c.id === 'sync.error-reported')!;
    const row = page.locator(`tr.check[data-check-id="${failing.id}"]`);
    const detail = page.locator(`tr.detail[data-detail-for="${failing.id}"]`);
    expect(await detail.isVisible()).toBe(false);
    await row.click();
    expect(await row.getAttribute('aria-expanded')).toBe('true');
    expect(await detail.locator('dd[data-field="rule"]').textContent()).toBe(failing.rule);
    expect(await detail.locator('dd[data-field="source"]').textContent()).toBe(failing.source);
    const items = detail.locator('ul.evidence li');
    expect(await items.count()).toBe(failing.evidence.length);
    const e0 = failing.evidence[0];
    expect(await items.nth(0).locator('.ev-text').textContent()).toBe(e0.text);
    expect(await items.nth(0).locator('[data-field="hr"]').textContent()).toBe('MAPI_E_NETWORK_ERROR (0x80040115)');
    expect(await items.nth(0).locator('[data-field="thread"]').textContent()).toBe('thread provider');
    expect(await items.nth(0).locator('[data-field="call"]').textContent()).toBe('IMAPISyncProgressCallback::Error');
    // Keyboard: focus another row, Enter opens it, Enter again closes it.
    const other = r.checks.find((c) => c.status === 'pass')!;
    await page.focus(`tr.check[data-check-id="${other.id}"]`);
    await page.keyboard.press('Enter');
    expect(await page.locator(`tr.detail[data-detail-for="${other.id}"]`).isVisible()).toBe(true);
    await page.keyboard.press('Enter');
    expect(await page.locator(`tr.detail[data-detail-for="${other.id}"]`).isVisible()).toBe(false);
    // A filter that hides the expanded row hides its details too.
    await page.click('#filters button[data-filter="pass"]');
    expect(await detail.isVisible()).toBe(false);
    await close();
  });

  test('the real sync: lanes with their labels, ticks in ms, a legend, and a tooltip per mark with its details', async () => {
    const tl = real.timeline;
    const { page, close } = await open(report(real.checks, [tl]), 'timeline');
    expect(await page.$$eval('.lane-label', (ls) => ls.map((l) => l.textContent))).toEqual(['caller', `provider (thread ${tl.providerThreadId})`]);
    expect(await page.textContent('.tl-meta [data-field="outcome"] b')).toBe('ok');
    const canvas = page.locator('.tl-plot canvas[data-marks]');
    expect(Number(await canvas.getAttribute('data-events'))).toBe(tl.events.length);
    expect(Number(await canvas.getAttribute('data-marks'))).toBeGreaterThan(10);
    expect(await canvas.getAttribute('data-ticks')).toMatch(/^0 ms\|[\d.]+ ms\|/);
    expect(await page.$$eval('.legend li', (ls) => ls.map((l) => l.getAttribute('data-kind')))).toEqual(
      ['SynchronizeInBackground', 'QueryInterface', 'AddRef', 'Release', 'Progress', 'Error', 'Done', 'signal', 'misuse', 'progress-line']);
    const box = await plotBox(canvas);
    const marks: Mark[] = await page.evaluate(() => (globalThis as unknown as Hook).koffiReport.marks(0));
    const tip = page.locator('#tooltip');
    // The Error the provider reported for item 5, on the provider lane.
    const error = tl.events.find((e) => e.kind === 'Error')!;
    const em = marks.find((m) => m.kind === 'Error')!;
    expect(em.lane).toBe(1);
    await page.mouse.move(box.x + em.x, box.y + em.y);
    await tip.waitFor({ state: 'visible' });
    expect(await tip.getAttribute('data-kind')).toBe('Error');
    const field = (f: string) => tip.locator(`[data-field="${f}"]`).textContent();
    expect(await field('hr')).toBe('hr: MAPI_E_NETWORK_ERROR (0x80040115)');
    expect(await field('thread')).toBe(`thread: provider (thread ${tl.providerThreadId})`);
    expect(await field('detail')).toBe(`detail: ${error.detail}`);
    expect(await field('time')).toMatch(/^time: [\d.]+ ms$/);
    // A Progress mark: its index/max.
    const pm = marks.filter((m) => m.kind === 'Progress' && m.count === 1).pop()!;
    await page.mouse.move(box.x + pm.x, box.y + pm.y);
    await page.waitForFunction("document.getElementById('tooltip').dataset.kind === 'Progress'");
    expect(await field('index/max')).toMatch(/^index\/max: \d+ \/ \d+$/);
    // Away from the marks the tooltip goes; a click pins one (touch, keyboard), arrows step on.
    await page.mouse.move(box.x + 5, box.y + box.height - 5);
    await tip.waitFor({ state: 'hidden' });
    await page.mouse.click(box.x + em.x, box.y + em.y);
    await page.mouse.move(box.x + 5, box.y + box.height - 5);
    expect(await tip.isVisible()).toBe(true);
    await canvas.focus();
    await page.keyboard.press('ArrowRight');
    expect(await tip.isVisible()).toBe(true);
    await page.keyboard.press('Escape');
    expect(await tip.isVisible()).toBe(false);
    await close();
  });

  test('20,000 events: marks are aggregated to a bound set by the width, the count is in the tooltip, resize redraws, zoom and reset', async () => {
    const big = synthetic(20000);
    const { page, loadMs, close } = await open(report(real.checks, [real.timeline, big]), 'big');
    await page.selectOption('#timeline-select', '1');
    const canvas = page.locator('.tl-panel[data-timeline="1"] .tl-plot canvas');
    await canvas.and(page.locator('[data-marks]')).waitFor();
    const width = Number(await canvas.getAttribute('data-width'));
    const marks = Number(await canvas.getAttribute('data-marks'));
    expect(Number(await canvas.getAttribute('data-events'))).toBe(20000);
    // At most one mark per 4-pixel bucket per lane per kind (+1 bar).
    expect(marks).toBeLessThanOrEqual(2 * 9 * Math.ceil(width / 4) + 1);
    expect(marks).toBeLessThan(3000);
    expect(Number(await canvas.getAttribute('data-draw-ms'))).toBeLessThan(500);
    expect(loadMs).toBeLessThan(10000);
    const all: Mark[] = await page.evaluate(() => (globalThis as unknown as Hook).koffiReport.marks(1));
    const merged = all.find((m) => m.kind === 'Progress' && m.count > 10)!;
    const box = await plotBox(canvas);
    await page.mouse.move(box.x + merged.x, box.y + merged.y);
    const tip = page.locator('#tooltip');
    await tip.waitFor({ state: 'visible' });
    expect(await tip.locator('[data-field="kind"]').textContent()).toBe(`Progress \u00d7${merged.count}`);
    expect(Number(await tip.getAttribute('data-count'))).toBe(merged.count);
    // Narrower: fewer marks, redrawn.
    await page.setViewportSize({ width: 700, height: 900 });
    const widthNow = async () => Number(await canvas.getAttribute('data-width'));
    for (let i = 0; i < 100 && (await widthNow()) >= width; i++) await new Promise((r) => setTimeout(r, 20));
    expect(await widthNow()).toBeLessThan(width);
    expect(Number(await canvas.getAttribute('data-marks'))).toBeLessThan(marks);
    // Drag to zoom into a tenth: fewer events in view; Reset brings all back.
    const b2 = await plotBox(canvas);
    await page.mouse.move(b2.x + 200, b2.y + 40);
    await page.mouse.down();
    await page.mouse.move(b2.x + 250, b2.y + 40, { steps: 5 });
    await page.mouse.up();
    const zoomed = Number(await canvas.getAttribute('data-events'));
    expect(zoomed).toBeGreaterThan(0);
    expect(zoomed).toBeLessThan(5000);
    await page.click('.tl-panel[data-timeline="1"] .tl-reset');
    expect(Number(await canvas.getAttribute('data-events'))).toBe(20000);
    // The wheel zooms around the pointer too.
    await page.mouse.move(b2.x + b2.width / 2, b2.y + 40);
    await page.mouse.wheel(0, -300);
    const wheeled = Number(await canvas.getAttribute('data-events'));
    expect(wheeled).toBeGreaterThan(0);
    expect(wheeled).toBeLessThan(20000);
    expect(await page.isEnabled('.tl-panel[data-timeline="1"] .tl-reset')).toBe(true);
    await close();
  });

  test('hostile strings from the provider are shown as text, never run or parsed as markup', async () => {
    const r = report(
      [check('com.hostile', 'fail', { title: HOSTILE, reason: HOSTILE, rule: HOSTILE, evidence: [{ text: HOSTILE, call: HOSTILE, thread: 'provider' }] })],
      [{ ...timeline(HOSTILE, [ev(0, 'SynchronizeInBackground', { ms: 2, thread: 'caller' }), ev(3, 'Error', { detail: HOSTILE, hr: 0x80040115 })]), store: HOSTILE, outcome: HOSTILE }],
      { tool: HOSTILE, target: { dll: HOSTILE, profile: HOSTILE, platform: HOSTILE, stores: [HOSTILE] } },
    );
    const { page, close } = await open(r, 'hostile');
    expect(await page.evaluate(() => (globalThis as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await page.$$eval('script', (s) => s.length)).toBe(2);
    expect(await page.$$eval('img', (s) => s.length)).toBe(0);
    expect(await page.textContent('tr.check .title')).toBe(HOSTILE);
    expect(await page.textContent('tr.check .reason')).toBe(HOSTILE);
    expect(await page.textContent('dd[data-field="dll"]')).toBe(HOSTILE);
    expect(await page.textContent('.tl-title')).toBe(HOSTILE);
    expect(await page.textContent('.tl-meta [data-field="store"] b')).toBe(HOSTILE);
    await page.click('tr.check');
    expect(await page.textContent('tr.detail .ev-text')).toBe(HOSTILE);
    const m: Mark = await page.evaluate(() => (globalThis as unknown as Hook).koffiReport.marks(0).find((x) => x.kind === 'Error')!);
    const box = await plotBox(page.locator('.tl-plot canvas'));
    await page.mouse.move(box.x + m.x, box.y + m.y);
    expect(await page.textContent('#tooltip [data-field="detail"]')).toBe(`detail: ${HOSTILE}`);
    await close();
  });

  test('the report of a real check run renders; its screenshot is docs/images/check-report.png (KOFFI_MAPI_SCREENSHOT=1 or when missing)', async () => {
    const file = path.join(dir, 'shot.html');
    const r = await spawnCli([...dllArgs, '--profile', 'Sample;sync.items=20;sync.failItem=5:0x80040115;table.sortIgnored=1', 'check', '--report', file]);
    expect(r.code).toBe(1);
    const { page, close } = await openFile(file, { width: 1200, height: 1000 });
    await page.click('tr.check[data-check-id="table.sort"]');
    const marks: Mark[] = await page.evaluate(() => (globalThis as unknown as Hook).koffiReport.marks(0));
    const em = marks.find((m) => m.kind === 'Error')!;
    const box = await plotBox(page.locator('.tl-plot canvas').first());
    await page.mouse.move(box.x + em.x, box.y + em.y);
    await page.locator('#tooltip').waitFor({ state: 'visible' });
    if (process.env.KOFFI_MAPI_SCREENSHOT === '1' || !fs.existsSync(SCREENSHOT)) {
      fs.mkdirSync(path.dirname(SCREENSHOT), { recursive: true });
      await page.screenshot({ path: SCREENSHOT, fullPage: true });
    }
    expect(fs.statSync(SCREENSHOT).size).toBeGreaterThan(10000);
    await close();
  });
});

/** The canvas scrolled into view (mouse events need it on screen) and its box in the viewport. */
async function plotBox(canvas: Locator) {
  await canvas.scrollIntoViewIfNeeded();
  return (await canvas.boundingBox())!;
}

interface Mark { x: number; y: number; kind: string; lane: number; count: number; bar: boolean }
interface Win { getComputedStyle(e: unknown): { backgroundColor: string } }
interface Hook { koffiReport: { marks(i: number): Mark[] } }

function ev(atMs: number, kind: TimelineEvent['kind'], extra: Partial<TimelineEvent> = {}): TimelineEvent {
  return { atMs, kind, thread: 'provider', ...extra };
}

function timeline(title: string, events: TimelineEvent[]): SyncTimeline {
  return { title, store: 'Sample Mailbox', flags: DOWNLOAD, outcome: 'ok', durationMs: events.length ? events[events.length - 1].atMs : 0, events };
}

function check(id: string, status: CheckResult['status'], extra: Partial<CheckResult> = {}): CheckResult {
  const group = id.split('.')[0] as CheckResult['group'];
  return {
    id, group, status, title: `${id} holds`, rule: `The rule behind ${id}.`, source: 'docs/provider-developers.md',
    reason: status === 'pass' ? undefined : `why ${id} is ${status}`, evidence: [], durationMs: 1.5, ...extra,
  };
}

function report(checks: CheckResult[], timelines: SyncTimeline[], extra: Partial<CheckReport> = {}): CheckReport {
  const summary = { pass: 0, warn: 0, fail: 0, skipped: 0 };
  for (const c of checks) summary[c.status]++;
  return {
    tool: 'koffi-mapi 0.1.0', startedAt: '2026-12-07T06:30:00.000Z', durationMs: 812,
    target: { dll: 'sample-provider/build/libsampleprovider.so', profile: 'Sample', platform: `${process.platform}-${process.arch}`, stores: ['Sample Mailbox'] },
    summary, checks, timelines, ...extra,
  };
}

/** A real download against the sample provider (20 items, item 5 fails), recorded with timeline: true. */
async function realSync(store: Store): Promise<{ timeline: SyncTimeline; checks: CheckResult[] }> {
  knobs('sync.items=20;sync.failItem=5:0x80040115');
  const run = store.synchronize({ flags: DOWNLOAD, timeline: true });
  const result = await run;
  knobs('');
  const events = [...run.timeline!].sort((a, b) => a.atMs - b.atMs);
  const timeline: SyncTimeline = {
    title: `sync '${store.name}' (SYNC_DOWNLOAD_CONTENTS | SYNC_DOWNLOAD_HIERARCHY)`, store: store.name, flags: DOWNLOAD,
    providerThreadId: result.providerThreadId, outcome: result.status, durationMs: result.durationMs, events,
  };
  expect(events.length).toBeGreaterThanOrEqual(25); // 20 items: SIB, QI, AddRef/Release, ~21 Progress, an Error, Done, signal
  const err = events.find((e) => e.kind === 'Error')!;
  expect(err).toMatchObject({ hr: 0x80040115, thread: 'provider' });
  const at = (e: TimelineEvent) => ({ atMs: e.atMs, ms: e.ms, thread: e.thread });
  const done = events.find((e) => e.kind === 'Done')!;
  const checks: CheckResult[] = [
    check('com.identity', 'pass', { title: 'QueryInterface(IUnknown) gives the same pointer every time', subject: `store '${store.name}'` }),
    check('com.refcount', 'pass', { title: 'AddRef and Release return plausible counts' }),
    check('com.qi-unknown-iid', 'warn', { title: 'QueryInterface of an unknown IID gives E_NOINTERFACE', evidence: [{ text: 'IMsgStore::QueryInterface({0000…}) gave MAPI_E_INTERFACE_NOT_SUPPORTED', call: 'IMsgStore::QueryInterface', hr: 0x80004002 }] }),
    check('sync.done-once', 'pass', { title: 'Done is called exactly once', evidence: [{ text: `Done(${result.name})`, call: 'IMAPISyncProgressCallback::Done', hr: done.hr, ...at(done) }] }),
    check('sync.error-reported', 'fail', {
      title: 'A failing item is reported through Error and the sync goes on', rule: 'IMAPISyncProgressCallback::Error reports a per-item failure; the sync continues.', source: 'MS-OXCSTOR / provider-developers.md#error',
      evidence: [
        { text: `Error(${err.detail ?? ''})`, call: 'IMAPISyncProgressCallback::Error', hr: err.hr, ...at(err) },
        { text: `${result.errorCount} error(s), ${result.progressCount} progress call(s)`, call: 'IMAPISync::SynchronizeInBackground', hr: result.hr, thread: 'caller' },
      ],
    }),
    check('sync.progress-monotonic', 'warn', { title: 'Progress never goes backwards' }),
    check('store.contents-count', 'skipped', { title: 'PR_CONTENT_COUNT matches the contents table', reason: 'no folder with contents' }),
    check('store.open-entry', 'fail', { title: 'OpenEntry of a message entry id works', evidence: [{ text: 'IMsgStore::OpenEntry gave MAPI_E_NOT_FOUND', call: 'IMsgStore::OpenEntry', hr: 0x8004010f, thread: 'caller', atMs: 3.2, ms: 0.1 }] }),
    check('cleanup.released', 'pass', { title: 'Every object is released at logoff' }),
    check('cleanup.threads', 'skipped', { title: 'Provider threads end', reason: 'not measurable on this platform' }),
  ];
  return { timeline, checks };
}

/** A 20,000-event timeline: a Progress storm on the provider lane with errors, refcounting, a misuse. */
function synthetic(n: number): SyncTimeline {
  const events: TimelineEvent[] = [ev(0, 'SynchronizeInBackground', { thread: 'caller', ms: 4, hr: 0 }), ev(0.5, 'QueryInterface', { detail: 'IID_IMAPISyncProgressCallback', hr: 0 })];
  for (let i = 0; events.length < n - 3; i++) {
    const t = 1 + i * 0.05;
    events.push(ev(t, 'Progress', { index: i, max: n, hr: 0, ms: 0.01 }));
    if (i % 97 === 0) events.push(ev(t + 0.01, 'Error', { hr: 0x80040115, detail: `item ${i} failed` }));
    if (i % 501 === 0) events.push(ev(t + 0.02, 'AddRef', { detail: '2' }), ev(t + 0.03, 'Release', { detail: '1' }));
  }
  while (events.length > n - 3) events.pop();
  const end = events[events.length - 1].atMs + 1;
  events.push(ev(end, 'Done', { hr: 0 }), ev(end + 0.2, 'signal', { thread: 'caller' }), ev(end + 0.3, 'misuse', { detail: 'Progress after Done' }));
  return { ...timeline('synthetic: 20,000 calls', events), providerThreadId: 4242, durationMs: end + 1 };
}
