import { chmodSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PACKAGED_APP_FUSES, FUSE_V1_OPTIONS } from '../../electron/fuses.js';

/**
 * Electron's binary cannot be downloaded here, so the package check hands electron-builder an unpacked "Electron" of
 * its own (its electronDist option): the files electron-builder touches, with an executable that is only a script
 * carrying Electron's fuse wire. electron-builder then packs the real app.asar and extra resources around it and
 * flips the fuses in it, which the check reads back. Nothing in it runs.
 */
export const FUSE_SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
const FUSE_WIRE_VERSION = 1;
/** Electron's own defaults, in @electron/fuses' option order: what a binary looks like before packaging. */
export const ELECTRON_DEFAULT_FUSES: Record<(typeof FUSE_V1_OPTIONS)[number], boolean> = {
  RunAsNode: true,
  EnableCookieEncryption: false,
  EnableNodeOptionsEnvironmentVariable: true,
  EnableNodeCliInspectArguments: true,
  EnableEmbeddedAsarIntegrityValidation: false,
  OnlyLoadAppFromAsar: false,
  LoadBrowserProcessSpecificV8Snapshot: false,
  GrantFileProtocolExtraPrivileges: true,
};

export function fuseWire(fuses: Record<(typeof FUSE_V1_OPTIONS)[number], boolean>): Buffer {
  const wire = FUSE_V1_OPTIONS.map((name) => (fuses[name] ? '1' : '0')).join('');
  return Buffer.concat([Buffer.from(FUSE_SENTINEL), Buffer.from([FUSE_WIRE_VERSION, wire.length]), Buffer.from(wire)]);
}

/** Reads the fuse wire back (the layout @electron/fuses writes): option name -> enabled. */
export function readFuseWire(binary: Buffer): Record<string, boolean> {
  const at = binary.indexOf(FUSE_SENTINEL);
  if (at < 0) throw new Error('no fuse wire in the binary');
  const start = at + FUSE_SENTINEL.length;
  const length = binary[start + 1]!;
  const wire = binary.subarray(start + 2, start + 2 + length).toString('latin1');
  return Object.fromEntries(FUSE_V1_OPTIONS.map((name, i) => [name, wire[i] === '1']));
}

/** Lays out a stand-in unpacked Electron for Linux in `dir` (the electron executable, resources/, a locale). */
export function writeStandInElectron(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(path.join(dir, 'resources'), { recursive: true });
  mkdirSync(path.join(dir, 'locales'), { recursive: true });
  const script = Buffer.from('#!/bin/sh\necho "stand-in for Electron (package check): it does not run the app" >&2\nexit 1\n# ');
  writeFileSync(path.join(dir, 'electron'), Buffer.concat([script, fuseWire(ELECTRON_DEFAULT_FUSES), Buffer.from('\n')]));
  chmodSync(path.join(dir, 'electron'), 0o755);
  writeFileSync(path.join(dir, 'locales', 'en-US.pak'), '');
  writeFileSync(path.join(dir, 'LICENSE'), 'stand-in\n');
}

/** Whether the wire holds exactly the fuses a packaged Meshdeck must have. */
export function fusesAsPackaged(found: Record<string, boolean>): string[] {
  return FUSE_V1_OPTIONS.filter((name) => found[name] !== PACKAGED_APP_FUSES[name]).map((name) => `${name} is ${found[name]}, must be ${PACKAGED_APP_FUSES[name]}`);
}
