package io.llmcache.guard;

import java.util.List;

/**
 * Rejects a candidate that says the opposite word where the query says one: "enable" and
 * "disable", "increase" and "decrease", "upload" and "download", "men" and "women".
 * Opposites share their contexts, so embeddings put them close together.
 * <p>
 * A pair counts only when each text has its own side and not the other's, so "pros and
 * cons of X" and "what are the cons of X" are left to the embedding.
 */
final class AntonymGuard implements SemanticGuard {

	static final String NAME = "antonyms";

	private static final List<List<String>> PAIRS = pairs("enable disable", "enabled disabled", "enabling disabling",
			"on off", "turn-on turn-off", "activate deactivate", "allow deny", "allow block", "block unblock",
			"lock unlock", "show hide", "open close", "start stop", "install uninstall", "add remove", "insert delete",
			"create delete", "include exclude", "import export", "upload download", "push pull", "encrypt decrypt",
			"encode decode", "compress decompress", "zip unzip", "serialize deserialize", "mount unmount",
			"connect disconnect", "subscribe unsubscribe", "follow unfollow", "login logout", "sign-in sign-out",
			"increase decrease", "increase reduce", "raise lower", "gain lose", "gain loss", "maximum minimum",
			"max min", "maximize minimize", "more less", "most least", "best worst", "better worse", "high low",
			"higher lower", "fast slow", "faster slower", "before after", "first last", "early late", "buy sell",
			"win lose", "pass fail", "success failure", "accept reject", "true false", "positive negative",
			"advantages disadvantages", "pros cons", "love hate", "like dislike", "agree disagree", "legal illegal",
			"possible impossible", "safe unsafe", "healthy unhealthy", "rich poor", "old young", "cheap expensive",
			"free paid", "input output", "inbound outbound", "upper lower", "ascending descending", "min max",
			"male female", "men women", "man woman", "boy girl", "boys girls", "husband wife", "boyfriend girlfriend",
			"father mother", "son daughter", "brother sister", "he she", "his her", "north south", "east west",
			"left right", "up down", "above below", "inside outside", "internal external", "public private",
			"client server", "sync async", "synchronous asynchronous", "static dynamic", "mutable immutable",
			"backend frontend", "send receive", "encrypted unencrypted", "valid invalid", "visible invisible");

	@Override
	public String name() {
		return NAME;
	}

	@Override
	public GuardVerdict check(GuardText query, GuardText candidate) {
		for (List<String> pair : PAIRS) {
			String one = pair.get(0);
			String other = pair.get(1);
			if (opposite(query, candidate, one, other)) {
				return GuardVerdict.reject(NAME, "'" + one + "' in the query, '" + other + "' in the candidate");
			}
			if (opposite(query, candidate, other, one)) {
				return GuardVerdict.reject(NAME, "'" + other + "' in the query, '" + one + "' in the candidate");
			}
		}
		return GuardVerdict.accept(NAME);
	}

	private static boolean opposite(GuardText query, GuardText candidate, String inQuery, String inCandidate) {
		return query.has(inQuery) && !query.has(inCandidate) && candidate.has(inCandidate) && !candidate.has(inQuery);
	}

	private static List<List<String>> pairs(String... pairs) {
		return java.util.Arrays.stream(pairs).map((pair) -> List.of(pair.split(" "))).toList();
	}

}
