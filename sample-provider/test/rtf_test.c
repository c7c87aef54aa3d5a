/*
 * rtf_test.c - checks the [MS-OXRTFCP] codec (src/rtfcp.c) directly, compiled together with it:
 * the spec's worked examples both ways, the CRC table, the output of two independent reference
 * compressors (a plain oldest-first scan, and the spec's own pseudocode where it round-trips),
 * round trips of many sizes and kinds of input, MELA, and corrupted or hostile input, which must
 * give MAPI_E_CORRUPT_DATA and never touch memory outside the buffers (run under valgrind or
 * -fsanitize=address,undefined to see that part).
 *
 * Built and run by `node scripts/build-provider.js --smoke`, next to smoke.c.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../src/rtfcp.h"

#include "check.h"

/* ---- The spec's examples ----------------------------------------------------------------------
 * [MS-OXRTFCP] section 3, "Example 1: Simple RTF" and "Example 2: ... Tokens that
 * Cross WritePosition": the input text and the compressed bytes the spec gives for it. */
static const char EX1_TEXT[] = "{\\rtf1\\ansi\\ansicpg1252\\pard hello world}\r\n";
static const BYTE EX1_BYTES[] = {
    0x2d, 0x00, 0x00, 0x00, 0x2b, 0x00, 0x00, 0x00, 0x4c, 0x5a, 0x46, 0x75, 0xf1, 0xc5, 0xc7,
    0xa7, 0x03, 0x00, 0x0a, 0x00, 0x72, 0x63, 0x70, 0x67, 0x31, 0x32, 0x35, 0x42, 0x32, 0x0a,
    0xf3, 0x20, 0x68, 0x65, 0x6c, 0x09, 0x00, 0x20, 0x62, 0x77, 0x05, 0xb0, 0x6c, 0x64, 0x7d,
    0x0a, 0x80, 0x0f, 0xa0};
static const char EX2_TEXT[] = "{\\rtf1 WXYZWXYZWXYZWXYZWXYZ}";
static const BYTE EX2_BYTES[] = {0x1a, 0x00, 0x00, 0x00, 0x1c, 0x00, 0x00, 0x00, 0x4c, 0x5a,
                                 0x46, 0x75, 0xe2, 0xd4, 0x4b, 0x51, 0x41, 0x00, 0x04, 0x20,
                                 0x57, 0x58, 0x59, 0x5a, 0x0d, 0x6e, 0x7d, 0x01, 0x0e, 0xb0};

/* ---- Helpers ---------------------------------------------------------------------------------- */
static uint64_t g_rng = 0x9E3779B97F4A7C15u;
static uint32_t Rand(void)
{
    g_rng ^= g_rng << 13;
    g_rng ^= g_rng >> 7;
    g_rng ^= g_rng << 17;
    return (uint32_t)(g_rng >> 16);
}

static void Put32(BYTE *p, ULONG v)
{
    for (int i = 0; i < 4; i++)
        p[i] = (BYTE)(v >> (8 * i));
}

static ULONG Get32(const BYTE *p) { return p[0] | p[1] << 8 | p[2] << 16 | (ULONG)p[3] << 24; }

/* Fixes COMPSIZE and the CRC of a hand-edited LZFu buffer, so the decoder itself is what is tested. */
static void FixHeader(BYTE *buf, ULONG cb)
{
    Put32(buf, cb - 4);
    Put32(buf + 12, Rtf_Crc32(0, buf + 16, cb - 16));
}

/* Decompress, expect hr; on success the output must be NUL-terminated and not counted. */
static HRESULT Decode(const BYTE *in, ULONG cb, BYTE **out, ULONG *cbOut)
{
    HRESULT hr = Rtf_Decompress(in, cb, out, cbOut);
    if (hr == S_OK && (*out)[*cbOut] != 0)
        return E_FAIL;
    if (hr != S_OK && (*out != NULL || *cbOut != 0))
        return E_FAIL; /* failure must leave nothing to free */
    return hr;
}

