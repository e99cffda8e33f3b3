package io.llmcache;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaConstructor;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import org.springframework.stereotype.Component;
import org.springframework.stereotype.Controller;
import org.springframework.stereotype.Repository;
import org.springframework.stereotype.Service;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shape of the house: feature packages without cycles, the entry store beneath every
 * feature, only repositories talking to Redis, one place for the key prefix, small
 * classes with few collaborators.
 */
class ArchitectureTests {

	/** Every controller needs callers and problems: these are not counted as features. */
	private static final Set<String> SHARED_KERNEL = Set.of("system", "tenant");

	private static final int MAX_SIBLING_FEATURES_OF_LOOKUP = 5;

	private static final int MAX_COLLABORATORS = 7;

	private static final int MAX_CLASS_LINES = 350;

	private static final JavaClasses classes = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("io.llmcache");

	@Test
	void featurePackagesAreFreeOfCycles() {
		slices().matching("io.llmcache.(*)..").should().beFreeOfCycles().check(classes);
	}

	@Test
	void entryStoreImportsNoFeature() {
		assertThat(featuresUsedBy("entry")).isEmpty();
	}

	/**
	 * The lookup feature took the place of the old {@code cache} hub (which imported 11
	 * of its 13 siblings): it stays on top of few features.
	 */
	@Test
	void lookupDependsOnFewSiblingFeatures() {
		assertThat(featuresUsedBy("lookup")).hasSizeLessThanOrEqualTo(MAX_SIBLING_FEATURES_OF_LOOKUP);
	}

	@Test
	void onlyRepositoriesTalkToRedis() {
		noClasses().that()
			.areNotAnnotatedWith(Repository.class)
			.and()
			.resideOutsideOfPackage("io.llmcache.system..")
			.and()
			.haveSimpleNameNotEndingWith("Scripts")
			.should()
			.dependOnClassesThat()
			.resideInAPackage("org.springframework.data.redis.core..")
			.check(classes);
	}

	@Test
	void beansTakeAtMostSevenCollaborators() {
		Map<String, Integer> tooMany = new TreeMap<>();
		for (JavaClass type : classes) {
			if (isBean(type)) {
				for (JavaConstructor constructor : type.getConstructors()) {
					int count = constructor.getRawParameterTypes().size();
					if (count > MAX_COLLABORATORS) {
						tooMany.put(type.getName(), count);
					}
				}
			}
		}
		assertThat(tooMany).isEmpty();
	}

	@Test
	void theKeyPrefixIsWrittenInOneClass() throws IOException {
		assertThat(sourcesContaining("\"llmc:")).containsExactly("io/llmcache/entry/TenantNamespace.java");
	}

	@Test
	void classesStaySmall() throws IOException {
		Map<String, Long> large = new TreeMap<>();
		try (Stream<Path> sources = Files.walk(Path.of("src/main/java"))) {
			for (Path source : sources.filter((path) -> path.toString().endsWith(".java")).toList()) {
				long lines = Files.readAllLines(source).size();
				if (lines >= MAX_CLASS_LINES) {
					large.put(source.toString(), lines);
				}
			}
		}
		assertThat(large).isEmpty();
	}

	/** The feature packages a package depends on, beside itself and the shared kernel. */
	private Set<String> featuresUsedBy(String feature) {
		Set<String> used = new TreeSet<>();
		for (JavaClass type : classes) {
			if (featureOf(type.getPackageName()).equals(feature)) {
				type.getDirectDependenciesFromSelf()
					.stream()
					.map((dependency) -> dependency.getTargetClass().getPackageName())
					.filter((name) -> name.startsWith("io.llmcache."))
					.map(ArchitectureTests::featureOf)
					.filter((name) -> !name.equals(feature) && !SHARED_KERNEL.contains(name))
					.forEach(used::add);
			}
		}
		return used;
	}

	private static String featureOf(String packageName) {
		String rest = packageName.startsWith("io.llmcache.") ? packageName.substring("io.llmcache.".length()) : "";
		int dot = rest.indexOf('.');
		return (dot < 0) ? rest : rest.substring(0, dot);
	}

	private static boolean isBean(JavaClass type) {
		return List.of(Component.class, Service.class, Repository.class, Controller.class)
			.stream()
			.anyMatch(type::isMetaAnnotatedWith) || type.isAnnotatedWith(Component.class);
	}

	private static List<String> sourcesContaining(String text) throws IOException {
		Path root = Path.of("src/main/java");
		try (Stream<Path> sources = Files.walk(root)) {
			return sources.filter((path) -> path.toString().endsWith(".java")).filter((path) -> {
				try {
					return Files.readString(path).contains(text);
				}
				catch (IOException ex) {
					throw new IllegalStateException(ex);
				}
			}).map((path) -> root.relativize(path).toString()).sorted().toList();
		}
	}

}
