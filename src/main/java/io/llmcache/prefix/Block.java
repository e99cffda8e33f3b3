package io.llmcache.prefix;

import java.util.Arrays;
import java.util.Base64;

/**
 * One block of a canonical token sequence, with its chained hash: the SHA-256 of the
 * previous block's hash and this block's ids, so it commits to every id from the start of
 * the sequence and to the partition's seed. The first half of the hash names the block in
 * the index; the second half is stored with it and compared on every read, so a clash of
 * names costs a miss, never a claim that two different sequences share a prefix.
 *
 * @param hash the 32-byte chained hash
 * @param endTokens the tokens from the start of the sequence to the end of this block
 * (markers not counted)
 * @param segment the index of the block's segment
 * @param segmentEnd whether the block ends its segment
 */
record Block(byte[] hash, int endTokens, int segment, boolean segmentEnd) {

	private static final Base64.Encoder BASE64 = Base64.getUrlEncoder().withoutPadding();

	/**
	 * The block's name in the index: the first 128 bits of the hash.
	 * @return 22 characters of base64url
	 */
	String id() {
		return BASE64.encodeToString(Arrays.copyOfRange(this.hash, 0, 16));
	}

	/**
	 * The check stored with the block: the other 128 bits of the hash.
	 * @return 22 characters of base64url
	 */
	String check() {
		return BASE64.encodeToString(Arrays.copyOfRange(this.hash, 16, 32));
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof Block block && Arrays.equals(this.hash, block.hash) && this.endTokens == block.endTokens
				&& this.segment == block.segment && this.segmentEnd == block.segmentEnd;
	}

	@Override
	public int hashCode() {
		return Arrays.hashCode(this.hash);
	}

	@Override
	public String toString() {
		return "Block[" + id() + ", endTokens=" + this.endTokens + ", segment=" + this.segment + "]";
	}

}