/* Compress with Rtf_Compress and Rtf_CompressUncompressed, decode both, compare with the input. */
static int RoundTrip(const BYTE *in, ULONG cb, const char *what)
{
    int ok = 1;
    BYTE *c = NULL, *d = NULL;
    ULONG cbC = 0, cbD = 0;
    if (Rtf_Compress(in, cb, &c, &cbC) != S_OK || Get32(c) != cbC - 4 || Get32(c + 4) != cb ||
        Get32(c + 8) != RTFCP_COMPRESSED || Get32(c + 12) != Rtf_Crc32(0, c + 16, cbC - 16))
        ok = 0;
    else if (Decode(c, cbC, &d, &cbD) != S_OK || cbD != cb || (cb && memcmp(d, in, cb) != 0))
        ok = 0;
    free(c), free(d);
    c = d = NULL;
    if (ok && (Rtf_CompressUncompressed(in, cb, &c, &cbC) != S_OK || cbC != cb + 16 ||
               Get32(c + 8) != RTFCP_UNCOMPRESSED || Get32(c + 12) != 0 ||
               Decode(c, cbC, &d, &cbD) != S_OK || cbD != cb || (cb && memcmp(d, in, cb) != 0)))
        ok = 0;
    free(c), free(d);
    CHECK(ok, "round trip of %s (%u bytes)", what, (unsigned)cb);
    return ok;
}

/* ---- Reference compressors (for comparison only) ---------------------------------------------
 * The same token stream format as Rtf_Compress, only the search differs. */
typedef struct RefOut {
    BYTE *buf;
    size_t pos, ctl;
    unsigned bit;
} RefOut;

static void RefToken(RefOut *o, int isRef, unsigned a, unsigned len)
{
    if (o->bit == 8) {
        o->ctl = o->pos++;
        o->buf[o->ctl] = 0;
        o->bit = 0;
    }
    if (isRef) {
        unsigned ref = (a & 4095u) << 4 | (len - 2);
        o->buf[o->ctl] |= (BYTE)(1u << o->bit);
        o->buf[o->pos++] = (BYTE)(ref >> 8);
        o->buf[o->pos++] = (BYTE)ref;
    } else {
        o->buf[o->pos++] = (BYTE)a;
    }
    o->bit++;
}

static BYTE *RefFinish(RefOut *o, ULONG cb, ULONG *cbOut)
{
    Put32(o->buf, (ULONG)o->pos - 4);
    Put32(o->buf + 4, cb);
    Put32(o->buf + 8, RTFCP_COMPRESSED);
    Put32(o->buf + 12, Rtf_Crc32(0, o->buf + 16, o->pos - 16));
    *cbOut = (ULONG)o->pos;
    return o->buf;
}

/* The spec's pseudocode (2.3.3.2 / 2.3.3.2.1) as written, on the circular dictionary, writing
 * matched bytes while it scans. */
typedef struct SpecDict {
    BYTE d[4096];
    unsigned w, end;
} SpecDict;

static void SpecAdd(SpecDict *sd, BYTE b)
{
    sd->d[sd->w] = b;
    sd->w = (sd->w + 1) % 4096;
    if (sd->end < 4096)
        sd->end++;
}

