package io.llmcache.guard;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link SemanticGuards} and each guard: what they reject, why, and the
 * paraphrases they must let through.
 */
class SemanticGuardsTests {

	private final SemanticGuards guards = SemanticGuards.of(SemanticGuards.NAMES);

	@ParameterizedTest(name = "{0}: ''{1}'' vs ''{2}''")
	@CsvSource(delimiter = '|',
			textBlock = """
					antonyms | How do I enable dark mode in the editor?       | How do I disable dark mode in the editor?
					antonyms | How can I increase my metabolism?              | How can I decrease my metabolism?
					antonyms | How do I upload files to the server?           | How do I download files from the server?
					antonyms | What attracts introverted women?               | What attracts introverted men?
					negation | Why can I connect to the VPN?                  | Why can't I connect to the VPN?
					negation | What is it like to live with regrets?          | What is it like to live without regrets?
					negation | Can liquids be compressed?                     | Why cannot liquids be compressed?
					numbers  | What is new in Java 17?                        | What is new in Java 21?
					numbers  | Best laptops under 500 dollars in 2016         | Best laptops under 500 dollars in 2017
					numbers  | How do I install Python 3.11 on Ubuntu?        | How do I install Python 3.12 on Ubuntu?
					numbers  | How do I pass the 1Z0-554 exam?                | How do I pass the 1Z0-560 exam?
					numbers  | How can I lose three kilos in a week?          | How can I lose five kilos in a week?
					entities | Is there a rehab center in San Mateo County?   | Is there a rehab center in San Francisco County?
					entities | What is the penalty for speeding in Maine?     | What is the penalty for speeding in Texas?
					entities | When should I use a HashMap?                   | When should I use a TreeMap?
					entities | How do I set max_tokens in the request?        | How do I set max_completion_tokens in the request?
					entities | What is the best antivirus for Android?        | What is the best antivirus for Windows?
					roles    | How do I convert ethanol to acetic acid?       | How do I convert acetic acid to ethanol?
					roles    | Is it safe to drive from Texas to California?  | Is it safe to drive from California to Texas?
					roles    | Is Rust faster than Go?                        | Is Go faster than Rust?
					question | Why did carrier pigeons become extinct?        | When did carrier pigeons become extinct?
					""")
	void rejects(String guard, String query, String candidate) {
		GuardVerdict verdict = this.guards.check(query, candidate);
		assertThat(verdict.accepted()).isFalse();
		assertThat(verdict.guard()).isEqualTo(guard);
		// The same difference is found whichever side was stored
		assertThat(this.guards.check(candidate, query).accepted()).isFalse();
	}

	@ParameterizedTest(name = "''{0}'' vs ''{1}''")
	@CsvSource(delimiter = '|', textBlock = """
			How can I learn Python fast?                  | What is the quickest way to learn Python?
			What's the capital of France?                 | What is the capital of France?
			How do I make money online?                   | How can one make money online?
			How do I lose 10 pounds?                      | How do I lose ten pounds?
			Is 1,000 dollars enough for a month in Lisbon? | Is 1000 dollars enough for a month in Lisbon?
			Why is Quora so popular?                      | why is quora so popular?
			What Are The Best Books On Machine Learning?  | What are the best books on machine learning?
			What is Canada's capital?                     | What is the capital of Canada?
			What are the pros and cons of remote work?    | What are the advantages and disadvantages of remote work?
			Why don't cats like water?                    | Why do cats not like water?
			How do I convert a string to an int in Java?  | In Java, how do I convert a string to an int?
			What is the difference between TCP and UDP?   | What is the difference between UDP and TCP?
			How do I use the HashMap class?               | How do I use HashMap?
			""")
	void accepts(String query, String candidate) {
		GuardVerdict verdict = this.guards.check(query, candidate);
		assertThat(verdict.accepted()).as(verdict.reason()).isTrue();
		assertThat(this.guards.check(candidate, query).accepted()).isTrue();
	}

	@Test
	void acceptsIdenticalTexts() {
		String text = "Why can't I run Java 17 on Windows 11 without admin rights, and how do I enable it?";
		assertThat(this.guards.checkEach(text, text)).allMatch(GuardVerdict::accepted);
	}

	@Test
	void saysWhatDiffersInWords() {
		assertThat(this.guards.check("What is new in Java 17?", "What is new in Java 21?").reason())
			.isEqualTo("numbers differ: 17 in the query, 21 in the candidate");
		assertThat(this.guards.check("How do I enable it?", "How do I disable it?").reason())
			.isEqualTo("'enable' in the query, 'disable' in the candidate");
		assertThat(this.guards.check("Why can I log in?", "Why can't I log in?").reason())
			.isEqualTo("the candidate is negated ('can't'), the query is not");
		assertThat(this.guards.check("Flights to Paris?", "Flights to Rome?").reason())
			.isEqualTo("'Paris' in the query, 'Rome' in the candidate");
	}

	@Test
	void givesEveryGuardsVerdictForExplain() {
		List<GuardVerdict> verdicts = this.guards.checkEach("How do I enable Java 17?", "How do I disable Java 21?");
		assertThat(verdicts).extracting(GuardVerdict::guard).containsExactlyElementsOf(SemanticGuards.NAMES);
		assertThat(verdicts).filteredOn((verdict) -> !verdict.accepted())
			.extracting(GuardVerdict::guard)
			.containsExactly("antonyms", "numbers");
	}

	@Test
	void runsOnlyTheChosenGuards() {
		SemanticGuards numbersOnly = SemanticGuards.of(List.of("numbers"));
		assertThat(numbersOnly.names()).containsExactly("numbers");
		assertThat(numbersOnly.check("How do I enable it?", "How do I disable it?").accepted()).isTrue();
		assertThat(numbersOnly.check("Java 17", "Java 21").accepted()).isFalse();
		assertThat(SemanticGuards.none().check("How do I enable it?", "How do I disable it?").accepted()).isTrue();
	}

	@Test
	void leavesTheQuestionGuardOffByDefault() {
		assertThat(SemanticGuards.defaults().names()).containsExactly("negation", "antonyms", "numbers", "entities",
				"roles");
	}

	@Test
	void refusesUnknownGuards() {
		assertThatIllegalArgumentException().isThrownBy(() -> SemanticGuards.of(List.of("sarcasm")))
			.withMessageContaining("sarcasm");
	}

}
