/*
 * mapi_msg.h - the MAPI ABI of a message's parts: recipients (ADRLIST), attachments, bodies, and
 * IStream (objidl.h), which MAPI uses for properties too big for GetProps. Same rules as mapi.h:
 * plain C, MAPI's names, layouts asserted at the end for both pointer sizes.
 */
#ifndef KMAPI_SAMPLE_MAPI_MSG_H
#define KMAPI_SAMPLE_MAPI_MSG_H

#include "mapi.h"

/* ---- Property tags ---------------------------------------------------------------------------- */
#define PR_ROWID PROP_TAG(PT_LONG, 0x3000)
#define PR_RECIPIENT_TYPE PROP_TAG(PT_LONG, 0x0C15)
#define PR_ADDRTYPE_W PROP_TAG(PT_UNICODE, 0x3002)
#define PR_EMAIL_ADDRESS_W PROP_TAG(PT_UNICODE, 0x3003)
#define PR_SEARCH_KEY_RECIP PR_SEARCH_KEY
#define PR_DISPLAY_BCC_W PROP_TAG(PT_UNICODE, 0x0E02)
#define PR_DISPLAY_CC_W PROP_TAG(PT_UNICODE, 0x0E03)
#define PR_MESSAGE_RECIPIENTS PROP_TAG(PT_OBJECT, 0x0E12)
#define PR_MESSAGE_ATTACHMENTS PROP_TAG(PT_OBJECT, 0x0E13)
#define PR_ATTACH_SIZE PROP_TAG(PT_LONG, 0x0E20)
#define PR_ATTACH_NUM PROP_TAG(PT_LONG, 0x0E21)
#define PR_ATTACH_DATA_BIN PROP_TAG(PT_BINARY, 0x3701)
#define PR_ATTACH_DATA_OBJ PROP_TAG(PT_OBJECT, 0x3701)
#define PR_ATTACH_EXTENSION_W PROP_TAG(PT_UNICODE, 0x3703)
#define PR_ATTACH_FILENAME_W PROP_TAG(PT_UNICODE, 0x3704)
#define PR_ATTACH_METHOD PROP_TAG(PT_LONG, 0x3705)
#define PR_ATTACH_LONG_FILENAME_W PROP_TAG(PT_UNICODE, 0x3707)
#define PR_RENDERING_POSITION PROP_TAG(PT_LONG, 0x370B)
#define PR_ATTACH_MIME_TAG_W PROP_TAG(PT_UNICODE, 0x370E)
#define PR_RTF_COMPRESSED PROP_TAG(PT_BINARY, 0x1009)
#define PR_HTML PROP_TAG(PT_BINARY, 0x1013)
#define PR_RTF_IN_SYNC PROP_TAG(PT_BOOLEAN, 0x0E1F)
#define PR_INTERNET_CPID PROP_TAG(PT_LONG, 0x3FDE)
#define PR_DELETE_AFTER_SUBMIT PROP_TAG(PT_BOOLEAN, 0x0E01)
#define PR_SENTMAIL_ENTRYID PROP_TAG(PT_BINARY, 0x0E0A)

/* PR_RECIPIENT_TYPE */
#define MAPI_ORIG 0u
#define MAPI_TO 1u
#define MAPI_CC 2u
#define MAPI_BCC 3u
#define MAPI_P1 0x10000000u
#define MAPI_SUBMITTED 0x80000000u

/* PR_ATTACH_METHOD */
#define NO_ATTACHMENT 0u
#define ATTACH_BY_VALUE 1u
#define ATTACH_BY_REFERENCE 2u
#define ATTACH_BY_REF_RESOLVE 3u
#define ATTACH_BY_REF_ONLY 4u
#define ATTACH_EMBEDDED_MSG 5u
#define ATTACH_OLE 6u

/* IMessage::ModifyRecipients; 0 replaces the whole table */
#define MODRECIP_ADD 0x00000002u
#define MODRECIP_MODIFY 0x00000004u
#define MODRECIP_REMOVE 0x00000008u

