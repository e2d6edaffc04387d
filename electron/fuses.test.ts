import { describe, expect, it } from 'vitest';
import { FUSE_V1_OPTIONS, PACKAGED_APP_FUSES } from './fuses.js';

describe('Electron fuses for a packaged app', () => {
  it('sets the ones a packaged app should have', () => {
    expect(PACKAGED_APP_FUSES).toMatchObject({
      RunAsNode: false,
      EnableCookieEncryption: true,
      EnableNodeOptionsEnvironmentVariable: false,
      EnableNodeCliInspectArguments: false,
      EnableEmbeddedAsarIntegrityValidation: true,
      OnlyLoadAppFromAsar: true,
      LoadBrowserProcessSpecificV8Snapshot: false,
      GrantFileProtocolExtraPrivileges: false,
    });
  });

  it("names only @electron/fuses' FuseV1Options, each one decided", () => {
    expect(Object.keys(PACKAGED_APP_FUSES).sort()).toEqual([...FUSE_V1_OPTIONS].sort());
  });
});
