/*
 * A tiny native COM client for the tests: it calls a JS-implemented IMAPISyncProgressCallback through
 * its vtable exactly as a store provider would, on the caller's thread and from threads it creates.
 */
#include <stdint.h>
#include <string.h>
#ifdef _WIN32
/* Not <windows.h>: it declares HRESULT, ULONG, IID and IID_IUnknown differently from the fixed-width
 * declarations below. Only these four kernel32 calls are needed. */
#include <stddef.h>
typedef void *HANDLE;
typedef uint32_t DWORD;
#define WINAPI __stdcall
#define INFINITE 0xFFFFFFFFu
#define TRUE 1
__declspec(dllimport) HANDLE WINAPI CreateThread(void *, size_t, DWORD(WINAPI *)(void *), void *, DWORD, DWORD *);
__declspec(dllimport) DWORD WINAPI WaitForMultipleObjects(DWORD, const HANDLE *, int, DWORD);
__declspec(dllimport) int WINAPI CloseHandle(HANDLE);
#define EXPORT __declspec(dllexport)
#else
#include <pthread.h>
#define EXPORT __attribute__((visibility("default")))
#endif
#if defined(_WIN32) && !defined(_WIN64)
#define STDCALL __stdcall
#else
#define STDCALL
#endif

typedef int32_t HRESULT;
typedef uint32_t ULONG;
typedef uint16_t WCHAR;
typedef struct { uint32_t d1; uint16_t d2, d3; uint8_t d4[8]; } IID;

typedef struct Cb Cb;
typedef struct {
  HRESULT(STDCALL *QueryInterface)(Cb *, const IID *, void **);
  ULONG(STDCALL *AddRef)(Cb *);
  ULONG(STDCALL *Release)(Cb *);
  HRESULT(STDCALL *Progress)(Cb *, const WCHAR *, ULONG, ULONG);
  HRESULT(STDCALL *Error)(Cb *, HRESULT, const WCHAR *);
  HRESULT(STDCALL *Done)(Cb *, void *, HRESULT);
} CbVtbl;
struct Cb { const CbVtbl *v; };

static const IID IID_IUnknown = {0x00000000, 0x0000, 0x0000, {0xC0, 0, 0, 0, 0, 0, 0, 0x46}};
static const IID IID_Callback = {0x5024A386, 0x2D44, 0x486A, {0x81, 0xA8, 0x8F, 0x0E, 0xCB, 0x60, 0x71, 0xDD}};
static const IID IID_IMsgStore = {0x00020306, 0x0000, 0x0000, {0xC0, 0, 0, 0, 0, 0, 0, 0x46}};

/* What the driver saw; every field is a ULONG/HRESULT so the test decodes it trivially. */
typedef struct {
  HRESULT qiUnknown, qiCallback, qiOther;
  ULONG otherIsNull, sameIdentity;
  ULONG addRefCount, releaseCount;
  HRESULT progress, error, done;
  ULONG finalCount;
} Report;

/* QI for the callback from an IUnknown, call each method once, release everything it got. */
EXPORT void DriveCallback(void *punk, const WCHAR *text, ULONG index, ULONG max, HRESULT err, Report *r) {
  Cb *unk = (Cb *)punk, *cb = NULL, *unk2 = NULL, *other = (Cb *)1;
  memset(r, 0, sizeof *r);
  r->qiUnknown = unk->v->QueryInterface(unk, &IID_IUnknown, (void **)&unk2);
  r->qiCallback = unk->v->QueryInterface(unk, &IID_Callback, (void **)&cb);
  r->qiOther = unk->v->QueryInterface(unk, &IID_IMsgStore, (void **)&other);
  r->otherIsNull = other == NULL;
  r->sameIdentity = unk2 == unk;
  if (cb) {
    r->addRefCount = cb->v->AddRef(cb);
    r->releaseCount = cb->v->Release(cb);
    r->progress = cb->v->Progress(cb, text, index, max);
    r->error = cb->v->Error(cb, err, text);
    r->done = cb->v->Done(cb, NULL, err);
    cb->v->Release(cb);
  }
  r->finalCount = unk2 ? unk2->v->Release(unk2) : 0;
}

