package io.llmcache;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The feature packages depend on each other without cycles, and only repositories talk to
 * Redis.
 *
 * @author llm-cache developers
 */
class ArchitectureTests {

	private final JavaClasses classes = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("io.llmcache");

	@Test
	void featurePackagesAreFreeOfCycles() {
		slices().matching("io.llmcache.(*)..").should().beFreeOfCycles().check(this.classes);
	}

	@Test
	void onlyRepositoriesTalkToRedis() {
		noClasses().that()
			.areNotAnnotatedWith(org.springframework.stereotype.Repository.class)
			.and()
			.resideOutsideOfPackage("io.llmcache.system..")
			.should()
			.dependOnClassesThat()
			.resideInAPackage("org.springframework.data.redis.core..")
			.check(this.classes);
	}

}
