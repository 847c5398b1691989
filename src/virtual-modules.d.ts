// Types for the Starlight virtual modules our Search override imports.
declare module 'virtual:starlight/project-context' {
  const project: { trailingSlash: 'always' | 'never' | 'ignore' };
  export default project;
}
declare module 'virtual:starlight/pagefind-config' {
  export const pagefindUserConfig: Record<string, unknown>;
}
// The plugin's configuration for the Sandbox component (src/plugin/integration.mjs).
declare module 'virtual:reachlab/config' {
  const config: { root: string; scenarios: string[] };
  export default config;
}
