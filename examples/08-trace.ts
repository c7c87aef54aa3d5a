/**
 * 08 — Trace what crosses the bridge: every call into the provider and every call it makes back.
 *
 *   npx ts-node --transpile-only examples/08-trace.ts [trace.log]
 *
 * Tracing shows each call by interface and method, arguments by parameter name, the HRESULT by name,
 * out values and time:
 *
 *   => IMsgStore::GetProps(lpPropTagArray=[PR_DISPLAY_NAME_W], ulFlags=0x80000000, ...) -> S_OK {...} 0.020 ms
 *   <= IMAPISyncProgressCallback::Progress("Downloading message 1 of 3", 4, 6) -> S_OK 0.100 ms [foreign thread]
 *
 * `=>` is JS calling native code; `<=` is native code calling a JS-implemented object, from the caller's
 * thread or relayed from a foreign (provider) thread. Turn it on around the code you care about:
 *
 *   setTrace('stderr')                     lines on stderr
 *   setTrace({ file: 'trace.log' })        appended to a file ({ file, json: true } for JSON lines)
 *   setTrace((record) => ...)              your own sink
 *   setTrace(null)                         off (the default; costs one boolean test per call)
 *
 * or for a whole script, without changing it: KOFFI_MAPI_TRACE=1 (stderr) or KOFFI_MAPI_TRACE=trace.log,
 * plus KOFFI_MAPI_TRACE_FORMAT=json.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { initialize, setTrace, defs } from '../lib';

// The trace goes to the file named on the command line, else to a temporary file removed at the end.
const keep = process.argv[2];
const tmpDir = keep ? null : fs.mkdtempSync(path.join(os.tmpdir(), 'kmapi-trace-'));
const file = keep ? path.resolve(keep) : path.join(tmpDir!, 'trace.log');

async function main(): Promise<void> {
  using mapi = initialize();
  using session = mapi.logon({ profile: 'Sample;sync.items=3;sync.delay=10' });
  using store = session.defaultStore();
  using inbox = store.folder('Inbox');

  // Trace only the interesting part: a few property calls and a short sync.
  setTrace({ file });
  try {
    inbox.get('PR_CONTENT_COUNT');
    inbox.props(['PR_DISPLAY_NAME_W', 'PR_CONTAINER_CLASS_W', 'PR_COMMENT_W']); // PR_COMMENT_W is missing: see MAPI_W_ERRORS_RETURNED
    const result = await store.synchronize({ flags: defs.SYNC_FLAGS.SYNC_DOWNLOAD_CONTENTS });
    console.log(`Sync: ${result.name}, ${result.progressCount} progress calls`);
  } finally {
    setTrace(null);
  }

  // What the trace says. Each line is one call; a provider developer reads it top to bottom.
  const lines = fs.readFileSync(file, 'utf8').trimEnd().split('\n');
  console.log(`Trace in ${file}${tmpDir ? ' (removed at exit; name a file to keep it)' : ''}: ${lines.length} lines`);
  for (const line of lines) console.log(`  ${line}`);

  const into = lines.filter((l) => l.startsWith('<= '));
  const foreign = into.filter((l) => l.includes('[foreign thread]'));
  console.log(`Calls into JS objects: ${into.length}, of which ${foreign.length} came from the provider's own thread`);
}

main()
  .catch((e) => {
    console.error(e);
    process.exitCode = 1;
  })
  .finally(() => {
    try {
      if (tmpDir) fs.rmSync(tmpDir, { recursive: true, force: true });
    } catch {
      // best effort: setTrace(null) does not close the file, and Windows may refuse to delete it
    }
  });
