package io.llmcache.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The documentation as a reader of a clone meets it: the front page stays short, every
 * relative link leads to a file of the repository (and to a heading there, if it names
 * one), and every reference page can be reached from the front page.
 */
class DocumentationLinksTests {

	private static final Path ROOT = Path.of("").toAbsolutePath();

	private static final Path FRONT_PAGE = ROOT.resolve("README.md");

	/** {@code [text](target)}, not an image; the text may hold one level of brackets. */
	private static final Pattern LINK = Pattern.compile("(?<!!)\\[(?:[^\\]\\[]|\\[[^\\]]*])*]\\(([^)\\s]+)\\)");

	private static final Pattern HEADING = Pattern.compile("#{1,6} (.*)");

	private static final Pattern CODE_SPAN = Pattern.compile("`[^`]*`");

	@Test
	void frontPageStaysAFrontPage() throws IOException {
		// Everything else belongs in docs/, the chart's guide or the benchmark's page
		assertThat(Files.size(FRONT_PAGE)).isLessThanOrEqualTo(15_000);
	}

	@Test
	void everyRelativeLinkLeadsToAFileAndHeadingOfTheRepository() {
		List<String> broken = new ArrayList<>();
		links().forEach((page, targets) -> {
			for (String target : targets) {
				String problem = problemWith(page, target);
				if (problem != null) {
					broken.add(ROOT.relativize(page) + ": " + target + " (" + problem + ")");
				}
			}
		});
		assertThat(broken).isEmpty();
	}

	@Test
	void everyPageCanBeReachedFromTheFrontPage() {
		Map<Path, List<String>> links = links();
		Set<Path> reached = new HashSet<>(Set.of(FRONT_PAGE));
		Deque<Path> next = new ArrayDeque<>(reached);
		while (!next.isEmpty()) {
			Path page = next.pop();
			for (String target : links.getOrDefault(page, List.of())) {
				Path linked = resolve(page, target);
				if (linked != null && links.containsKey(linked) && reached.add(linked)) {
					next.push(linked);
				}
			}
		}
		assertThat(links.keySet()).allSatisfy((page) -> assertThat(reached).as("pages reached").contains(page));
	}

	private static String problemWith(Path page, String target) {
		Path linked = resolve(page, target);
		if (linked == null) {
			return "outside the repository";
		}
		if (!Files.exists(linked)) {
			return "no such file";
		}
		String anchor = anchorOf(target);
		if (anchor != null && linked.toString().endsWith(".md") && !headingAnchors(linked).contains(anchor)) {
			return "no such heading";
		}
		return null;
	}

	/** The linked file, or {@code null} if the link leaves the repository. */
	private static Path resolve(Path page, String target) {
		int hash = target.indexOf('#');
		String path = (hash >= 0) ? target.substring(0, hash) : target;
		Path linked = path.isEmpty() ? page : page.getParent().resolve(path).normalize();
		return linked.startsWith(ROOT) ? linked : null;
	}

	private static String anchorOf(String target) {
		int hash = target.indexOf('#');
		return (hash >= 0) ? target.substring(hash + 1) : null;
	}

	/** The relative link targets of every documentation page, by page. */
	private static Map<Path, List<String>> links() {
		Map<Path, List<String>> links = new LinkedHashMap<>();
		for (Path page : pages()) {
			List<String> targets = new ArrayList<>();
			for (String line : proseLines(page)) {
				Matcher link = LINK.matcher(line);
				while (link.find()) {
					String target = link.group(1);
					// A scheme (https:, mailto:) makes it an absolute link
					if (!target.matches("[a-z][a-z0-9+.-]*:.*")) {
						targets.add(target);
					}
				}
			}
			links.put(page, targets);
		}
		return links;
	}

	private static List<Path> pages() {
		List<Path> pages = new ArrayList<>(
				List.of(FRONT_PAGE, ROOT.resolve("bench/README.md"), ROOT.resolve("helm/llm-cache/README.md")));
		try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
			docs.filter((path) -> path.toString().endsWith(".md")).sorted().forEach(pages::add);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return pages;
	}

	/** The lines outside code blocks, with code spans blanked (links there are text). */
	private static List<String> proseLines(Path page) {
		List<String> prose = new ArrayList<>();
		boolean inCode = false;
		for (String line : read(page)) {
			if (line.strip().startsWith("```")) {
				inCode = !inCode;
			}
			else if (!inCode) {
				prose.add(CODE_SPAN.matcher(line).replaceAll("``"));
			}
		}
		return prose;
	}

	/** The anchors GitHub gives the page's headings, duplicates numbered from 1. */
	private static Set<String> headingAnchors(Path page) {
		Set<String> anchors = new HashSet<>();
		Map<String, Integer> seen = new HashMap<>();
		boolean inCode = false;
		for (String line : read(page)) {
			if (line.strip().startsWith("```")) {
				inCode = !inCode;
				continue;
			}
			Matcher heading = HEADING.matcher(line);
			if (!inCode && heading.matches()) {
				String anchor = heading.group(1)
					.strip()
					.toLowerCase(Locale.ROOT)
					.replaceAll("[^\\p{L}\\p{N}_\\- ]", "")
					.replace(' ', '-');
				int count = seen.merge(anchor, 1, Integer::sum);
				anchors.add((count == 1) ? anchor : anchor + "-" + (count - 1));
			}
		}
		return anchors;
	}

	private static List<String> read(Path page) {
		try {
			return Files.readAllLines(page);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
