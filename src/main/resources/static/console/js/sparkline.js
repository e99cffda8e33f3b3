// A sparkline of lookups and hits per bucket, drawn as SVG attributes (no inline styles).
import { h } from './dom.js';

const SVG = 'http://www.w3.org/2000/svg';
const WIDTH = 160;
const HEIGHT = 32;

function line(values, top, className) {
  const step = values.length > 1 ? WIDTH / (values.length - 1) : 0;
  const points = values.map((value, i) => `${(i * step).toFixed(1)},${(HEIGHT - 2 - (value / top) * (HEIGHT - 4)).toFixed(1)}`);
  const polyline = document.createElementNS(SVG, 'polyline');
  polyline.setAttribute('points', points.join(' '));
  polyline.setAttribute('class', className);
  return polyline;
}

/** Lookups (grey) and hits (green) of each bucket, with a text alternative. */
export function sparkline(buckets) {
  const lookups = buckets.map((b) => b.counts.lookups);
  const hits = buckets.map((b) => b.counts.lookups - b.counts.misses);
  const top = Math.max(1, ...lookups);
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('class', 'spark');
  svg.setAttribute('width', WIDTH);
  svg.setAttribute('height', HEIGHT);
  svg.setAttribute('viewBox', `0 0 ${WIDTH} ${HEIGHT}`);
  svg.setAttribute('role', 'img');
  const peak = Math.max(0, ...lookups);
  svg.setAttribute('aria-label', `${buckets.length} buckets, at most ${peak} lookups in one`);
  svg.append(line(lookups, top, 'lookups'), line(hits, top, 'hits'));
  return h('div', {}, svg, h('small', {}, h('span', { class: 'legend-lookups' }, 'lookups'), ' · ',
    h('span', { class: 'legend-hits' }, 'hits')));
}
