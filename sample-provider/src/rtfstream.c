/*
 * rtfstream.c - WrapCompressedRTFStream: PR_RTF_COMPRESSED as plain RTF.
 *
 * Reading: the inner stream is read whole, decompressed (rtfcp.c) and served from memory.
 * Writing (MAPI_MODIFY): the RTF written is compressed into the inner stream at Commit (SetSize,
 * Write from the start, Commit of the inner stream), as MAPI's wrapper does; STORE_UNCOMPRESSED_RTF
 * writes the uncompressed "MELA" form instead. The inner stream must be one of this provider's
 * (MAPI_E_NO_SUPPORT otherwise): the wrapper's object belongs to its data set.
 */
#include <stdlib.h>
#include <string.h>

#include "rtfcp.h"
#include "stream.h"

#define STORE_UNCOMPRESSED_RTF 0x00008000u

typedef struct Inner {
    IStream *s; /* referenced */
    int uncompressed;
} Inner;

static HRESULT Inner_Commit(void *ctx, const BYTE *data, size_t cb)
{
    Inner *in = ctx;
    BYTE *z = NULL;
    ULONG cz = 0;
    HRESULT hr = in->uncompressed ? Rtf_CompressUncompressed(data, (ULONG)cb, &z, &cz)
                                  : Rtf_Compress(data, (ULONG)cb, &z, &cz);
    if (hr != S_OK)
        return hr;
    IStream *s = in->s;
    ULARGE_INTEGER size;
    size.QuadPart = 0;
    LARGE_INTEGER zero;
    zero.QuadPart = 0;
    ULONG put = 0;
    hr = s->lpVtbl->SetSize(s, size);
    if (SUCCEEDED(hr))
        hr = s->lpVtbl->Seek(s, zero, STREAM_SEEK_SET, NULL);
    if (SUCCEEDED(hr))
        hr = s->lpVtbl->Write(s, z, cz, &put);
    if (SUCCEEDED(hr))
        hr = s->lpVtbl->Commit(s, 0);
    free(z);
    return FAILED(hr) ? hr : S_OK;
}

static void Inner_Release(void *ctx)
{
    Inner *in = ctx;
    in->s->lpVtbl->Release(in->s);
    free(in);
}

HRESULT STDAPICALLTYPE WrapCompressedRTFStream(IStream *lpCompressedRTFStream, ULONG ulFlags,
                                               IStream **lpUncompressedRTFStream)
{
    if (!lpCompressedRTFStream || !lpUncompressedRTFStream)
        return MAPI_E_INVALID_PARAMETER;
    *lpUncompressedRTFStream = NULL;
    if (ulFlags & ~(MAPI_MODIFY | STORE_UNCOMPRESSED_RTF))
        return MAPI_E_UNKNOWN_FLAGS;
    DataSet *ds = Stream_DataSet(lpCompressedRTFStream);
    if (!ds)
        return MAPI_E_NO_SUPPORT;
    BYTE *z = NULL, *rtf = NULL;
    size_t cz = 0;
    ULONG crtf = 0;
    HRESULT hr = S_OK;
    {
        hr = Stream_ReadAll(lpCompressedRTFStream, &z, &cz);
        /* A new, empty PR_RTF_COMPRESSED opened for writing has nothing to decompress. */
        if (hr == S_OK && cz)
            hr = Rtf_Decompress(z, (ULONG)cz, &rtf, &crtf);
        free(z);
        if (hr != S_OK)
            return hr;
    }
    StreamSink sink, *ps = NULL;
    if (ulFlags & MAPI_MODIFY) {
        Inner *in = malloc(sizeof *in);
        if (!in) {
            free(rtf);
            return MAPI_E_NOT_ENOUGH_MEMORY;
        }
        lpCompressedRTFStream->lpVtbl->AddRef(lpCompressedRTFStream);
        in->s = lpCompressedRTFStream;
        in->uncompressed = (ulFlags & STORE_UNCOMPRESSED_RTF) != 0;
        sink.ctx = in;
        sink.commit = Inner_Commit;
        sink.release = Inner_Release;
        ps = &sink;
    }
    hr = Stream_Create(ds, rtf, crtf, ps, lpUncompressedRTFStream);
    free(rtf);
    return hr;
}
