package io.llmcache;

import java.security.SecureRandom;
import java.util.Base64;

import io.llmcache.system.Digests;
import sun.misc.Signal;

import org.springframework.boot.SpringApplication;

/**
 * The development run, {@code ./mvnw spring-boot:test-run}: the real application with a
 * real Redis started for it on port 6390 ({@link DevRedisConfiguration}; unless
 * {@code spring.data.redis.*} names one) and an API key for a {@code dev} tenant with
 * every role, printed at start: {@code LLMCACHE_DEV_KEY}, or a fresh one.
 * <p>
 * Ctrl-C (or a {@code TERM}) is how a development run ends, so it ends with exit status 0
 * once the application and its Redis have stopped: the Maven plugin that runs it reports
 * any other status of the process (143 after a {@code TERM}, which the plugin itself
 * sends when the application takes more than five seconds to stop after Ctrl-C) as a
 * build failure.
 */
public class TestLlmCacheApplication {

	public static void main(String[] args) {
		// System.exit runs the shutdown hooks, Spring's context close among them
		Signal.handle(new Signal("INT"), (signal) -> System.exit(0));
		Signal.handle(new Signal("TERM"), (signal) -> System.exit(0));
		String devKey = System.getenv().getOrDefault("LLMCACHE_DEV_KEY", newKey());
		String[] devArgs = new String[args.length + 7];
		System.arraycopy(args, 0, devArgs, 0, args.length);
		devArgs[args.length] = "--llmcache.api-keys[0].id=dev";
		devArgs[args.length + 1] = "--llmcache.api-keys[0].sha256=" + Digests.sha256Hex(devKey);
		devArgs[args.length + 2] = "--llmcache.api-keys[0].tenant=dev";
		devArgs[args.length + 3] = "--llmcache.api-keys[0].roles=read,write,admin";
		// An example price, so that the console's estimated savings show something for
		// the README's walk-through; deployments list their own.
		devArgs[args.length + 4] = "--llmcache.pricing.models[0].model=gpt-4o-mini";
		devArgs[args.length + 5] = "--llmcache.pricing.models[0].input-per-million-tokens=0.15";
		devArgs[args.length + 6] = "--llmcache.pricing.models[0].output-per-million-tokens=0.60";
		String port = SpringApplication.from(LlmCacheApplication::main)
			.with(DevRedisConfiguration.class)
			.run(devArgs)
			.getApplicationContext()
			.getEnvironment()
			.getProperty("local.server.port", "8080");
		System.out.println();
		System.out.println("  llm-cache development run is up.");
		System.out.println("  API key (tenant 'dev', roles read,write,admin): " + devKey);
		System.out.println("  export LLMCACHE_KEY=" + devKey);
		System.out.println("  Swagger UI: http://localhost:" + port + "/swagger-ui.html");
		System.out.println("  Console:    http://localhost:" + port + "/console");
		System.out.println();
	}

	private static String newKey() {
		byte[] random = new byte[24];
		new SecureRandom().nextBytes(random);
		return "dev-" + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
	}

}