static BYTE *SpecCompress(const BYTE *in, ULONG cb, ULONG *cbOut)
{
    SpecDict sd = {{0}, RTF_PREBUF_LEN, RTF_PREBUF_LEN};
    memcpy(sd.d, RTF_PREBUF, RTF_PREBUF_LEN);
    RefOut o = {malloc(32 + cb * 2), 16, 0, 8};
    size_t p = 0;
    while (p < cb) {
        unsigned finalOffset = sd.w, matchOffset = sd.end != 4096 ? 0 : (sd.w + 1) % 4096;
        unsigned best = 0, bestOffset = 0, maxLen = cb - p < 17 ? (unsigned)(cb - p) : 17;
        do {
            unsigned len = 0, off = matchOffset;
            while (len < maxLen && sd.d[off] == in[p + len]) {
                len++;
                if (len > best)
                    SpecAdd(&sd, in[p + len - 1]);
                off = (off + 1) % 4096;
            }
            if (len > best)
                best = len, bestOffset = matchOffset;
            matchOffset = (matchOffset + 1) % 4096;
        } while (matchOffset != finalOffset && best != 17);
        if (best == 0)
            SpecAdd(&sd, in[p]);
        if (best >= 2) {
            RefToken(&o, 1, bestOffset, best);
            p += best;
        } else {
            RefToken(&o, 0, in[p++], 0);
        }
    }
    RefToken(&o, 1, sd.w, 2);
    return RefFinish(&o, cb, cbOut);
}

/* ---- Inputs ----------------------------------------------------------------------------------- */
static const char *WORDS[] = {"hello", "world", "\\par ", "\\b ", "\\b0 ", "the", "message", "body",
                              "\\f0", "\\fs20 ", "Outlook", "{\\i italic}", "RTF", "\r\n", "of",
                              "compressed", "\\tab ", "a", "store", "{\\colortbl;\\red255}"};

/* Something like an RTF body: a header, then words and control words. */
static BYTE *RtfLike(ULONG cb)
{
    static const char hdr[] = "{\\rtf1\\ansi\\ansicpg1252\\deff0{\\fonttbl{\\f0\\fswiss Arial;}}\r\n";
    BYTE *b = malloc(cb + 1);
    ULONG n = 0;
    for (ULONG i = 0; i < sizeof hdr - 1 && n < cb; i++)
        b[n++] = (BYTE)hdr[i];
    while (n < cb) {
        const char *w = WORDS[Rand() % (sizeof WORDS / sizeof WORDS[0])];
        for (; *w && n < cb; w++)
            b[n++] = (BYTE)*w;
        if (n < cb && Rand() % 3)
            b[n++] = ' ';
    }
    return b;
}

static BYTE *RandomBytes(ULONG cb, unsigned alphabet)
{
    BYTE *b = malloc(cb + 1);
    for (ULONG i = 0; i < cb; i++)
        b[i] = (BYTE)(alphabet ? 'a' + Rand() % alphabet : Rand());
    return b;
}

