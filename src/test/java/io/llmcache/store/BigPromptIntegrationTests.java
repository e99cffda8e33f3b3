package io.llmcache.store;

import java.util.List;
import java.util.Random;

import io.llmcache.ApiClient;
import io.llmcache.ApiClient.Answer;
import io.llmcache.IntegrationTest;
import io.llmcache.TestApiKeys;
import io.llmcache.entry.EntryId;
import io.llmcache.entry.TenantNamespace;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Big prompts cost Redis what they weigh once: an entry keeps its prompt once, and a
 * prompt over the prompt limit ({@code llmcache.limits.max-prompt-size}, 512 KB by
 * default, well below the 4 MB body limit) is refused before anything is written.
 */
@IntegrationTest
class BigPromptIntegrationTests {

	private static final int KB = 1024;

	@LocalServerPort
	int port;

	@Autowired
	StringRedisTemplate redis;

	@Test
	void anEntryKeepsItsPromptOnce() {
		String prompt = text(400 * KB);
		Answer stored = new ApiClient(this.port).post("/v1/cache/entries", TestApiKeys.ACME_WRITER,
				body("big-prompts", prompt, ",\"response\":{\"text\":\"short\"}"));
		assertThat(stored.status()).isEqualTo(201);
		EntryId id = EntryId.parse(stored.body().get("entryId").asString()).orElseThrow();
		String key = TenantNamespace.of("acme", "big-prompts").entryKey(id.exactDigest());
		Long bytes = this.redis.execute(
				RedisScript.of("return redis.call('MEMORY', 'USAGE', KEYS[1], 'SAMPLES', '0')", Long.class),
				List.of(key));
		// The prompt once (Redis allocates in size classes up to a quarter apart), and a
		// little for the rest of the entry. It was three times.
		assertThat(bytes).isBetween((long) prompt.length(), prompt.length() * 5L / 4 + 8L * KB);
	}

	@Test
	void aBigEntryIsStoredWholeThroughItsStagingHashAndLeavesNoneBehind() {
		ApiClient api = new ApiClient(this.port);
		String prompt = text(300 * KB);
		String namespace = "big-prompts-staged";
		String response = ",\"response\":{\"text\":\"" + text(100 * KB) + "\"}";
		Answer stored = api.post("/v1/cache/entries", TestApiKeys.ACME_WRITER, body(namespace, prompt, response));
		assertThat(stored.status()).isEqualTo(201);
		String entryId = stored.body().get("entryId").asString();

		Answer hit = api.post("/v1/cache/lookup", TestApiKeys.ACME_READER, body(namespace, prompt, ""));
		assertThat(hit.body().get("hit").booleanValue()).isTrue();
		assertThat(hit.body().at("/response/text").asString()).hasSize(100 * KB);
		Answer read = api.get("/v1/cache/entries/" + entryId, TestApiKeys.ACME_READER);
		assertThat(read.body().at("/request/messages/0/content").asString()).isEqualTo(prompt);

		// Replaced by a small entry of the same request: one entry, the new answer
		assertThat(api
			.post("/v1/cache/entries", TestApiKeys.ACME_WRITER,
					body(namespace, prompt, ",\"response\":{\"text\":\"small\"}"))
			.status()).isEqualTo(201);
		assertThat(api.post("/v1/cache/lookup", TestApiKeys.ACME_READER, body(namespace, prompt, ""))
			.body()
			.at("/response/text")
			.asString()).isEqualTo("small");
		assertThat(this.redis.keys(TenantNamespace.of("acme", namespace).key("stage:*"))).isEmpty();
	}

	@Test
	void aPromptOverThePromptLimitIsRefusedWithoutWritingAnything() {
		ApiClient api = new ApiClient(this.port);
		String prompt = text(600 * KB);
		Answer stored = api.post("/v1/cache/entries", TestApiKeys.ACME_WRITER,
				body("big-prompts-refused", prompt, ",\"response\":{\"text\":\"short\"}"));
		assertThat(stored.status()).isEqualTo(413);
		assertThat(stored.body().get("type").asString()).endsWith("/prompt-too-large");
		assertThat(stored.body().get("detail").asString()).contains("524288");
		Answer lookup = api.post("/v1/cache/lookup", TestApiKeys.ACME_READER, body("big-prompts-refused", prompt, ""));
		assertThat(lookup.status()).isEqualTo(413);
		assertThat(this.redis.keys(TenantNamespace.of("acme", "big-prompts-refused").keyPrefix() + "*")).isEmpty();
	}

	static String body(String namespace, String prompt, String extra) {
		return "{\"namespace\":\"" + namespace + "\",\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\""
				+ prompt + "\"}]" + extra + "}";
	}

	/** Letters that no normalization shortens. */
	static String text(int length) {
		Random random = new Random(length);
		StringBuilder text = new StringBuilder(length);
		while (text.length() < length) {
			text.append((char) ('a' + random.nextInt(26)));
		}
		return text.toString();
	}

}
