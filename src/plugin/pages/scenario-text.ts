// The text of each large scenario (over PREVIEW_CHARS, e.g. an enterprise network of megabytes)
// as a file of its own, injected by the plugin: the page carries a preview and fetches the text
// when the reader opens the editor, instead of megabytes in every load of the page.
import type { APIRoute, GetStaticPaths } from 'astro';
import { PREVIEW_CHARS } from '../../components/sandbox/compact.ts';
import { readScenario, scenarioNames } from '../read-scenario.ts';

export const prerender = true;

export const getStaticPaths = (() =>
  scenarioNames().flatMap((name) => {
    const text = readScenario(name);
    return text !== undefined && text.length > PREVIEW_CHARS ? [{ params: { name: `${name}.txt` }, props: { text } }] : [];
  })) satisfies GetStaticPaths;

export const GET: APIRoute = ({ props }) => new Response((props as { text: string }).text, { headers: { 'content-type': 'text/plain; charset=utf-8' } });