/* ---- Tests ------------------------------------------------------------------------------------ */
static void TestSpecExamples(void)
{
    BYTE *out = NULL;
    ULONG cb = 0;
    CHECK_HR(Rtf_Compress((const BYTE *)EX1_TEXT, sizeof EX1_TEXT - 1, &out, &cb), S_OK);
    CHECK(cb == sizeof EX1_BYTES && memcmp(out, EX1_BYTES, cb) == 0, "example 1 compresses to the spec's bytes");
    free(out);
    CHECK_HR(Decode(EX1_BYTES, sizeof EX1_BYTES, &out, &cb), S_OK);
    CHECK(cb == sizeof EX1_TEXT - 1 && out && memcmp(out, EX1_TEXT, cb) == 0, "example 1 decodes to the spec's text");
    free(out);

    CHECK_HR(Rtf_Compress((const BYTE *)EX2_TEXT, sizeof EX2_TEXT - 1, &out, &cb), S_OK);
    CHECK(cb == sizeof EX2_BYTES && memcmp(out, EX2_BYTES, cb) == 0, "example 2 compresses to the spec's bytes");
    free(out);
    CHECK_HR(Decode(EX2_BYTES, sizeof EX2_BYTES, &out, &cb), S_OK);
    CHECK(cb == sizeof EX2_TEXT - 1 && out && memcmp(out, EX2_TEXT, cb) == 0, "example 2 decodes to the spec's text");
    free(out);

    /* 2.3.3.2.1's "XYZXYZXYZXYZ": three literals and one reference of length 9 that crosses the
     * write offset. (The spec's prose says offset 210; its own pseudocode, and the reader, need
     * 207, where 'X' was written: 210 is the write offset, the end marker.) */
    static const BYTE xyz[] = {0x18, 'X', 'Y', 'Z', 0x0C, 0xF7, 0x0D, 0xB0};
    CHECK_HR(Rtf_Compress((const BYTE *)"XYZXYZXYZXYZ", 12, &out, &cb), S_OK);
    CHECK(cb == 16 + sizeof xyz && memcmp(out + 16, xyz, sizeof xyz) == 0, "XYZ x4: X Y Z, (207, 9), end");
    free(out);

    /* Empty input: one run holding the end reference at offset 207. */
    static const BYTE empty[] = {0x01, 0x0C, 0xF0};
    CHECK_HR(Rtf_Compress(NULL, 0, &out, &cb), S_OK);
    CHECK(cb == 19 && Get32(out) == 15 && Get32(out + 4) == 0 && memcmp(out + 16, empty, 3) == 0,
          "empty input: COMPSIZE 15, RAWSIZE 0, 01 0C F0");
    free(out);

    /* The CRC table of 2.1.3.2 (spot checks) and the CRC over a whole buffer. */
    BYTE one = 1, x80 = 0x80, xff = 0xFF;
    CHECK(Rtf_Crc32(0, &one, 1) == 0x77073096u && Rtf_Crc32(0, &x80, 1) == 0xEDB88320u &&
              Rtf_Crc32(0, &xff, 1) == 0x2D02EF8Du,
          "CRC table entries 1, 0x80, 0xFF");
    CHECK(Rtf_Crc32(0, EX1_BYTES + 16, sizeof EX1_BYTES - 16) == 0xA7C7C5F1u, "example 1's CRC");
}

/* Compresses with both; a difference is allowed only where the pseudocode's output is broken. */
static void CompareWithSpec(const BYTE *in, ULONG cb, int *differ, int *specBroken)
{
    BYTE *mine = NULL, *d = NULL;
    ULONG cbMine = 0, cbSpec = 0, cbD = 0;
    Rtf_Compress(in, cb, &mine, &cbMine);
    BYTE *spec = SpecCompress(in, cb, &cbSpec);
    if (cbMine != cbSpec || memcmp(mine, spec, cbMine) != 0) {
        ++*differ;
        if (Rtf_Decompress(spec, cbSpec, &d, &cbD) != S_OK || cbD != cb || memcmp(d, in, cb) != 0)
            ++*specBroken;
        free(d);
    }
    free(mine), free(spec);
}

/* The spec's pseudocode, run literally (a 4095-offset scan per byte), must give the same bytes. */
static void TestAgainstSpecPseudocode(void)
{
    static const ULONG sizes[] = {0, 1, 2, 17, 18, 100, 3872, 3873, 3889, 3890, 4095, 4096, 4097, 9000};
    int differ = 0, specBroken = 0, n = 0;
    for (unsigned k = 0; k < 5; k++) {
        for (unsigned i = 0; i < sizeof sizes / sizeof sizes[0]; i++, n++) {
            BYTE *in = k == 0 ? RtfLike(sizes[i]) : RandomBytes(sizes[i], k == 1 ? 1 : k == 2 ? 2 : k == 3 ? 5 : 0);
            CompareWithSpec(in, sizes[i], &differ, &specBroken);
            free(in);
        }
    }
    /* two-letter text once the dictionary is full: here the pseudocode's scan reaches the oldest
     * offsets after writing its matched bytes over them, and now and then emits a reference the
     * reader decodes to other bytes; Rtf_Compress must differ exactly there */
    for (int t = 0; t < 40; t++, n++) {
        ULONG cb = 4000 + Rand() % 6000;
        BYTE *in = RandomBytes(cb, 2);
        CompareWithSpec(in, cb, &differ, &specBroken);
        free(in);
    }
    CHECK(differ == specBroken, "%d of %d outputs differ from the spec's pseudocode, %d where it is broken",
          differ, n, specBroken);
    printf("rtf: %d inputs, same bytes as the spec's pseudocode except %d where its output does not "
           "decode back\n", n, specBroken);
}

