package io.llmcache.cache;

import java.util.Base64;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link EntryIds}.
 *
 * @author llm-cache developers
 */
class EntryIdsTests {

	private final byte[] digest = new byte[32];

	@Test
	void carriesNamespaceAndDigest() {
		this.digest[0] = 7;
		String id = EntryIds.create("support.v2", this.digest);
		EntryIds.Parsed parsed = EntryIds.parse(id).orElseThrow();
		assertThat(parsed.namespace()).isEqualTo("support.v2");
		assertThat(parsed.exactDigest()).isEqualTo(Base64.getUrlEncoder().withoutPadding().encodeToString(this.digest));
	}

	@Test
	void isNewForEveryStore() {
		assertThat(EntryIds.create("default", this.digest)).isNotEqualTo(EntryIds.create("default", this.digest));
	}

	@Test
	void rejectsIdsThatAreNotOurs() {
		assertThat(EntryIds.parse("not base64 !")).isEmpty();
		assertThat(EntryIds.parse("")).isEmpty();
		assertThat(EntryIds.parse("a".repeat(300))).isEmpty();
		String badNamespace = Base64.getUrlEncoder()
			.withoutPadding()
			.encodeToString(("../x\0" + "0".repeat(41)).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
		assertThat(EntryIds.parse(badNamespace)).isEmpty();
		String valid = EntryIds.create("default", this.digest);
		assertThat(EntryIds.parse(valid.substring(0, valid.length() - 4))).isEmpty();
	}

}
