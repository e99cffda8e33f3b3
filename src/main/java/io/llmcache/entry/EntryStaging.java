package io.llmcache.entry;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Repository;

/**
 * Keeps a big entry's payload out of the store script. Redis runs a script alone, and
 * copying a value of several hundred kilobytes into and out of Lua holds it up for
 * milliseconds to tens of milliseconds, for every tenant. So the request and response of
 * a big entry are first written by plain commands into a staging hash of the entry's own
 * namespace (one {@code MULTI}: the hash and its expiry, or nothing), and the store
 * script only renames that hash into the entry, which takes constant time. A staging hash
 * that is never used expires within a minute: it is not an entry, and nothing reads it.
 */
@Repository
class EntryStaging {

	/** Entries whose payload is larger than this are staged. */
	static final int THRESHOLD = 64 * 1024;

	/** The fields that are staged: the ones that carry the prompt and the response. */
	private static final Set<String> PAYLOAD = Set.of("request", "response");

	private static final Duration EXPIRY = Duration.ofMinutes(1);

	private final StringRedisTemplate redis;

	EntryStaging(StringRedisTemplate redis) {
		this.redis = redis;
	}

	/**
	 * Stages an entry's payload if it is big.
	 * @param namespace the entry's namespace
	 * @param hash the entry's fields and values, alternating
	 * @return the staging key and the fields left for the script, or the fields as they
	 * were with no key
	 * @throws DataAccessException if Redis failed (nothing of the entry is stored)
	 */
	Staged stage(TenantNamespace namespace, List<String> hash) {
		// Sized before anything is copied: most entries are small, and their store stays
		// as it was
		long size = 0;
		for (int i = 0; i + 1 < hash.size(); i += 2) {
			if (PAYLOAD.contains(hash.get(i))) {
				size += hash.get(i + 1).length();
			}
		}
		if (size <= THRESHOLD) {
			return new Staged(null, hash);
		}
		Map<byte[], byte[]> payload = new LinkedHashMap<>();
		List<String> rest = new ArrayList<>();
		for (int i = 0; i + 1 < hash.size(); i += 2) {
			if (PAYLOAD.contains(hash.get(i))) {
				payload.put(utf8(hash.get(i)), utf8(hash.get(i + 1)));
			}
			else {
				rest.add(hash.get(i));
				rest.add(hash.get(i + 1));
			}
		}
		String key = namespace.key("stage:" + UUID.randomUUID());
		byte[] stageKey = utf8(key);
		this.redis.execute((RedisCallback<List<Object>>) (connection) -> {
			connection.multi();
			connection.hashCommands().hMSet(stageKey, payload);
			connection.keyCommands().pExpire(stageKey, EXPIRY.toMillis());
			return connection.exec();
		});
		return new Staged(key, rest);
	}

	private static byte[] utf8(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	/**
	 * Removes a staging hash the store did not use, rather than leave it to expire.
	 * @param staged what {@link #stage} answered
	 */
	void discard(Staged staged) {
		if (staged.key() != null) {
			try {
				this.redis.delete(staged.key());
			}
			catch (DataAccessException ex) {
				// It expires within a minute anyway
			}
		}
	}

	/**
	 * An entry's fields, some of them perhaps staged.
	 *
	 * @param key the staging hash, or {@code null} when nothing is staged
	 * @param fields the fields and values the store script writes itself
	 */
	record Staged(String key, List<String> fields) {

	}

}