static void TestRoundTrips(void)
{
    static const ULONG sizes[] = {0, 1, 2, 3, 16, 17, 18, 4095, 4096, 4097, 8192, 65536, 1u << 20};
    for (unsigned i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        ULONG cb = sizes[i];
        BYTE *b = RtfLike(cb);
        RoundTrip(b, cb, "RTF-like text");
        free(b);
        b = RandomBytes(cb, 0);
        RoundTrip(b, cb, "random bytes");
        free(b);
        b = RandomBytes(cb, 3);
        RoundTrip(b, cb, "3-letter text");
        free(b);
    }
    /* highly repetitive: one byte; a period that is not a power of two; periods at the window's edge */
    static const ULONG periods[] = {1, 3, 7, 4094, 4095, 4096, 4097};
    ULONG cb = 1u << 20;
    BYTE *b = malloc(cb);
    for (unsigned i = 0; i < sizeof periods / sizeof periods[0]; i++) {
        BYTE *unit = RandomBytes(periods[i], 0);
        for (ULONG j = 0; j < cb; j++)
            b[j] = unit[j % periods[i]];
        free(unit);
        char what[64];
        snprintf(what, sizeof what, "period-%u data", (unsigned)periods[i]);
        if (RoundTrip(b, cb, what) && periods[i] < 4095) {
            BYTE *c = NULL;
            ULONG cbC = 0;
            Rtf_Compress(b, cb, &c, &cbC);
            /* 17 bytes per 2-byte reference, a control byte per 8 references: ~8.5 : 1 */
            CHECK(cbC < cb / 7, "%s compresses (%u -> %u bytes)", what, (unsigned)cb, (unsigned)cbC);
            free(c);
        }
    }
    /* the prebuffer itself is one reference per 17 bytes */
    RoundTrip((const BYTE *)RTF_PREBUF, RTF_PREBUF_LEN, "the prebuffer");
    /* every byte value, including NULs: the codec is binary-safe */
    for (ULONG j = 0; j < 4096; j++)
        b[j] = (BYTE)(j * 7);
    RoundTrip(b, 4096, "all byte values");
    free(b);

    /* incompressible input grows by at most 1/8 plus 19 bytes */
    b = RandomBytes(1u << 20, 0);
    BYTE *c = NULL;
    ULONG cbC = 0;
    CHECK_HR(Rtf_Compress(b, 1u << 20, &c, &cbC), S_OK);
    CHECK(cbC <= (1u << 20) + (1u << 17) + 19, "random 1 MiB: %u bytes", (unsigned)cbC);
    free(b), free(c);
}

static void TestMela(void)
{
    BYTE *out = NULL, *d = NULL;
    ULONG cb = 0, cbD = 0;
    CHECK_HR(Rtf_CompressUncompressed((const BYTE *)EX1_TEXT, sizeof EX1_TEXT - 1, &out, &cb), S_OK);
    CHECK(cb == 16 + sizeof EX1_TEXT - 1 && Get32(out) == cb - 4 && Get32(out + 4) == cb - 16 &&
              memcmp(out + 8, "MELA", 4) == 0 && Get32(out + 12) == 0 &&
              memcmp(out + 16, EX1_TEXT, cb - 16) == 0,
          "MELA: header, then the bytes");
    CHECK_HR(Decode(out, cb, &d, &cbD), S_OK);
    free(d);
    Put32(out + 12, 0x12345678u); /* writers set 0; a reader has nothing to check it against */
    CHECK_HR(Decode(out, cb, &d, &cbD), S_OK);
    free(d);
    Put32(out + 4, cb - 17);
    CHECK_HR(Decode(out, cb, &d, &cbD), MAPI_E_CORRUPT_DATA);
    Put32(out + 4, cb - 15);
    CHECK_HR(Decode(out, cb, &d, &cbD), MAPI_E_CORRUPT_DATA);
    free(out);
}

