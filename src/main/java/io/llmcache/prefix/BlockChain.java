package io.llmcache.prefix;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;

import io.llmcache.system.Digests;

/**
 * Cuts a {@link TokenSequence} into blocks and chains their hashes. A block ends at every
 * segment end and after every {@value #BLOCK_IDS} ids inside a long segment; the chain
 * starts from a seed of the tenant, namespace and tokenizer, so equal text in two
 * partitions (or under two tokenizers) never gives equal hashes.
 * <p>
 * Boundaries are a function of the ids alone (a segment starts at its role marker), so
 * two sequences have a block hash in common only if they are equal up to the end of that
 * block.
 */
final class BlockChain {

	/** The most ids in one block; changing it changes every hash (see the version). */
	static final int BLOCK_IDS = 64;

	private static final String VERSION = "llmc-prefix-v1";

	private BlockChain() {
	}

	/**
	 * The blocks of a sequence in a partition.
	 * @param tenant the tenant
	 * @param namespace the namespace
	 * @param sequence the sequence
	 * @return the blocks, in order
	 */
	static List<Block> of(String tenant, String namespace, TokenSequence sequence) {
		MessageDigest digest = Digests.newSha256();
		byte[] previous = seed(digest, tenant, namespace, sequence.encoding());
		List<Block> blocks = new ArrayList<>();
		ByteBuffer buffer = ByteBuffer.allocate(BLOCK_IDS * 4);
		int endTokens = 0;
		for (int s = 0; s < sequence.segments().size(); s++) {
			int[] ids = sequence.segments().get(s).ids();
			for (int start = 0; start < ids.length; start += BLOCK_IDS) {
				int end = Math.min(ids.length, start + BLOCK_IDS);
				buffer.clear();
				for (int i = start; i < end; i++) {
					buffer.putInt(ids[i]);
					endTokens += (ids[i] >= 0) ? 1 : 0;
				}
				digest.update(previous);
				digest.update(buffer.array(), 0, buffer.position());
				previous = digest.digest();
				blocks.add(new Block(previous, endTokens, s, end == ids.length));
			}
		}
		return blocks;
	}

	private static byte[] seed(MessageDigest digest, String... parts) {
		digest.update(VERSION.getBytes(StandardCharsets.US_ASCII));
		for (String part : parts) {
			byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
			digest.update(ByteBuffer.allocate(4).putInt(bytes.length).array());
			digest.update(bytes);
		}
		return digest.digest();
	}

}
