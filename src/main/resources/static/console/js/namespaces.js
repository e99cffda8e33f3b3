// The tenant's namespaces (those with statistics), offered in every namespace field. The
// overview reads them anyway, so it hands them over each time it is drawn.
import { byId, fill, h } from './dom.js';

export function offerNamespaces(names) {
  const offered = new Set(['default', ...names]);
  fill(byId('namespaces'), [...offered].sort().map((name) => h('option', { value: name })));
}
