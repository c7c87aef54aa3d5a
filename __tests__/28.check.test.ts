/**
 * koffi-mapi check against the sample provider: the well-behaved provider passes every check; each
 * knob that breaks one rule makes exactly the check of that rule fail, with evidence that says how.
 * Knobs that leave something alive in the process (a leaked object, buffer or thread) run in a child
 * through the CLI, which also proves the exit codes, --json, --junit and --only.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runChecks } from '../lib/check/run';
import { CHECKS } from '../lib/check/catalog';
import type { CheckReport } from '../lib/check/types';
import { expectNoLeaks, providerLibrary, stats } from './helpers/provider';
import { dllArgs, spawnCli } from './helpers/cli';

expectNoLeaks();

const run = (profile: string, only?: string[], extra: object = {}) =>
  runChecks({ library: providerLibrary(), profile }, { only, timeoutMs: 1500, graceMs: 400, ...extra });
const byId = (r: CheckReport) => Object.fromEntries(r.checks.map((c) => [c.id, c]));
const evidenceOf = (r: CheckReport, id: string) => byId(r)[id].evidence.map((e) => e.text).join('\n');

/** The sample provider with everything a check needs to see: a cancel honoured, an Error reported. */
const GOOD = 'Sample;sync.honourCancel=1;sync.items=6;sync.failItem=2:0x80040115';

test('the well-behaved sample provider passes every check, and nothing is left alive', async () => {
  const r = await run(GOOD);
  const notPassed = r.checks.filter((c) => c.status !== 'pass').map((c) => `${c.id}: ${c.status} ${c.reason}`);
  expect(notPassed).toEqual([]);
  expect(r.checks.map((c) => c.id).sort()).toEqual(CHECKS.map((c) => c.id).sort());
  expect(r.summary).toEqual({ pass: CHECKS.length, warn: 0, fail: 0, skipped: 0 });
  // Every check carries evidence, and the syncs their timelines.
  for (const c of r.checks) expect(c.evidence.length).toBeGreaterThan(0);
  expect(r.timelines.length).toBeGreaterThanOrEqual(10);
  const base = r.timelines[0];
  expect(base.events.map((e) => e.kind)).toEqual(expect.arrayContaining(['SynchronizeInBackground', 'QueryInterface', 'Progress', 'Error', 'Done', 'Release', 'signal']));
  expect(base.events.filter((e) => e.kind === 'Done').every((e) => e.thread === 'provider')).toBe(true);
  const s = stats();
  expect({ objects: s.objects, buffers: s.buffers, threads: s.threads }).toEqual({ objects: 0, buffers: 0, threads: 0 });
});

test('the default sample provider: a warning for the ignored cancel, sync.error-text skipped (no Error call), no failure', async () => {
  const r = await run('Sample', ['sync']);
  const c = byId(r);
  expect(c['sync.cancel']).toMatchObject({ status: 'warn', reason: expect.stringMatching(/ignores a cancel/) });
  expect(c['sync.error-text']).toMatchObject({ status: 'skipped', reason: expect.stringMatching(/no Error call/) });
  expect(r.summary.fail).toBe(0);
});

