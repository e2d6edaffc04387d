/**
 * Electron fuses for the packaged app, by the names of @electron/fuses' FuseV1Options. Fuses are bits flipped in
 * the Electron binary when it is packaged: build/release/builder-config.ts hands these to electron-builder's
 * electronFuses option, and the package check (build/release/check-package.ts) reads them back from the binary.
 */
export const FUSE_V1_OPTIONS = [
  'RunAsNode',
  'EnableCookieEncryption',
  'EnableNodeOptionsEnvironmentVariable',
  'EnableNodeCliInspectArguments',
  'EnableEmbeddedAsarIntegrityValidation',
  'OnlyLoadAppFromAsar',
  'LoadBrowserProcessSpecificV8Snapshot',
  'GrantFileProtocolExtraPrivileges',
] as const;
export type FuseV1OptionName = (typeof FUSE_V1_OPTIONS)[number];

export const PACKAGED_APP_FUSES: Record<FuseV1OptionName, boolean> = {
  // ELECTRON_RUN_AS_NODE would turn the signed app binary into a general-purpose Node interpreter.
  RunAsNode: false,
  // Cookies and storage on disk encrypted with the OS keychain key.
  EnableCookieEncryption: true,
  // NODE_OPTIONS and --inspect* could inject code into the main process (which holds cluster credentials).
  EnableNodeOptionsEnvironmentVariable: false,
  EnableNodeCliInspectArguments: false,
  // The app is its app.asar, checked against the hash in the signed binary, and nothing else is loaded.
  EnableEmbeddedAsarIntegrityValidation: true,
  OnlyLoadAppFromAsar: true,
  // Meshdeck builds no separate browser-process V8 snapshot, so there is nothing to load.
  LoadBrowserProcessSpecificV8Snapshot: false,
  // The UI is served from app://, never file://: file: gets no extra privileges.
  GrantFileProtocolExtraPrivileges: false,
};
