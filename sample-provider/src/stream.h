/*
 * stream.h - IStream over bytes in memory: what OpenProperty(IID_IStream) returns for a binary or
 * string property, and what WrapCompressedRTFStream returns.
 *
 * A stream holds its own copy of the bytes. A writable stream hands them to its sink on Commit:
 * the owner decides what a commit means (a message's or attachment's private copy of the
 * property, or a compressed-RTF stream underneath). Nothing reaches the owner before Commit,
 * as with the stores' own streams; Revert forgets what was written since the last Commit.
 * Clone shares the bytes with an independent seek pointer, as COM specifies.
 */
#ifndef KMAPI_SAMPLE_STREAM_H
#define KMAPI_SAMPLE_STREAM_H

#include "provider.h"

/* The owner's side of a writable stream. `commit` is called without the data-set lock, from the
 * thread that called IStream::Commit; `release` when the last stream sharing the sink goes. */
typedef struct StreamSink {
    void *ctx;
    HRESULT (*commit)(void *ctx, const BYTE *data, size_t cb);
    void (*release)(void *ctx);
} StreamSink;

/* The largest stream: 2^31 - 1 bytes (Write and SetSize beyond it: STG_E_MEDIUMFULL). */
#define STREAM_MAX_SIZE 0x7FFFFFFFu

/* A new stream with a copy of data[0..cb). sink NULL: read-only (Write, SetSize:
 * STG_E_ACCESSDENIED). On failure the sink is released. */
HRESULT Stream_Create(DataSet *ds, const BYTE *data, size_t cb, const StreamSink *sink,
                      IStream **out);
/* The data set of one of this provider's streams, or NULL for anyone else's IStream. */
DataSet *Stream_DataSet(IStream *s);
/* The whole content of any IStream (ours or the caller's), read from its start into a malloc'ed
 * buffer; used by CopyTo targets and by WrapCompressedRTFStream. */
HRESULT Stream_ReadAll(IStream *s, BYTE **out, size_t *cb);

#endif /* KMAPI_SAMPLE_STREAM_H */
