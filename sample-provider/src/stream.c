/*
 * stream.c - IStream over bytes in memory (see stream.h).
 */
#include <stdlib.h>
#include <string.h>

#include "stream.h"

/* The bytes and the sink, shared by a stream and its clones. */
typedef struct StreamBuf {
    volatile int32_t cRef;
    PlatRecMutex lock;
    BYTE *data;
    size_t cb, cap;
    BYTE *committed; /* the content at the last Commit (or at creation), for Revert */
    size_t cbCommitted;
    int writable;
    StreamSink sink;
} StreamBuf;

typedef struct Stream {
    ObjHeader hdr;
    StreamBuf *buf;
    uint64_t pos;
} Stream;

static Stream *S(IStream *This) { return (Stream *)This; }

static void Buf_Release(StreamBuf *b)
{
    if (Plat_AtomicDec(&b->cRef) != 0)
        return;
    if (b->sink.release)
        b->sink.release(b->sink.ctx);
    Plat_RecMutexDestroy(&b->lock);
    free(b->data);
    free(b->committed);
    free(b);
}

static int Buf_Reserve(StreamBuf *b, size_t need)
{
    if (need <= b->cap)
        return 1;
    size_t n = b->cap ? b->cap : 4096;
    while (n < need)
        n = n > STREAM_MAX_SIZE / 2 ? (size_t)STREAM_MAX_SIZE : n * 2;
    BYTE *p = realloc(b->data, n);
    if (!p)
        return 0;
    b->data = p;
    b->cap = n;
    return 1;
}

static BYTE *Dup(const BYTE *p, size_t cb)
{
    BYTE *d = malloc(cb ? cb : 1);
    if (d && cb)
        memcpy(d, p, cb);
    return d;
}

static const IStreamVtbl g_streamVtbl;

static void Stream_Destroy(ObjHeader *h) { Buf_Release(((Stream *)h)->buf); }

static HRESULT NewStream(DataSet *ds, StreamBuf *buf, uint64_t pos, IStream **out)
{
    Stream *s = calloc(1, sizeof *s);
    if (!s)
        return MAPI_E_NOT_ENOUGH_MEMORY;
    Obj_Init(&s->hdr, &g_streamVtbl, OBJ_OTHER, "IStream", ds, Stream_Destroy);
    Plat_AtomicInc(&buf->cRef);
    s->buf = buf;
    s->pos = pos;
    *out = (IStream *)s;
    return S_OK;
}

HRESULT Stream_Create(DataSet *ds, const BYTE *data, size_t cb, const StreamSink *sink,
                      IStream **out)
{
    *out = NULL;
    StreamBuf *b = calloc(1, sizeof *b);
    if (b && cb > STREAM_MAX_SIZE) {
        free(b);
        b = NULL;
    }
    if (b) {
        b->data = Dup(data, cb);
        b->committed = sink ? Dup(data, cb) : NULL;
    }
    if (!b || !b->data || (sink && !b->committed)) {
        if (b) {
            free(b->data);
            free(b->committed);
            free(b);
        }
        if (sink && sink->release)
            sink->release(sink->ctx);
        return MAPI_E_NOT_ENOUGH_MEMORY;
    }
    Plat_RecMutexInit(&b->lock);
    b->cb = b->cap = cb;
    b->cbCommitted = cb;
    b->writable = sink != NULL;
    if (sink)
        b->sink = *sink;
    HRESULT hr = NewStream(ds, b, 0, out);
    if (hr != S_OK) {
        b->cRef = 1;
        Buf_Release(b);
    }
    return hr;
}

/* ---- IUnknown -------------------------------------------------------------------------------- */
static const IID *const g_sStreamIids[] = {&IID_IStream, &IID_ISequentialStream};
static const QiSpec g_streamQi = {g_sStreamIids, ARRAY_COUNT(g_sStreamIids), NULL, NULL};
static HRESULT STDMETHODCALLTYPE Stream_QueryInterface(IStream *This, REFIID riid, void **ppv)
{
    return Obj_QueryInterface(&S(This)->hdr, &g_streamQi, riid, ppv);
}
static ULONG STDMETHODCALLTYPE Stream_AddRef(IStream *This) { return Obj_ComAddRef(&S(This)->hdr); }
static ULONG STDMETHODCALLTYPE Stream_Release(IStream *This)
{
    return Obj_ComRelease(&S(This)->hdr);
}

