/**
 * Attachment streaming: the 64 MiB PR_ATTACH_DATA_BIN of a by-value attachment on the sample provider,
 * read from start to end. MiB/s, and how far RSS rises during the read.
 *
 *   subject   message.openAttachment(0), attachment.stream({ chunk }) (a Node Readable) read with
 *             `for await`, a new Buffer per chunk, the stream released at its end. Its young-generation
 *             GC every MiB (PropStream.readable's `reclaim`) frees the chunks already consumed.
 *   baseline  the same calls through raw Koffi functions decoded from the vtables, no lib/:
 *             IMessage::OpenAttach, IMAPIProp::OpenProperty(PR_ATTACH_DATA_BIN, IID_IStream), a loop of
 *             IStream::Read into one reused Buffer until it gives 0 bytes, IStream::Release, IAttach::Release.
 *
 * The attachment is written once per run through the friendly layer (a Writable from
 * PropStream.writableStream(), 1 MiB at a time). Both sides read the same attachment, interleaved;
 * each read is checked against the pattern that was written (outside the timing, once per side).
 *
 * Memory: RSS (process.memoryUsage.rss()) sampled after every chunk; the growth of a read is its peak
 * minus the RSS just before OpenAttach (after a GC). Opening the stream makes the provider copy the
 * whole value (its IStream snapshot, 64 MiB, malloc'ed and touched by memcpy at OpenProperty), so both
 * sides grow by at least that much. "Beyond the provider's own" is the subject's growth minus the raw
 * baseline's growth over the same calls: what the friendly stream holds in memory on top of what a
 * raw loop with one reused buffer needs. Target: <= 2 chunks.
 *
 * Compared, interleaved with the two: webStream() with a BYOB reader (one buffer lent and handed back),
 * stream() in 64 KiB chunks and with `reclaim: false`, webStream() through its default reader, and
 * PropStream.readInto().
 */
import koffi from 'koffi';
import { initialize } from '../lib/session';
import { sampleProvider } from '../lib/sample';
import type { Message } from '../lib/mapi/message';
import { DEFAULT_CHUNK } from '../lib/mapi/stream';
import { PROVIDER, interleave, stat, round, gc, median, sleep, type Figure } from './common';

const MiB = 1024 * 1024;
const SIZE = 64 * MiB;
const PR_ATTACH_DATA_BIN = 0x37010102;
// IID_IStream {0000000C-0000-0000-C000-000000000046} in memory order.
const IID_ISTREAM = Buffer.from('0c00000000000000c000000000000046', 'hex');

/** Byte i of the attachment: cheap to produce and to check, and not the same in every chunk. */
function fill(buf: Buffer, offset: number): void {
  for (let i = 0; i < buf.length; i += 4) buf.writeUInt32LE((offset + i) >>> 0, i);
}

/** Checks a chunk read at `offset` against fill() (every 4 KiB: enough to catch a wrong or shifted chunk). */
function check(buf: Buffer, n: number, offset: number): void {
  for (let i = 0; i + 4 <= n; i += 4096) {
    if (buf.readUInt32LE(i) !== ((offset + i) >>> 0)) throw new Error(`stream: wrong data at offset ${offset + i}`);
  }
}

interface ReadRun {
  mibPerSec: number;
  /** Peak sampled RSS minus the RSS before OpenAttach (MiB). */
  rssGrowthMiB: number;
}

// ---- The raw Koffi baseline: no lib/ ----------------------------------------------------------------

