package io.llmcache.entry;

import java.util.List;

/**
 * The outcome of a delete.
 *
 * @param deleted how many entries were deleted
 * @param withVectors the exact digests of those that had a vector
 */
public record Deletion(long deleted, List<String> withVectors) {

	/** Nothing was deleted. */
	public static final Deletion NONE = new Deletion(0, List.of());

}
