package io.llmcache.system;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link Digests}.
 */
class DigestsTests {

	// FIPS 180-2, appendix B.1 and B.2
	private static final String ABC = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

	private static final String TWO_BLOCKS = "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1";

	@Test
	void hashesLikeTheStandardsExamples() {
		assertThat(Digests.sha256Hex("abc")).isEqualTo(ABC);
		assertThat(Digests.sha256Hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")).isEqualTo(TWO_BLOCKS);
		assertThat(Digests.shortSha256("abc")).isEqualTo(ABC.substring(0, 12));
	}

	@Test
	void eachDigestStartsFresh() {
		MessageDigest first = Digests.newSha256();
		first.update("ab".getBytes(StandardCharsets.UTF_8));
		MessageDigest second = Digests.newSha256();
		second.update("abc".getBytes(StandardCharsets.UTF_8));
		first.update("c".getBytes(StandardCharsets.UTF_8));
		assertThat(HexFormat.of().formatHex(first.digest())).isEqualTo(ABC);
		assertThat(HexFormat.of().formatHex(second.digest())).isEqualTo(ABC);
		assertThat(Digests.sha256Hex("abc")).isEqualTo(ABC);
	}

	@Test
	void threadsHashingAtOnceDoNotMixTheirInputs() throws Exception {
		List<String> texts = IntStream.range(0, 2_000).mapToObj((i) -> "text " + i).toList();
		List<String> expected = texts.stream().map(DigestsTests::reference).toList();
		ExecutorService threads = Executors.newFixedThreadPool(8);
		try {
			List<Future<List<String>>> runs = IntStream.range(0, 8)
				.mapToObj((run) -> threads.submit(() -> texts.stream().map(Digests::sha256Hex).toList()))
				.toList();
			for (Future<List<String>> run : runs) {
				assertThat(run.get()).isEqualTo(expected);
			}
		}
		finally {
			threads.shutdownNow();
		}
	}

	private static String reference(String text) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

}