/* IMessage::DeleteAttach */
#define ATTACH_DIALOG 0x00000001u

/* IMessage::SubmitMessage */
#define FORCE_SUBMIT 0x00000001u

/* ADRLIST / ADRENTRY (SRow's layout) are in mapi.h, beside the rule actions that carry them too. */

/* ---- IStream (objidl.h) ------------------------------------------------------------------------ */
typedef union ULARGE_INTEGER {
    struct {
        DWORD LowPart;
        DWORD HighPart;
    } s;
    uint64_t QuadPart;
} ULARGE_INTEGER;

typedef struct STATSTG {
    LPWSTR pwcsName; /* LPOLESTR: CoTaskMemAlloc'ed on Windows; always NULL here (STATFLAG_NONAME) */
    DWORD type;
    ULARGE_INTEGER cbSize;
    FILETIME mtime;
    FILETIME ctime;
    FILETIME atime;
    DWORD grfMode;
    DWORD grfLocksSupported;
    CLSID clsid;
    DWORD grfStateBits;
    DWORD reserved;
} STATSTG;

#define STGTY_STREAM 2u
#define STATFLAG_DEFAULT 0u
#define STATFLAG_NONAME 1u
#define STREAM_SEEK_SET 0u
#define STREAM_SEEK_CUR 1u
#define STREAM_SEEK_END 2u
#define STGM_READ 0x00000000u
#define STGM_WRITE 0x00000001u
#define STGM_READWRITE 0x00000002u
#define STGC_DEFAULT 0u
#define STGC_OVERWRITE 1u
#define STGC_ONLYIFCURRENT 2u
#define STGC_DANGEROUSLYCOMMITMERELYTODISKCACHE 4u

#define STG_E_INVALIDFUNCTION ((HRESULT)0x80030001u)
#define STG_E_ACCESSDENIED ((HRESULT)0x80030005u)
#define STG_E_INVALIDPOINTER ((HRESULT)0x80030009u)
#define STG_E_INVALIDPARAMETER ((HRESULT)0x80030057u)
#define STG_E_MEDIUMFULL ((HRESULT)0x80030070u)
#define STG_E_INVALIDFLAG ((HRESULT)0x800300FFu)
#define STG_E_REVERTED ((HRESULT)0x80030102u)

typedef struct IStream IStream, *LPSTREAM;
typedef struct IStreamVtbl {
    IUNKNOWN_SLOTS(IStream)
    /* ISequentialStream */
    HRESULT(STDMETHODCALLTYPE *Read)(IStream *This, void *pv, ULONG cb, ULONG *pcbRead);
    HRESULT(STDMETHODCALLTYPE *Write)(IStream *This, const void *pv, ULONG cb, ULONG *pcbWritten);
    /* IStream */
    HRESULT(STDMETHODCALLTYPE *Seek)(IStream *This, LARGE_INTEGER dlibMove, DWORD dwOrigin,
                                     ULARGE_INTEGER *plibNewPosition);
    HRESULT(STDMETHODCALLTYPE *SetSize)(IStream *This, ULARGE_INTEGER libNewSize);
    HRESULT(STDMETHODCALLTYPE *CopyTo)(IStream *This, IStream *pstm, ULARGE_INTEGER cb,
                                       ULARGE_INTEGER *pcbRead, ULARGE_INTEGER *pcbWritten);
    HRESULT(STDMETHODCALLTYPE *Commit)(IStream *This, DWORD grfCommitFlags);
    HRESULT(STDMETHODCALLTYPE *Revert)(IStream *This);
    HRESULT(STDMETHODCALLTYPE *LockRegion)(IStream *This, ULARGE_INTEGER libOffset,
                                           ULARGE_INTEGER cb, DWORD dwLockType);
    HRESULT(STDMETHODCALLTYPE *UnlockRegion)(IStream *This, ULARGE_INTEGER libOffset,
                                             ULARGE_INTEGER cb, DWORD dwLockType);
    HRESULT(STDMETHODCALLTYPE *Stat)(IStream *This, STATSTG *pstatstg, DWORD grfStatFlag);
    HRESULT(STDMETHODCALLTYPE *Clone)(IStream *This, IStream **ppstm);
} IStreamVtbl;
struct IStream {
    const IStreamVtbl *lpVtbl;
};

