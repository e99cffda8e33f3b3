package io.llmcache.semantic;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Semantic matching settings ({@code llmcache.semantic.*}): which embedder turns texts
 * into vectors.
 *
 * @param embedder {@code onnx} for the in-process model, {@code openai} for a remote
 * OpenAI-compatible embeddings API
 * @param model the in-process model when {@code embedder} is {@code onnx}:
 * {@code all-minilm-l6-v2-q} (the default, shipped with the service),
 * {@code all-minilm-l6-v2}, {@code bge-small-en-v1.5-q} or {@code e5-small-v2-q} (each
 * needs its artifact on the class path)
 * @param preload whether to load the in-process model in the background once the
 * application is ready, rather than on the first semantic lookup
 * @param maxInputChars the longest text embedded, in characters; longer texts are not
 * matched semantically
 * @param cacheSize how many embedded texts are remembered (by SHA-256), so that the same
 * text is embedded once; 0 for none
 * @param openai the remote embeddings API when {@code embedder} is {@code openai}
 * @param calibrationFile a calibration written by the evaluation command
 * ({@code bash eval/semantic.sh --openai-url ...}) for the embedder in use, which turns a
 * namespace's {@code targetPrecision} into a threshold; without it, the calibration
 * shipped for the in-process model is used, and a remote model has none
 */
@ConfigurationProperties("llmcache.semantic")
@Validated
public record SemanticProperties(@DefaultValue("onnx") @NotNull EmbedderKind embedder,
		@DefaultValue("all-minilm-l6-v2-q") @NotBlank String model, @DefaultValue("false") boolean preload,
		@DefaultValue("8192") @Min(1) @Max(1_000_000) int maxInputChars,
		@DefaultValue("10000") @Min(0) @Max(10_000_000) long cacheSize, @DefaultValue @Valid @NotNull OpenAi openai,
		Path calibrationFile) {

	/** The kinds of embedder. */
	public enum EmbedderKind {

		/** The in-process ONNX model. */
		ONNX,

		/** A remote OpenAI-compatible embeddings API. */
		OPENAI

	}

	/**
	 * A remote OpenAI-compatible embeddings API ({@code llmcache.semantic.openai.*}).
	 *
	 * @param baseUrl the API's base URL up to and including the version, e.g.
	 * {@code https://api.openai.com/v1}; {@code /embeddings} is appended
	 * @param apiKey the bearer token (from a Secret, never from configuration files in
	 * the repository); empty for a server without authentication
	 * @param model the embedding model
	 * @param dimensions the dimensions of the model's vectors
	 * @param timeout how long one embeddings request may take; a lookup waits at most
	 * this long for its embedding
	 * @param connectTimeout how long connecting may take
	 * @param maxBatchSize the most texts sent in one request
	 */
	public record OpenAi(URI baseUrl, String apiKey, @DefaultValue("text-embedding-3-small") @NotBlank String model,
			@DefaultValue("1536") @Min(1) @Max(65536) int dimensions, @DefaultValue("2s") @NotNull Duration timeout,
			@DefaultValue("1s") @NotNull Duration connectTimeout,
			@DefaultValue("64") @Min(1) @Max(2048) int maxBatchSize) {

		OpenAiEmbedder.Settings settings() {
			return new OpenAiEmbedder.Settings(this.baseUrl, this.apiKey, this.model, this.dimensions, this.timeout,
					this.connectTimeout, this.maxBatchSize);
		}

	}

}
