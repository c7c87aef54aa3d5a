/**
 * `koffi-mapi repl`: Node's REPL with the library, the constants, a logged-on session and the default
 * store as globals; top-level await; tab completion of PR_ names; results printed as tables.
 */
import repl, { type REPLServer } from 'node:repl';
import util from 'node:util';
import * as lib from '../index';
import * as constants from '../../ffi-defs/constants';
import { PROP_TAGS } from '../../ffi-defs/constants/proptags';
import { MapiObject } from '../mapi/object';
import { Folder, Store } from '../mapi/folders';
import { Message } from '../mapi/message';
import { PROP_ID, PropError, tagNames, type PropValue } from '../mapi/props';
import { namesOf } from './named';
import { Session, type Mapi } from '../session';
import { setTrace } from '../trace';
import { isEntryId, openSession, type GlobalOptions } from './context';
import { formatValue, shorten, table } from './format';
import { propRow, shortDate } from './browse';

const MAX_ROWS = 200;

const isPlainObject = (v: unknown): v is Record<string, unknown> => {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return false;
  const p = Object.getPrototypeOf(v);
  return p === null || p === Object.prototype || Object.getPrototypeOf(p) === null;
};

const cell = (v: unknown) => (isPlainObject(v) ? shorten(util.inspect(v, { breakLength: Infinity, depth: 1 }), 40) : formatValue(v, { maxString: 40, maxBytes: 16 }));

/** A friendly object in one line: Store "Sample Mailbox" (IMsgStore). */
function describeObject(o: MapiObject<never>): string {
  const kind = (o as object).constructor.name;
  if (o.released) return `${kind} (released)`;
  let name = '';
  if (o instanceof Store || o instanceof Folder) name = ` "${o.name}"`;
  else if (o instanceof Message) {
    const s = o.get('PR_SUBJECT_W');
    name = typeof s === 'string' ? ` "${shorten(s, 40)}"` : '';
  } else if (o instanceof Session) name = o.profile ? ` profile "${o.profile}"` : ' (default profile)';
  return `${kind}${name} (${ifaceName(o)})`;
}

const ifaceName = (o: unknown) => (o as { raw: { interface: { name: string } } }).raw.interface.name;

/** How the REPL prints a result: rows as tables, props as NAME/VALUE tables, MAPI values readably. */
export function replWriter(v: unknown, colors = false): string {
  if (v instanceof PropError) return v.toString();
  if (v instanceof MapiObject) {
    try {
      return describeObject(v as MapiObject<never>);
    } catch {
      return `${(v as object).constructor.name} (${ifaceName(v)})`;
    }
  }
  if (Buffer.isBuffer(v)) return `<${v.length} bytes> ${formatValue(v, { maxBytes: 64 })}`;
  if (Array.isArray(v) && v.length > 0 && v.every(isPlainObject)) {
    const rows = v.slice(0, MAX_ROWS) as Record<string, unknown>[];
    const cols = [...new Set(rows.flatMap((r) => Object.keys(r)))];
    const numeric = (c: string) => rows.every((r) => !(c in r) || typeof r[c] === 'number' || typeof r[c] === 'bigint');
    const text = table(cols.map((c) => ({ title: c, right: numeric(c) })), rows.map((r) => cols.map((c) => (c in r ? cell(r[c]) : ''))));
    return v.length > MAX_ROWS ? `${text}\n… ${v.length - MAX_ROWS} more rows` : `${text}\n(${v.length} row${v.length === 1 ? '' : 's'})`;
  }
  if (isPlainObject(v)) {
    const keys = Object.keys(v);
    if (keys.length > 0 && keys.every((k) => /^(PR_|0x[0-9A-F]{8}$)/i.test(k))) {
      return table(['NAME', 'VALUE'], keys.map((k) => [k, formatValue(v[k], { maxString: 60 })]));
    }
  }
  return util.inspect(v, { colors, depth: 4 });
}

/** Completes PR_ names (inside identifiers and strings); otherwise Node's own completion. */
export function completePropNames(line: string): [string[], string] | null {
  const m = /(?:^|[^A-Za-z0-9_$])(PR_[A-Za-z0-9_]*)$/.exec(line);
  if (!m) return null;
  const prefix = m[1];
  return [tagNames().filter((n) => n.startsWith(prefix)).sort(), prefix];
}

export interface ReplOptions extends GlobalOptions {
  /** Streams (tests); default the process's. */
  input?: NodeJS.ReadableStream;
  output?: NodeJS.WritableStream;
}

