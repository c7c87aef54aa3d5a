/**
 * What `koffi-mapi check` produces: the checks with their verdicts and evidence, and the timelines of
 * the syncs it ran. One shape for the JSON output, the JUnit file and the HTML report.
 */

export type CheckStatus = 'pass' | 'warn' | 'fail' | 'skipped';

export type CheckGroup = 'com' | 'sync' | 'store' | 'cleanup';

/** One fact that decided a verdict: a call, what it returned, on which thread, when. */
export interface Evidence {
  /** What happened, in one line ("IMsgStore::QueryInterface(IUnknown) gave 0x55d0…10, then 0x55d0…40"). */
  readonly text: string;
  /** The call, as `Interface::Method` or an export name. */
  readonly call?: string;
  readonly hr?: number;
  /** The HRESULT's name (`MAPI_E_NOT_FOUND`). */
  readonly name?: string;
  readonly thread?: 'caller' | 'provider';
  /** Milliseconds since the check run started. */
  readonly atMs?: number;
  /** How long the call took, in ms. */
  readonly ms?: number;
}

/** A check's definition: fixed, the same in every run (docs/provider-developers.md lists them). */
export interface CheckDef {
  /** Stable id, `group.name` (`com.identity`, `sync.done-once`). */
  readonly id: string;
  readonly group: CheckGroup;
  /** One line: what is checked. */
  readonly title: string;
  /** The MAPI or COM rule behind it, in a sentence. */
  readonly rule: string;
  /** Where that rule is documented (a page name and section, or a URL). */
  readonly source: string;
}

export interface CheckResult extends CheckDef {
  readonly status: CheckStatus;
  /** For 'fail', 'warn' and 'skipped': why, in one line. */
  readonly reason?: string;
  /** The object(s) it ran on ("store 'Sample Mailbox'", "Inbox contents table"). */
  readonly subject?: string;
  readonly evidence: readonly Evidence[];
  readonly durationMs: number;
}

import type { TimelineEvent } from '../mapi/sync-timeline';

export type { TimelineEvent, TimelineKind } from '../mapi/sync-timeline';

/** One sync's timeline, as recorded. */
export interface SyncTimeline {
  /** What the run was ("sync.flags: SYNC_DOWNLOAD_HIERARCHY | SYNC_DOWNLOAD_CONTENTS", "sync 'Sample Mailbox'"). */
  readonly title: string;
  readonly store: string;
  readonly flags: number;
  /** The OS thread id behind the done event, when it is a thread handle (the provider lane's name). */
  readonly providerThreadId?: number;
  /** 'ok' | 'failed' | 'cancelled' | 'timeout' | 'refused' (SynchronizeInBackground failed). */
  readonly outcome: string;
  readonly durationMs: number;
  readonly events: readonly TimelineEvent[];
}

/** A whole check run: what --json prints, and what the report and the JUnit file are made from. */
export interface CheckReport {
  readonly tool: string; // "koffi-mapi 0.x.y"
  readonly startedAt: string; // ISO time
  readonly durationMs: number;
  /** The MAPI DLL, profile and platform it ran against. */
  readonly target: { readonly dll: string; readonly profile: string; readonly platform: string; readonly stores: readonly string[] };
  readonly summary: { readonly pass: number; readonly warn: number; readonly fail: number; readonly skipped: number };
  readonly checks: readonly CheckResult[];
  readonly timelines: readonly SyncTimeline[];
}
