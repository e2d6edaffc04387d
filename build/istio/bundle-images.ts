import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { imageFromBinary } from '../../main/images/oci.js';
import { writeLayout } from '../../main/images/layout.js';
import { IMAGES_DIR } from '../../main/images/service.js';
import { sandboxLayout } from '../../main/sandbox/layout.js';

/**
 * Writes the image archives Meshdeck bundles, as OCI layouts under resources/images/. Here: `pilot`,
 * built around the pinned pilot-discovery this machine compiled. A release build instead copies the
 * upstream pilot and proxyv2 images of the same version (skopeo copy docker://… oci:resources/images/…),
 * which needs the internet (see README.md beside this file).
 */
const l = sandboxLayout();
const dir = join(IMAGES_DIR, 'pilot');
rmSync(dir, { recursive: true, force: true });
const image = imageFromBinary('pilot-discovery', readFileSync(l.bin.pilotDiscovery), ['discovery']);
writeLayout(dir, image, l.pins.ISTIO_LABEL);
console.log(`resources/images/pilot: ${image.digest} (tag ${l.pins.ISTIO_LABEL})`);
