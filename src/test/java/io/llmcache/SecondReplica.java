package io.llmcache;

import java.util.List;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import org.springframework.context.ApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.junit.jupiter.SpringExtension;

/**
 * Runs a second {@link Replica} of the service beside the one of a
 * {@code @SpringBootTest} class, on the same Redis, for the whole class:
 *
 * <pre class="code">
 * &#64;RegisterExtension
 * static final SecondReplica secondReplica = new SecondReplica();
 * </pre>
 *
 * The replica starts before the class's {@code @BeforeAll} methods and stops after its
 * {@code @AfterAll} methods. It follows the Redis the service uses, so a subclass that
 * runs the same tests on a Redis Cluster gets a second replica on that cluster. Being a
 * static field, it serves one test class at a time (a subclass runs after its parent).
 */
public final class SecondReplica implements BeforeAllCallback, AfterAllCallback {

	private final List<String> properties;

	private ApplicationContext service;

	private Replica replica;

	/**
	 * A second replica with the test profile and these properties.
	 * @param properties Spring properties ({@code key=value}) beside the Redis
	 * connection, such as where the upstream is
	 */
	public SecondReplica(String... properties) {
		this.properties = List.of(properties);
	}

	@Override
	public void beforeAll(ExtensionContext context) {
		if (this.replica != null) {
			throw new IllegalStateException("The second replica already runs for another test class");
		}
		this.service = SpringExtension.getApplicationContext(context);
		this.replica = Replica.startBeside(this.service, this.properties);
	}

	@Override
	public void afterAll(ExtensionContext context) {
		try {
			if (this.replica != null) {
				this.replica.close();
			}
		}
		finally {
			this.replica = null;
			this.service = null;
		}
	}

	/**
	 * A client for the second replica's API.
	 * @return a new client
	 */
	public ApiClient api() {
		return running().api();
	}

	/**
	 * The port the second replica serves HTTP on.
	 * @return the port
	 */
	public int port() {
		return running().port();
	}

	/**
	 * The second replica's application context, to reach its beans.
	 * @return the context
	 */
	public ConfigurableApplicationContext context() {
		return running().context();
	}

	/**
	 * Starts one more replica like the second, on the same Redis, that the calling test
	 * stops: one started late, or one that dies.
	 * @param args command-line arguments ({@code --key=value}), which win over the
	 * property files
	 * @return the running replica
	 */
	public Replica startAnother(String... args) {
		running();
		return Replica.startBeside(this.service, this.properties, args);
	}

	private Replica running() {
		if (this.replica == null) {
			throw new IllegalStateException("The second replica runs only while its test class does");
		}
		return this.replica;
	}

}
