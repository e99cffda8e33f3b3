package io.llmcache.entry;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The fields of an entry hash, and the conversion between them and a {@link StoredEntry}.
 */
final class EntryFields {

	/** Every field a read may ask for. */
	static final List<String> ALL = List.of("id", "gen", "model", "ndigest", "request", "response", "tags", "metadata",
			"created", "expires", "ctx", "stext", "fb", "usage");

	/** A lookup never returns the stored request, so it does not read it. */
	static final List<String> LOOKUP = ALL.stream().filter((field) -> !"request".equals(field)).toList();

	/**
	 * What names the keys of an entry's memberships, read before it is replaced: the
	 * model names its model index ({@code mdig}, its digest, is no longer stored).
	 */
	static final List<String> MEMBERSHIPS = List.of("id", "ndigest", "model", "tags", "ctx", "cctx", "cname");

	private static final TypeReference<List<String>> STRING_LIST = new TypeReference<>() {
	};

	private static final TypeReference<Map<String, String>> STRING_MAP = new TypeReference<>() {
	};

	private final JsonMapper json;

	EntryFields(JsonMapper json) {
		this.json = json;
	}

	/**
	 * The fields and values to write for an entry, {@code gen} aside. Nothing is written
	 * twice or when it says nothing: the prompt is in {@code request} only (entries
	 * stored before 0.2 also kept the canonical forms {@code exact} and {@code norm}),
	 * the model index's digest is computed from {@code model} (earlier entries kept it as
	 * {@code mdig}), and empty tags and metadata are left out (earlier entries kept
	 * {@code []} and <code>{}</code>). Fields of earlier entries are no longer read, and
	 * go when the entry expires.
	 */
	List<String> toHash(StoredEntry entry) {
		List<String> fields = new ArrayList<>(List.of("id", entry.entryId(), "model", entry.model(), "ndigest",
				entry.normalizedDigest(), "request", entry.requestJson(), "response", entry.responseJson(), "created",
				Long.toString(entry.createdAt().toEpochMilli()), "expires",
				Long.toString(entry.expiresAt().toEpochMilli())));
		if (!entry.tags().isEmpty()) {
			fields.addAll(List.of("tags", this.json.writeValueAsString(entry.tags())));
		}
		if (!entry.metadata().isEmpty()) {
			fields.addAll(List.of("metadata", this.json.writeValueAsString(entry.metadata())));
		}
		if (entry.usage() != null) {
			fields.addAll(List.of("usage", entry.usage().encode()));
		}
		if (entry.semantic() != null) {
			fields.addAll(List.of("ctx", entry.semantic().context(), "stext", entry.semantic().text(), "vec",
					entry.semantic().vector()));
		}
		if (entry.continuation() != null) {
			fields.addAll(List.of("cctx", entry.continuation().context(), "cname", entry.continuation().name()));
		}
		return fields;
	}

	/** An entry from its field names and values; empty if the hash did not exist. */
	Optional<StoredEntry> toEntry(List<String> names, List<?> values) {
		if (values.size() != names.size() || values.get(0) == null) {
			return Optional.empty();
		}
		Map<String, String> fields = new HashMap<>();
		for (int i = 0; i < names.size(); i++) {
			fields.put(names.get(i), (values.get(i) != null) ? values.get(i).toString() : null);
		}
		return Optional
			.of(new StoredEntry(fields.get("id"), Long.parseLong(fields.getOrDefault("gen", "0")), fields.get("model"),
					EntryId.parse(fields.get("id")).map(EntryId::exactDigest).orElse(""), fields.get("ndigest"),
					fields.get("request"), fields.get("response"), semanticOf(fields), null, tags(fields.get("tags")),
					readOrDefault(fields.get("metadata"), STRING_MAP, Map.of()), instant(fields.get("created")),
					instant(fields.get("expires")), TokenUsage.decode(fields.get("usage"))));
	}

	/** The tags of an entry as its {@code tags} field holds them. */
	List<String> tags(String text) {
		return readOrDefault(text, STRING_LIST, List.of());
	}

	private static StoredEntry.SemanticData semanticOf(Map<String, String> fields) {
		String context = fields.get("ctx");
		return (context != null)
				? new StoredEntry.SemanticData(context, fields.get("stext"), null, "wrong".equals(fields.get("fb")))
				: null;
	}

	private static Instant instant(String epochMillis) {
		return Instant.ofEpochMilli(Long.parseLong(epochMillis));
	}

	private <T> T readOrDefault(String text, TypeReference<T> type, T fallback) {
		return (text != null) ? this.json.readValue(text, type) : fallback;
	}

}
