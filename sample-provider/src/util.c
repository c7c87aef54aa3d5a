/*
 * util.c - arena allocator, tag lists, the output buffer and UTF-16 helpers.
 */
#include <stdlib.h>
#include <string.h>

#include "provider.h"

/* ---- Arena ----------------------------------------------------------------------------------- */
struct ArenaChunk {
    ArenaChunk *next;
    size_t used, cap;
    /* data follows, 16-byte aligned */
};
#define ARENA_HDR ((sizeof(ArenaChunk) + 15u) & ~(size_t)15u)
#define ARENA_MIN_CHUNK (64u * 1024u)

void *Arena_Alloc(Arena *a, size_t cb)
{
    cb = (cb + 7u) & ~(size_t)7u;
    if (cb == 0)
        cb = 8;
    ArenaChunk *c = a->head;
    if (!c || c->cap - c->used < cb) {
        size_t cap = cb > ARENA_MIN_CHUNK ? cb : ARENA_MIN_CHUNK;
        c = malloc(ARENA_HDR + cap);
        if (!c)
            return NULL;
        c->used = 0;
        c->cap = cap;
        c->next = a->head;
        a->head = c;
    }
    void *p = (char *)c + ARENA_HDR + c->used;
    c->used += cb;
    return p;
}

void Arena_Reset(Arena *a)
{
    if (!a->head)
        return;
    ArenaChunk *keep = a->head;
    ArenaChunk *c = keep->next;
    while (c) {
        ArenaChunk *next = c->next;
        free(c);
        c = next;
    }
    keep->next = NULL;
    keep->used = 0;
}

void Arena_Free(Arena *a)
{
    ArenaChunk *c = a->head;
    while (c) {
        ArenaChunk *next = c->next;
        free(c);
        c = next;
    }
    a->head = NULL;
}

/* ---- TagList --------------------------------------------------------------------------------- */
int TagList_Add(TagList *l, ULONG tag)
{
    if (l->c == l->cap) {
        ULONG cap = l->cap ? l->cap * 2 : 32;
        ULONG *p = realloc(l->tags, cap * sizeof *p);
        if (!p)
            return 0;
        l->tags = p;
        l->cap = cap;
    }
    l->tags[l->c++] = tag;
    return 1;
}

int TagList_AddUnique(TagList *l, ULONG tag)
{
    for (ULONG i = 0; i < l->c; i++)
        if (PROP_ID(l->tags[i]) == PROP_ID(tag))
            return 1;
    return TagList_Add(l, tag);
}

void TagList_Free(TagList *l)
{
    free(l->tags);
    l->tags = NULL;
    l->c = l->cap = 0;
}

/* ---- Output buffer --------------------------------------------------------------------------- */
void OutBuf_Put(OutBuf *o, const void *data, size_t cb)
{
    if (o->oom)
        return;
    if (o->n + cb > o->cap) {
        size_t cap = o->cap ? o->cap : 4096;
        while (cap < o->n + cb)
            cap *= 2;
        BYTE *p = realloc(o->p, cap);
        if (!p) {
            o->oom = 1;
            return;
        }
        o->p = p;
        o->cap = cap;
    }
    if (cb)
        memcpy(o->p + o->n, data, cb);
    o->n += cb;
}

/* ---- UTF-16 ---------------------------------------------------------------------------------- */
size_t WStrLen(const WCHAR *s)
{
    size_t n = 0;
    while (s[n])
        n++;
    return n;
}

WCHAR *WStrDup(const WCHAR *s)
{
    size_t n = WStrLen(s);
    WCHAR *d = malloc((n + 1) * sizeof(WCHAR));
    if (d)
        memcpy(d, s, (n + 1) * sizeof(WCHAR));
    return d;
}

WCHAR *WStrFromA(const char *s)
{
    size_t n = strlen(s);
    WCHAR *d = malloc((n + 1) * sizeof(WCHAR));
    if (!d)
        return NULL;
    for (size_t i = 0; i <= n; i++)
        d[i] = (WCHAR)(unsigned char)s[i];
    return d;
}

char *AStrFromW(const WCHAR *s)
{
    size_t n = WStrLen(s);
    char *d = malloc(n + 1);
    if (!d)
        return NULL;
    size_t j = 0;
    for (size_t i = 0; i < n; i++) {
        WCHAR c = s[i];
        if (c >= 0xD800 && c <= 0xDBFF && i + 1 < n && s[i + 1] >= 0xDC00 && s[i + 1] <= 0xDFFF)
            i++; /* a surrogate pair is one character: one '?' */
        d[j++] = c < 0x100 ? (char)c : '?';
    }
    d[j] = 0;
    return d;
}

/*
 * Simple case folding (to lower case) used for case-insensitive sorting and FL_IGNORECASE
 * restrictions. Covers ASCII, Latin-1, Latin Extended-A, Greek and Cyrillic, which is what MAPI
 * clients meet in practice; other characters compare as they are. (A real store would use the
 * locale's collation, e.g. CompareStringW with the store's LCID.)
 */
WCHAR FoldCase(WCHAR c)
{
    if (c < 0x80)
        return (c >= 'A' && c <= 'Z') ? (WCHAR)(c + 32) : c;
    if (c >= 0xC0 && c <= 0xDE && c != 0xD7)
        return (WCHAR)(c + 32);
    if (c >= 0x100 && c <= 0x17F) {
        if ((c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17E))
            return (c & 1) ? (WCHAR)(c + 1) : c; /* odd upper case in these ranges */
        if (c == 0x178)
            return 0xFF; /* Ÿ -> ÿ */
        if (c == 0x130 || c == 0x131 || c == 0x138 || c == 0x149 || c == 0x17F)
            return c;
        return (c & 1) ? c : (WCHAR)(c + 1); /* even upper case elsewhere */
    }
    if (c >= 0x391 && c <= 0x3A9 && c != 0x3A2)
        return (WCHAR)(c + 32);
    if (c >= 0x410 && c <= 0x42F)
        return (WCHAR)(c + 32);
    if (c >= 0x400 && c <= 0x40F)
        return (WCHAR)(c + 80);
    return c;
}
