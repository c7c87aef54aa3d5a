/**
 * 8-bit strings (PT_STRING8) and Windows code pages. MAPI does not say which code page an 8-bit string is
 * in; the object does: PR_MESSAGE_CODEPAGE ("the code page used to encode the non-Unicode string
 * properties on this Message object"; 0 means "the folder's"), then PR_INTERNET_CPID (the code page of
 * the body and the Internet form), then the store's PR_CODE_PAGE_ID. Without any, windows-1252: the ANSI
 * code page of Western Windows, what 8-bit strings in real stores almost always are, and a superset of
 * Latin-1's printable characters (it differs only in 0x80-0x9F, where Latin-1 has invisible C1 controls
 * and windows-1252 has the curly quotes, dashes and euro sign that real text uses). The rule is in
 * docs/getting-started.md ("8-bit strings and code pages").
 *
 * Decoding uses Node's TextDecoder (the WHATWG encodings: every windows-125x, the ISO-8859 family, the
 * CJK code pages, KOI8, UTF-8). Encoding (SetProps) works for single-byte code pages and UTF-8; a string
 * that the object's code page cannot hold (or any non-ASCII text in a multi-byte code page, which
 * TextDecoder cannot encode) is an ERR_PROP_VALUE that points to the _W tag.
 */
import { MapiArgumentError } from '../errors';

export const DEFAULT_CODE_PAGE = 1252;

/** The WHATWG encoding label of a Windows code page; undefined for one TextDecoder does not know. */
function label(cp: number): string | undefined {
  if (cp >= 1250 && cp <= 1258) return `windows-${cp}`;
  if (cp >= 28591 && cp <= 28606 && cp !== 28600 && cp !== 28601 && cp !== 28602) return `iso-8859-${cp - 28590}`;
  return OTHER[cp];
}
const OTHER: Readonly<Record<number, string>> = {
  866: 'ibm866', 874: 'windows-874', 932: 'shift_jis', 936: 'gbk', 949: 'euc-kr', 950: 'big5', 10000: 'macintosh',
  20127: 'windows-1252', 20866: 'koi8-r', 20932: 'euc-jp', 21866: 'koi8-u', 50220: 'iso-2022-jp', 50221: 'iso-2022-jp',
  50222: 'iso-2022-jp', 51932: 'euc-jp', 54936: 'gb18030', 65001: 'utf-8',
};
const MULTI_BYTE = new Set([932, 936, 949, 950, 20932, 50220, 50221, 50222, 51932, 54936]);

interface Decoder {
  decode(bytes: Uint8Array): string;
}

/**
 * windows-1252 by hand: Node 20's TextDecoder('windows-1252') decodes as Latin-1 (its fast path treats
 * the two as one), which loses exactly the bytes this code page exists for. 0x80-0x9F from the WHATWG
 * index; the rest is Latin-1.
 */
const CP1252_80 = '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';
const WINDOWS_1252: Decoder = {
  decode: (bytes) => Buffer.from(bytes).toString('latin1').replace(/[\u0080-\u009f]/g, (c) => CP1252_80[c.charCodeAt(0) - 0x80]),
};
/** Code page 28591 is ISO-8859-1 itself (the WHATWG label means windows-1252). */
const LATIN_1: Decoder = { decode: (bytes) => Buffer.from(bytes).toString('latin1') };

const decoders = new Map<number, Decoder | null>();
function decoder(cp: number): Decoder | null {
  let d = decoders.get(cp);
  if (d === undefined) {
    const l = label(cp);
    try {
      d = l === 'windows-1252' ? WINDOWS_1252 : cp === 28591 ? LATIN_1 : l ? new TextDecoder(l) : null;
    } catch {
      d = null; // a Node built without full ICU knows fewer encodings
    }
    decoders.set(cp, d);
  }
  return d;
}

/** Whether 8-bit strings in this code page can be decoded here. */
export function isKnownCodePage(cp: number): boolean {
  return Number.isInteger(cp) && cp > 0 && decoder(cp) !== null;
}

/** The code page to use: `cp` when it is one this process can decode, else the default. */
export function effectiveCodePage(cp: number | undefined): number {
  return cp !== undefined && isKnownCodePage(cp) ? cp : DEFAULT_CODE_PAGE;
}

/** 8-bit bytes (without the NUL) as a JS string, in code page `cp` (the default when unknown). */
export function decodeString8(bytes: Uint8Array, cp: number | undefined): string {
  return decoder(effectiveCodePage(cp))!.decode(bytes);
}

/** The byte of each character a single-byte code page has (decoding its 256 bytes once). */
const encoders = new Map<number, Map<string, number>>();
function singleByteTable(cp: number): Map<string, number> {
  let t = encoders.get(cp);
  if (!t) {
    t = new Map();
    const d = decoder(cp)!;
    for (let b = 255; b >= 1; b--) {
      const c = d.decode(Uint8Array.of(b));
      if (c !== '\ufffd') t.set(c, b);
    }
    encoders.set(cp, t);
  }
  return t;
}

/** `s` as NUL-less 8-bit bytes in code page `cp` (the default when unknown); `what` names the property in errors. */
export function encodeString8(s: string, cp: number | undefined, what: string): Buffer {
  const page = effectiveCodePage(cp);
  // ASCII is the same in every code page this maps (the ISO-2022 escapes need none for ASCII text).
  if (!/[^\u0000-\u007f]/.test(s)) return Buffer.from(s, 'latin1');
  if (page === 65001) return Buffer.from(s, 'utf8');
  const cannot = (c: string) =>
    new MapiArgumentError('ERR_PROP_VALUE', `${what} is an 8-bit string in code page ${page} and cannot hold '${c}'${MULTI_BYTE.has(page) ? ' (8-bit strings in multi-byte code pages are written as ASCII only)' : ''}; use the _W (Unicode) tag`);
  if (MULTI_BYTE.has(page)) throw cannot(s.slice(0, 20));
  const table = singleByteTable(page);
  const out = Buffer.alloc(s.length);
  let n = 0;
  for (const c of s) {
    const b = c.charCodeAt(0) < 0x80 && c.length === 1 ? c.charCodeAt(0) : table.get(c);
    if (b === undefined) throw cannot(c);
    out[n++] = b;
  }
  return out.subarray(0, n);
}
