// On every page of a site with the plugin (injected by plugin/integration.mjs): the sidebar's
// marks of lessons and pages done, also on pages without a sandbox (an onboarding index).
import { decorateSidebar } from './progress.ts';

decorateSidebar();
