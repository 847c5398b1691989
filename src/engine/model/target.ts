/**
 * The one host:port parser: `10.0.1.6:1433`, `sql01:1433`, `sql01,1433` (SQL Server's comma), or
 * a bare host. Linear in the text's length (no backtracking regular expression), since learners
 * and attackers paste anything into `to:`.
 */

/** A parsed target: the host as written and the port, if one was given. */
export type HostPort =
  | { readonly ok: true; readonly host: string; readonly port?: number }
  | { readonly ok: false; readonly reason: 'empty' | 'space-in-host' | 'bad-port' | 'port-range' };

const isSpace = (c: number) => c === 32 || c === 9 || c === 10 || c === 13;

/** Parses host[:port] or host[,port]; `requirePort` refuses a bare host. */
export function parseHostPort(text: string, requirePort = false): HostPort {
  let a = 0;
  let b = text.length;
  while (a < b && isSpace(text.charCodeAt(a))) a++;
  while (b > a && isSpace(text.charCodeAt(b - 1))) b--;
  if (a === b) return { ok: false, reason: 'empty' };
  // The separator is the last ':' or ','; a host has neither.
  let sep = -1;
  for (let i = b - 1; i >= a; i--) {
    const c = text.charCodeAt(i);
    if (c === 58 || c === 44) {
      sep = i;
      break;
    }
  }
  let hostEnd = sep < 0 ? b : sep;
  while (hostEnd > a && isSpace(text.charCodeAt(hostEnd - 1))) hostEnd--;
  for (let i = a; i < hostEnd; i++) {
    const c = text.charCodeAt(i);
    if (isSpace(c) || c === 58 || c === 44) return { ok: false, reason: 'space-in-host' };
  }
  if (hostEnd === a) return { ok: false, reason: 'empty' };
  const host = text.slice(a, hostEnd);
  if (sep < 0) return requirePort ? { ok: false, reason: 'bad-port' } : { ok: true, host };
  let p = sep + 1;
  while (p < b && isSpace(text.charCodeAt(p))) p++;
  if (p === b || b - p > 5) return { ok: false, reason: 'bad-port' };
  let port = 0;
  for (let i = p; i < b; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return { ok: false, reason: 'bad-port' };
    port = port * 10 + (c - 48);
  }
  if (port < 1 || port > 65535) return { ok: false, reason: 'port-range' };
  return { ok: true, host, port };
}
