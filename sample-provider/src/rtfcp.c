/*
 * rtfcp.c - [MS-OXRTFCP] compressed RTF: LZFu and MELA writers, a reader for both, the CRC.
 *
 * The compressor works on one linear stream S = RTF_PREBUF + input instead of the circular
 * dictionary: stream index j sits at dictionary offset j % 4096, and at input position p the
 * dictionary holds S[p-4095 .. p-1] (offset p % 4096, the oldest byte, is the write offset and is
 * never matched: that offset means "end of data"). A reference may run past p (it reads bytes the
 * reader writes while copying), which is S[j+i] too. The spec's pseudocode (2.3.3.2.1) scans the
 * offsets oldest first, keeps a longer match only, stops at 17; here hash chains over the 2-byte
 * prefixes, kept oldest first, give the same answer without the 4095-offset scan per byte.
 *
 * One difference: the pseudocode adds each matched byte to the dictionary while it is still
 * scanning, and near the end of a full dictionary those writes land on the oldest offsets (write
 * offset + 1 .. + 16) before the scan reaches them. LongestMatch tries those few offsets as the
 * pseudocode sees them, so the output is the pseudocode's byte for byte; but that view can find a
 * "match" that the reader decodes to other bytes (rtf_test.c finds such inputs), and there the
 * plain search is used: the output always decodes to the input.
 */
#include <stdlib.h>
#include <string.h>

#include "rtfcp.h"

const char RTF_PREBUF[] =
    "{\\rtf1\\ansi\\mac\\deff0\\deftab720{\\fonttbl;}{\\f0\\fnil \\froman \\fswiss \\fmodern "
    "\\fscript \\fdecor MS Sans SerifSymbolArialTimes New RomanCourier{\\colortbl\\red0\\green0"
    "\\blue0\r\n\\par \\pard\\plain\\f0\\fs20\\b\\i\\u\\tab\\tx";
_Static_assert(sizeof(RTF_PREBUF) - 1 == RTF_PREBUF_LEN, "[MS-OXRTFCP] prebuffer is 207 bytes");

#define DICT_MASK (RTFCP_DICT_SIZE - 1u)
#define NO_POS 0xFFFFFFFFu

/* ---- CRC ------------------------------------------------------------------------------------- */
ULONG Rtf_Crc32(ULONG crc, const BYTE *p, size_t cb)
{
    ULONG table[256]; /* 2 KiB of work per call, and no shared state between threads */
    for (ULONG n = 0; n < 256; n++) {
        ULONG c = n;
        for (int k = 0; k < 8; k++)
            c = (c & 1u) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
        table[n] = c;
    }
    for (size_t i = 0; i < cb; i++)
        crc = table[(crc ^ p[i]) & 0xFFu] ^ (crc >> 8);
    return crc;
}

/* ---- Header ---------------------------------------------------------------------------------- */
static void Put32(BYTE *p, ULONG v)
{
    p[0] = (BYTE)v;
    p[1] = (BYTE)(v >> 8);
    p[2] = (BYTE)(v >> 16);
    p[3] = (BYTE)(v >> 24);
}

static ULONG Get32(const BYTE *p)
{
    return (ULONG)p[0] | (ULONG)p[1] << 8 | (ULONG)p[2] << 16 | (ULONG)p[3] << 24;
}

static void PutHeader(BYTE *out, size_t cbTotal, ULONG rawSize, ULONG compType, ULONG crc)
{
    Put32(out, (ULONG)(cbTotal - 4u)); /* COMPSIZE counts the data and the 12 header bytes after it */
    Put32(out + 4, rawSize);
    Put32(out + 8, compType);
    Put32(out + 12, crc);
}

/* ---- Compressor ------------------------------------------------------------------------------ */
typedef struct Matcher {
    const BYTE *s;   /* the stream: prebuffer + input */
    ULONG total;     /* its length */
    ULONG *head;     /* per 2-byte prefix: the oldest live position, or NO_POS */
    ULONG *tail;     /* ... the newest */
    ULONG next[RTFCP_DICT_SIZE]; /* by position % 4096: the next newer position with that prefix */
    ULONG inserted;  /* positions [removed, inserted) are in the chains */
    ULONG removed;
} Matcher;