/* ---- ISequentialStream ----------------------------------------------------------------------- */
static HRESULT STDMETHODCALLTYPE Stream_Read(IStream *This, void *pv, ULONG cb, ULONG *pcbRead)
{
    Stream *s = S(This);
    HRESULT hr = Obj_Enter(&s->hdr, "Read", ENTER_NORMAL);
    if (pcbRead)
        *pcbRead = 0;
    if (hr != S_OK)
        return hr;
    if (!pv && cb)
        return Obj_Fail(&s->hdr, "Read", STG_E_INVALIDPOINTER, "NULL buffer");
    StreamBuf *b = s->buf;
    Plat_RecMutexLock(&b->lock);
    ULONG n = 0;
    if (s->pos < b->cb) {
        uint64_t left = b->cb - s->pos;
        n = left < cb ? (ULONG)left : cb;
        memcpy(pv, b->data + s->pos, n);
        s->pos += n;
    }
    Plat_RecMutexUnlock(&b->lock);
    if (pcbRead)
        *pcbRead = n;
    return S_OK; /* reading at or past the end is S_OK with 0 bytes, as COM's memory streams do */
}

static HRESULT STDMETHODCALLTYPE Stream_Write(IStream *This, const void *pv, ULONG cb,
                                              ULONG *pcbWritten)
{
    Stream *s = S(This);
    HRESULT hr = Obj_Enter(&s->hdr, "Write", ENTER_NORMAL);
    if (pcbWritten)
        *pcbWritten = 0;
    if (hr != S_OK)
        return hr;
    StreamBuf *b = s->buf;
    if (!b->writable)
        return Obj_Fail(&s->hdr, "Write", STG_E_ACCESSDENIED,
                        "the stream is read-only (opened without MAPI_MODIFY)");
    if (!pv && cb)
        return Obj_Fail(&s->hdr, "Write", STG_E_INVALIDPOINTER, "NULL buffer");
    Plat_RecMutexLock(&b->lock);
    uint64_t end = s->pos + cb;
    if (end > STREAM_MAX_SIZE) {
        hr = STG_E_MEDIUMFULL;
    } else if (!Buf_Reserve(b, (size_t)end)) {
        hr = MAPI_E_NOT_ENOUGH_MEMORY;
    } else {
        if (s->pos > b->cb) /* a write past the end fills the gap with zeros */
            memset(b->data + b->cb, 0, (size_t)(s->pos - b->cb));
        memcpy(b->data + s->pos, pv, cb);
        s->pos = end;
        if (end > b->cb)
            b->cb = (size_t)end;
    }
    Plat_RecMutexUnlock(&b->lock);
    if (hr != S_OK)
        return Obj_Fail(&s->hdr, "Write", hr, "the stream cannot grow to %llu bytes",
                        (unsigned long long)end);
    if (pcbWritten)
        *pcbWritten = cb;
    return S_OK;
}

/* ---- IStream --------------------------------------------------------------------------------- */
static HRESULT STDMETHODCALLTYPE Stream_Seek(IStream *This, LARGE_INTEGER dlibMove, DWORD dwOrigin,
                                             ULARGE_INTEGER *plibNewPosition)
{
    Stream *s = S(This);
    HRESULT hr = Obj_Enter(&s->hdr, "Seek", ENTER_NORMAL);
    if (hr != S_OK)
        return hr;
    StreamBuf *b = s->buf;
    Plat_RecMutexLock(&b->lock);
    int64_t base = dwOrigin == STREAM_SEEK_SET   ? 0
                   : dwOrigin == STREAM_SEEK_CUR ? (int64_t)s->pos
                                                 : (int64_t)b->cb;
    int64_t to = base + dlibMove.QuadPart;
    if (dwOrigin > STREAM_SEEK_END)
        hr = STG_E_INVALIDFUNCTION;
    else if ((dlibMove.QuadPart < 0 && to > base) || to < 0)
        hr = STG_E_INVALIDFUNCTION; /* before the start (or overflow) */
    else
        s->pos = (uint64_t)to; /* past the end is allowed: a later Write extends the stream */
    uint64_t pos = s->pos;
    Plat_RecMutexUnlock(&b->lock);
    if (hr != S_OK)
        return Obj_Fail(&s->hdr, "Seek", hr, "%s",
                        dwOrigin > STREAM_SEEK_END ? "unknown origin"
                                                   : "the position would be before the start");
    if (plibNewPosition)
        plibNewPosition->QuadPart = pos;
    return S_OK;
}

static HRESULT STDMETHODCALLTYPE Stream_SetSize(IStream *This, ULARGE_INTEGER libNewSize)
{
    Stream *s = S(This);
    HRESULT hr = Obj_Enter(&s->hdr, "SetSize", ENTER_NORMAL);
    if (hr != S_OK)
        return hr;
    StreamBuf *b = s->buf;
    if (!b->writable)
        return Obj_Fail(&s->hdr, "SetSize", STG_E_ACCESSDENIED, "the stream is read-only");
    if (libNewSize.QuadPart > STREAM_MAX_SIZE)
        return Obj_Fail(&s->hdr, "SetSize", STG_E_MEDIUMFULL, "%llu bytes is too big",
                        (unsigned long long)libNewSize.QuadPart);
    size_t n = (size_t)libNewSize.QuadPart;
    Plat_RecMutexLock(&b->lock);
    if (n > b->cb && !Buf_Reserve(b, n)) {
        hr = MAPI_E_NOT_ENOUGH_MEMORY;
    } else {
        if (n > b->cb)
            memset(b->data + b->cb, 0, n - b->cb);
        b->cb = n;
    }
    Plat_RecMutexUnlock(&b->lock);
    return hr == S_OK ? S_OK : Obj_Fail(&s->hdr, "SetSize", hr, "out of memory");
}

