package io.llmcache;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MockMvcTester.MockMvcRequestBuilder;

/**
 * Requests of the web slice tests, made with an API key as callers send it.
 */
public final class WebRequests {

	private WebRequests() {
	}

	/**
	 * A {@code GET} with the key.
	 * @param mvc the slice's client
	 * @param uri the path
	 * @param key the API key
	 * @return the request
	 */
	public static MockMvcRequestBuilder get(MockMvcTester mvc, String uri, String key) {
		return mvc.get().uri(uri).header(HttpHeaders.AUTHORIZATION, "Bearer " + key);
	}

	/**
	 * A {@code DELETE} with the key.
	 * @param mvc the slice's client
	 * @param uri the path
	 * @param key the API key
	 * @return the request
	 */
	public static MockMvcRequestBuilder delete(MockMvcTester mvc, String uri, String key) {
		return mvc.delete().uri(uri).header(HttpHeaders.AUTHORIZATION, "Bearer " + key);
	}

	/**
	 * A {@code POST} of a JSON body with the key.
	 * @param mvc the slice's client
	 * @param uri the path
	 * @param key the API key
	 * @param json the body
	 * @return the request
	 */
	public static MockMvcRequestBuilder post(MockMvcTester mvc, String uri, String key, String json) {
		return mvc.post()
			.uri(uri)
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + key)
			.contentType(MediaType.APPLICATION_JSON)
			.content(json);
	}

	/**
	 * A {@code PUT} of a JSON body with the key.
	 * @param mvc the slice's client
	 * @param uri the path
	 * @param key the API key
	 * @param json the body
	 * @return the request
	 */
	public static MockMvcRequestBuilder put(MockMvcTester mvc, String uri, String key, String json) {
		return mvc.put()
			.uri(uri)
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + key)
			.contentType(MediaType.APPLICATION_JSON)
			.content(json);
	}

}
