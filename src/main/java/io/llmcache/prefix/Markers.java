package io.llmcache.prefix;

import java.util.Map;

/**
 * The marker ids of the canonical token sequence. Tokenizers produce ids &ge; 0, so a
 * negative id can never be confused with a token: identical text under different roles,
 * or in different fields of a message, gives different sequences. Changing a value
 * changes every block hash, so values are never reused.
 */
final class Markers {

	/** Opens the segment of tool definitions. */
	static final int TOOLS = -1;

	/** Opens the completion prompt. */
	static final int PROMPT = -2;

	/** Opens a message whose role is not one of {@link #ROLES}; the role follows. */
	static final int OTHER_ROLE = -9;

	/** The role name of an {@link #OTHER_ROLE} message. */
	static final int ROLE_NAME = -20;

	/** A run of text content. */
	static final int TEXT = -21;

	/** A message's {@code name}. */
	static final int NAME = -22;

	/** A message's {@code tool_call_id}. */
	static final int TOOL_CALL_ID = -23;

	/** A message's {@code tool_calls}, as canonical JSON. */
	static final int TOOL_CALLS = -24;

	/** A content part that is not text (an image, audio), as canonical JSON. */
	static final int OTHER_PART = -25;

	/** One tool definition, as canonical JSON. */
	static final int TOOL = -26;

	/** The markers of the usual roles. */
	static final Map<String, Integer> ROLES = Map.of("system", -3, "user", -4, "assistant", -5, "tool", -6, "developer",
			-7, "function", -8);

	private Markers() {
	}

	/**
	 * Whether an id opens a segment: segment boundaries are where these stand.
	 * @param id an id of the sequence
	 * @return {@code true} for a role marker
	 */
	static boolean opensSegment(int id) {
		return id >= OTHER_ROLE && id <= TOOLS;
	}

}