static unsigned Key(const BYTE *s, ULONG j) { return (unsigned)s[j] << 8 | s[j + 1u]; }

static void ChainRemoveOldest(Matcher *m)
{
    /* positions enter and leave in order, so the one leaving heads its chain */
    ULONG j = m->removed++;
    unsigned k = Key(m->s, j);
    m->head[k] = m->next[j & DICT_MASK];
    if (m->head[k] == NO_POS)
        m->tail[k] = NO_POS;
}

/* Brings the chains to the dictionary at position p: every position in [p - 4095, p). */
static void MatcherAdvance(Matcher *m, ULONG p)
{
    while (m->inserted < p) {
        ULONG j = m->inserted++;
        while (j - m->removed >= RTFCP_DICT_SIZE)
            ChainRemoveOldest(m); /* frees next[j % 4096] */
        unsigned k = Key(m->s, j);
        m->next[j & DICT_MASK] = NO_POS;
        if (m->tail[k] == NO_POS)
            m->head[k] = j;
        else
            m->next[m->tail[k] & DICT_MASK] = j;
        m->tail[k] = j;
    }
    while (p - m->removed > RTFCP_DICT_SIZE - 1u)
        ChainRemoveOldest(m);
}

/* Walks the chain of p's 2-byte prefix from position `skip` on, keeping strictly longer matches. */
static ULONG ChainMatch(Matcher *m, ULONG p, ULONG maxLen, ULONG skip, ULONG best, ULONG *from)
{
    for (ULONG j = m->head[Key(m->s, p)]; j != NO_POS && best < maxLen; j = m->next[j & DICT_MASK]) {
        if (j < skip)
            continue;
        ULONG len = 2; /* the chain's prefix */
        while (len < maxLen && m->s[j + len] == m->s[p + len])
            len++;
        if (len > best) {
            best = len;
            *from = j;
        }
    }
    return best;
}

/*
 * The longest match at p (0 when shorter than 2), the oldest on a tie; *from gets its position.
 *
 * The spec's scan starts at the oldest offsets, write offset + 1 .. + 16, and by then it may have
 * written the bytes it matched so far over the write offset and the ones after it (2.3.3.2.1 adds
 * each newly matched byte at once); a candidate there sees those bytes. Those (at most 16)
 * candidates are tried here exactly so, so that the output is the spec's byte for byte; the rest
 * cannot see a difference. Should that view ever pick a match the reader would decode to other
 * bytes, the plain search over what the reader sees is used instead.
 */
static ULONG LongestMatch(Matcher *m, ULONG p, ULONG *from)
{
    const BYTE *s = m->s;
    ULONG left = m->total - p;
    if (left < 2u)
        return 0;
    ULONG maxLen = left < RTFCP_MAX_MATCH ? left : RTFCP_MAX_MATCH;
    MatcherAdvance(m, p);
    ULONG best = 0;
    ULONG oldest = p > RTFCP_DICT_SIZE - 1u ? p - (RTFCP_DICT_SIZE - 1u) : 0;
    ULONG shadowEnd = p + RTFCP_MAX_MATCH > RTFCP_DICT_SIZE ? p + RTFCP_MAX_MATCH - RTFCP_DICT_SIZE : 0;
    for (ULONG j = oldest; j < shadowEnd && best < maxLen; j++) {
        ULONG len = 0;
        for (; len < maxLen; len++) {
            ULONG ahead = j + len + RTFCP_DICT_SIZE - p; /* that slot's distance from the write offset */
            BYTE b = ahead < (best > len ? best : len) ? s[p + ahead] : s[j + len];
            if (b != s[p + len])
                break;
        }
        if (len > best) {
            best = len;
            *from = j;
        }
    }
    best = ChainMatch(m, p, maxLen, shadowEnd, best, from);
    if (best >= 2u && *from < shadowEnd && memcmp(s + *from, s + p, best) != 0)
        best = ChainMatch(m, p, maxLen, 0, 0, from);
    return best;
}

