// Signs in with an API key kept in this tab, and switches between the console's pages.
import { ApiError, describe, forgetKey, get, keepKey, storedKey } from './api.js';
import { byId, fill, h } from './dom.js';
import * as overview from './overview.js';
import * as lookup from './lookup.js';
import * as invalidate from './invalidate.js';
import * as policies from './policies.js';

const pages = { overview, lookup, invalidate, policies };

async function signIn(key) {
  const caller = await get('/v1/caller', key);
  keepKey(key);
  fill(byId('who'), 'Key ', h('strong', {}, caller.keyId), ' of tenant ', h('strong', { id: 'tenant' }, caller.tenant),
    ` (${caller.roles.join(', ')})`);
  byId('sign-in').hidden = true;
  byId('app').hidden = false;
  byId('sign-out').hidden = false;
  show('overview');
}

function signOut() {
  forgetKey();
  location.reload();
}

function show(name) {
  for (const [page, module] of Object.entries(pages)) {
    const selected = page === name;
    const tab = byId(`tab-${page}`);
    tab.setAttribute('aria-selected', String(selected));
    tab.tabIndex = selected ? 0 : -1;
    byId(`page-${page}`).hidden = !selected;
    if (selected) module.shown?.();
  }
}

function setUpTabs() {
  const tabs = [...document.querySelectorAll('[role="tab"]')];
  tabs.forEach((tab, index) => {
    tab.addEventListener('click', () => show(tab.id.slice('tab-'.length)));
    // Arrow keys move between tabs, as the WAI-ARIA tabs pattern has it.
    tab.addEventListener('keydown', (event) => {
      const step = { ArrowRight: 1, ArrowLeft: -1 }[event.key];
      if (!step) return;
      const next = tabs[(index + step + tabs.length) % tabs.length];
      next.focus();
      show(next.id.slice('tab-'.length));
    });
  });
}

function setUp() {
  setUpTabs();
  Object.values(pages).forEach((page) => page.setUp());
  byId('sign-out').addEventListener('click', signOut);
  byId('sign-in-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const field = byId('api-key');
    try {
      await signIn(field.value.trim());
      field.value = '';
    } catch (error) {
      byId('sign-in-error').textContent = error instanceof ApiError && error.status === 401
        ? 'This key is not known to the service.' : describe(error);
    }
  });
  const key = storedKey();
  if (key) {
    // A reload keeps the key of this tab; only a key the service no longer knows is dropped.
    signIn(key).catch((error) => {
      if (error instanceof ApiError && error.status === 401) forgetKey();
      byId('sign-in-error').textContent = describe(error);
    });
  }
}

setUp();
