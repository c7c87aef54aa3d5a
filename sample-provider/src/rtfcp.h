/*
 * rtfcp.h - [MS-OXRTFCP] compressed RTF, the format of PR_RTF_COMPRESSED: a 16-byte header
 * (COMPSIZE, RAWSIZE, COMPTYPE, CRC, little-endian DWORDs) followed either by LZFu data (an LZ77
 * variant over a 4096-byte circular dictionary preloaded with RTF_PREBUF, control bytes of 8 token
 * flags, big-endian 12-bit offset / 4-bit length references, a CRC-32 over the data) or by the raw
 * bytes (MELA, CRC 0). See README.md "Compressed RTF".
 *
 * Pure C, no COM: the provider's WrapCompressedRTFStream and its bodies use it; the buffers here are
 * malloc'ed (the caller frees them with free()), never MAPI buffers, so they are not in the stats.
 */
#ifndef KMAPI_SAMPLE_RTFCP_H
#define KMAPI_SAMPLE_RTFCP_H

#include "mapi.h"

#define RTFCP_HEADER_SIZE 16u
#define RTFCP_COMPRESSED 0x75465A4Cu   /* "LZFu" */
#define RTFCP_UNCOMPRESSED 0x414C454Du /* "MELA" */
#define RTFCP_DICT_SIZE 4096u
#define RTFCP_MAX_MATCH 17u /* a reference's 4-bit length field holds length - 2 */

/* The dictionary's initial content ([MS-OXRTFCP] 2.1.2.1); its length (207) is the first write offset. */
extern const char RTF_PREBUF[];
#define RTF_PREBUF_LEN 207u

/*
 * LZFu-compresses cb bytes (rtf may be NULL when cb is 0). Greedy longest match, the oldest
 * dictionary offset winning a tie: the bytes of the spec's pseudocode (2.3.3.2.1), except where
 * that pseudocode's output would not decode back to the input (see rtfcp.c). *out receives the
 * whole PR_RTF_COMPRESSED value, header included; *cbOut its size.
 * E_INVALIDARG (no out pointer), MAPI_E_TOO_BIG (COMPSIZE would not fit a DWORD),
 * MAPI_E_NOT_ENOUGH_MEMORY.
 */
HRESULT Rtf_Compress(const BYTE *rtf, ULONG cb, BYTE **out, ULONG *cbOut);

/* The same as an uncompressed (MELA) value: header, then the bytes as they are. */
HRESULT Rtf_CompressUncompressed(const BYTE *rtf, ULONG cb, BYTE **out, ULONG *cbOut);

/*
 * Decodes a PR_RTF_COMPRESSED value of either kind. *out gets RAWSIZE bytes plus a terminating NUL
 * that *cbOut does not count. MAPI_E_CORRUPT_DATA for anything not exactly well formed: fewer than
 * 16 bytes, COMPSIZE + 4 other than cb, an unknown COMPTYPE, a wrong LZFu CRC, data that ends
 * before the end reference, output longer or shorter than RAWSIZE (MELA: RAWSIZE other than the
 * data size). Bytes after the end reference are ignored (the CRC covers them). Never reads or
 * writes outside the buffers whatever the input. On failure *out is NULL and *cbOut 0.
 */
HRESULT Rtf_Decompress(const BYTE *in, ULONG cb, BYTE **out, ULONG *cbOut);

/* The spec's CRC-32 (2.1.3.2): reflected polynomial 0xEDB88320, no inversion; start with crc = 0. */
ULONG Rtf_Crc32(ULONG crc, const BYTE *p, size_t cb);

#endif /* KMAPI_SAMPLE_RTFCP_H */
