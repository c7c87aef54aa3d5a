/**
 * The bookkeeping of a check run: which checks are selected, the clock, the evidence of each check as
 * it runs, and its verdict. A check that throws fails with the error as its evidence: a provider
 * that fails a call makes that check fail, never the run.
 */
import { KoffiMapiError, MapiError, hex32, hresultName } from '../errors';
import { CHECKS, CHECK_GROUPS, checkDef, type CheckId } from './catalog';
import type { CheckGroup, CheckResult, CheckStatus, Evidence, SyncTimeline } from './types';

export interface CheckOptions {
  /** Groups or check ids to run (default: all). */
  readonly only?: readonly string[];
  /** Check ids or groups to leave out. */
  readonly skip?: readonly string[];
  /** sync.returns-promptly: the most SynchronizeInBackground may take, in ms (default 250). */
  readonly promptMs?: number;
  /** sync.cancel: how many Progress calls a provider may still make after a cancel (default 3). */
  readonly cancelWithin?: number;
  /** How long each sync may take before it counts as never ending, in ms (default 10 000). */
  readonly timeoutMs?: number;
  /** cleanup.*: how long to watch after MAPIUninitialize, in ms (default 1 000). */
  readonly graceMs?: number;
  /** sync.flags: the SYNC_* combinations to try (default: CHECK_FLAG_SETS). */
  readonly flags?: readonly number[];
  /** Called when each check has its verdict (the CLI prints a line per check). */
  readonly onResult?: (r: CheckResult) => void;
}

/** What a check gives back: its verdict, and why when it is not a pass. */
export type Verdict = { readonly status: 'pass'; readonly reason?: string } | { readonly status: Exclude<CheckStatus, 'pass'>; readonly reason: string };

export const pass = (reason?: string): Verdict => ({ status: 'pass', reason });
export const fail = (reason: string): Verdict => ({ status: 'fail', reason });
export const warn = (reason: string): Verdict => ({ status: 'warn', reason });
export const skipped = (reason: string): Verdict => ({ status: 'skipped', reason });

/** The evidence of one check, as it is gathered. */
export class EvidenceLog {
  readonly items: Evidence[] = [];
  constructor(private readonly clock: () => number) {}

  add(text: string, more: Omit<Evidence, 'text' | 'atMs'> = {}): void {
    const e: Evidence = { text, atMs: round(this.clock()), ...more };
    this.items.push(e.hr !== undefined && e.name === undefined ? { ...e, hr: e.hr >>> 0, name: hresultName(e.hr) } : e);
  }

  /** An error as evidence: a MapiError names its call and HRESULT. */
  error(e: unknown, what?: string): string {
    if (e instanceof MapiError) {
      const text = `${what ? `${what}: ` : ''}${e.call} returned ${e.name} (${hex32(e.hr)})`;
      this.add(text, { call: e.call, hr: e.hr });
      return text;
    }
    const text = `${what ? `${what}: ` : ''}${e instanceof Error ? e.message : String(e)}`;
    this.add(text);
    return text;
  }
}

const round = (ms: number) => Math.round(ms * 1000) / 1000;

export class CheckRun {
  readonly t0 = performance.now();
  readonly startedAt = new Date();
  readonly results: CheckResult[] = [];
  readonly timelines: SyncTimeline[] = [];
  private readonly selected: ReadonlySet<string>;

  constructor(readonly options: CheckOptions = {}) {
    this.selected = selectChecks(options.only, options.skip);
  }

  elapsed(): number {
    return performance.now() - this.t0;
  }

  wants(id: CheckId): boolean {
    return this.selected.has(id);
  }

  wantsGroup(group: CheckGroup): boolean {
    return CHECKS.some((c) => c.group === group && this.selected.has(c.id));
  }

  /** Runs one check (if selected) and records its verdict; an exception is a fail with its evidence. */
  async check(id: CheckId, subject: string | undefined, body: (ev: EvidenceLog) => Verdict | Promise<Verdict>): Promise<CheckResult | undefined> {
    if (!this.wants(id)) return undefined;
    const ev = new EvidenceLog(() => this.elapsed());
    const t = performance.now();
    let v: Verdict;
    try {
      v = await body(ev);
    } catch (e) {
      v = fail(ev.error(e));
    }
    // A verdict always has evidence: at the least, the reason it states.
    if (!ev.items.length) ev.add(v.reason ?? 'passed');
    return this.record(id, subject, v, ev.items, performance.now() - t);
  }

  /** Records a verdict reached elsewhere (a check decided from runs made for several checks). */
  record(id: CheckId, subject: string | undefined, v: Verdict, evidence: readonly Evidence[], durationMs = 0): CheckResult | undefined {
    if (!this.wants(id)) return undefined;
    const r: CheckResult = { ...checkDef(id), status: v.status, reason: v.reason, subject, evidence, durationMs: round(durationMs) };
    this.results.push(r);
    this.options.onResult?.(r);
    return r;
  }

  /** Every selected check that has no verdict yet gets 'skipped' with `reason` (a group that could not run). */
  skipRest(group: CheckGroup, reason: string): void {
    this.rest(group, skipped(reason), []);
  }

  /**
   * Runs a group; if it stops on an exception (a provider call failed where the group needed it), its
   * checks without a verdict fail with that error as their evidence.
   */
  async group(group: CheckGroup, body: () => Promise<void>): Promise<void> {
    if (!this.wantsGroup(group)) return;
    try {
      await body();
    } catch (e) {
      const ev = new EvidenceLog(() => this.elapsed());
      const text = ev.error(e, `the ${group} checks stopped`);
      this.rest(group, fail(text), ev.items);
    }
  }

  private rest(group: CheckGroup, v: Verdict, evidence: readonly Evidence[]): void {
    for (const c of CHECKS) {
      if (c.group === group && this.wants(c.id) && !this.results.some((r) => r.id === c.id)) this.record(c.id, undefined, v, evidence);
    }
  }
}

/** The ids selected by --only and --skip (groups or ids); an unknown name is a usage error. */
export function selectChecks(only: readonly string[] | undefined, skip: readonly string[] | undefined): Set<string> {
  const expand = (names: readonly string[], option: string) =>
    names.flatMap((n) => {
      if ((CHECK_GROUPS as readonly string[]).includes(n)) return CHECKS.filter((c) => c.group === n).map((c) => c.id as string);
      if (CHECKS.some((c) => c.id === n)) return [n];
      throw new KoffiMapiError('ERR_USAGE', `${option}: '${n}' is neither a check group (${CHECK_GROUPS.join(', ')}) nor a check id (koffi-mapi check --list)`);
    });
  const ids = new Set(only?.length ? expand(only, '--only') : CHECKS.map((c) => c.id as string));
  for (const id of skip?.length ? expand(skip, '--skip') : []) ids.delete(id);
  return ids;
}
