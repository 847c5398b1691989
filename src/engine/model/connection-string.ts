import { MSSQL_SCHEMA, parse } from '@tediousjs/connection-string';

/** What a SQL Server connection string says about where to connect. */
export type ServerSpec =
  | {
      readonly ok: true;
      /** tcp unless the string names another protocol. */
      readonly protocol: 'tcp' | 'np' | 'lpc' | 'localdb';
      readonly host: string;
      readonly port?: number;
      readonly instance?: string;
      /** The value of Server / Data Source as written. */
      readonly raw: string;
    }
  | { readonly ok: false; readonly message: string; readonly hint: string };

const PASSWORD_KEYS = new Set(['password', 'pwd']);

/**
 * Masks the password in a connection string, keeping everything else as written. It works on
 * any text, even one the parser refuses, so a password never reaches a result, a link or a log.
 */
export function redactConnectionString(text: string): string {
  // key = value pairs; a value may be quoted with " or ' (doubled quotes escape) or run to ';'.
  return text.replace(
    // An unquoted value is masked up to the next ";" that starts another key=value pair, so a
    // password with a stray ";" in it is still hidden whole.
    /(^|;)(\s*)(password|pwd)(\s*=\s*)("(?:[^"]|"")*"?|'(?:[^']|'')*'?|(?:[^;]|;(?![^;=]*=))*)/gi,
    (_m, sep: string, ws: string, key: string, eq: string) => `${sep}${ws}${key}${eq}*****`,
  );
}

/** Reads Server / Data Source (and synonyms) and Network Library from a connection string. */
export function parseServer(text: string): ServerSpec {
  let map: ReadonlyMap<string, string>;
  try {
    map = parse(text);
  } catch (err) {
    return {
      ok: false,
      message: `The connection string cannot be read: ${(err as Error).message.toLowerCase()}.`,
      hint: 'Write key=value pairs separated by ";", and close every quote you open.',
    };
  }
  const aliases = ['data source', ...(MSSQL_SCHEMA['data source']?.aliases ?? [])];
  let raw: string | undefined;
  for (const [k, v] of map) if (aliases.includes(k.toLowerCase())) raw = v;
  if (raw === undefined || raw.trim() === '') {
    return {
      ok: false,
      message: 'The connection string names no server.',
      hint: 'Add Server=tcp:<address or name>,<port>; for example Server=tcp:10.0.1.6,1433.',
    };
  }
  let netLib: string | undefined;
  for (const [k, v] of map) if (['network library', 'network', 'net'].includes(k.toLowerCase())) netLib = v.toLowerCase();
  let s = raw.trim();
  let protocol: 'tcp' | 'np' | 'lpc' | 'localdb' = netLib === 'dbnmpntw' ? 'np' : netLib === 'dbmslpcn' ? 'lpc' : 'tcp';
  const prefix = /^(tcp|np|lpc|admin):/i.exec(s);
  if (prefix) {
    const p = prefix[1]!.toLowerCase();
    protocol = p === 'np' ? 'np' : p === 'lpc' ? 'lpc' : 'tcp';
    s = s.slice(prefix[0].length);
  }
  if (/^\(localdb\)/i.test(s)) protocol = 'localdb';
  if (/^\\\\/.test(s)) protocol = 'np';
  let port: number | undefined;
  const comma = s.lastIndexOf(',');
  if (comma !== -1) {
    const p = s.slice(comma + 1).trim();
    if (!/^\d{1,5}$/.test(p) || Number(p) < 1 || Number(p) > 65535) {
      return { ok: false, message: `"${p}" after the comma in Server is not a port.`, hint: 'Write Server=host,port with a port from 1 to 65535, like 10.0.1.6,1433.' };
    }
    port = Number(p);
    s = s.slice(0, comma).trim();
  }
  let instance: string | undefined;
  const slash = s.indexOf('\\');
  if (slash !== -1 && protocol !== 'np') {
    instance = s.slice(slash + 1).trim() || undefined;
    s = s.slice(0, slash).trim();
  }
  return { ok: true, protocol, host: s, port, instance, raw };
}

/** The password keys, exported for tests that prove nothing leaks. */
export const PASSWORD_KEY_NAMES: ReadonlySet<string> = PASSWORD_KEYS;

/**
 * Masks every password in a whole text (a scenario with connection strings), line by line, for
 * share links and logs. Matches Password= or Pwd= after a start, a separator or white space.
 */
export function redactSecrets(text: string): string {
  return text.replace(
    /(^|[;\s:"'{,])(password|pwd)(\s*=\s*)("(?:[^"\n]|"")*"?|'(?:[^'\n]|'')*'?|[^;\n"'}]*)/gim,
    (_m, pre: string, key: string, eq: string) => `${pre}${key}${eq}*****`,
  );
}
