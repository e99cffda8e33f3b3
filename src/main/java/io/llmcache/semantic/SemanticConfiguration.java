package io.llmcache.semantic;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;

/**
 * The embedder the service uses, chosen by {@code llmcache.semantic.embedder}, behind a
 * cache of embedded texts.
 * <p>
 * Creating it costs nothing: the in-process model is loaded on the first semantic lookup
 * (about a second for the default model), or in the background once the application is
 * ready when {@code llmcache.semantic.preload} is set. Startup and readiness never wait
 * for the model, and a service without semantic namespaces never loads it.
 */
@Configuration(proxyBeanMethods = false)
class SemanticConfiguration {

	private static final Logger logger = LoggerFactory.getLogger(SemanticConfiguration.class);

	@Bean
	Embedder embedder(SemanticProperties properties) {
		Embedder embedder = switch (properties.embedder()) {
			case ONNX -> new OnnxEmbedder(OnnxModel.named(properties.model()), properties.maxInputChars());
			case OPENAI -> {
				if (properties.openai().baseUrl() == null) {
					throw new IllegalStateException(
							"llmcache.semantic.embedder=openai needs llmcache.semantic.openai.base-url");
				}
				yield new OpenAiEmbedder(properties.openai().settings(), properties.maxInputChars());
			}
		};
		return (properties.cacheSize() > 0) ? new CachingEmbedder(embedder, properties.cacheSize()) : embedder;
	}

	@Bean
	ModelPreloader modelPreloader(SemanticProperties properties) {
		return new ModelPreloader(properties);
	}

	/**
	 * Loads the in-process model in the background once the application is ready, when
	 * configured to.
	 */
	static class ModelPreloader {

		private final SemanticProperties properties;

		ModelPreloader(SemanticProperties properties) {
			this.properties = properties;
		}

		@EventListener(ApplicationReadyEvent.class)
		void preload(ApplicationReadyEvent event) {
			if (!this.properties.preload() || this.properties.embedder() != SemanticProperties.EmbedderKind.ONNX) {
				return;
			}
			Embedder embedder = event.getApplicationContext().getBean(Embedder.class);
			Thread thread = new Thread(() -> {
				try {
					// Embedding a word loads the model and warms ONNX Runtime up
					embedder.embed("warm up");
				}
				catch (EmbeddingException ex) {
					logger.error("Could not load the embedding model", ex);
				}
			}, "embedding-model-preload");
			thread.setDaemon(true);
			thread.start();
		}

	}

}