static HRESULT STDMETHODCALLTYPE Stream_CopyTo(IStream *This, IStream *pstm, ULARGE_INTEGER cb,
                                               ULARGE_INTEGER *pcbRead, ULARGE_INTEGER *pcbWritten)
{
    Stream *s = S(This);
    HRESULT hr = Obj_Enter(&s->hdr, "CopyTo", ENTER_NORMAL);
    if (pcbRead)
        pcbRead->QuadPart = 0;
    if (pcbWritten)
        pcbWritten->QuadPart = 0;
    if (hr != S_OK)
        return hr;
    if (!pstm)
        return Obj_Fail(&s->hdr, "CopyTo", STG_E_INVALIDPOINTER, "NULL target stream");
    /* Chunk by chunk, outside the lock: the target may be the caller's own object. */
    BYTE chunk[16384];
    uint64_t done = 0, written = 0;
    while (done < cb.QuadPart) {
        ULONG want = cb.QuadPart - done < sizeof chunk ? (ULONG)(cb.QuadPart - done) : sizeof chunk;
        ULONG got = 0, put = 0;
        Stream_Read(This, chunk, want, &got);
        if (!got)
            break;
        done += got;
        hr = pstm->lpVtbl->Write(pstm, chunk, got, &put);
        written += put;
        if (FAILED(hr))
            break;
    }
    if (pcbRead)
        pcbRead->QuadPart = done;
    if (pcbWritten)
        pcbWritten->QuadPart = written;
    return FAILED(hr) ? Obj_Fail(&s->hdr, "CopyTo", hr, "the target stream's Write failed") : S_OK;
}

static HRESULT STDMETHODCALLTYPE Stream_Commit(IStream *This, DWORD grfCommitFlags)
{
    Stream *s = S(This);
    HRESULT hr = Obj_Enter(&s->hdr, "Commit", ENTER_NORMAL);
    if (hr != S_OK)
        return hr;
    if (grfCommitFlags & ~(STGC_OVERWRITE | STGC_ONLYIFCURRENT |
                           STGC_DANGEROUSLYCOMMITMERELYTODISKCACHE))
        return Obj_Fail(&s->hdr, "Commit", STG_E_INVALIDFLAG, "flags 0x%X",
                        (unsigned)grfCommitFlags);
    StreamBuf *b = s->buf;
    if (!b->writable)
        return S_OK; /* nothing to commit */
    Plat_RecMutexLock(&b->lock);
    BYTE *snap = Dup(b->data, b->cb);
    size_t cb = b->cb;
    Plat_RecMutexUnlock(&b->lock);
    if (!snap)
        return Obj_Fail(&s->hdr, "Commit", MAPI_E_NOT_ENOUGH_MEMORY, "out of memory");
    hr = b->sink.commit(b->sink.ctx, snap, cb);
    if (FAILED(hr)) {
        free(snap);
        return Obj_Fail(&s->hdr, "Commit", hr, "the property could not be written");
    }
    Plat_RecMutexLock(&b->lock);
    free(b->committed);
    b->committed = snap;
    b->cbCommitted = cb;
    Plat_RecMutexUnlock(&b->lock);
    return S_OK;
}

static HRESULT STDMETHODCALLTYPE Stream_Revert(IStream *This)
{
    Stream *s = S(This);
    HRESULT hr = Obj_Enter(&s->hdr, "Revert", ENTER_NORMAL);
    if (hr != S_OK)
        return hr;
    StreamBuf *b = s->buf;
    if (!b->writable)
        return S_OK;
    Plat_RecMutexLock(&b->lock);
    if (b->cbCommitted > b->cap && !Buf_Reserve(b, b->cbCommitted)) {
        hr = MAPI_E_NOT_ENOUGH_MEMORY;
    } else {
        if (b->cbCommitted)
            memcpy(b->data, b->committed, b->cbCommitted);
        b->cb = b->cbCommitted;
    }
    Plat_RecMutexUnlock(&b->lock);
    return hr == S_OK ? S_OK : Obj_Fail(&s->hdr, "Revert", hr, "out of memory");
}

