package io.llmcache.deploy;

import java.nio.file.Path;
import java.util.List;

import io.llmcache.deploy.RenderChart.Options;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The command that renders the chart for review ({@code helm/render.sh}): plain manifests
 * of every kind the values ask for, in the namespace of the chart's guide.
 */
class RenderChartTests {

	@Test
	void rendersDefaultValuesForTheGuidesReleaseAndNamespace() {
		List<Object> objects = KubernetesManifests.parse(RenderChart.render(Options.parse()));
		assertThat(kinds(objects)).containsExactlyInAnyOrder("ServiceAccount", "ConfigMap", "Service", "Service",
				"Deployment");
		assertThat(objects).allSatisfy((object) -> {
			assertThat(KubernetesManifests.metadata(object).getNamespace()).isEqualTo("llm-cache");
			assertThat(KubernetesManifests.metadata(object).getName()).startsWith("llm-cache");
		});
	}

	@Test
	void rendersProductionValues() {
		String yaml = RenderChart.render(Options.parse(HelmChart.PRODUCTION_VALUES.toString()));
		assertThat(kinds(KubernetesManifests.parse(yaml))).containsExactlyInAnyOrder("ServiceAccount", "ConfigMap",
				"ConfigMap", "Service", "Service", "Deployment", "HorizontalPodAutoscaler", "PodDisruptionBudget",
				"NetworkPolicy", "ServiceMonitor", "Ingress");
		// What `helm template` prints, nothing added or left out
		assertThat(yaml).isEqualTo(HelmChart.template("llm-cache", "llm-cache", HelmChart.PRODUCTION_VALUES));
	}

	@Test
	void readsReleaseNamespaceOutputAndValuesFilesInOrder() {
		Options options = Options.parse("--release", "cache", "-n", "platform", "-o", "out.yaml", "a.yaml", "b.yaml");
		assertThat(options).isEqualTo(
				new Options("cache", "platform", Path.of("out.yaml"), List.of(Path.of("a.yaml"), Path.of("b.yaml"))));
		List<Object> objects = KubernetesManifests
			.parse(RenderChart.render(new Options("cache", "platform", null, List.of())));
		assertThat(objects).extracting((object) -> KubernetesManifests.metadata(object).getNamespace())
			.containsOnly("platform");
	}

	@Test
	void rejectsUnknownOptionAndMissingValuesFile() {
		assertThatIllegalArgumentException().isThrownBy(() -> Options.parse("--values", "a.yaml"))
			.withMessageContaining("--values");
		assertThatIllegalArgumentException().isThrownBy(() -> Options.parse("--release"))
			.withMessageContaining("--release needs a value");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> RenderChart.render(Options.parse("helm/llm-cache/ci/missing.yaml")))
			.withMessageContaining("missing.yaml");
	}

	private static List<String> kinds(List<Object> objects) {
		return objects.stream().map((object) -> object.getClass().getSimpleName()).toList();
	}

}
