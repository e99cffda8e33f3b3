package io.llmcache.prefix;

import java.util.List;

/**
 * One segment of a request's canonical token sequence: the tool definitions, a message or
 * the completion prompt. A segment is a role marker followed by parts; each part is a
 * marker and a text that is tokenized on its own.
 *
 * @param role what the lookup answer calls the segment: {@code tools}, {@code prompt} or
 * the message's role
 * @param roleMarker the marker that opens the segment (see {@link Markers}); a role
 * without its own marker opens with {@link Markers#OTHER_ROLE} and names itself in a
 * {@link Markers#ROLE_NAME} part
 * @param parts the parts, in order
 */
record Segment(String role, int roleMarker, List<Part> parts) {

	Segment {
		parts = List.copyOf(parts);
	}

	/**
	 * A marked text.
	 *
	 * @param marker what the text is (a negative id, never a token)
	 * @param text the text, tokenized on its own
	 */
	record Part(int marker, String text) {

	}

}
