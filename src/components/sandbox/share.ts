// Share links: the scenario text, passwords masked, deflated and base64url-encoded into the URL
// fragment (never sent to a server).
import { redactSecrets } from '../../engine/model/connection-string.ts';
import { MAX_INPUT_CHARS } from '../../engine/model/parse.ts';

export { SHARE_PREFIX } from './share-prefix.ts';

function toBase64Url(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(s: string): Uint8Array {
  const b = atob(s.replace(/-/g, '+').replace(/_/g, '/'));
  return Uint8Array.from(b, (c) => c.charCodeAt(0));
}

async function pipe(bytes: Uint8Array, stream: CompressionStream | DecompressionStream): Promise<Uint8Array> {
  const out = new Response(new Blob([bytes as BlobPart]).stream().pipeThrough(stream));
  return new Uint8Array(await out.arrayBuffer());
}

/** Encodes a scenario for a URL fragment; passwords are masked first. */
export async function encodeShare(text: string): Promise<string> {
  const bytes = new TextEncoder().encode(redactSecrets(text));
  return toBase64Url(await pipe(bytes, new CompressionStream('deflate-raw')));
}

/**
 * The longest share link code (the fragment after `#share-ID=`), in characters. Links of
 * hundreds of KB work in Chromium (2 MB) but are cut short elsewhere: Safari's address bar, chat
 * tools (a Slack message holds 40,000 characters) and mail. A lesson's link is about 1,000
 * characters; 32 KiB holds a scenario of roughly 100-150 KB of YAML.
 */
export const MAX_SHARE_LINK_CHARS = 32_768;

/**
 * A text longer than this (1 MiB) is refused at once, without masking or compressing it: it would
 * have to deflate 32-fold to fit MAX_SHARE_LINK_CHARS (the 10 MB example network deflates 22-fold),
 * and masking parses the whole text on the page's thread.
 */
export const MAX_SHARE_TEXT_CHARS = 1_048_576;

/** A share link's code, or why there is none (the message is for the reader). */
export type ShareCode = { readonly ok: true; readonly code: string } | { readonly ok: false; readonly chars: number; readonly message: string };

const fmt = (n: number) => n.toLocaleString('en-US');

/**
 * The code of a share link for text, or a refusal when the link would be longer than
 * MAX_SHARE_LINK_CHARS (or the text longer than MAX_SHARE_TEXT_CHARS).
 */
export async function shareCode(text: string): Promise<ShareCode> {
  const why = `Links longer than ${fmt(MAX_SHARE_LINK_CHARS)} characters are cut short by some browsers, chat tools and mail; share the scenario file instead.`;
  if (text.length > MAX_SHARE_TEXT_CHARS) {
    return { ok: false, chars: text.length, message: `This scenario is too large for a share link: ${(text.length / 1_048_576).toFixed(1)} MB of text (a link takes at most 1 MB before compression). ${why}` };
  }
  const code = await encodeShare(text);
  if (code.length > MAX_SHARE_LINK_CHARS) return { ok: false, chars: code.length, message: `This scenario is too large for a share link: the link would be ${fmt(code.length)} characters long. ${why}` };
  return { ok: true, code };
}

/**
 * The most bytes a share link may decode to: 1 MiB more than the largest scenario the engine
 * reads. A few hundred KiB of fragment can otherwise inflate to hundreds of MB.
 */
export const MAX_SHARE_BYTES = MAX_INPUT_CHARS + 1_048_576;

/** Decodes a fragment; undefined when it is not a valid share, or decodes to more than the cap. */
export async function decodeShare(code: string, maxBytes = MAX_SHARE_BYTES): Promise<string | undefined> {
  try {
    const reader = new Blob([fromBase64Url(code) as BlobPart]).stream().pipeThrough(new DecompressionStream('deflate-raw')).getReader();
    const chunks: Uint8Array[] = [];
    let total = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > maxBytes) {
        // Stop inflating at once: the rest is never produced.
        await reader.cancel();
        return undefined;
      }
      chunks.push(value);
    }
    const bytes = new Uint8Array(total);
    let at = 0;
    for (const c of chunks) {
      bytes.set(c, at);
      at += c.byteLength;
    }
    return new TextDecoder().decode(bytes);
  } catch {
    return undefined;
  }
}
