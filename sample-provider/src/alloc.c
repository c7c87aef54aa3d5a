/*
 * alloc.c - MAPIAllocateBuffer / MAPIAllocateMore / MAPIFreeBuffer.
 *
 * MAPI's memory rule: memory a method hands to its caller is allocated with MAPIAllocateBuffer
 * (a "root"); everything hanging off it (strings, arrays) is allocated with MAPIAllocateMore
 * chained to that root; the caller frees it all with one MAPIFreeBuffer(root).
 *
 * Layout of every block:  [ AllocHdr | padding to 16 ][ user bytes ... ]
 * A root keeps a singly linked chain of its MAPIAllocateMore blocks; freeing the root frees them.
 *
 * Every live root is registered in a hash set, which gives the stats (SampleStats.cBuffers,
 * cbBuffers) and lets MAPIFreeBuffer reject a pointer that is not a live root (a double free, a
 * MAPIAllocateMore block, a foreign pointer) without touching its memory: such calls are counted
 * in SampleStats.cBadFrees and return MAPI_E_INVALID_PARAMETER instead of corrupting the heap.
 */
#include <stdlib.h>
#include <string.h>

#include "provider.h"

#define MAGIC_ROOT 0x544F4F52u /* 'ROOT' */
#define MAGIC_MORE 0x45524F4Du /* 'MORE' */
#define MAGIC_FREED 0x44454546u

typedef struct AllocHdr {
    uint32_t magic;
    uint32_t cb;               /* user bytes of this block */
    struct AllocHdr *root;     /* MORE: its root; ROOT: itself */
    struct AllocHdr *nextMore; /* ROOT: first chained block; MORE: next in the chain */
} AllocHdr;
#define HDR_SIZE ((sizeof(AllocHdr) + 15u) & ~(size_t)15u)
#define USER(h) ((void *)((char *)(h) + HDR_SIZE))
#define HDR(p) ((AllocHdr *)((char *)(p) - HDR_SIZE))

static PlatLock g_lock = PLAT_LOCK_INIT;
/* Open-addressing hash set of live roots (by user pointer). */
static void **g_set;
static size_t g_setCap;  /* power of two */
static size_t g_setUsed; /* live entries */
static size_t g_setTomb; /* tombstones */
static ULONG g_cbLive;
static ULONG g_cBadFrees;
#define TOMBSTONE ((void *)(uintptr_t)1)

static size_t HashPtr(const void *p)
{
    uint64_t x = (uint64_t)(uintptr_t)p;
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdull;
    x ^= x >> 33;
    return (size_t)x;
}

static int SetGrow(void)
{
    size_t cap = g_setCap ? g_setCap * 2 : 1024;
    if (g_setCap && (g_setUsed + g_setTomb) * 2 < g_setCap)
        cap = g_setCap; /* mostly tombstones: rehash at the same size */
    void **n = calloc(cap, sizeof *n);
    if (!n)
        return 0;
    for (size_t i = 0; i < g_setCap; i++) {
        void *p = g_set[i];
        if (p && p != TOMBSTONE) {
            size_t j = HashPtr(p) & (cap - 1);
            while (n[j])
                j = (j + 1) & (cap - 1);
            n[j] = p;
        }
    }
    free(g_set);
    g_set = n;
    g_setCap = cap;
    g_setTomb = 0;
    return 1;
}

static int SetInsert(void *p)
{
    if ((g_setUsed + g_setTomb + 1) * 4 >= g_setCap * 3 && !SetGrow())
        return 0;
    size_t j = HashPtr(p) & (g_setCap - 1);
    while (g_set[j] && g_set[j] != TOMBSTONE)
        j = (j + 1) & (g_setCap - 1);
    if (g_set[j] == TOMBSTONE)
        g_setTomb--;
    g_set[j] = p;
    g_setUsed++;
    return 1;
}

static size_t SetFind(const void *p)
{
    if (!g_setCap)
        return (size_t)-1;
    size_t j = HashPtr(p) & (g_setCap - 1);
    while (g_set[j]) {
        if (g_set[j] == p)
            return j;
        j = (j + 1) & (g_setCap - 1);
    }
    return (size_t)-1;
}

