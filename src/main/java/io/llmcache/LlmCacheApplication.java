package io.llmcache;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * llm-cache: an LLM response cache on Redis, served over a REST API.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class LlmCacheApplication {

	public static void main(String[] args) {
		SpringApplication.run(LlmCacheApplication.class, args);
	}

}