function rawStreamReader() {
  const P = 8;
  const OpenAttach = koffi.proto('int32_t __stdcall BenchOpenAttach(void *This, uint32_t n, void *iid, uint32_t flags, _Out_ void **pp)');
  const OpenProperty = koffi.proto('int32_t __stdcall BenchOpenProperty(void *This, uint32_t tag, void *iid, uint32_t opts, uint32_t flags, _Out_ void **pp)');
  const Read = koffi.proto('int32_t __stdcall BenchStreamRead(void *This, void *pv, uint32_t cb, uint32_t *pcbRead)');
  const Release = koffi.proto('uint32_t __stdcall BenchRelease(void *This)');
  type Fn = (...a: unknown[]) => number;
  const slot = (obj: bigint, i: number, proto: ReturnType<typeof koffi.proto>) =>
    koffi.decode(koffi.decode(koffi.decode(obj as never, 'void *') as never, i * P, 'void *') as never, proto) as unknown as Fn;
  const check = (hr: number, what: string) => {
    if (hr < 0) throw new Error(`${what} failed 0x${(hr >>> 0).toString(16)}`);
  };
  const got = new Uint32Array(1);
  const out: (bigint | null)[] = [null];
  return {
    /** OpenAttach + OpenProperty + Read loop + Release x2; `onChunk` sees each chunk (untimed work must not go there). */
    read(message: bigint, buf: Buffer, onChunk: (n: number) => void): number {
      check(slot(message, 15, OpenAttach)(message, 0, null, 0, out), 'OpenAttach');
      const attach = out[0]!;
      let total = 0;
      try {
        check(slot(attach, 7, OpenProperty)(attach, PR_ATTACH_DATA_BIN, IID_ISTREAM, 0, 0, out), 'OpenProperty');
        const stream = out[0]!;
        try {
          const read = slot(stream, 3, Read);
          for (;;) {
            check(read(stream, buf, buf.length, got), 'Read');
            if (got[0] === 0) break;
            onChunk(got[0]);
            total += got[0];
          }
        } finally {
          slot(stream, 2, Release)(stream);
        }
      } finally {
        slot(attach, 2, Release)(attach);
      }
      return total;
    },
  };
}

// ---- Setup and runs ---------------------------------------------------------------------------------

/** Writes the 64 MiB attachment through the friendly layer: attach() a placeholder, then a write stream. */
async function writeAttachment(msg: Message, chunk: number): Promise<void> {
  const num = msg.attach({ bytes: Buffer.alloc(1), name: 'big.bin' });
  {
    using a = msg.openAttachment(num, { write: true });
    const w = a.openStream('PR_ATTACH_DATA_BIN', { create: true }).writableStream();
    const part = Buffer.allocUnsafe(chunk);
    for (let at = 0; at < SIZE; at += chunk) {
      fill(part, at);
      // A fresh copy per write: the Writable may hold the chunk until it is written.
      if (!w.write(Buffer.from(part))) await new Promise<void>((r) => w.once('drain', r));
    }
    await new Promise<void>((resolve, reject) => w.end((e?: Error | null) => (e ? reject(e) : resolve())));
    a.save();
  }
  msg.save();
}

/** The ways of reading the attachment, each measured the same way (see measure()). */
function readers(msg: Message, chunk: number) {
  const raw = rawStreamReader();
  const rawBuf = Buffer.allocUnsafe(chunk);
  const intoBuf = Buffer.allocUnsafe(chunk);
  let byobBuf: Uint8Array = new Uint8Array(chunk);
  return {
    /**
     * The subject, what docs/performance.md recommends for large attachments: attachment.webStream()
     * read with a BYOB reader into one buffer, which each read transfers back with the bytes.
     */
    byob: (verify: boolean) =>
      measure(async (sample) => {
        let total = 0;
        using a = msg.openAttachment(0);
        const reader = a.webStream({ chunk }).getReader({ mode: 'byob' });
        for (;;) {
          const { value, done } = await reader.read(byobBuf);
          if (done) {
            if (value) byobBuf = new Uint8Array(value.buffer);
            break;
          }
          if (verify) check(Buffer.from(value.buffer, value.byteOffset, value.byteLength), value.byteLength, total);
          total += value.byteLength;
          byobBuf = new Uint8Array(value.buffer);
          sample();
        }
        return total;
      }),
    /**
     * For comparison, chunks the consumer may keep: attachment.stream() (a Node Readable) with `for
     * await`, or attachment.webStream() through its default reader: a new chunk per read.
     * `gcEachChunk`: the diagnosis run (untimed).
     */
    readable: (verify: boolean, gcEachChunk = false, size = chunk, reclaim = true) =>
      measure(async (sample) => {
        let total = 0;
        using a = msg.openAttachment(0);
        for await (const c of a.stream({ chunk: size, reclaim }) as AsyncIterable<Buffer>) {
          if (verify) check(c, c.length, total);
          total += c.length;
          if (gcEachChunk) gc();
          sample();
        }
        return total;
      }),
    webDefault: () =>
      measure(async (sample) => {
        let total = 0;
        using a = msg.openAttachment(0);
        for await (const c of a.webStream({ chunk }) as unknown as AsyncIterable<Uint8Array>) {
          total += c.byteLength;
          sample();
        }
        return total;
      }),
    /** For comparison: the friendly PropStream with one reused Buffer (what saveTo() does), no stream object. */
    friendlyInto: () =>
      measure(async (sample) => {
        let total = 0;
        using a = msg.openAttachment(0);
        using st = a.openStream('PR_ATTACH_DATA_BIN');
        for (let n = st.readInto(intoBuf); n > 0; n = st.readInto(intoBuf)) {
          total += n;
          sample();
        }
        return total;
      }),
    /** The baseline. */
    koffiRaw: (verify: boolean) =>
      measure(async (sample) => {
        let at = 0;
        return raw.read(msg.raw.ptr, rawBuf, (n) => {
          if (verify) check(rawBuf, n, at);
          at += n;
          sample();
        });
      }),
  };
}

