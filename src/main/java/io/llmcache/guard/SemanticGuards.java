package io.llmcache.guard;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The verification guards a namespace has on, run in order on a candidate that passed the
 * similarity threshold: the first rejection decides. Immutable and thread-safe.
 */
public final class SemanticGuards {

	private static final Map<String, SemanticGuard> KNOWN = known();

	/** Every guard's name, in the order they run. */
	public static final List<String> NAMES = List.copyOf(KNOWN.keySet());

	/**
	 * The guards of a namespace with {@code guards: true}: those that raised precision at
	 * equal recall in the evaluation. {@code question} stopped about as many right hits
	 * as wrong ones on QQP, so it is available but off by default.
	 */
	public static final List<String> DEFAULT_NAMES = List.of(NegationGuard.NAME, AntonymGuard.NAME, NumberGuard.NAME,
			EntityGuard.NAME, RoleGuard.NAME);

	private static final SemanticGuards DEFAULTS = of(DEFAULT_NAMES);

	private static final SemanticGuards NONE = new SemanticGuards(List.of());

	private final List<SemanticGuard> guards;

	private SemanticGuards(List<SemanticGuard> guards) {
		this.guards = guards;
	}

	private static Map<String, SemanticGuard> known() {
		Map<String, SemanticGuard> guards = new LinkedHashMap<>();
		for (SemanticGuard guard : List.of(new NegationGuard(), new AntonymGuard(), new NumberGuard(),
				new EntityGuard(), new RoleGuard(), new QuestionGuard())) {
			guards.put(guard.name(), guard);
		}
		return guards;
	}

	/**
	 * The default guards ({@link #DEFAULT_NAMES}): the setting of a namespace with
	 * {@code guards: true}.
	 * @return the guards
	 */
	public static SemanticGuards defaults() {
		return DEFAULTS;
	}

	/**
	 * No guard: cosine similarity alone decides.
	 * @return no guards
	 */
	public static SemanticGuards none() {
		return NONE;
	}

	/**
	 * Some guards, by name.
	 * @param names names from {@link #NAMES}
	 * @return the guards, in their usual order
	 * @throws IllegalArgumentException if a name is unknown
	 */
	public static SemanticGuards of(Collection<String> names) {
		for (String name : names) {
			if (!KNOWN.containsKey(name)) {
				throw new IllegalArgumentException("Unknown guard '" + name + "'; known: " + NAMES);
			}
		}
		List<SemanticGuard> chosen = new ArrayList<>();
		KNOWN.forEach((name, guard) -> {
			if (names.contains(name)) {
				chosen.add(guard);
			}
		});
		return new SemanticGuards(List.copyOf(chosen));
	}

	/**
	 * The names of these guards.
	 * @return names, in the order they run
	 */
	public List<String> names() {
		return this.guards.stream().map(SemanticGuard::name).toList();
	}

	/**
	 * Checks a candidate: the first rejection, or an acceptance.
	 * @param query the text looked up
	 * @param candidate the stored text found similar
	 * @return the first guard's rejection, or a verdict of {@code guards} accepting it
	 */
	public GuardVerdict check(String query, String candidate) {
		GuardText analyzedQuery = GuardText.of(query);
		GuardText analyzedCandidate = GuardText.of(candidate);
		for (SemanticGuard guard : this.guards) {
			GuardVerdict verdict = guard.check(analyzedQuery, analyzedCandidate);
			if (!verdict.accepted()) {
				return verdict;
			}
		}
		return new GuardVerdict("guards", true,
				this.guards.isEmpty() ? "no guards" : "passed " + String.join(", ", names()));
	}

	/**
	 * Every guard's verdict on a candidate, for explain.
	 * @param query the text looked up
	 * @param candidate the stored text found similar
	 * @return one verdict per guard, in order
	 */
	public List<GuardVerdict> checkEach(String query, String candidate) {
		GuardText analyzedQuery = GuardText.of(query);
		GuardText analyzedCandidate = GuardText.of(candidate);
		return this.guards.stream().map((guard) -> guard.check(analyzedQuery, analyzedCandidate)).toList();
	}

}
