// Inline SVG bar charts of code frequencies per organization (one small chart each, on a shared scale).
import type { FrequencySeries } from '../aggregate/types.js';
import { codeLabel, makeCtx, type RenderOptions } from './context.js';
import { escapeHtml as esc } from './escape.js';

/** Colours for codes without a `color` in the codebook, dark enough for white background and print. */
const PALETTE = ['#1e7b34', '#b3261e', '#1a56b0', '#a05a00', '#6a3d9a', '#00695c', '#ad1457', '#455a64', '#795548', '#283593'];

const BAR = 16;
const GAP = 6;
const LABEL_W = 190;
const BAR_W = 210;
const WIDTH = LABEL_W + BAR_W + 50;

export interface ChartOptions extends RenderOptions {
  names: ReadonlyMap<string, string>;
}

/** One `<figure>` per organization; bars share one scale so charts can be compared. */
export function renderFrequencyCharts(series: readonly FrequencySeries[], options: ChartOptions, idPrefix = 'chart'): string {
  const ctx = makeCtx(options);
  const max = Math.max(1, ...series.flatMap((s) => s.counts.map((c) => c.segments)));
  const colorOf = (code: string, i: number) => ctx.codebook.byId.get(code)?.color ?? PALETTE[i % PALETTE.length] ?? '#455a64';
  return series
    .map((s, n) => {
      const id = `${idPrefix}-${n + 1}`;
      const name = options.names.get(s.organization) ?? s.organization;
      const height = s.counts.length * (BAR + GAP) + GAP;
      const title = ctx.tr('sum.chartTitle', { organization: name });
      const desc = `${ctx.tr('sum.chartDesc', { organization: name })} ${s.counts.map((c) => `${codeLabel(ctx, c.code)}: ${c.segments}`).join('; ')}`;
      const bars = s.counts.map((c, i) => {
        const y = GAP + i * (BAR + GAP);
        const w = Math.round((c.segments / max) * BAR_W * 10) / 10;
        return (
          `<text x="${LABEL_W - 8}" y="${y + BAR - 4}" text-anchor="end" font-size="12" fill="#1b1b1b">${esc(codeLabel(ctx, c.code))}</text>` +
          `<rect x="${LABEL_W}" y="${y}" width="${w}" height="${BAR}" fill="${colorOf(c.code, i)}"/>` +
          `<text x="${LABEL_W + w + 6}" y="${y + BAR - 4}" font-size="12" fill="#1b1b1b">${c.segments}</text>`
        );
      });
      return (
        `<figure class="chart">\n<figcaption>${esc(name)}</figcaption>\n` +
        `<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 ${WIDTH} ${height}" width="${WIDTH}" height="${height}" aria-labelledby="${id}-title ${id}-desc">\n` +
        `<title id="${id}-title">${esc(title)}</title>\n<desc id="${id}-desc">${esc(desc)}</desc>\n${bars.join('\n')}\n</svg>\n</figure>\n`
      );
    })
    .join('');
}
