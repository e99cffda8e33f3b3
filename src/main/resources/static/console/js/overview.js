// Overview: per namespace, lookups, hit rate by match type, entries, and the tokens and
// (estimated) money that hits saved over the chosen window.
import { describe, get } from './api.js';
import { byId, count, fill, h, money, percent } from './dom.js';
import { offerNamespaces } from './namespaces.js';
import { sparkline } from './sparkline.js';

/** At most this many namespaces get their own series request. */
const MAX_NAMESPACES = 50;

function windowChosen() {
  return document.querySelector('input[name="window"]:checked').value;
}

/** Hits of each match type, with their share of the lookups. */
function hitsByType(hits, lookups) {
  const served = Object.entries(hits).filter(([, n]) => n > 0);
  if (!served.length) return '–';
  return h('ul', { class: 'plain' },
    served.map(([type, n]) => h('li', {}, `${type}: ${count(n)} (${percent(n / lookups)})`)));
}

function row(stats, series) {
  const total = series.total;
  const notes = [];
  if (total.hitsUnpriced) notes.push(`${count(total.hitsUnpriced)} hits of unpriced models`);
  if (total.hitsEstimatedUsage) notes.push(`${count(total.hitsEstimatedUsage)} with tokens estimated from text`);
  if (total.hitsWithoutUsage) notes.push(`${count(total.hitsWithoutUsage)} of older entries not counted`);
  return h('tr', { 'data-namespace': stats.namespace },
    h('th', { scope: 'row' }, stats.namespace),
    h('td', { class: 'num', 'data-field': 'entries' }, count(stats.entries)),
    h('td', { class: 'num', 'data-field': 'lookups' }, count(total.lookups)),
    h('td', { class: 'num', 'data-field': 'hit-rate' }, percent(total.hitRate)),
    h('td', { 'data-field': 'hits' }, hitsByType(total.hits, total.lookups)),
    h('td', { class: 'num', 'data-field': 'tokens' },
      count(total.promptTokensSaved + total.completionTokensSaved),
      h('br'), h('small', { class: 'muted' }, `${count(total.promptTokensSaved)} prompt, ${count(total.completionTokensSaved)} completion`)),
    h('td', { class: 'num', 'data-field': 'savings' }, money(total.estimatedSavings, series.currency),
      h('br'), h('small', { class: 'muted' }, notes.length ? `estimated; ${notes.join('; ')}` : 'estimated')),
    h('td', {}, sparkline(series.buckets)));
}

/** Numbers the refreshes, so that an older one finishing late does not overwrite a newer. */
let latest = 0;

export async function refresh() {
  const status = byId('overview-status');
  const table = byId('overview-table');
  const body = table.tBodies[0];
  const mine = ++latest;
  status.textContent = 'Loading…';
  try {
    const window = windowChosen();
    const all = (await get('/v1/admin/stats')).namespaces;
    offerNamespaces(all.map((stats) => stats.namespace));
    const shown = all.slice(0, MAX_NAMESPACES);
    const series = await Promise.allSettled(shown.map((stats) =>
      get(`/v1/admin/stats/series?namespace=${encodeURIComponent(stats.namespace)}&window=${window}`)));
    if (mine !== latest) return;
    fill(body, shown.map((stats, i) => series[i].status === 'fulfilled' ? row(stats, series[i].value)
      : h('tr', { 'data-namespace': stats.namespace }, h('th', { scope: 'row' }, stats.namespace),
        h('td', { colspan: 7, class: 'error' }, describe(series[i].reason)))));
    table.dataset.window = window;
    status.textContent = all.length === 0 ? 'No namespace of this tenant has been used yet.'
      : all.length > shown.length ? `Showing the first ${shown.length} of ${all.length} namespaces.` : '';
  } catch (error) {
    if (mine !== latest) return;
    fill(body);
    status.textContent = describe(error);
  }
}

export function setUp() {
  byId('overview-refresh').addEventListener('click', refresh);
  document.querySelectorAll('input[name="window"]').forEach((radio) => radio.addEventListener('change', refresh));
}

export function shown() {
  refresh();
}