/* Appends tokens to the output, opening a run (a control byte) every 8 tokens. */
typedef struct Writer {
    BYTE *out;
    size_t pos, ctl;
    unsigned bit; /* tokens in the current run; 8 = none open */
} Writer;

static void OpenRunIfFull(Writer *w)
{
    if (w->bit == 8u) {
        w->ctl = w->pos++;
        w->out[w->ctl] = 0;
        w->bit = 0;
    }
}

static void PutLiteral(Writer *w, BYTE b)
{
    OpenRunIfFull(w);
    w->out[w->pos++] = b;
    w->bit++;
}

static void PutReference(Writer *w, ULONG offset, ULONG len)
{
    OpenRunIfFull(w);
    unsigned ref = (unsigned)((offset & DICT_MASK) << 4 | (len - 2u));
    w->out[w->ctl] |= (BYTE)(1u << w->bit);
    w->out[w->pos++] = (BYTE)(ref >> 8);
    w->out[w->pos++] = (BYTE)ref;
    w->bit++;
}

static HRESULT CheckOutArgs(const BYTE *in, ULONG cb, BYTE **out, ULONG *cbOut)
{
    if (!out || !cbOut)
        return MAPI_E_INVALID_PARAMETER;
    *out = NULL;
    *cbOut = 0;
    return (!in && cb) ? MAPI_E_INVALID_PARAMETER : S_OK;
}

HRESULT Rtf_Compress(const BYTE *rtf, ULONG cb, BYTE **out, ULONG *cbOut)
{
    HRESULT hr = CheckOutArgs(rtf, cb, out, cbOut);
    if (hr != S_OK)
        return hr;
    /* every token a literal, plus the end reference, plus a control byte per 8 tokens */
    uint64_t bound = (uint64_t)RTFCP_HEADER_SIZE + cb + 2u + ((uint64_t)cb + 1u + 7u) / 8u;
    if (bound > 0xFFFFFFFFu)
        return MAPI_E_TOO_BIG;
    ULONG total = RTF_PREBUF_LEN + cb; /* < bound: fits */
    BYTE *s = malloc(total);
    BYTE *o = malloc((size_t)bound);
    ULONG *chains = malloc(2u * 65536u * sizeof(ULONG));
    Matcher *m = malloc(sizeof(Matcher));
    if (!s || !o || !chains || !m) {
        free(s), free(o), free(chains), free(m);
        return MAPI_E_NOT_ENOUGH_MEMORY;
    }
    memcpy(s, RTF_PREBUF, RTF_PREBUF_LEN);
    if (cb)
        memcpy(s + RTF_PREBUF_LEN, rtf, cb);
    memset(chains, 0xFF, 2u * 65536u * sizeof(ULONG)); /* NO_POS */
    *m = (Matcher){.s = s, .total = total, .head = chains, .tail = chains + 65536};

    Writer w = {.out = o, .pos = RTFCP_HEADER_SIZE, .bit = 8};
    ULONG p = RTF_PREBUF_LEN;
    while (p < total) {
        ULONG from = 0, len = LongestMatch(m, p, &from);
        if (len >= 2u) {
            PutReference(&w, from, len);
            p += len;
        } else {
            PutLiteral(&w, s[p++]);
        }
    }
    PutReference(&w, total, 2u); /* offset = write offset, length field 0: the end */

    PutHeader(o, w.pos, cb, RTFCP_COMPRESSED,
              Rtf_Crc32(0, o + RTFCP_HEADER_SIZE, w.pos - RTFCP_HEADER_SIZE));
    free(s), free(chains), free(m);
    *out = o;
    *cbOut = (ULONG)w.pos;
    return S_OK;
}

HRESULT Rtf_CompressUncompressed(const BYTE *rtf, ULONG cb, BYTE **out, ULONG *cbOut)
{
    HRESULT hr = CheckOutArgs(rtf, cb, out, cbOut);
    if (hr != S_OK)
        return hr;
    if (cb > 0xFFFFFFFFu - RTFCP_HEADER_SIZE)
        return MAPI_E_TOO_BIG;
    BYTE *o = malloc((size_t)cb + RTFCP_HEADER_SIZE);
    if (!o)
        return MAPI_E_NOT_ENOUGH_MEMORY;
    if (cb)
        memcpy(o + RTFCP_HEADER_SIZE, rtf, cb);
    PutHeader(o, (size_t)cb + RTFCP_HEADER_SIZE, cb, RTFCP_UNCOMPRESSED, 0);
    *out = o;
    *cbOut = cb + RTFCP_HEADER_SIZE;
    return S_OK;
}

