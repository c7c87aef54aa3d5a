/*
 * bcryptprimitives.dll for Wine 8.0 (Debian 12), which does not have it.
 *
 * Rust's standard library (1.78 and later) imports ProcessPrng from bcryptprimitives.dll, so any
 * Rust-built Node addon fails to load under Wine 8 with "Module not found". The one that matters
 * here is unrs-resolver's Windows binding, which jest 30 (jest-resolve) cannot run without.
 * setup.sh builds this with MinGW and copies it into each prefix's system directory.
 * Newer Wine (9.x) ships its own bcryptprimitives.dll; this shim is then not needed.
 */
#include <windows.h>

/* RtlGenRandom, exported by advapi32 as SystemFunction036 */
BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

/* BOOL WINAPI ProcessPrng(PBYTE pbData, SIZE_T cbData): fills the buffer with random bytes, always
 * succeeds on Windows. Exported undecorated (ia32 is linked with --kill-at). */
__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T size)
{
    while (size) {
        ULONG chunk = size > 0x10000000 ? 0x10000000 : (ULONG)size;
        if (!SystemFunction036(data, chunk))
            return FALSE;
        data += chunk;
        size -= chunk;
    }
    return TRUE;
}
