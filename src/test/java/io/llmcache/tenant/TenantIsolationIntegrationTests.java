package io.llmcache.tenant;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.llmcache.ApiClient;
import io.llmcache.ApiClient.Answer;
import io.llmcache.IntegrationTest;
import io.llmcache.TestApiKeys;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hundreds of entries stored as one tenant are never served to another, by any match
 * type, whatever the other tenant puts in its body or headers.
 */
@IntegrationTest
class TenantIsolationIntegrationTests {

	// Each entry is probed by the owner and by the other tenant in every way: about 900
	// foreign attempts, in a few seconds of ./mvnw verify's budget.
	private static final int ENTRIES = 400;

	private static final String NAMESPACE = "isolation";

	@LocalServerPort
	int port;

	@Test
	void anotherTenantNeverHitsAnEntryOfThisTenant() throws Exception {
		ApiClient api = new ApiClient(this.port);
		List<Integer> indexes = new ArrayList<>();
		for (int i = 0; i < ENTRIES; i++) {
			indexes.add(i);
		}
		ExecutorService pool = Executors.newFixedThreadPool(8);
		try {
			List<Future<Integer>> stores = new ArrayList<>();
			for (int i : indexes) {
				stores.add(
						pool.submit(
								() -> api
									.post("/v1/cache/entries", TestApiKeys.ACME_ADMIN,
											"""
													{"namespace":"%s","model":"m","messages":[{"role":"user","content":"question %d"}],
													 "response":{"answer":%d}}"""
												.formatted(NAMESPACE, i, i))
									.status()));
			}
			for (Future<Integer> status : stores) {
				assertThat(status.get()).isEqualTo(201);
			}

			List<Future<List<Answer>>> probes = new ArrayList<>();
			for (int i : indexes) {
				probes.add(pool.submit(() -> probe(api, i)));
			}
			int acmeHits = 0;
			for (Future<List<Answer>> probe : probes) {
				List<Answer> answers = probe.get();
				// The owner's own lookup proves the entry is there to be found.
				assertThat(answers.get(0).body().get("hit").booleanValue()).isTrue();
				acmeHits++;
				for (Answer foreign : answers.subList(1, answers.size())) {
					assertThat(foreign.status()).isEqualTo(200);
					assertThat(foreign.body().get("hit").booleanValue()).isFalse();
				}
			}
			assertThat(acmeHits).isEqualTo(ENTRIES);
		}
		finally {
			pool.shutdownNow();
		}
	}

	@Test
	void anotherTenantCannotReadOrDeleteAnEntryById() {
		ApiClient api = new ApiClient(this.port);
		String entryId = api.post("/v1/cache/entries", TestApiKeys.ACME_ADMIN, """
				{"namespace":"%s","model":"m","prompt":"owned by acme","response":{}}""".formatted(NAMESPACE))
			.body()
			.get("entryId")
			.stringValue();
		assertThat(api.get("/v1/cache/entries/" + entryId, TestApiKeys.GLOBEX_ADMIN).status()).isEqualTo(404);
		assertThat(api.delete("/v1/cache/entries/" + entryId, TestApiKeys.GLOBEX_ADMIN).status()).isEqualTo(404);
		assertThat(api.get("/v1/cache/entries/" + entryId, TestApiKeys.ACME_ADMIN).status()).isEqualTo(200);
	}

	/**
	 * The owner's lookup first, then the other tenant's: exact and normalized for every
	 * entry; with a tenant named in the body and with tenant headers for every tenth (the
	 * key alone decides the tenant whatever the entry, so a sample shows it).
	 */
	private static List<Answer> probe(ApiClient api, int i) {
		String exact = """
				{"namespace":"%s","model":"m","messages":[{"role":"user","content":"question %d"}]}"""
			.formatted(NAMESPACE, i);
		String normalized = """
				{"namespace":"%s","model":"m","messages":[{"role":"user","content":"  question  %d "}]}"""
			.formatted(NAMESPACE, i);
		List<Answer> answers = new ArrayList<>(List.of(api.post("/v1/cache/lookup", TestApiKeys.ACME_READER, exact),
				api.post("/v1/cache/lookup", TestApiKeys.GLOBEX_ADMIN, exact),
				api.post("/v1/cache/lookup", TestApiKeys.GLOBEX_ADMIN, normalized)));
		if (i % 10 == 0) {
			String namingTenant = """
					{"tenant":"acme","namespace":"%s","model":"m","messages":[{"role":"user","content":"question %d"}]}"""
				.formatted(NAMESPACE, i);
			Map<String, String> tenantHeaders = Map.of("X-Tenant", "acme", "X-Tenant-Id", "acme", "X-Cache-Tenant",
					"acme");
			answers.add(api.post("/v1/cache/lookup", TestApiKeys.GLOBEX_ADMIN, namingTenant));
			answers.add(api.post("/v1/cache/lookup", TestApiKeys.GLOBEX_ADMIN, exact, tenantHeaders));
		}
		return answers;
	}

}
