package io.llmcache.entry;

import java.util.Base64;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link EntryId}.
 */
class EntryIdTests {

	private final byte[] digest = new byte[32];

	@Test
	void carriesNamespaceAndDigest() {
		this.digest[0] = 7;
		String id = EntryId.create("support.v2", this.digest);
		EntryId parsed = EntryId.parse(id).orElseThrow();
		assertThat(parsed.namespace()).isEqualTo("support.v2");
		assertThat(parsed.exactDigest()).isEqualTo(Base64.getUrlEncoder().withoutPadding().encodeToString(this.digest));
	}

	@Test
	void isNewForEveryStore() {
		assertThat(EntryId.create("default", this.digest)).isNotEqualTo(EntryId.create("default", this.digest));
	}

	@Test
	void rejectsIdsThatAreNotOurs() {
		assertThat(EntryId.parse("not base64 !")).isEmpty();
		assertThat(EntryId.parse("")).isEmpty();
		assertThat(EntryId.parse("a".repeat(300))).isEmpty();
		String badNamespace = Base64.getUrlEncoder()
			.withoutPadding()
			.encodeToString(("../x\0" + "0".repeat(41)).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
		assertThat(EntryId.parse(badNamespace)).isEmpty();
		String valid = EntryId.create("default", this.digest);
		assertThat(EntryId.parse(valid.substring(0, valid.length() - 4))).isEmpty();
	}

}
