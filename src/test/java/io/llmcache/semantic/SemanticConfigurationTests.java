package io.llmcache.semantic;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link SemanticConfiguration}: which embedder the properties select.
 */
class SemanticConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withUserConfiguration(TestConfiguration.class);

	@Test
	void usesTheDefaultOnnxModelBehindACache() {
		this.runner.run((context) -> {
			Embedder embedder = context.getBean(Embedder.class);
			assertThat(embedder).isInstanceOf(CachingEmbedder.class);
			assertThat(embedder.name()).isEqualTo("all-minilm-l6-v2-q");
			assertThat(embedder.dimensions()).isEqualTo(384);
		});
	}

	@Test
	void selectsTheConfiguredModelWithoutACache() {
		this.runner.withPropertyValues("llmcache.semantic.model=bge-small-en-v1.5-q", "llmcache.semantic.cache-size=0")
			.run((context) -> {
				Embedder embedder = context.getBean(Embedder.class);
				assertThat(embedder).isInstanceOf(OnnxEmbedder.class);
				assertThat(embedder.name()).isEqualTo("bge-small-en-v1.5-q");
			});
	}

	@Test
	void selectsTheRemoteEmbedder() {
		this.runner
			.withPropertyValues("llmcache.semantic.embedder=openai",
					"llmcache.semantic.openai.base-url=http://localhost:1/v1", "llmcache.semantic.openai.api-key=k",
					"llmcache.semantic.openai.model=text-embedding-3-large", "llmcache.semantic.openai.dimensions=3072")
			.run((context) -> {
				Embedder embedder = context.getBean(Embedder.class);
				assertThat(embedder.name()).isEqualTo("openai:text-embedding-3-large");
				assertThat(embedder.dimensions()).isEqualTo(3072);
			});
	}

	@Test
	void failsToStartWithARemoteEmbedderButNoBaseUrl() {
		this.runner.withPropertyValues("llmcache.semantic.embedder=openai")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("llmcache.semantic.openai.base-url"));
	}

	@Test
	void failsToStartWithAnUnknownModel() {
		this.runner.withPropertyValues("llmcache.semantic.model=no-such-model")
			.run((context) -> assertThat(context).hasFailed());
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(SemanticProperties.class)
	@Import(SemanticConfiguration.class)
	static class TestConfiguration {

	}

}
