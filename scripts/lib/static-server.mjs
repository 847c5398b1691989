// A minimal static file server for built sites (loopback only), used by the page scripts.
import { readFileSync, statSync } from 'node:fs';
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