/** The REPL's globals beside the library: the open objects and the helpers (ls, tree, props...). */
function replHelpers(mapi: Mapi, session: Session, store: Store | undefined) {
  const pick = (which?: string | Store) => (which instanceof Store ? which : which ? session.openStore(isEntryId(which) ? which : { name: which }) : store ?? session.defaultStore());
  return {
    lib,
    defs: lib.defs,
    constants,
    mapi,
    session,
    store,
    /** Everything an async iterable yields, as an array. */
    async collect<T>(it: AsyncIterable<T>, limit = Infinity): Promise<T[]> {
      const out: T[] = [];
      for await (const x of it) {
        out.push(x);
        if (out.length >= limit) break;
      }
      return out;
    },
    stores: () => session.stores(),
    /** Folders of a store (default: the default store) as rows. */
    tree(which?: string | Store) {
      const st = pick(which);
      try {
        using top = st.ipmSubtree();
        return top.tree().map((f) => ({ folder: `${'  '.repeat(f.depth - 1)}${f.name}`, messages: f.contentCount, unread: f.unreadCount, class: f.containerClass }));
      } finally {
        if (st !== store && st !== which) st.release();
      }
    },
    /** Messages of a folder (path or Folder) as rows. */
    async ls(folder: string | Folder, limit = 50) {
      const st = typeof folder === 'string' ? pick() : undefined;
      const f = typeof folder === 'string' ? st!.folder(folder) : folder;
      try {
        const rows = [];
        for await (const r of f.messages({ pageSize: Math.min(limit, 200), limit })) {
          rows.push({ subject: r.PR_SUBJECT_W as PropValue, received: shortDate(r.PR_MESSAGE_DELIVERY_TIME), size: r.PR_MESSAGE_SIZE as PropValue, entryId: lib.entryIdHex(r.PR_ENTRYID) });
        }
        return rows;
      } finally {
        if (f !== folder) f.release();
        if (st && st !== store) st.release();
      }
    },
    /** Every property of an object (a Store, Folder or Message, an entry id or a folder path) as rows. */
    props(target: string | Store | Folder | Message) {
      let obj: Store | Folder | Message;
      if (typeof target !== 'string') obj = target;
      else if (isEntryId(target)) obj = session.openEntry(target);
      else obj = pick().folder(target);
      try {
        const props = obj.getProps();
        const named = namesOf(obj, props.map((p) => p.tag));
        return props.map((p) => {
          const { tag, name, type, value } = propRow(p, named.get(PROP_ID(p.tag)));
          return { tag, name, type, value };
        });
      } finally {
        if (obj !== target) obj.release();
      }
    },
  };
}

/** Starts the REPL; resolves with the exit code when it is closed (.exit, Ctrl-D). */
export async function replCommand(o: ReplOptions): Promise<number> {
  const opened = openSession(o);
  const { mapi, session } = opened;
  let store: Store | undefined;
  let storeProblem = '';
  try {
    store = session.defaultStore();
  } catch (e) {
    storeProblem = (e as Error).message;
  }
  const output = o.output ?? process.stdout;
  const say = (s: string) => void output.write(s + '\n');
  say(`koffi-mapi REPL: MAPI ${mapi.lib.path}`);
  say(`  session: ${session.profile ? `profile '${session.profile}'` : 'the default profile'}; store: ${store ? `'${store.name}'` : `none (${storeProblem})`}`);
  say('  globals: mapi, session, store, lib, defs, PROP_TAGS and every PR_ tag, constants (SYNC_FLAGS, HRESULTS, ...)');
  say("  helpers: await ls('Inbox'), tree(), props(store), stores(), await collect(iterable); .trace on|off; .exit");

  const g = globalThis as Record<string, unknown>;
  const helpers = replHelpers(mapi, session, store);
  Object.assign(g, lib, constants, PROP_TAGS, helpers);

  const r: REPLServer = repl.start({
    prompt: 'mapi> ',
    useGlobal: true,
    ignoreUndefined: true,
    input: o.input ?? process.stdin,
    output,
    terminal: (output as { isTTY?: boolean }).isTTY === true,
    preview: false,
    writer: (v: unknown) => replWriter(v, r?.useColors === true),
  });
  const base = r.completer.bind(r) as (line: string, cb: (e: Error | null, res?: [string[], string]) => void) => void;
  (r as unknown as { completer: typeof base }).completer = (line, cb) => {
    const hit = completePropNames(line);
    if (hit && hit[0].length) cb(null, hit);
    else base(line, cb);
  };
  r.defineCommand('trace', {
    help: 'Trace every call crossing the bridge: .trace on | .trace off | .trace <file> | .trace json [file]',
    action(arg: string) {
      const a = arg.trim().split(/\s+/).filter(Boolean);
      if (a[0] === 'off') setTrace(null);
      else if (a.length === 0 || a[0] === 'on') setTrace('stderr');
      else if (a[0] === 'json') setTrace({ file: a[1], json: true });
      else setTrace({ file: a[0] });
      say(a[0] === 'off' ? 'trace off' : `trace on${a[0] && a[0] !== 'on' ? ` (${a.join(' ')})` : ''}`);
      this.displayPrompt();
    },
  });

  return new Promise<number>((resolve) => {
    r.on('exit', () => {
      let code = 0;
      try {
        opened[Symbol.dispose]();
        say('logged off');
      } catch (e) {
        say(`koffi-mapi: ${(e as Error).message}`);
        code = 1;
      }
      resolve(code);
    });
  });
}
