// Vite plugins for the browser bundle.
//
// browserShims: @tediousjs/connection-string (the engine's connection-string parser) imports
// node:util only to name `inspect.custom`; in the browser that import becomes a tiny module
// with the same symbol, so the engine runs unchanged in a Web Worker. Any other Node built-in
// reaching a browser bundle fails the build (the engine must stay pure).
const SHIM_ID = '\0reachlab:node-util';

/** @returns {import('vite').Plugin} */
export function browserShims() {
  return {
    name: 'reachlab:browser-shims',
    enforce: 'pre',
    resolveId(id, importer, options) {
      if (options?.ssr) return null;
      if (id === 'node:util' || id === 'util') return SHIM_ID;
      if (/^node:/.test(id) && importer && !importer.includes('node_modules')) {
        this.error(`${importer} imports ${id}, a Node built-in, into the browser bundle; keep Node-only code out of src/engine and the sandbox.`);
      }
      return null;
    },
    load(id) {
      if (id === SHIM_ID) return "export const inspect = { custom: Symbol.for('nodejs.util.inspect.custom') };\nexport default { inspect };";
      return null;
    },
  };
}

// monacoCss: Monaco's modules import their own .css files. Imported as CSS, Astro would link
// them into the head of every page (withastro/astro#9495); turned into modules that inject a
// <style> when the editor loads, they cost nothing on pages where nobody edits.
const CSS_PREFIX = '\0reachlab-monaco-css:';

/** @returns {import('vite').Plugin} */
export function monacoCss() {
  return {
    name: 'reachlab:monaco-css',
    enforce: 'pre',
    async resolveId(id, importer, options) {
      if (options?.ssr || !id.endsWith('.css') || !importer) return null;
      if (!importer.includes('/monaco-editor/') && !id.includes('monaco-editor')) return null;
      const r = await this.resolve(id, importer, { skipSelf: true, ...options });
      return r ? `${CSS_PREFIX}${r.id}.inject.js` : null;
    },
    async load(id) {
      if (!id.startsWith(CSS_PREFIX)) return null;
      const { readFile } = await import('node:fs/promises');
      const { dirname, resolve } = await import('node:path');
      const file = id.slice(CSS_PREFIX.length, -'.inject.js'.length);
      const css = await readFile(file, 'utf8');
      // Relative url(...) assets (the codicon font) become imported asset URLs.
      const imports = [];
      const parts = [];
      let last = 0;
      for (const m of css.matchAll(/url\((['"]?)([^'")]+)\1\)/g)) {
        const ref = m[2];
        if (/^(data:|https?:|#|\/)/.test(ref)) continue;
        const name = `asset${imports.length}`;
        imports.push(`import ${name} from ${JSON.stringify(`${resolve(dirname(file), ref.split(/[?#]/)[0])}?url`)};`);
        parts.push(JSON.stringify(css.slice(last, m.index)), `'url(' + ${name} + ')'`);
        last = m.index + m[0].length;
      }
      parts.push(JSON.stringify(css.slice(last)));
      return `${imports.join('\n')}\nconst s = document.createElement('style');\ns.dataset.monaco = '';\ns.textContent = ${parts.join(' + ')};\ndocument.head.append(s);\nexport default '';`;
    },
  };
}
