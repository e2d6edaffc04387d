import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ICON_SOURCE, LINUX_SIZES, makeIcons } from './icons.js';

/** Width and height from a PNG's IHDR chunk. */
const pngSize = (png: Buffer) => [png.readUInt32BE(16), png.readUInt32BE(20)];

describe('icons from the one source image', () => {
  it('renders every Linux size, an .icns and an .ico', async () => {
    const icons = await makeIcons(readFileSync(new URL(`../../${ICON_SOURCE}`, import.meta.url), 'utf8'));
    expect([...icons.pngs.keys()]).toEqual([...LINUX_SIZES]);
    for (const [size, png] of icons.pngs) expect(pngSize(png), `${size}`).toEqual([size, size]);
    expect(icons.icns.subarray(0, 4).toString('latin1')).toBe('icns');
    expect(icons.icns.readUInt32BE(4)).toBe(icons.icns.length);
    // ICONDIR: reserved 0, type 1 (icon), then the number of images.
    expect([icons.ico.readUInt16LE(0), icons.ico.readUInt16LE(2)]).toEqual([0, 1]);
    expect(icons.ico.readUInt16LE(4)).toBeGreaterThanOrEqual(4);
  }, 60_000);
});
