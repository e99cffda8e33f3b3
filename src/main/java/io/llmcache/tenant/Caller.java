package io.llmcache.tenant;

import java.util.Set;

/**
 * The authenticated caller of a request, derived from its API key alone.
 *
 * @param keyId the configured id of the API key, for audit logs
 * @param tenant the tenant the key belongs to
 * @param roles the roles granted to the key
 */
public record Caller(String keyId, String tenant, Set<Role> roles) {

	public Caller {
		roles = Set.copyOf(roles);
	}

	/**
	 * Whether the caller holds a role.
	 * @param role the role
	 * @return {@code true} if the key was granted the role
	 */
	public boolean has(Role role) {
		return this.roles.contains(role);
	}

}