static void TestCorrupt(void)
{
    BYTE *d = NULL, buf[256];
    ULONG cbD = 0, n = sizeof EX1_BYTES;
    int bad = 0;

    /* every truncation, as it is and with COMPSIZE and the CRC made to fit the shorter data */
    for (ULONG cut = 0; cut < n; cut++) {
        memcpy(buf, EX1_BYTES, cut);
        bad += Decode(buf, cut, &d, &cbD) != MAPI_E_CORRUPT_DATA;
        if (cut >= 16) {
            FixHeader(buf, cut);
            bad += Decode(buf, cut, &d, &cbD) != MAPI_E_CORRUPT_DATA;
        }
    }
    CHECK(bad == 0, "%d truncations not reported as corrupt", bad);

    /* each CRC byte flipped; COMPSIZE off by one either way; RAWSIZE off by one either way */
    for (int i = 12; i < 16; i++) {
        memcpy(buf, EX1_BYTES, n);
        buf[i] ^= 0x01;
        CHECK_HR(Decode(buf, n, &d, &cbD), MAPI_E_CORRUPT_DATA);
    }
    memcpy(buf, EX1_BYTES, n);
    Put32(buf, n - 3);
    CHECK_HR(Decode(buf, n, &d, &cbD), MAPI_E_CORRUPT_DATA);
    Put32(buf, n - 5);
    CHECK_HR(Decode(buf, n, &d, &cbD), MAPI_E_CORRUPT_DATA);
    Put32(buf, 0xFFFFFFFFu);
    CHECK_HR(Decode(buf, n, &d, &cbD), MAPI_E_CORRUPT_DATA);
    memcpy(buf, EX1_BYTES, n);
    Put32(buf + 4, 0x2a); /* one byte short of the real output */
    CHECK_HR(Decode(buf, n, &d, &cbD), MAPI_E_CORRUPT_DATA);
    Put32(buf + 4, 0x2c);
    CHECK_HR(Decode(buf, n, &d, &cbD), MAPI_E_CORRUPT_DATA);
    Put32(buf + 4, 0);
    CHECK_HR(Decode(buf, n, &d, &cbD), MAPI_E_CORRUPT_DATA);
    Put32(buf + 4, 0xFFFFFFFFu); /* refused before any allocation: more than 8 x the data */
    CHECK_HR(Decode(buf, n, &d, &cbD), MAPI_E_CORRUPT_DATA);
    memcpy(buf, EX1_BYTES, n);
    memcpy(buf + 8, "LZFv", 4);
    CHECK_HR(Decode(buf, n, &d, &cbD), MAPI_E_CORRUPT_DATA);

    /* bytes after the end reference are ignored (the CRC still covers them) */
    memcpy(buf, EX1_BYTES, n);
    buf[n] = 0xAB, buf[n + 1] = 0xCD;
    FixHeader(buf, n + 2);
    CHECK_HR(Decode(buf, n + 2, &d, &cbD), S_OK);
    CHECK(d && cbD == sizeof EX1_TEXT - 1 && memcmp(d, EX1_TEXT, cbD) == 0, "trailing bytes ignored");
    free(d);

    /* a reference to the unwritten part of the dictionary reads zeros; the end marker is still needed */
    static const BYTE zeros[] = {0x03, 0xF0, 0x01, 0x0D, 0x20}; /* (3840, 3), then end at 210 */
    memcpy(buf + 16, zeros, sizeof zeros);
    Put32(buf + 4, 3);
    Put32(buf + 8, RTFCP_COMPRESSED);
    FixHeader(buf, 16 + sizeof zeros);
    CHECK_HR(Decode(buf, 16 + sizeof zeros, &d, &cbD), S_OK);
    CHECK(d && cbD == 3 && d[0] == 0 && d[1] == 0 && d[2] == 0, "unwritten dictionary bytes are 0");
    free(d);

    /* arguments */
    CHECK_HR(Rtf_Decompress(EX1_BYTES, n, NULL, &cbD), MAPI_E_INVALID_PARAMETER);
    CHECK_HR(Rtf_Decompress(EX1_BYTES, n, &d, NULL), MAPI_E_INVALID_PARAMETER);
    CHECK_HR(Rtf_Decompress(NULL, 5, &d, &cbD), MAPI_E_INVALID_PARAMETER);
    CHECK_HR(Rtf_Decompress(NULL, 0, &d, &cbD), MAPI_E_CORRUPT_DATA);
    CHECK_HR(Rtf_Compress(NULL, 1, &d, &cbD), MAPI_E_INVALID_PARAMETER);
    CHECK_HR(Rtf_Compress(EX1_BYTES, 1, NULL, &cbD), MAPI_E_INVALID_PARAMETER);
    CHECK_HR(Rtf_CompressUncompressed(NULL, 1, &d, &cbD), MAPI_E_INVALID_PARAMETER);
}

