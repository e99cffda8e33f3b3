/**
 * The entry store: the Redis layout of cached entries, owned in one place. A
 * {@link io.llmcache.entry.TenantNamespace} makes every key; the
 * {@link io.llmcache.entry.EntryRepository} keeps entries, their pointers and index
 * memberships with its scripts. Features (lookup, store, invalidation, semantic,
 * continuation, feedback, stats) sit on top of it; it imports none of them.
 * <p>
 * Key layout. Every key starts with the namespace prefix {@code P = llmc:{tenant/ns}:}
 * (see {@link io.llmcache.entry.TenantNamespace}, which makes every key); the hash tag
 * puts a namespace's keys in one Cluster slot, so every script touches keys of one slot
 * only, and receives them all in {@code KEYS} (see {@code EntryScripts}).
 * <table>
 * <caption>Redis keys of cache entries</caption>
 * <tr>
 * <th>key</th>
 * <th>type</th>
 * <th>TTL</th>
 * <th>what</th>
 * </tr>
 * <tr>
 * <td>{@code P e:<exact-digest>}</td>
 * <td>hash: {@code id, gen, model, ndigest, request, response, created, expires}, and
 * {@code tags, metadata} when not empty, {@code usage} when known;
 * {@code ctx, stext, vec} (int8, see {@code Vectors}) with a vector, {@code fb} once
 * flagged wrong, {@code cctx, cname} when indexed for continuation hits. Entries of
 * earlier builds may also have {@code mdig}, empty {@code tags} and {@code metadata}, a
 * float32 {@code vec}, or {@code exact, norm} (before 0.2); they stay readable. Bytes per
 * field: {@code docs/configuration.md}</td>
 * <td>the entry's TTL</td>
 * <td>the entry</td>
 * </tr>
 * <tr>
 * <td>{@code P n:<normalized-digest>}</td>
 * <td>string: the key of the newest entry with this normalized form (its bare exact
 * digest in pointers written by earlier versions, still followed)</td>
 * <td>the entry's TTL</td>
 * <td>normalized lookups</td>
 * </tr>
 * <tr>
 * <td>{@code P x:all}, {@code P x:m:<model-hash>}, {@code P x:t:<tag>},
 * {@code P x:sem}</td>
 * <td>sorted sets of exact digests scored by expiry (ms)</td>
 * <td>the longest TTL of their members</td>
 * <td>the entries of the namespace, of a model, with a tag, with a vector: what
 * invalidations count and sweep, and what the semantic index is rebuilt from. Expired
 * members are dropped by the next store that touches the index.</td>
 * </tr>
 * <tr>
 * <td>{@code P c:<context-digest>}</td>
 * <td>hash: prompt name to exact digest</td>
 * <td>the longest TTL of its entries</td>
 * <td>completion-form entries by prompt, for continuation hits; a deleted entry's field
 * goes with it, an expired one's with the hash</td>
 * </tr>
 * <tr>
 * <td>{@code P ctl}</td>
 * <td>hash: {@code seq} (invalidation sequence number), {@code swept} ({@code maxexp} in
 * namespaces of earlier versions, still read)</td>
 * <td>none while invalidation rules exist, else until the latest expiry in
 * {@code P x:all}</td>
 * <td>written by the invalidation feature only, read by every entry read: a store never
 * writes it, so that a store does not invalidate the near-cache's copies of the whole
 * namespace</td>
 * </tr>
 * </table>
 * Digests are unpadded base64url SHA-256 of the canonical forms.
 * <p>
 * The {@link io.llmcache.entry.near near-cache} keeps copies of entries read by exact
 * digest in memory, consistent through Redis's client-side caching.
 */
package io.llmcache.entry;
