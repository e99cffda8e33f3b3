package io.llmcache.invalidation;

import java.time.Instant;
import java.util.List;

import io.llmcache.key.DescribesLlmRequest;
import io.llmcache.tenant.Tenants;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * Body of {@code POST /v1/admin/invalidations}. The selectors combine with AND; at least
 * one of them, or {@code all}, is required.
 *
 * @param namespace the namespace, {@code default} if absent
 * @param tags entries carrying any of these tags
 * @param model entries of this model
 * @param promptPrefix entries whose rendered prompt (system messages, then the others)
 * starts with this text, ending on a token boundary (see
 * {@link io.llmcache.invalidation.RenderedPrompt})
 * @param createdBefore entries stored before this instant
 * @param all {@code true} to cover every entry of the namespace
 * @param dryRun count the live entries that match, change nothing
 */
@Schema(example = """
		{"namespace": "support", "tags": ["doc:42"], "dryRun": true}""")
record InvalidationRequest(@Pattern(regexp = Tenants.NAME_PATTERN) String namespace,
		@Size(min = 1, max = 32) List<@NotNull @Pattern(regexp = "^[A-Za-z0-9:._/-]{1,128}$") String> tags,
		@Size(min = 1, max = DescribesLlmRequest.MAX_MODEL_LENGTH) String model,
		@Size(min = 1, max = Selector.MAX_PROMPT_PREFIX) String promptPrefix, Instant createdBefore, Boolean all,
		Boolean dryRun) {

	String namespaceOrDefault() {
		return (this.namespace != null) ? this.namespace : Tenants.DEFAULT_NAMESPACE;
	}

	boolean isDryRun() {
		return Boolean.TRUE.equals(this.dryRun);
	}

	Selector selector() {
		return new Selector(this.tags, this.model, this.promptPrefix, this.createdBefore,
				Boolean.TRUE.equals(this.all));
	}

}
