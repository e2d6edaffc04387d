import { z } from 'zod';

/*
 * Imported first by main.tsx, before any contract schema is built. Zod 4 compiles object parsers with
 * `new Function` unless told not to, and even its probe for that is reported as a violation by the page's CSP
 * (script-src 'self', no 'unsafe-eval'). Object schemas read this setting when they are created.
 */
z.config({ jitless: true });