typedef struct { Cb *cb; ULONG calls; ULONG thread; HRESULT hr; } Job;

#ifdef _WIN32
static DWORD WINAPI worker(void *arg) {
#else
static void *worker(void *arg) {
#endif
  Job *job = (Job *)arg;
  static const WCHAR step[] = {'t', 'h', 'r', 'e', 'a', 'd', 0};
  job->hr = 0;
  for (ULONG i = 0; i < job->calls && job->hr >= 0; i++) job->hr = job->cb->v->Progress(job->cb, step, job->thread, i);
  return 0;
}

/*
 * Calls Progress `calls` times from each of `threads` new native threads at once, waits for them, and
 * returns the first failure (or S_OK). The threads block until JS has run each call, so the test must
 * call this asynchronously (Koffi .async): a synchronous call would join threads waiting on the main
 * thread, which is the deadlock docs/threads.md describes.
 */
EXPORT HRESULT DriveFromThreads(void *punk, ULONG threads, ULONG calls) {
  Job jobs[16];
  if (threads > 16) threads = 16;
  Cb *cb = NULL;
  HRESULT hr = ((Cb *)punk)->v->QueryInterface((Cb *)punk, &IID_Callback, (void **)&cb);
  if (hr < 0) return hr;
#ifdef _WIN32
  HANDLE h[16];
  for (ULONG t = 0; t < threads; t++) {
    jobs[t] = (Job){cb, calls, t, 0};
    h[t] = CreateThread(NULL, 0, worker, &jobs[t], 0, NULL);
  }
  WaitForMultipleObjects(threads, h, TRUE, INFINITE);
  for (ULONG t = 0; t < threads; t++) CloseHandle(h[t]);
#else
  pthread_t th[16];
  for (ULONG t = 0; t < threads; t++) {
    jobs[t] = (Job){cb, calls, t, 0};
    pthread_create(&th[t], NULL, worker, &jobs[t]);
  }
  for (ULONG t = 0; t < threads; t++) pthread_join(th[t], NULL);
#endif
  cb->v->Release(cb);
  for (ULONG t = 0; t < threads; t++)
    if (jobs[t].hr < 0) return jobs[t].hr;
  return 0;
}

/* A trivial vtable call target for the benchmark and proxy tests: an object whose slot 3 adds. */
typedef struct Calc Calc;
typedef struct {
  HRESULT(STDCALL *QueryInterface)(Calc *, const IID *, void **);
  ULONG(STDCALL *AddRef)(Calc *);
  ULONG(STDCALL *Release)(Calc *);
  HRESULT(STDCALL *Add)(Calc *, ULONG, ULONG, ULONG *);
} CalcVtbl;
struct Calc { const CalcVtbl *v; ULONG refs; };
static HRESULT STDCALL Calc_QI(Calc *c, const IID *iid, void **ppv) {
  if (memcmp(iid, &IID_IUnknown, sizeof *iid) == 0) { *ppv = c; c->refs++; return 0; }
  *ppv = NULL;
  return (HRESULT)0x80004002;
}
static ULONG STDCALL Calc_AddRef(Calc *c) { return ++c->refs; }
static ULONG STDCALL Calc_Release(Calc *c) { return --c->refs; }
static HRESULT STDCALL Calc_Add(Calc *c, ULONG a, ULONG b, ULONG *out) {
  (void)c;
  if (!out) return (HRESULT)0x80070057;
  *out = a + b;
  return a + b == 0 ? 1 /* S_FALSE: a success that is not S_OK */ : 0;
}
static const CalcVtbl calc_vtbl = {Calc_QI, Calc_AddRef, Calc_Release, Calc_Add};
static Calc calc = {&calc_vtbl, 1};
EXPORT void *GetCalc(void) { return &calc; }
EXPORT ULONG CalcRefs(void) { return calc.refs; }
/* The C baseline of the benchmark: n calls through the vtable, natively. */
EXPORT ULONG CalcLoop(ULONG n) {
  ULONG out = 0, acc = 0;
  for (ULONG i = 0; i < n; i++) { calc.v->Add(&calc, i, 1, &out); acc += out; }
  return acc;
}