static HRESULT STDMETHODCALLTYPE Stream_LockRegion(IStream *This, ULARGE_INTEGER libOffset,
                                                   ULARGE_INTEGER cb, DWORD dwLockType)
{
    (void)libOffset, (void)cb, (void)dwLockType;
    Stream *s = S(This);
    HRESULT hr = Obj_Enter(&s->hdr, "LockRegion", ENTER_NORMAL);
    return hr != S_OK ? hr
                      : Obj_Fail(&s->hdr, "LockRegion", STG_E_INVALIDFUNCTION,
                                 "region locking is not supported (grfLocksSupported is 0)");
}

static HRESULT STDMETHODCALLTYPE Stream_UnlockRegion(IStream *This, ULARGE_INTEGER libOffset,
                                                     ULARGE_INTEGER cb, DWORD dwLockType)
{
    (void)libOffset, (void)cb, (void)dwLockType;
    Stream *s = S(This);
    HRESULT hr = Obj_Enter(&s->hdr, "UnlockRegion", ENTER_NORMAL);
    return hr != S_OK ? hr
                      : Obj_Fail(&s->hdr, "UnlockRegion", STG_E_INVALIDFUNCTION,
                                 "region locking is not supported (grfLocksSupported is 0)");
}

static HRESULT STDMETHODCALLTYPE Stream_Stat(IStream *This, STATSTG *pstatstg, DWORD grfStatFlag)
{
    Stream *s = S(This);
    HRESULT hr = Obj_Enter(&s->hdr, "Stat", ENTER_NORMAL);
    if (hr != S_OK)
        return hr;
    if (!pstatstg)
        return Obj_Fail(&s->hdr, "Stat", STG_E_INVALIDPOINTER, "NULL STATSTG");
    if (grfStatFlag > STATFLAG_NONAME)
        return Obj_Fail(&s->hdr, "Stat", STG_E_INVALIDFLAG, "flags 0x%X", (unsigned)grfStatFlag);
    memset(pstatstg, 0, sizeof *pstatstg);
    StreamBuf *b = s->buf;
    Plat_RecMutexLock(&b->lock);
    pstatstg->cbSize.QuadPart = b->cb;
    Plat_RecMutexUnlock(&b->lock);
    pstatstg->type = STGTY_STREAM;
    pstatstg->grfMode = b->writable ? STGM_READWRITE : STGM_READ;
    return S_OK; /* pwcsName stays NULL: a property stream has no name */
}

static HRESULT STDMETHODCALLTYPE Stream_Clone(IStream *This, IStream **ppstm)
{
    Stream *s = S(This);
    HRESULT hr = Obj_Enter(&s->hdr, "Clone", ENTER_NORMAL);
    if (hr != S_OK)
        return hr;
    if (!ppstm)
        return Obj_Fail(&s->hdr, "Clone", STG_E_INVALIDPOINTER, "NULL argument");
    *ppstm = NULL;
    hr = NewStream(s->hdr.ds, s->buf, s->pos, ppstm);
    return hr == S_OK ? S_OK : Obj_Fail(&s->hdr, "Clone", hr, "out of memory");
}

static const IStreamVtbl g_streamVtbl = {
    Stream_QueryInterface, Stream_AddRef,  Stream_Release,    Stream_Read,
    Stream_Write,          Stream_Seek,    Stream_SetSize,    Stream_CopyTo,
    Stream_Commit,         Stream_Revert,  Stream_LockRegion, Stream_UnlockRegion,
    Stream_Stat,           Stream_Clone,
};

DataSet *Stream_DataSet(IStream *s)
{
    return s && s->lpVtbl == &g_streamVtbl ? ((Stream *)s)->hdr.ds : NULL;
}

HRESULT Stream_ReadAll(IStream *s, BYTE **out, size_t *cb)
{
    *out = NULL;
    *cb = 0;
    LARGE_INTEGER zero;
    zero.QuadPart = 0;
    HRESULT hr = s->lpVtbl->Seek(s, zero, STREAM_SEEK_SET, NULL);
    if (FAILED(hr))
        return hr;
    size_t n = 0, cap = 0;
    BYTE *buf = NULL;
    for (;;) {
        if (cap - n < 65536) {
            size_t nc = cap ? cap * 2 : 65536;
            if (nc > (size_t)STREAM_MAX_SIZE + 65536) {
                free(buf);
                return STG_E_MEDIUMFULL;
            }
            BYTE *p = realloc(buf, nc);
            if (!p) {
                free(buf);
                return MAPI_E_NOT_ENOUGH_MEMORY;
            }
            buf = p;
            cap = nc;
        }
        ULONG got = 0;
        hr = s->lpVtbl->Read(s, buf + n, (ULONG)(cap - n), &got);
        if (FAILED(hr)) {
            free(buf);
            return hr;
        }
        if (!got)
            break;
        n += got;
    }
    *out = buf;
    *cb = n;
    return S_OK;
}