/* Hostile input: random bytes, and mutations of real output with a header that passes every
 * check, so the decoder's own bounds are what stand between the input and memory. The decoder
 * must answer S_OK or MAPI_E_CORRUPT_DATA; the sanitizers / valgrind see any stray access. */
static void TestFuzz(void)
{
    int bad = 0, ok = 0, corrupt = 0;
    BYTE *src = RtfLike(3000), *c = NULL, *d = NULL;
    ULONG cbC = 0, cbD = 0;
    Rtf_Compress(src, 3000, &c, &cbC);
    BYTE *m = malloc(cbC + 64);
    for (int iter = 0; iter < 20000; iter++) {
        ULONG cb;
        if (iter % 4 == 0) { /* pure garbage, sometimes with a plausible header */
            cb = Rand() % 300;
            for (ULONG i = 0; i < cb; i++)
                m[i] = (BYTE)Rand();
            if (cb >= 16 && iter % 8 == 0) {
                Put32(m + 4, Rand() % (8 * (cb - 16) + 1));
                Put32(m + 8, RTFCP_COMPRESSED);
                FixHeader(m, cb);
            }
        } else { /* the real output, a few bytes changed, maybe cut, RAWSIZE maybe changed */
            cb = cbC;
            memcpy(m, c, cbC);
            for (int k = 1 + (int)(Rand() % 4); k > 0; k--)
                m[16 + Rand() % (cbC - 16)] = (BYTE)Rand();
            if (iter % 3 == 0)
                cb = 16 + Rand() % (cbC - 16);
            if (iter % 5 == 0)
                Put32(m + 4, Rand() % 8000);
            FixHeader(m, cb);
        }
        HRESULT hr = Decode(m, cb, &d, &cbD);
        if (hr == S_OK)
            ok++, free(d);
        else if (hr == MAPI_E_CORRUPT_DATA)
            corrupt++;
        else
            bad++;
        d = NULL;
    }
    CHECK(bad == 0, "%d hostile inputs gave neither S_OK nor MAPI_E_CORRUPT_DATA (or a bad *out)", bad);
    CHECK(corrupt > 10000, "most hostile inputs are reported corrupt (%d; %d decoded)", corrupt, ok);
    free(src), free(c), free(m);
}

int main(void)
{
    TestSpecExamples();
    TestAgainstSpecPseudocode();
    TestRoundTrips();
    TestMela();
    TestCorrupt();
    TestFuzz();
    printf("rtf: %d checks, %d failures\n", g_checks, g_failures);
    return g_failures ? 1 : 0;
}
