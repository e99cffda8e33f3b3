// Invalidate: always a dry run first with the matched count, then a confirm step; the
// audit log below.
import { describe, get, post } from './api.js';
import { busy, byId, count, counted, fill, h, time } from './dom.js';

/** The selector confirmed by the last dry run; any edit of the form forgets it. */
let dryRunSelector = null;

/** Counts the form's edits, so that a dry run answered after an edit is not offered. */
let edits = 0;

function selector() {
  const body = { namespace: byId('inv-namespace').value.trim() };
  const tags = byId('inv-tags').value.split(',').map((tag) => tag.trim()).filter(Boolean);
  if (tags.length) body.tags = tags;
  const model = byId('inv-model').value.trim();
  if (model) body.model = model;
  const prefix = byId('inv-prefix').value;
  if (prefix) body.promptPrefix = prefix;
  const hours = byId('inv-age').value;
  if (hours !== '') body.createdBefore = new Date(Date.now() - Number(hours) * 3600_000).toISOString();
  if (byId('inv-all').checked) body.all = true;
  return body;
}

function reset() {
  dryRunSelector = null;
  byId('inv-confirm').hidden = true;
  byId('inv-cancel').hidden = true;
  byId('inv-dry-run').hidden = false;
}

async function dryRun() {
  const body = selector();
  const asked = edits;
  const answer = await post('/v1/admin/invalidations', { ...body, dryRun: true });
  if (asked !== edits) {
    byId('inv-result').textContent = 'The selector changed during the dry run: run it again.';
    return;
  }
  dryRunSelector = body;
  byId('inv-result').textContent = `Dry run: ${counted(answer.matched, 'live entry matches', 'live entries match')}.`
    + ' Nothing has changed yet.';
  const confirm = byId('inv-confirm');
  confirm.textContent = `Invalidate ${counted(answer.matched, 'entry', 'entries')}`;
  confirm.hidden = false;
  byId('inv-cancel').hidden = false;
  byId('inv-dry-run').hidden = true;
  confirm.focus();
}

async function confirm() {
  const answer = await post('/v1/admin/invalidations', { ...dryRunSelector, dryRun: false });
  reset();
  byId('inv-result').textContent = `Invalidated ${counted(answer.matched, 'entry', 'entries')}`
    + `${answer.matchedEstimated ? ' (estimated)' : ''}: no replica serves them from now on.`
    + ` Audit record ${answer.invalidationId}`
    + (answer.audited === false ? ' could not be written.' : '.');
  await refreshAudit();
}

/** A selector's set fields, such as "tags: doc:42; model: gpt-4o". */
function describeSelector(selector) {
  return Object.entries(selector)
    .filter(([, value]) => value !== null && value !== false && !(Array.isArray(value) && !value.length))
    .map(([name, value]) => `${name}: ${Array.isArray(value) ? value.join(', ') : value}`)
    .join('; ');
}

function describeChange(record) {
  if (record.selector) return h('code', {}, describeSelector(record.selector));
  return record.policyVersion !== undefined ? `policy version ${record.policyVersion}` : '';
}

export async function refreshAudit() {
  const body = byId('audit-table').tBodies[0];
  try {
    const log = await get('/v1/admin/invalidations?limit=50');
    if (!log.records.length) {
      fill(body, h('tr', {}, h('td', { colspan: 6, class: 'muted' }, 'No changes recorded yet.')));
      return;
    }
    fill(body, log.records.map((record) => h('tr', { 'data-id': record.id },
      h('td', {}, time(record.time)), h('td', {}, record.keyId), h('td', {}, record.action),
      h('td', {}, record.namespace), h('td', {}, describeChange(record)),
      h('td', { class: 'num' }, record.matched !== undefined ? count(record.matched) : ''))));
  } catch (error) {
    fill(body, h('tr', {}, h('td', { colspan: 6, class: 'error' }, describe(error))));
  }
}

function run(button, action) {
  byId('inv-error').textContent = '';
  return busy(button, async () => {
    try {
      await action();
    } catch (error) {
      byId('inv-error').textContent = describe(error);
    }
  });
}

export function setUp() {
  const form = byId('invalidate-form');
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    byId('inv-result').textContent = '';
    run(byId('inv-dry-run'), dryRun);
  });
  form.addEventListener('input', () => {
    edits += 1;
    if (dryRunSelector) {
      reset();
      byId('inv-result').textContent = 'The selector changed: run the dry run again.';
    }
  });
  byId('inv-confirm').addEventListener('click', () => run(byId('inv-confirm'), confirm));
  byId('inv-cancel').addEventListener('click', () => {
    reset();
    byId('inv-result').textContent = 'Cancelled: nothing was invalidated.';
  });
}

export function shown() {
  refreshAudit();
}
