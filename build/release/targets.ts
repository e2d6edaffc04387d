/**
 * The release targets, in electron-builder's words (its ${os} and ${arch} macros) and in the Go target names the
 * Istio lock uses for istioctl (resources/istio/<go-os>-<go-arch>/). One table, read by the builder's config, the
 * staging hook and the tests.
 */
export type BuilderOs = 'mac' | 'win' | 'linux';
export type BuilderArch = 'x64' | 'arm64';

export const RELEASE_ARCHS: readonly BuilderArch[] = ['x64', 'arm64'];

/** Installer formats per OS (the list). */
export const INSTALLERS: Record<BuilderOs, readonly string[]> = {
  win: ['nsis'],
  mac: ['dmg', 'zip'],
  linux: ['AppImage', 'deb'],
};

const GO_OS: Record<BuilderOs, string> = { mac: 'darwin', win: 'windows', linux: 'linux' };
const GO_ARCH: Record<BuilderArch, string> = { x64: 'amd64', arm64: 'arm64' };

/** The lock's key for the istioctl an installer for `os`/`arch` carries, e.g. mac/arm64 -> darwin-arm64. */
export function goTarget(os: BuilderOs, arch: BuilderArch): string {
  return `${GO_OS[os]}-${GO_ARCH[arch]}`;
}

/** electron-builder's platform key for a Node platform name (BeforePackContext.electronPlatformName). */
export function builderOs(platform: string): BuilderOs {
  if (platform === 'darwin' || platform === 'mas') return 'mac';
  if (platform === 'win32') return 'win';
  if (platform === 'linux') return 'linux';
  throw new Error(`Meshdeck is not packaged for ${platform}`);
}

export function builderArch(arch: string): BuilderArch {
  if (arch === 'x64' || arch === 'arm64') return arch;
  throw new Error(`Meshdeck is not packaged for ${arch} (only ${RELEASE_ARCHS.join(', ')})`);
}

/** This machine as a packaging target. */
export function hostBuilderTarget(): { os: BuilderOs; arch: BuilderArch } {
  return { os: builderOs(process.platform), arch: builderArch(process.arch) };
}
