package io.llmcache.entry;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Pattern;

import io.llmcache.system.ApiException;
import io.llmcache.system.ProblemType;
import io.llmcache.tenant.Tenants;

/**
 * Entry ids are opaque to callers; inside they carry the namespace and the exact-key
 * digest of the entry, so that {@code GET} and {@code DELETE} find it with one Redis read
 * and without a tenant-wide index, plus random bytes so that a replaced entry gets a new
 * id. The tenant is never part of the id: it always comes from the caller's key.
 *
 * @param namespace the entry's namespace
 * @param exactDigest the entry's exact-key digest, base64url
 */
public record EntryId(String namespace, String exactDigest) {

	private static final int DIGEST_LENGTH = 32;

	private static final int RANDOM_LENGTH = 9;

	private static final int MAX_ID_LENGTH = 256;

	private static final Pattern NAMESPACE = Pattern.compile(Tenants.NAME_PATTERN);

	private static final SecureRandom RANDOM = new SecureRandom();

	/**
	 * A new id for an entry about to be stored.
	 * @param namespace the namespace
	 * @param exactDigest the exact key's digest
	 * @return the id text
	 */
	public static String create(String namespace, byte[] exactDigest) {
		byte[] name = namespace.getBytes(StandardCharsets.US_ASCII);
		byte[] random = new byte[RANDOM_LENGTH];
		RANDOM.nextBytes(random);
		ByteBuffer id = ByteBuffer.allocate(name.length + 1 + DIGEST_LENGTH + RANDOM_LENGTH);
		id.put(name).put((byte) 0).put(exactDigest).put(random);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(id.array());
	}

	/**
	 * Reads an entry id.
	 * @param entryId the id as the caller sent it
	 * @return the namespace and exact-key digest, or empty if the id is not one of ours
	 */
	public static Optional<EntryId> parse(String entryId) {
		if (entryId == null || entryId.length() > MAX_ID_LENGTH) {
			return Optional.empty();
		}
		byte[] bytes;
		try {
			bytes = Base64.getUrlDecoder().decode(entryId);
		}
		catch (IllegalArgumentException ex) {
			return Optional.empty();
		}
		int separator = indexOfZero(bytes);
		if (separator < 1 || bytes.length != separator + 1 + DIGEST_LENGTH + RANDOM_LENGTH) {
			return Optional.empty();
		}
		String namespace = new String(bytes, 0, separator, StandardCharsets.US_ASCII);
		if (!NAMESPACE.matcher(namespace).matches()) {
			return Optional.empty();
		}
		byte[] digest = Arrays.copyOfRange(bytes, separator + 1, separator + 1 + DIGEST_LENGTH);
		return Optional.of(new EntryId(namespace, Base64.getUrlEncoder().withoutPadding().encodeToString(digest)));
	}

	/**
	 * The problem for an entry id that names nothing of the caller's: absent, expired,
	 * invalidated, another tenant's, or not an id at all.
	 * @param entryId the id as the caller sent it
	 * @return the 404 problem
	 */
	public static ApiException notFound(String entryId) {
		return new ApiException(ProblemType.ENTRY_NOT_FOUND, "No entry '" + entryId + "' in this tenant");
	}

	private static int indexOfZero(byte[] bytes) {
		for (int i = 0; i < bytes.length; i++) {
			if (bytes[i] == 0) {
				return i;
			}
		}
		return -1;
	}

}