static void SetRemoveAt(size_t j)
{
    g_set[j] = TOMBSTONE;
    g_setUsed--;
    g_setTomb++;
}

SCODE STDAPICALLTYPE MAPIAllocateBuffer(ULONG cbSize, LPVOID *lppBuffer)
{
    if (!lppBuffer)
        return MAPI_E_INVALID_PARAMETER;
    *lppBuffer = NULL;
    AllocHdr *h = malloc(HDR_SIZE + (size_t)cbSize);
    if (!h)
        return MAPI_E_NOT_ENOUGH_MEMORY;
    h->magic = MAGIC_ROOT;
    h->cb = cbSize;
    h->root = h;
    h->nextMore = NULL;
    Plat_Lock(&g_lock);
    int ok = SetInsert(USER(h));
    if (ok)
        g_cbLive += cbSize;
    Plat_Unlock(&g_lock);
    if (!ok) {
        free(h);
        return MAPI_E_NOT_ENOUGH_MEMORY;
    }
    *lppBuffer = USER(h);
    return S_OK;
}

SCODE STDAPICALLTYPE MAPIAllocateMore(ULONG cbSize, LPVOID lpObject, LPVOID *lppBuffer)
{
    if (!lppBuffer)
        return MAPI_E_INVALID_PARAMETER;
    *lppBuffer = NULL;
    if (!lpObject)
        return MAPI_E_INVALID_PARAMETER;
    AllocHdr *m = malloc(HDR_SIZE + (size_t)cbSize);
    if (!m)
        return MAPI_E_NOT_ENOUGH_MEMORY;
    Plat_Lock(&g_lock);
    AllocHdr *root = NULL;
    if (SetFind(lpObject) != (size_t)-1) {
        root = HDR(lpObject);
    } else {
        /* Not a root: MAPI also accepts a block that was itself chained to a root. (Reading the
         * header of a pointer that is neither is the caller's bug, as with MAPI itself.) */
        AllocHdr *o = HDR(lpObject);
        if (o->magic == MAGIC_MORE && o->root && SetFind(USER(o->root)) != (size_t)-1)
            root = o->root;
    }
    if (root) {
        m->magic = MAGIC_MORE;
        m->cb = cbSize;
        m->root = root;
        m->nextMore = root->nextMore;
        root->nextMore = m;
        g_cbLive += cbSize;
    }
    Plat_Unlock(&g_lock);
    if (!root) {
        free(m);
        return MAPI_E_INVALID_PARAMETER;
    }
    *lppBuffer = USER(m);
    return S_OK;
}

ULONG STDAPICALLTYPE MAPIFreeBuffer(LPVOID lpBuffer)
{
    if (!lpBuffer)
        return S_OK;
    Plat_Lock(&g_lock);
    size_t j = SetFind(lpBuffer);
    if (j == (size_t)-1) {
        g_cBadFrees++;
        Plat_Unlock(&g_lock);
        return (ULONG)MAPI_E_INVALID_PARAMETER;
    }
    SetRemoveAt(j);
    AllocHdr *h = HDR(lpBuffer);
    AllocHdr *m = h->nextMore;
    g_cbLive -= h->cb;
    while (m) {
        AllocHdr *next = m->nextMore;
        g_cbLive -= m->cb;
        m->magic = MAGIC_FREED;
        free(m);
        m = next;
    }
    Plat_Unlock(&g_lock);
    h->magic = MAGIC_FREED;
    free(h);
    return S_OK;
}

void *Alloc_More(void *root, size_t cb)
{
    void *p = NULL;
    if (cb > 0xFFFFFFFFu || MAPIAllocateMore((ULONG)cb, root, &p) != S_OK)
        return NULL;
    return p;
}

void *Alloc_BlockOf(void *root) { return HDR(root); }

void Alloc_GetStats(ULONG *pcRoots, ULONG *pcbLive, ULONG *pcBadFrees)
{
    Plat_Lock(&g_lock);
    *pcRoots = (ULONG)g_setUsed;
    *pcbLive = g_cbLive;
    *pcBadFrees = g_cBadFrees;
    Plat_Unlock(&g_lock);
}
