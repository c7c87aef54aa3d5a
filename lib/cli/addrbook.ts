/** `resolve` and `ab`: names against the address book, and its containers and entries. */
import type { AbEntry, AddressBook, ResolveResult } from '../mapi/addrbook';
import type { Session } from '../session';
import { table, toJson } from './format';
import { CliError, UsageError, isEntryId, openSession, type GlobalOptions, type Io } from './context';

/** An entry as the CLI prints it in JSON (no raw row, no recipient props). */
function entryJson(e: AbEntry): object {
  return { name: e.name, email: e.email, addressType: e.addressType, objectType: e.objectType, displayType: e.displayType, entryId: e.entryId };
}

const kind = (e: AbEntry) => (e.objectType === 'distList' ? 'list' : e.objectType === 'mailUser' ? 'user' : String(e.objectType));

function entriesTable(entries: readonly AbEntry[]): string {
  return table(['NAME', 'EMAIL', 'TYPE', 'ENTRY ID'], entries.map((e) => [e.name, e.email, kind(e), e.entryId]));
}

// ---- resolve ------------------------------------------------------------------------------------------

/** The names resolved in `session`'s address book (what `resolve` prints). */
export function resolveNames(session: Session, names: readonly string[]): ResolveResult[] {
  using ab = session.addressBook();
  return ab.resolve(names);
}

/** Exit code 0 when every name resolved, 1 when one is ambiguous or unresolved. */
export function resolveCommand(io: Io, o: GlobalOptions, names: readonly string[]): number {
  if (!names.length) throw new UsageError('resolve: give one or more names');
  using s = openSession(o);
  const results = resolveNames(s.session, names);
  if (o.json) {
    io.out(
      toJson(
        results.map((r) =>
          r.status === 'resolved' ? { name: r.name, status: r.status, entry: entryJson(r.entry) }
          : r.status === 'ambiguous' ? { name: r.name, status: r.status, candidates: r.candidates.map(entryJson) }
          : { name: r.name, status: r.status },
        ),
      ),
    );
  } else {
    const rows: string[][] = [];
    for (const r of results) {
      if (r.status === 'resolved') rows.push([r.name, 'resolved', r.entry.name, r.entry.email, r.entry.entryId]);
      else if (r.status === 'unresolved') rows.push([r.name, 'unresolved', '', '', '']);
      else {
        rows.push([r.name, `ambiguous (${r.candidates.length})`, '', '', '']);
        for (const c of r.candidates) rows.push(['', '', `  ${c.name}`, c.email, c.entryId]);
      }
    }
    io.out(table(['NAME', 'STATUS', 'ENTRY', 'EMAIL', 'ENTRY ID'], rows));
  }
  return results.every((r) => r.status === 'resolved') ? 0 : 1;
}

// ---- ab -----------------------------------------------------------------------------------------------

export interface AbOptions {
  /** Entries whose names or addresses start with this (PR_ANR). */
  search?: string;
}

/** A container argument: an entry id, or a container's display name (any case). */
function containerId(ab: AddressBook, which: string): string {
  if (isEntryId(which)) return which;
  const all = ab.containers();
  const c = all.find((x) => x.name.toLowerCase() === which.toLowerCase());
  if (!c) throw new CliError(`no address book container named '${which}' (containers: ${all.map((x) => x.name).join(', ') || 'none'})`);
  return c.entryId;
}

/**
 * Without a container: the containers (hierarchy, with the search path marked), or with --search the
 * matches over the search path. With one: its entries, or those --search finds.
 */
export function abCommand(io: Io, o: GlobalOptions, which: string | undefined, a: AbOptions): number {
  if (a.search !== undefined && !a.search) throw new UsageError('--search needs a text');
  using s = openSession(o);
  using ab = s.session.addressBook();
  if (which === undefined && a.search === undefined) {
    const path = new Set(ab.searchPath().map((c) => c.entryId));
    const dflt = ab.defaultDirectory();
    const cs = ab.containers().map((c) => ({ ...c, searched: path.has(c.entryId), isDefault: ab.same(c.entryId, dflt) }));
    if (o.json) io.out(toJson(cs));
    else io.out(table(['DEFAULT', 'SEARCHED', 'NAME', 'ENTRY ID'], cs.map((c) => [c.isDefault ? '*' : '', c.searched ? 'yes' : '', c.name, c.entryId])));
    return 0;
  }
  let entries: AbEntry[];
  if (which === undefined) entries = ab.search(a.search!);
  else {
    using c = ab.openContainer(containerId(ab, which));
    entries = a.search !== undefined ? c.search(a.search) : c.entries();
  }
  io.out(o.json ? toJson(entries.map(entryJson)) : entriesTable(entries));
  return 0;
}
