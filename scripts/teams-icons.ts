/**
 * Draws the Teams app icons into manifest/teams/:
 *
 *   color.png    192×192, a white bar chart on the app's accent colour (full bleed)
 *   outline.png  32×32, the same bar chart in white on transparent
 *
 * Both are committed; run this again after changing the drawing:
 *   npx tsx scripts/teams-icons.ts
 * The output is byte-for-byte reproducible (a test redraws and compares).
 */
import { writeFileSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";
import pngjs from "pngjs";

const { PNG } = pngjs;

/** The manifest's accentColor; the colour icon's background. */
export const ACCENT = "#0E7C86";

type Rgba = readonly [number, number, number, number];
const WHITE: Rgba = [255, 255, 255, 255];

function hex(color: string): Rgba {
  const n = Number.parseInt(color.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255, 255];
}

/** A blank RGBA image; `background` fills it (transparent when absent). */
function canvas(size: number, background?: Rgba) {
  const png = new PNG({ width: size, height: size, colorType: 6 });
  const fill = background ?? [0, 0, 0, 0];
  for (let i = 0; i < size * size; i++) png.data.set(fill, i * 4);
  const rect = (x: number, y: number, w: number, h: number, color: Rgba) => {
    for (let yy = y; yy < y + h; yy++) for (let xx = x; xx < x + w; xx++) png.data.set(color, (yy * size + xx) * 4);
  };
  return { png, rect };
}

/**
 * Three rising bars on a baseline, scaled to the icon: `unit` pixels per
 * grid step, the chart's lower-left corner at (left, base).
 */
function barChart(rect: (x: number, y: number, w: number, h: number, color: Rgba) => void, left: number, base: number, unit: number, color: Rgba): void {
  const bars = [3, 5, 7]; // heights in units
  bars.forEach((height, i) => rect(left + i * 3 * unit, base - height * unit, 2 * unit, height * unit, color));
  rect(left - unit, base, 9 * unit, Math.max(1, Math.round(unit / 2)), color);
}

/** 192×192 colour icon: full-bleed accent colour, the chart in white within the central area Teams recommends. */
export function colorIcon(): Buffer {
  const { png, rect } = canvas(192, hex(ACCENT));
  barChart(rect, 61, 129, 10, WHITE);
  return PNG.sync.write(png);
}

/** 32×32 outline icon: white on transparent, nothing else (Teams' rule for outline icons). */
export function outlineIcon(): Buffer {
  const { png, rect } = canvas(32);
  barChart(rect, 5, 26, 3, WHITE);
  return PNG.sync.write(png);
}

export const ICON_DIR = fileURLToPath(new URL("../manifest/teams/", import.meta.url));

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  writeFileSync(`${ICON_DIR}color.png`, colorIcon());
  writeFileSync(`${ICON_DIR}outline.png`, outlineIcon());
  process.stdout.write(`wrote ${ICON_DIR}color.png and ${ICON_DIR}outline.png\n`);
}
