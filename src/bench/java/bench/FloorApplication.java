package bench;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The benchmark's floor: a minimal Spring MVC application that does one Redis command per
 * request and nothing else (see {@link FloorController}). It runs in its own JVM beside
 * the service, with the same JVM flags, the same Spring Boot, Tomcat, Lettuce and
 * Actuator, and the same request-handling settings as the service's
 * {@code application.properties}, so the gap between the two is what the service adds.
 * <p>
 * It lives in its own root package {@code bench}, so the service's component scan of
 * {@code io.llmcache} never sees it, and it reads no {@code application.properties}
 * ({@code spring.config.name=floor}): it needs no API keys or policies.
 */
@SpringBootApplication(proxyBeanMethods = false)
public class FloorApplication {

	public static void main(String[] args) {
		SpringApplication application = new SpringApplication(FloorApplication.class);
		application.setDefaultProperties(defaults());
		application.run(args);
	}

	/**
	 * Settings that mirror the service's {@code application.properties} where they bear
	 * on the cost of a request. Command-line arguments override them.
	 * @return the default properties
	 */
	static Map<String, Object> defaults() {
		Map<String, Object> defaults = new LinkedHashMap<>();
		defaults.put("spring.config.name", "floor");
		defaults.put("spring.application.name", "llm-cache-floor");
		defaults.put("spring.threads.virtual.enabled", "true");
		defaults.put("spring.data.redis.timeout", "250ms");
		defaults.put("spring.data.redis.connect-timeout", "1s");
		defaults.put("spring.data.redis.lettuce.shutdown-timeout", "200ms");
		defaults.put("server.tomcat.connection-timeout", "10s");
		defaults.put("server.tomcat.keep-alive-timeout", "30s");
		defaults.put("server.max-http-request-header-size", "16KB");
		defaults.put("server.tomcat.max-swallow-size", "4MB");
		defaults.put("server.shutdown", "immediate");
		defaults.put("spring.mvc.problemdetails.enabled", "true");
		defaults.put("management.endpoints.web.exposure.include", "health,info,prometheus");
		defaults.put("management.metrics.tags.application", "llm-cache-floor");
		return defaults;
	}

}
