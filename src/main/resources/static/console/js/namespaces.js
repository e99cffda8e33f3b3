// The tenant's namespaces (those with statistics), offered in every namespace field.
import { ApiError, get } from './api.js';
import { byId, fill, h } from './dom.js';

export async function refreshNamespaces() {
  try {
    const stats = await get('/v1/admin/stats');
    const names = new Set(['default', ...stats.namespaces.map((n) => n.namespace)]);
    fill(byId('namespaces'), [...names].sort().map((name) => h('option', { value: name })));
  } catch (error) {
    // A key without the admin role cannot list them; the fields still take any name.
    if (!(error instanceof ApiError && error.status === 403)) throw error;
  }
}