/** [profile knobs, the check they break, what its evidence must say]. */
const BREAKS: [string, string, RegExp][] = [
  ['com.tearOffIdentity=1', 'com.identity', /IUnknown through IMAPISync is 0x[0-9a-f]+, through IMsgStore 0x[0-9a-f]+: two identities/],
  ['com.oneWay=IMAPISync', 'com.symmetric', /QueryInterface\(IMsgStore\) through IMAPISync gave E_NOINTERFACE/],
  ['com.noNullOnFail=IMAPIFolder', 'com.unknown-iid', /folder '.*': .* left \*ppvObject 0x5a5a5a50 \(the value the caller put there\), not NULL/],
  ['com.nullOutOk=IMsgStore', 'com.null-out', /store 'Sample Mailbox': QueryInterface\(IUnknown, NULL\) returned S_OK/],
  ['com.refcountReturns=IMAPITable', 'com.refcounts', /contents table .*: AddRef 0, AddRef 0, Release 0, Release 0: expected/],
  ['sync.ignoreSize=1', 'sync.sib-size', /the canary callback \(reachable only past ulSize\) got: .*QueryInterface/],
  ['sync.blockMs=400', 'sync.returns-promptly', /SynchronizeInBackground took \d+\.\d ms to return \(limit 250 ms\)/],
  ['sync.inline=1', 'sync.other-thread', /Done came on the caller's thread/],
  ['sync.noEvent=1', 'sync.done-event', /\*phSyncDoneEvent was still NULL/],
  ['sync.signalEarly=1', 'sync.done-event', /already signalled when Done was called/],
  // Signalled after the timeout (1500 ms), so that the provider's thread ends before the leak check.
  ['sync.noSignal=1;sync.lateSignalMs=1800', 'sync.done-event', /the done event was never signalled \(waited \d+ ms\)/],
  ['sync.doneTwice=1', 'sync.done-once', /Done\(S_OK\) called again after Done\(S_OK\)/],
  ['sync.noDone=1', 'sync.done-once', /Done was never called/],
  ['sync.callAfterDone=1', 'sync.nothing-after-done', /Progress\(\d+\/\d+\) after Done/],
  ['sync.errorAfterDone=1', 'sync.nothing-after-done', /Error\(MAPI_E_CALL_FAILED\) after Done/],
  ['sync.badIndex=past', 'sync.progress-indices', /ulIndex is past ulIndexMax/],
  ['sync.badIndex=back', 'sync.progress-indices', /the index went backwards/],
  ['sync.items=20;sync.lateCancel=6', 'sync.cancel', /6 further Progress call\(s\)/],
  ['sync.rawCallback=1', 'sync.callback-qi', /without a QueryInterface for IID_IMAPISyncProgressCallback/],
  ['sync.neverRelease=1', 'sync.callback-refs', /ended holding 1 reference\(s\) on the callback/],
  ['sync.releaseTwice=1', 'sync.callback-refs', /Release: Release called more times than QueryInterface\/AddRef/],
  ['sync.badErrorText=1', 'sync.error-text', /text has a lone surrogate at index \d+/],
  ['sync.noDoneFlags=0x40', 'sync.flags', /SYNC_UPLOAD_CONTENTS.*Done was never called/],
  // sync.delay makes the two runs overlap however busy the machine is.
  ['sync.sharedCallback=1;sync.delay=30', 'sync.concurrent', /sync\.concurrent: first: Done was never called/],
  ['sync.stuckBusy=1', 'sync.back-to-back', /SynchronizeInBackground gave MAPI_E_BUSY/],
  ['sync.lingerMs=300', 'cleanup.no-calls', /IMAPISyncProgressCallback::Release from a provider thread \d+\.\d ms after MAPIUninitialize/],
  ['stores.missingColumn=0x34140102', 'store.stores-table', /PR_MDB_PROVIDER is MAPI_E_NOT_FOUND/],
  ['stores.noDefault=1', 'store.default', /'Sample Mailbox': PR_DEFAULT_STORE false/],
  ['store.noIpmSubtree=1', 'store.ipm-subtree', /PR_IPM_SUBTREE_ENTRYID is MAPI_E_NOT_FOUND/],
  ['store.badReceiveFolder=1', 'store.receive-folder', /OpenEntry returned MAPI_E_NOT_FOUND/],
  ['table.columnsIgnored=1', 'table.columns', /a row came back with/],
  ['table.rowCountOff=1', 'table.row-count', /GetRowCount (\d+), QueryRows to the end (?!\1)\d+/],
  ['table.seekCount=1', 'table.seek', /SeekRow\(BOOKMARK_BEGINNING, 2\) moved 3/],
  ['table.restrictIgnored=1', 'table.restrict', /\d+ not matching/],
  ['table.sortIgnored=1', 'table.sort', /out of order/],
  ['props.nullTagsErrors=1', 'props.null-tags', /GetProps\(NULL\) returned MAPI_W_ERRORS_RETURNED/],
  ['props.errorSlotType=1', 'props.error-slots', /returned S_OK; the missing slot is 0x6FF30003 0x6ff30003 = "0"/],
  ['store.openMissingOk=1', 'props.not-found', /OpenEntry of the deleted message's entry id succeeded/],
  ['props.mallocBuffer=1', 'props.free-buffers', /MAPIFreeBuffer of GetProps' array returned 0x80070057/],
];

describe('each knob fails its check, with evidence', () => {
  test.each(BREAKS)('%s breaks %s', async (knobs, id, evidence) => {
    const group = CHECKS.find((c) => c.id === id)!.group;
    const r = await run(`Sample;${knobs}`, [group]);
    expect(byId(r)[id]).toMatchObject({ status: 'fail' });
    expect(evidenceOf(r, id)).toMatch(evidence);
  });

  test('every check has a knob that fails it', () => {
    const broken = new Set([...BREAKS.map(([, id]) => id), 'cleanup.threads', 'cleanup.objects']);
    expect(CHECKS.map((c) => c.id).filter((id) => !broken.has(id))).toEqual([]);
  });
});

describe('the command line', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kmapi-check-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const cli = (...args: string[]) => spawnCli([...dllArgs, ...args]);

  test('exit 0 and a line per check when nothing fails; --junit writes the results', async () => {
    const junit = path.join(dir, 'ok.xml');
    const r = await cli('--profile', GOOD, 'check', '--only', 'com,store', '--junit', junit);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^ {2}PASS {2}com\.identity /m);
    expect(r.stdout).toMatch(/^PASSED: \d+ passed, 0 warnings, 0 failed, 0 skipped in \d+\.\d s/m);
    const xml = fs.readFileSync(junit, 'utf8');
    expect(xml).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites [^>]*failures="0"/);
    expect(xml.match(/<testcase /g)).toHaveLength(CHECKS.filter((c) => c.group === 'com' || c.group === 'store').length);
  });

  test.each([
    ['leak.object=1', 'cleanup.objects', /alive after logoff: [1-9]\d* object/],
    ['leak.buffer=1', 'cleanup.objects', /[1-9]\d* buffer\(s\)/],
    ['leak.thread=1', 'cleanup.threads', /[1-9]\d* provider thread\(s\) still running/],
  ])('%s (in a child): exit 1, %s fails in --json and in JUnit', async (knob, id, reason) => {
    const junit = path.join(dir, `${knob}.xml`);
    const r = await cli('--profile', `Sample;${knob}`, '--json', 'check', '--only', 'cleanup', '--grace-ms', '300', '--junit', junit);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as CheckReport;
    expect(byId(report)[id]).toMatchObject({ status: 'fail', reason: expect.stringMatching(reason) });
    expect(fs.readFileSync(junit, 'utf8')).toMatch(new RegExp(`<testcase classname="koffi-mapi.check.cleanup" name="${id.replace('.', '\\.')}: [^"]*" time="[\\d.]+">\\n {6}<failure message="`));
  });

  test('usage errors exit 2; --list needs no MAPI', async () => {
    const bad = await cli('check', '--only', 'nonsense');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--only: 'nonsense' is neither a check group \(com, sync, store, cleanup\) nor a check id/);
    const list = await spawnCli(['check', '--list']);
    expect(list.code).toBe(0);
    expect(list.stdout.trim().split('\n')).toHaveLength(CHECKS.length);
  });
});
