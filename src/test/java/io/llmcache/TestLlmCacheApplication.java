package io.llmcache;

import java.security.SecureRandom;
import java.util.Base64;

import io.llmcache.system.Digests;

import org.springframework.boot.SpringApplication;

/**
 * The development run, {@code ./mvnw spring-boot:test-run}: the real application with a
 * real Redis started for it (unless {@code spring.data.redis.*} names one) and a fresh
 * API key for a {@code dev} tenant with every role, printed at start.
 */
public class TestLlmCacheApplication {

	public static void main(String[] args) {
		String devKey = System.getenv().getOrDefault("LLMCACHE_DEV_KEY", newKey());
		String[] devArgs = new String[args.length + 4];
		System.arraycopy(args, 0, devArgs, 0, args.length);
		devArgs[args.length] = "--llmcache.api-keys[0].id=dev";
		devArgs[args.length + 1] = "--llmcache.api-keys[0].sha256=" + Digests.sha256Hex(devKey);
		devArgs[args.length + 2] = "--llmcache.api-keys[0].tenant=dev";
		devArgs[args.length + 3] = "--llmcache.api-keys[0].roles=read,write,admin";
		String port = SpringApplication.from(LlmCacheApplication::main)
			.with(RedisTestConfiguration.class)
			.run(devArgs)
			.getApplicationContext()
			.getEnvironment()
			.getProperty("local.server.port", "8080");
		System.out.println();
		System.out.println("  llm-cache development run is up.");
		System.out.println("  API key (tenant 'dev', roles read,write,admin): " + devKey);
		System.out.println("  export LLMCACHE_KEY=" + devKey);
		System.out.println("  Swagger UI: http://localhost:" + port + "/swagger-ui.html");
		System.out.println();
	}

	private static String newKey() {
		byte[] random = new byte[24];
		new SecureRandom().nextBytes(random);
		return "dev-" + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
	}

}