/* IAttach adds nothing to IMAPIProp. */
typedef struct IAttach IAttach;
typedef struct IAttachVtbl {
    IUNKNOWN_SLOTS(IAttach)
    IMAPIPROP_SLOTS(IAttach)
} IAttachVtbl;
struct IAttach {
    const IAttachVtbl *lpVtbl;
};

/* IMAPIProgress: implemented by the client, called by the provider (CopyMessages, CopyFolder...). */
typedef struct IMAPIProgress IMAPIProgress;
typedef struct IMAPIProgressVtbl {
    IUNKNOWN_SLOTS(IMAPIProgress)
    HRESULT(STDMETHODCALLTYPE *Progress)(IMAPIProgress *This, ULONG ulValue, ULONG ulCount,
                                         ULONG ulTotal);
    HRESULT(STDMETHODCALLTYPE *GetFlags)(IMAPIProgress *This, ULONG *lpulFlags);
    HRESULT(STDMETHODCALLTYPE *GetMax)(IMAPIProgress *This, ULONG *lpulMax);
    HRESULT(STDMETHODCALLTYPE *GetMin)(IMAPIProgress *This, ULONG *lpulMin);
    HRESULT(STDMETHODCALLTYPE *SetLimits)(IMAPIProgress *This, ULONG *lpulMin, ULONG *lpulMax,
                                          ULONG *lpulFlags);
} IMAPIProgressVtbl;
struct IMAPIProgress {
    const IMAPIProgressVtbl *lpVtbl;
};
#define MAPI_TOP_LEVEL 0x00000001u

/* CopyMessages, CopyFolder, EmptyFolder, CopyTo / CopyProps */
#define MESSAGE_MOVE 0x00000001u
#define FOLDER_MOVE 0x00000001u
#define FOLDER_DIALOG 0x00000002u
#define MAPI_DECLINE_OK 0x00000004u
#define COPY_SUBFOLDERS 0x00000010u
#define DEL_ASSOCIATED 0x00000008u
#define DELETE_HARD_DELETE 0x00000010u
#define MAPI_MOVE 0x00000001u
#define MAPI_NOREPLACE 0x00000002u
#define MAPI_E_NO_RECIPIENTS ((HRESULT)0x80040607u)

extern const IID IID_IStream;
extern const IID IID_ISequentialStream;
extern const IID IID_IAttachment;

/* ---- Layouts ------------------------------------------------------------------------------------ */
KMAPI_ASSERT_LAYOUT(sizeof(ULARGE_INTEGER) == 8, "ULARGE_INTEGER is 8 bytes");
#if UINTPTR_MAX == 0xFFFFFFFFFFFFFFFFu
KMAPI_ASSERT_LAYOUT(sizeof(ADRENTRY) == 16 && offsetof(ADRLIST, aEntries) == 8, "x64 ADRLIST");
KMAPI_ASSERT_LAYOUT(sizeof(STATSTG) == 80 && offsetof(STATSTG, cbSize) == 16 &&
                        offsetof(STATSTG, grfMode) == 48 && offsetof(STATSTG, clsid) == 56,
                    "x64 STATSTG");
#else
KMAPI_ASSERT_LAYOUT(sizeof(ADRENTRY) == 12 && offsetof(ADRLIST, aEntries) == 4, "x86 ADRLIST");
KMAPI_ASSERT_LAYOUT(sizeof(STATSTG) == 72 && offsetof(STATSTG, cbSize) == 8 &&
                        offsetof(STATSTG, grfMode) == 40 && offsetof(STATSTG, clsid) == 48,
                    "x86 STATSTG");
#endif

#endif /* KMAPI_SAMPLE_MAPI_MSG_H */
