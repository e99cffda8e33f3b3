// Policies: view and edit a namespace policy; the API's validation messages are shown
// beside the field they name.
import { ApiError, describe, get, put } from './api.js';
import { busy, byId, fill, h } from './dom.js';

/** Fields of the policy view that the service sets, not the editor. */
const READ_ONLY = ['namespace', 'version', 'keyVersion', 'source'];

let loaded = null;

function namespace() {
  return byId('policy-namespace').value.trim();
}

function show(view) {
  loaded = view.namespace;
  fill(byId('policy-info'), `Version ${view.version} of namespace ${view.namespace}, from ${view.source}; key version `,
    h('code', {}, view.keyVersion), '.');
  const editable = { ...view };
  READ_ONLY.forEach((field) => delete editable[field]);
  byId('policy-text').value = JSON.stringify(editable, null, 2);
  byId('policy-form').hidden = false;
}

async function load() {
  fill(byId('policy-errors'));
  show(await get(`/v1/admin/namespaces/${encodeURIComponent(namespace())}/policy`));
}

async function save() {
  let document;
  try {
    document = JSON.parse(byId('policy-text').value);
  } catch (error) {
    fill(byId('policy-errors'), `Not JSON: ${error.message}`);
    return;
  }
  show(await put(`/v1/admin/namespaces/${encodeURIComponent(loaded)}/policy`, document));
  byId('policy-info').append(' Saved.');
}

function showError(error) {
  const fields = error instanceof ApiError ? error.fieldErrors() : [];
  fill(byId('policy-errors'), fields.length
    ? [h('p', {}, 'The policy was not saved:'), h('ul', {}, fields.map((line) => h('li', {}, line)))]
    : h('p', {}, describe(error)));
}

export function setUp() {
  byId('policy-load-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const button = event.submitter ?? event.target.querySelector('button');
    busy(button, () => load().catch(showError));
  });
  byId('policy-form').addEventListener('submit', (event) => {
    event.preventDefault();
    fill(byId('policy-errors'));
    busy(byId('policy-save'), () => save().catch(showError));
  });
}