const rss = () => process.memoryUsage.rss();

/**
 * A GC, then waits until RSS stops falling: V8 frees dead ArrayBuffers' memory on a background
 * sweeper after gc() returns, and that must not land inside the next read's measurement.
 */
async function settle(): Promise<void> {
  let last = -1;
  for (let i = 0; i < 20; i++) {
    gc();
    await sleep(5);
    const r = rss();
    if (last >= 0 && Math.abs(r - last) < 256 * 1024) return;
    last = r;
  }
}

/** Times one whole read (`body` returns the bytes read and calls `sample` after each chunk). */
async function measure(body: (sample: () => void) => Promise<number>): Promise<ReadRun> {
  await settle();
  const before = rss();
  let peak = before;
  const sample = () => {
    const r = rss();
    if (r > peak) peak = r;
  };
  const t0 = process.hrtime.bigint();
  const total = await body(sample);
  const ns = Number(process.hrtime.bigint() - t0);
  if (total !== SIZE) throw new Error(`stream: read ${total} of ${SIZE} bytes`);
  return { mibPerSec: (SIZE / MiB) * (1e9 / ns), rssGrowthMiB: (peak - before) / MiB };
}

export async function streamFigure(opts: { quick?: boolean } = {}): Promise<Figure[]> {
  const chunk = DEFAULT_CHUNK;
  using mapi = initialize({ path: PROVIDER });
  using session = mapi.logon({ profile: 'Sample' });
  using store = session.defaultStore();
  using inbox = store.folder('Inbox');
  using msg = inbox.createMessage({ subject: 'a 64 MiB attachment' });
  await writeAttachment(msg, chunk);
  const { byob, readable, webDefault, friendlyInto, koffiRaw } = readers(msg, chunk);

  // Same bytes every way (the pattern that was written), and a warm-up of each path.
  await byob(true);
  await readable(true);
  await koffiRaw(true);
  for (let i = 0; i < 2; i++) {
    await byob(false);
    await koffiRaw(false);
    await readable(false);
    await webDefault();
    await friendlyInto();
  }

  // Neither side may leave provider objects or MAPI buffers behind (checked after the rounds).
  const live = () => {
    const st = sampleProvider(mapi.lib).stats();
    return `${st.objects} objects, ${st.buffers} buffers`;
  };
  const liveBefore = live();
  const reps = opts.quick ? 5 : 15;
  const ways = {
    byob: () => byob(false),
    raw: () => koffiRaw(false),
    readable: () => readable(false),
    webDefault,
    into: friendlyInto,
    readable64k: () => readable(false, false, 64 * 1024),
    readableNoReclaim: () => readable(false, false, chunk, false),
  };
  type Way = keyof typeof ways;
  const runs = Object.fromEntries(Object.keys(ways).map((k) => [k, [] as ReadRun[]])) as Record<Way, ReadRun[]>;
  const s = await interleave(reps, Object.fromEntries(Object.entries(ways).map(([k, read]) => [k, async () => {
    const r = await read();
    runs[k as Way].push(r);
    return r.mibPerSec;
  }])) as Record<Way, () => Promise<number>>);
  if (live() !== liveBefore) throw new Error(`the rounds left ${live()} (before: ${liveBefore})`);
  // Diagnosis, untimed: the Readable with a full GC after each chunk. What remains beyond the raw read
  // is what the Readable itself holds (its buffered chunk and the one being consumed); the rest of its
  // growth is chunks already dropped, waiting for V8 to collect them.
  const held: number[] = [];
  for (let i = 0; i < (opts.quick ? 2 : 3); i++) {
    const fr = await readable(false, true);
    const rr = await koffiRaw(false);
    held.push(fr.rssGrowthMiB - rr.rssGrowthMiB);
  }
  const f = stat(s.readable);
  const b = stat(s.raw);
  const ratio = round(f.median / b.median, 3);
  const growth = (k: Way) => median(runs[k].map((r) => r.rssGrowthMiB));
  const growthF = growth('readable');
  const growthR = growth('raw');
  const beyond = round(growthF - growthR, 3);
  const beyondOf = (k: Way) => round(growth(k) - growthR, 3);
  const perRound = runs.readable.map((r, i) => r.rssGrowthMiB - runs.raw[i].rssGrowthMiB);
  const limit = (2 * chunk) / MiB;
  const other = (k: Way, what: string) => ({ what, mibPerSec: stat(s[k]), ratioToRaw: round(median(s[k]) / b.median, 3), beyondMiB: beyondOf(k) });
  const compared = {
    byob: other('byob', `attachment.webStream({ chunk: ${chunk / MiB} MiB }) with a BYOB reader: one buffer, lent and handed back`),
    readableNoReclaim: other('readableNoReclaim', 'attachment.stream({ reclaim: false }): dropped chunks left to V8'),
    readable64k: other('readable64k', 'attachment.stream({ chunk: 64 KiB }): smaller reads, a new Buffer each'),
    webDefault: other('webDefault', `attachment.webStream() through its default reader (for await): a new ${chunk / MiB} MiB chunk per read`),
    readInto: other('into', 'openAttachment(0).openStream(PR_ATTACH_DATA_BIN).readInto(one Buffer) loop, no stream object (what saveTo() does)'),
  };
  const rssDetails = {
    beyondMiB: beyond,
    limitMiB: limit,
    beyondPerRoundMiB: stat(perRound),
    byobBeyondMiB: compared.byob.beyondMiB,
    readableNoReclaimBeyondMiB: compared.readableNoReclaim.beyondMiB,
    readableBeyondWithGcEachChunkMiB: round(median(held), 3),
    readable64kBeyondMiB: compared.readable64k.beyondMiB,
    webDefaultBeyondMiB: compared.webDefault.beyondMiB,
    readIntoBeyondMiB: compared.readInto.beyondMiB,
    how: "RSS sampled after each chunk; growth = peak - RSS before OpenAttach (after a GC and the ArrayBuffer sweeper); the raw read's growth is the provider's own (the attachment's and the IStream's copies of the 64 MiB value)",
  };
  const throughput: Figure = {
    name: 'attachment stream',
    unit: 'MiB/s',
    subject: { label: `attachment.stream({ chunk: ${chunk / MiB} MiB }) of a 64 MiB attachment: a Node Readable, for await, a new Buffer per chunk`, value: f.median, stat: f },
    baseline: { label: 'raw Koffi OpenAttach + OpenProperty + IStream::Read loop into one reused Buffer', value: b.median, stat: b },
    ratio,
    ratioMeaning: 'friendly MiB/s / raw MiB/s (higher is better)',
    target: { text: '>= 0.8x raw', pass: ratio >= 0.8 },
    details: {
      sizeMiB: SIZE / MiB,
      chunkMiB: chunk / MiB,
      msPerReadFriendly: round((SIZE / MiB / f.median) * 1000, 4),
      msPerReadRaw: round((SIZE / MiB / b.median) * 1000, 4),
      compared,
      rounds: reps,
    },
  };
  const memory: Figure = {
    name: 'attachment stream RSS',
    unit: 'MiB',
    subject: { label: 'peak RSS growth during attachment.stream() (a Node Readable, for await)', value: round(growthF, 4), stat: stat(runs.readable.map((r) => r.rssGrowthMiB)) },
    baseline: { label: 'peak RSS growth during the raw Read loop (the provider\'s own)', value: round(growthR, 4), stat: stat(runs.raw.map((r) => r.rssGrowthMiB)) },
    ratio: round(growthF / growthR, 3),
    ratioMeaning: 'friendly growth / raw growth',
    target: { text: `growth beyond the raw read's <= ${limit} MiB (2 chunks)`, pass: beyond <= limit },
    details: rssDetails,
  };
  return [throughput, memory];
}
