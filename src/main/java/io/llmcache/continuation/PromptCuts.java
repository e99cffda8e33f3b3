package io.llmcache.continuation;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Names completion prompts by a hash of their text, so that a lookup can ask Redis in one
 * command which of its own prefixes were cached prompts.
 * <p>
 * The name of a prompt is its length and a 64-bit polynomial hash of its UTF-16 code
 * units. The hashes of all prefixes of a text come out of one pass over it, so a lookup
 * names every place where the cached prompt could end within the last
 * {@code maxTypedChars} characters at the cost of one multiplication per character. The
 * hash is not cryptographic and need not be: it only finds candidates, and a candidate is
 * served only after its stored prompt and completion are compared with the request's text
 * (a collision costs a read, never a wrong answer).
 */
public final class PromptCuts {

	/** An odd 64-bit constant (the golden ratio's), so multiplication mixes all bits. */
	private static final long MULTIPLIER = 0x9E3779B97F4A7C15L;

	private PromptCuts() {
	}

	/**
	 * The name of a whole prompt, under which an entry is indexed.
	 * @param prompt the cached prompt
	 * @return its name
	 */
	public static String nameOf(String prompt) {
		long hash = 0;
		for (int i = 0; i < prompt.length(); i++) {
			hash = step(hash, prompt.charAt(i));
		}
		return name(prompt.length(), hash);
	}

	/**
	 * The places where a cached prompt could end inside a requested prompt, so that the
	 * rest of the request is what the user typed after it: at least one character, at
	 * most {@code maxTypedChars}, never splitting a surrogate pair.
	 * @param prompt the requested prompt
	 * @param maxTypedChars the most characters typed after a cached prompt
	 * @return the cuts, the longest cached prompt first
	 */
	public static List<Cut> cutsOf(String prompt, int maxTypedChars) {
		int length = prompt.length();
		int shortest = Math.max(0, length - maxTypedChars);
		long hash = 0;
		for (int i = 0; i < shortest; i++) {
			hash = step(hash, prompt.charAt(i));
		}
		List<Cut> cuts = new ArrayList<>(length - shortest);
		for (int end = shortest; end < length; end++) {
			boolean splitsPair = end > 0 && Character.isHighSurrogate(prompt.charAt(end - 1))
					&& Character.isLowSurrogate(prompt.charAt(end));
			if (!splitsPair) {
				cuts.add(new Cut(end, name(end, hash)));
			}
			hash = step(hash, prompt.charAt(end));
		}
		Collections.reverse(cuts);
		return cuts;
	}

	private static long step(long hash, char next) {
		return hash * MULTIPLIER + next + 1;
	}

	private static String name(int length, long hash) {
		return Integer.toString(length, 36) + ":" + Long.toUnsignedString(hash, 36);
	}

	/**
	 * A place where a cached prompt could end.
	 *
	 * @param promptLength the cached prompt's length in UTF-16 code units
	 * @param name the name a cached prompt of exactly that text would have
	 */
	public record Cut(int promptLength, String name) {

	}

}
