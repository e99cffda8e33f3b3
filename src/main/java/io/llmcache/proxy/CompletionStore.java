package io.llmcache.proxy;

import java.util.List;

import io.llmcache.store.StoreService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.stereotype.Component;

/**
 * Stores a completion's upstream answer by its {@link StorePlan}, in the layout of
 * {@link ProxyEntries}: a plain answer as it came, a stream as its assembled answer with
 * its chunks. A store that fails costs the cache the entry, never the caller the answer.
 */
@Component
class CompletionStore {

	private static final Logger logger = LoggerFactory.getLogger(CompletionStore.class);

	private final StoreService stores;

	CompletionStore(StoreService stores) {
		this.stores = stores;
	}

	/**
	 * Stores a plain answer.
	 * @param plan how to store it
	 * @param endpoint the endpoint that answered
	 * @param answer the answer as the upstream sent it
	 * @return the entry's id, or {@code null} if it was not stored
	 */
	String storePlain(StorePlan plan, Endpoint endpoint, JsonNode answer) {
		return store(plan, endpoint, answer, "completion");
	}

	/**
	 * Stores a stream: its assembled answer, and its chunks under
	 * {@link ProxyEntries#EVENTS} for a stream hit to replay.
	 * @param plan how to store it
	 * @param endpoint the endpoint that answered
	 * @param assembled the stream's answer in non-stream form, left as it is
	 * @param chunks the stream's chunks, in order
	 * @return the entry's id, or {@code null} if it was not stored
	 */
	String storeStream(StorePlan plan, Endpoint endpoint, ObjectNode assembled, List<JsonNode> chunks) {
		ObjectNode recorded = assembled.deepCopy();
		ArrayNode events = recorded.putArray(ProxyEntries.EVENTS);
		chunks.forEach(events::add);
		return store(plan, endpoint, recorded, "stream");
	}

	private String store(StorePlan plan, Endpoint endpoint, JsonNode response, String format) {
		try {
			return this.stores
				.store(plan.description()
					.toStore(plan.caller().tenant(), plan.directives(), response,
							ProxyEntries.metadata(format, endpoint), plan.storeToken()))
				.entryId();
		}
		catch (RuntimeException ex) {
			// Stale store token (invalidated meanwhile), Redis down: the caller still
			// gets the answer, only the cache does not keep it.
			logger.info("Proxy answer not stored: {}", ex.getMessage());
			return null;
		}
	}

}
