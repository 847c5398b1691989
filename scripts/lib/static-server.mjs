// A minimal static file server for built sites (loopback only), used by the page scripts.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join } from 'node:path';

const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml', '.json': 'application/json', '.ttf': 'font/ttf', '.woff2': 'font/woff2' };

/** Serves `dir` under `base` on 127.0.0.1; resolves to { origin, close }. */
export async function serveStatic(dir, base = '/') {
  const server = createServer((req, res) => {
    let p = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    if (!p.startsWith(base)) {
      res.writeHead(404);
      res.end();
      return;
    }
    p = p.slice(base.length - 1);
    if (p.endsWith('/')) p += 'index.html';
    try {
      const f = join(dir, p);
      const file = statSync(f).isDirectory() ? join(f, 'index.html') : f;
      const body = readFileSync(file);
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
      res.end(body);
    } catch {
      res.writeHead(404);
      res.end();
    }
  }).listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  return { origin: `http://127.0.0.1:${server.address().port}`, close: () => server.close() };
}

/** The pages of a built site, as paths ("/", "/lessons/01-sandbox/"…), skipping assets and the search index. */
export function pagesIn(dir, base = '') {
  const out = [];
  for (const e of readdirSync(join(dir, base), { withFileTypes: true })) {
    if (e.isDirectory() && !e.name.startsWith('_') && e.name !== 'pagefind') out.push(...pagesIn(dir, join(base, e.name)));
    else if (e.name === 'index.html') out.push(`/${base ? `${base}/` : ''}`);
  }
  return out;
}

/** Launch options for Debian's Chromium on these machines (no network but loopback). */
export const CHROMIUM = { executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'] };
