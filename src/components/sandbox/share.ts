// Share links: the scenario text, passwords masked, deflated and base64url-encoded into the URL
// fragment (never sent to a server).
import { redactSecrets } from '../../engine/model/connection-string.ts';

export const SHARE_PREFIX = 'share-';

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

/** Decodes a fragment; undefined when it is not a valid share. */
export async function decodeShare(code: string): Promise<string | undefined> {
  try {
    const bytes = await pipe(fromBase64Url(code), new DecompressionStream('deflate-raw'));
    return new TextDecoder().decode(bytes);
  } catch {
    return undefined;
  }
}
