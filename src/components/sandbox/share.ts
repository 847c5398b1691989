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
