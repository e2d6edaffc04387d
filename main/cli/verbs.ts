import type { Verb } from './args.js';
import { clusterVerbs } from './cluster-commands.js';
import { configVerbs } from './config-commands.js';
import { metricsVerbs } from './metrics-commands.js';
import { canaryVerbs } from './canary-commands.js';
import { installVerbs } from './install-commands.js';
import { meshVerbs } from './mesh-commands.js';
import { diagnosticsVerbs } from './diagnostics-commands.js';

/** Every verb of the command line. */
export const VERBS: Verb[] = [...clusterVerbs, ...meshVerbs, ...installVerbs, ...configVerbs, ...metricsVerbs, ...canaryVerbs, ...diagnosticsVerbs];
