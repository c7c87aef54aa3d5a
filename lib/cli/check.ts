/**
 * `check`: the conformance run for store providers (lib/check). A line per check as it is decided,
 * a summary, and on request the whole run as JSON, an HTML report with the sync timelines, and JUnit
 * XML. Exit code 0 when nothing failed, 1 when a check failed, 2 for a usage error.
 */
import { CHECKS } from '../check/catalog';
import { selectChecks } from '../check/context';
import { junitXml } from '../check/junit';
import { runChecks } from '../check/run';
import type { CheckReport, CheckResult } from '../check/types';
import { KoffiMapiError } from '../errors';
import { UsageError, intOption, profileOf, type GlobalOptions, type Io } from './context';
import { writeOutput } from './report';
import { parseSyncFlags } from './sync';

export interface CheckCommandOptions {
  store?: string;
  only?: string;
  skip?: string;
  report?: string;
  junit?: string;
  timeout?: string;
  promptMs?: string;
  cancelWithin?: string;
  graceMs?: string;
  flags?: string[];
  list?: boolean;
}

const LABEL = { pass: 'PASS', warn: 'WARN', fail: 'FAIL', skipped: 'SKIP' } as const;
const list = (s: string | undefined) => (s === undefined ? undefined : s.split(/[\s,]+/).filter(Boolean));

function line(r: CheckResult): string {
  if (r.status === 'pass') return `  ${LABEL[r.status]}  ${r.id.padEnd(22)} ${r.title}`;
  // A failure's first evidence, unless the reason already says it (or it says no more than the reason).
  const reason = r.reason ?? '';
  const first = r.status === 'fail' ? r.evidence[0]?.text : undefined;
  const evidence = first && !first.includes(reason) && !reason.includes(first) ? `\n        evidence: ${first}` : '';
  const why = `\n        ${reason}${evidence}`;
  return `  ${LABEL[r.status]}  ${r.id.padEnd(22)} ${r.title}${why}`;
}

export async function checkCommand(io: Io, o: GlobalOptions, co: CheckCommandOptions): Promise<number> {
  if (co.list) {
    if (o.json) io.out(JSON.stringify(CHECKS, null, 2));
    else for (const c of CHECKS) io.out(`${c.id.padEnd(22)} ${c.group.padEnd(8)} ${c.title}`);
    return 0;
  }
  const only = list(co.only);
  const skip = list(co.skip);
  try {
    selectChecks(only, skip);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const flags = co.flags?.map((f) => parseSyncFlags(f));
  const options = {
    only, skip, flags,
    timeoutMs: intOption('--timeout', co.timeout, 1),
    promptMs: intOption('--prompt-ms', co.promptMs, 1),
    cancelWithin: intOption('--cancel-within', co.cancelWithin, 0),
    graceMs: intOption('--grace-ms', co.graceMs, 0),
    onResult: o.json ? undefined : (r: CheckResult) => io.out(line(r)),
  };
  if (!o.json) io.out(`Checking ${o.dll ?? 'the MAPI DLL found by the usual search'}${profileOf(o) ? `, profile '${profileOf(o)}'` : ''}`);
  let report: CheckReport;
  try {
    report = await runChecks({ dll: o.dll, profile: profileOf(o), store: co.store }, options);
  } catch (e) {
    if (e instanceof KoffiMapiError && e.code === 'ERR_USAGE') throw new UsageError(e.message);
    throw e;
  }
  if (co.report) writeOutput(co.report, (await import('../check/report')).renderReport(report), 'HTML report');
  if (co.junit) writeOutput(co.junit, junitXml(report), 'JUnit XML');
  const s = report.summary;
  if (o.json) io.out(JSON.stringify(report, null, 2));
  else {
    io.out('');
    io.out(`${s.fail ? 'FAILED' : 'PASSED'}: ${s.pass} passed, ${s.warn} warnings, ${s.fail} failed, ${s.skipped} skipped in ${(report.durationMs / 1000).toFixed(1)} s (${report.target.dll})`);
    if (co.report) io.out(`report: ${co.report}`);
    if (co.junit) io.out(`JUnit: ${co.junit}`);
  }
  return s.fail ? 1 : 0;
}