/* ---- Decompressor ---------------------------------------------------------------------------- */

/* Decodes LZFu data into out[0..raw); S_OK only if the end reference comes at exactly raw bytes. */
static HRESULT Inflate(const BYTE *c, size_t n, BYTE *out, size_t raw)
{
    BYTE dict[RTFCP_DICT_SIZE];
    memcpy(dict, RTF_PREBUF, RTF_PREBUF_LEN);
    memset(dict + RTF_PREBUF_LEN, 0, sizeof dict - RTF_PREBUF_LEN);
    unsigned wr = RTF_PREBUF_LEN;
    size_t i = 0, o = 0;
    for (;;) {
        if (i >= n)
            return MAPI_E_CORRUPT_DATA; /* no end reference */
        unsigned ctl = c[i++];
        for (unsigned bit = 0; bit < 8u; bit++) {
            if (!(ctl & (1u << bit))) {
                if (i >= n || o >= raw)
                    return MAPI_E_CORRUPT_DATA;
                out[o++] = dict[wr] = c[i++];
                wr = (wr + 1u) & DICT_MASK;
                continue;
            }
            if (n - i < 2u)
                return MAPI_E_CORRUPT_DATA;
            unsigned ref = (unsigned)c[i] << 8 | c[i + 1u];
            i += 2;
            unsigned from = ref >> 4, len = (ref & 0xFu) + 2u;
            if (from == wr)
                return o == raw ? S_OK : MAPI_E_CORRUPT_DATA;
            if (raw - o < len)
                return MAPI_E_CORRUPT_DATA;
            /* byte by byte: a reference may read what it has just written */
            for (unsigned k = 0; k < len; k++) {
                out[o++] = dict[wr] = dict[(from + k) & DICT_MASK];
                wr = (wr + 1u) & DICT_MASK;
            }
        }
    }
}

HRESULT Rtf_Decompress(const BYTE *in, ULONG cb, BYTE **out, ULONG *cbOut)
{
    HRESULT hr = CheckOutArgs(in, cb, out, cbOut);
    if (hr != S_OK)
        return hr;
    if (cb < RTFCP_HEADER_SIZE || (uint64_t)Get32(in) + 4u != cb)
        return MAPI_E_CORRUPT_DATA;
    ULONG raw = Get32(in + 4), type = Get32(in + 8), crc = Get32(in + 12);
    const BYTE *data = in + RTFCP_HEADER_SIZE;
    size_t n = cb - RTFCP_HEADER_SIZE;
    if (type == RTFCP_UNCOMPRESSED) {
        if (raw != n)
            return MAPI_E_CORRUPT_DATA;
    } else if (type == RTFCP_COMPRESSED) {
        /* a run of 17 bytes yields at most 8 * 17: a larger RAWSIZE is a lie, not a size to allocate */
        if ((uint64_t)raw > 8u * (uint64_t)n || Rtf_Crc32(0, data, n) != crc)
            return MAPI_E_CORRUPT_DATA;
    } else {
        return MAPI_E_CORRUPT_DATA;
    }
    if ((uint64_t)raw + 1u > (uint64_t)SIZE_MAX)
        return MAPI_E_NOT_ENOUGH_MEMORY; /* 32-bit: no room for RAWSIZE + the NUL */
    BYTE *o = malloc((size_t)raw + 1u);
    if (!o)
        return MAPI_E_NOT_ENOUGH_MEMORY;
    if (type == RTFCP_UNCOMPRESSED)
        memcpy(o, data, n);
    else if ((hr = Inflate(data, n, o, raw)) != S_OK) {
        free(o);
        return hr;
    }
    o[raw] = 0;
    *out = o;
    *cbOut = raw;
    return S_OK;
}
