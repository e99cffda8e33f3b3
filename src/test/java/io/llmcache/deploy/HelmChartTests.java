package io.llmcache.deploy;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.marcnuri.helm.LintResult;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.llmcache.deploy.HelmChart.Rendered;
import io.llmcache.deploy.KubernetesManifests.ServiceMonitor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The Helm chart, linted and rendered by Helm, every rendered object parsed strictly into
 * the Kubernetes model and checked for what a cluster operator relies on.
 */
class HelmChartTests {

	private static final YAMLMapper YAML = YAMLMapper.builder().build();

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/** The value sets every chart-wide check runs with. */
	enum Values {

		/** The chart's defaults, release "demo" (full name "demo-llm-cache"). */
		DEFAULTS("demo", "demo-llm-cache"),

		/** ci/production-values.yaml, release "llm-cache" (full name "llm-cache"). */
		PRODUCTION("llm-cache", "llm-cache", HelmChart.PRODUCTION_VALUES),

		/** Chart-made Secrets and Redis Sentinel, release "cache" ("cache-llm-cache"). */
		SECRETS("cache", "cache-llm-cache", testResource("secrets-values.yaml"));

		private final String release;

		private final String fullname;

		private final Path[] files;

		Values(String release, String fullname, Path... files) {
			this.release = release;
			this.fullname = fullname;
			this.files = files;
		}

		Rendered render() {
			return HelmChart.render(this.release, this.files);
		}

	}

	@Test
	void lintsWithoutFindingsWithDefaultValues(@TempDir Path work) {
		assertLintsClean(HelmChart.lint(work));
	}

	@Test
	void lintsWithoutFindingsWithProductionValues(@TempDir Path work) {
		assertLintsClean(HelmChart.lint(work, HelmChart.PRODUCTION_VALUES));
	}

	@Test
	void rendersValidManifestsWithDefaultValues() {
		Rendered rendered = Values.DEFAULTS.render();
		assertThat(kinds(rendered)).containsExactlyInAnyOrder("ServiceAccount", "ConfigMap", "Service", "Service",
				"Deployment");
		assertThat(rendered.one(Deployment.class).getSpec().getReplicas()).isEqualTo(2);
		assertThat(mainContainer(rendered).getImage()).isEqualTo("llm-cache:0.1.0");
	}

	@Test
	void rendersValidManifestsWithProductionValues() {
		Rendered rendered = Values.PRODUCTION.render();
		assertThat(kinds(rendered)).containsExactlyInAnyOrder("ServiceAccount", "ConfigMap", "ConfigMap", "Service",
				"Service", "Deployment", "HorizontalPodAutoscaler", "PodDisruptionBudget", "NetworkPolicy",
				"ServiceMonitor", "Ingress");
		assertThat(mainContainer(rendered).getImage()).isEqualTo("registry.example.com/platform/llm-cache:0.1.0");
		// Every Secret is an existing one: the chart makes none
		assertThat(rendered.all(Secret.class)).isEmpty();
	}

	@Test
	void rendersValidManifestsWithChartMadeSecrets() {
		Rendered rendered = Values.SECRETS.render();
		assertThat(rendered.all(Secret.class)).extracting((secret) -> secret.getMetadata().getName())
			.containsExactlyInAnyOrder("cache-llm-cache-api-keys", "cache-llm-cache-redis");
	}

	@ParameterizedTest
	@EnumSource(Values.class)
	void probesAskActuatorHealthGroupsOnTheManagementPort(Values values) {
		Container container = mainContainer(values.render());
		assertThat(container.getPorts()).extracting((port) -> port.getName() + ":" + port.getContainerPort())
			.containsExactly("http:8080", "management:9090");
		assertProbe(container.getStartupProbe(), "/actuator/health/liveness");
		assertProbe(container.getLivenessProbe(), "/actuator/health/liveness");
		assertProbe(container.getReadinessProbe(), "/actuator/health/readiness");
		// A restart does not cure an unreachable Redis: no probe asks the overall health,
		// which includes it
		assertThat(List.of(container.getStartupProbe(), container.getLivenessProbe(), container.getReadinessProbe()))
			.extracting((probe) -> probe.getHttpGet().getPath())
			.doesNotContain("/actuator/health");
	}

	@ParameterizedTest
	@EnumSource(Values.class)
	void runsAsNonRootWithReadOnlyRootFilesystemAndWritableTmp(Values values) {
		PodSpec pod = values.render().one(Deployment.class).getSpec().getTemplate().getSpec();
		assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
		assertThat(pod.getSecurityContext().getRunAsUser()).isEqualTo(10001L);
		assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
		assertThat(pod.getAutomountServiceAccountToken()).isFalse();
		Container container = pod.getContainers().get(0);
		SecurityContext security = container.getSecurityContext();
		assertThat(security.getRunAsNonRoot()).isTrue();
		assertThat(security.getRunAsUser()).isEqualTo(10001L);
		assertThat(security.getReadOnlyRootFilesystem()).isTrue();
		assertThat(security.getAllowPrivilegeEscalation()).isFalse();
		assertThat(security.getPrivileged()).isFalse();
		assertThat(security.getCapabilities().getDrop()).containsExactly("ALL");
		assertThat(security.getCapabilities().getAdd()).isNullOrEmpty();
		// The one writable path is an emptyDir at /tmp, where the JVM and Tomcat write
		Volume tmp = volume(pod, mount(container, "/tmp").getName());
		assertThat(tmp.getEmptyDir()).isNotNull();
		assertThat(mount(container, "/tmp").getReadOnly()).isNotEqualTo(Boolean.TRUE);
		assertThat(container.getVolumeMounts()).filteredOn((mount) -> !mount.getMountPath().equals("/tmp"))
			.allSatisfy((mount) -> assertThat(mount.getReadOnly()).isTrue());
	}

	@ParameterizedTest
	@EnumSource(Values.class)
	void setsResourceRequestsAndLimits(Values values) {
		Map<String, Quantity> requests = mainContainer(values.render()).getResources().getRequests();
		Map<String, Quantity> limits = mainContainer(values.render()).getResources().getLimits();
		assertThat(requests).containsKeys("cpu", "memory");
		assertThat(limits).containsKeys("cpu", "memory");
		// The heap is a share of the memory limit: requests equal to it avoid an OOM kill
		// under node pressure before the JVM reaches its own limit
		assertThat(Quantity.getAmountInBytes(requests.get("memory")))
			.isEqualTo(Quantity.getAmountInBytes(limits.get("memory")));
		assertThat(Quantity.getAmountInBytes(limits.get("cpu")))
			.isGreaterThanOrEqualTo(Quantity.getAmountInBytes(requests.get("cpu")));
	}

	@ParameterizedTest
	@EnumSource(Values.class)
	void labelsEveryObjectAndSelectsThePodsOfItsRelease(Values values) {
		Rendered rendered = values.render();
		Map<String, String> selectorLabels = Map.of("app.kubernetes.io/name", "llm-cache", "app.kubernetes.io/instance",
				values.release);
		for (Object object : rendered.objects()) {
			ObjectMeta metadata = KubernetesManifests.metadata(object);
			assertThat(metadata.getLabels())
				.as("labels of %s %s", object.getClass().getSimpleName(), metadata.getName())
				.containsAllEntriesOf(selectorLabels)
				.containsEntry("app.kubernetes.io/version", "0.1.0")
				.containsEntry("app.kubernetes.io/managed-by", "Helm")
				.containsEntry("helm.sh/chart", "llm-cache-0.1.0");
			assertThat(metadata.getNamespace()).isIn(HelmChart.NAMESPACE, null);
		}
		Deployment deployment = rendered.one(Deployment.class);
		assertThat(deployment.getMetadata().getName()).isEqualTo(values.fullname);
		Map<String, String> podLabels = deployment.getSpec().getTemplate().getMetadata().getLabels();
		assertThat(deployment.getSpec().getSelector().getMatchLabels()).isEqualTo(selectorLabels);
		assertThat(podLabels).containsAllEntriesOf(selectorLabels);
		Service service = rendered.named(Service.class, values.fullname);
		assertThat(service.getSpec().getSelector()).isEqualTo(selectorLabels);
		// Callers' Service: never the management port, whose metrics name every tenant's
		// namespaces
		assertThat(service.getSpec().getPorts()).singleElement().satisfies((port) -> {
			assertThat(port.getName()).isEqualTo("http");
			assertThat(port.getTargetPort().getStrVal()).isEqualTo("http");
		});
		Service management = rendered.named(Service.class, values.fullname + "-management");
		assertThat(management.getSpec().getSelector()).isEqualTo(selectorLabels);
		assertThat(management.getSpec().getPorts()).singleElement().satisfies((port) -> {
			assertThat(port.getName()).isEqualTo("management");
			assertThat(port.getTargetPort().getStrVal()).isEqualTo("management");
		});
		rendered.all(PodDisruptionBudget.class)
			.forEach((pdb) -> assertThat(pdb.getSpec().getSelector().getMatchLabels()).isEqualTo(selectorLabels));
		rendered.all(NetworkPolicy.class)
			.forEach((policy) -> assertThat(policy.getSpec().getPodSelector().getMatchLabels())
				.isEqualTo(selectorLabels));
		rendered.all(ServiceMonitor.class).forEach((monitor) -> {
			assertThat(management.getMetadata().getLabels())
				.containsAllEntriesOf(monitor.spec().selector().getMatchLabels());
			assertThat(service.getMetadata().getLabels()).doesNotContainEntry("app.kubernetes.io/component",
					"management");
		});
		rendered.all(HorizontalPodAutoscaler.class).forEach((hpa) -> {
			assertThat(hpa.getSpec().getScaleTargetRef().getKind()).isEqualTo("Deployment");
			assertThat(hpa.getSpec().getScaleTargetRef().getName()).isEqualTo(values.fullname);
		});
		rendered.all(Ingress.class)
			.forEach((ingress) -> assertThat(ingress.getSpec().getRules()).flatMap((rule) -> rule.getHttp().getPaths())
				.allSatisfy((path) -> {
					assertThat(path.getBackend().getService().getName()).isEqualTo(values.fullname);
					assertThat(path.getBackend().getService().getPort().getName()).isEqualTo("http");
				}));
		ServiceAccount account = rendered.one(ServiceAccount.class);
		assertThat(deployment.getSpec().getTemplate().getSpec().getServiceAccountName())
			.isEqualTo(account.getMetadata().getName());
	}

	@Test
	void keepsSecretsOutOfTheConfigMap() {
		Rendered rendered = Values.SECRETS.render();
		String configuration = applicationConfiguration(rendered, "cache-llm-cache");
		List<String> secrets = List.of("not-in-the-configmap-7f3b",
				"b5a238dccd8a7926f16204cd3243eabc2be374efa2d23d5dad3ecd867c49d41a",
				"5f7a3c98e6cb320377bd90e8dd9bffc58c0cd9e8f4936526fa8c4f4ece042d70", "api-keys", "password");
		for (ConfigMap configMap : rendered.all(ConfigMap.class)) {
			assertThat(configMap.getData().values())
				.allSatisfy((data) -> assertThat(data.toLowerCase()).doesNotContain(secrets.toArray(String[]::new)));
		}
		// The digests are in the chart-made Secret, as Spring properties (lower-case hex)
		Secret apiKeys = rendered.named(Secret.class, "cache-llm-cache-api-keys");
		assertThat(apiKeys.getStringData().get("api-keys.properties")).contains("llmcache.api-keys[0].id=support-admin",
				"llmcache.api-keys[0].sha256=b5a238dccd8a7926f16204cd3243eabc2be374efa2d23d5dad3ecd867c49d41a",
				"llmcache.api-keys[0].tenant=support", "llmcache.api-keys[0].roles=read,write,admin",
				"llmcache.api-keys[1].id=search-reader", "llmcache.api-keys[1].roles=read");
		// ... mounted as a file that Spring reads after the ConfigMap's
		Container container = mainContainer(rendered);
		PodSpec pod = rendered.one(Deployment.class).getSpec().getTemplate().getSpec();
		assertThat(volume(pod, mount(container, "/config/secrets").getName()).getSecret().getSecretName())
			.isEqualTo("cache-llm-cache-api-keys");
		assertThat(env(container, "SPRING_CONFIG_ADDITIONAL_LOCATION").getValue())
			.isEqualTo("file:/config/app/,file:/config/secrets/api-keys.properties");
		// The Redis password reaches the container from its Secret only, for Sentinel too
		Secret redis = rendered.named(Secret.class, "cache-llm-cache-redis");
		assertThat(redis.getData()).containsOnlyKeys("redis-password");
		for (String name : List.of("SPRING_DATA_REDIS_PASSWORD", "SPRING_DATA_REDIS_SENTINEL_PASSWORD")) {
			EnvVar variable = env(container, name);
			assertThat(variable.getValue()).isNull();
			assertThat(variable.getValueFrom().getSecretKeyRef().getName()).isEqualTo("cache-llm-cache-redis");
			assertThat(variable.getValueFrom().getSecretKeyRef().getKey()).isEqualTo("redis-password");
		}
		EnvVar upstream = env(container, "LLMCACHE_PROXY_UPSTREAM_API_KEY");
		assertThat(upstream.getValueFrom().getSecretKeyRef().getName()).isEqualTo("upstream-credentials");
		assertThat(upstream.getValueFrom().getSecretKeyRef().getKey()).isEqualTo("token");
		assertThat(configuration).contains("https://llm-gateway.internal/v1");
	}

	@Test
	void readsExistingSecretsInProduction() {
		Rendered rendered = Values.PRODUCTION.render();
		Container container = mainContainer(rendered);
		PodSpec pod = rendered.one(Deployment.class).getSpec().getTemplate().getSpec();
		assertThat(volume(pod, mount(container, "/config/secrets").getName()).getSecret().getSecretName())
			.isEqualTo("llm-cache-api-keys");
		assertThat(env(container, "SPRING_DATA_REDIS_PASSWORD").getValueFrom().getSecretKeyRef())
			.satisfies((reference) -> {
				assertThat(reference.getName()).isEqualTo("llm-cache-redis");
				assertThat(reference.getKey()).isEqualTo("password");
			});
		Volume ca = volume(pod, mount(container, "/config/redis-ca").getName());
		assertThat(ca.getSecret().getSecretName()).isEqualTo("redis-ca");
		assertThat(env(container, "LLMCACHE_PROXY_UPSTREAM_API_KEY").getValueFrom().getSecretKeyRef().getName())
			.isEqualTo("llm-cache-upstream");
		assertThat(env(container, "JDK_JAVA_OPTIONS").getValue()).startsWith("-Xlog:gc");
	}

	@Test
	void rendersSpringConfigurationFromValues() throws IOException {
		JsonNode production = YAML.readTree(applicationConfiguration(Values.PRODUCTION.render(), "llm-cache"));
		JsonNode redis = production.at("/spring/data/redis");
		assertThat(redis.path("host").asString()).isEqualTo("redis-master.redis.svc.cluster.local");
		assertThat(redis.path("port").asInt()).isEqualTo(6380);
		assertThat(redis.path("timeout").asString()).isEqualTo("250ms");
		assertThat(redis.at("/ssl/enabled").asBoolean()).isTrue();
		assertThat(redis.at("/ssl/bundle").asString()).isEqualTo("redis");
		assertThat(production.at("/spring/ssl/bundle/pem/redis/truststore/certificate").asString())
			.isEqualTo("file:/config/redis-ca/ca.crt");
		JsonNode policy = production.at("/llmcache/policy");
		assertThat(policy.at("/defaults/default-ttl").asString()).isEqualTo("12h");
		assertThat(policy.at("/defaults/max-ttl").asString()).isEqualTo("3d");
		JsonNode support = policy.at("/namespaces/[support]");
		assertThat(support.at("/normalization/case-fold").asBoolean()).isTrue();
		assertThat(support.at("/normalization/builtin-masks")).extracting(JsonNode::asString)
			.containsExactly("timestamp", "request-id");
		// A regular expression survives the trip through YAML unchanged
		assertThat(support.at("/normalization/masks/0/pattern").asString()).isEqualTo("ticket #\\d+");
		// A namespace with a dot stays one map key for Spring
		assertThat(policy.at("/namespaces/[search.v2]/match-types")).extracting(JsonNode::asString)
			.containsExactly("exact");
		assertThat(production.at("/llmcache/limits/max-body-size").asString()).isEqualTo("4MB");
		assertThat(production.at("/llmcache/proxy/upstream/base-url").asString())
			.isEqualTo("https://llm-gateway.internal/v1");
		JsonNode upstream = production.at("/llmcache/proxy/upstream");
		assertThat(upstream.path("read-timeout").asString()).isEqualTo("300s");
		assertThat(upstream.path("max-connections").asInt()).isEqualTo(128);
		assertThat(upstream.path("connect-timeout").asString()).isEqualTo("5s");
		assertThat(upstream.path("max-queued").asInt()).isEqualTo(256);
		// The upstream credential never reaches the configuration, only the environment
		// from its Secret
		assertThat(upstream.has("api-key")).isFalse();

		JsonNode sentinel = YAML.readTree(applicationConfiguration(Values.SECRETS.render(), "cache-llm-cache"));
		assertThat(sentinel.at("/spring/data/redis/sentinel/master").asString()).isEqualTo("cache-primary");
		assertThat(sentinel.at("/spring/data/redis/sentinel/nodes").asString())
			.isEqualTo("sentinel-0.sentinel:26379,sentinel-1.sentinel:26379,sentinel-2.sentinel:26379");
		assertThat(sentinel.at("/spring/data/redis/host").isMissingNode()).isTrue();
		assertThat(sentinel.at("/spring/data/redis/username").asString()).isEqualTo("llm-cache");
		assertThat(sentinel.path("spring.data.redis.client-name").asString()).isEqualTo("llm-cache");
		assertThat(sentinel.at("/logging/level/io.llmcache").asString()).isEqualTo("DEBUG");

		// Defaults: the built-in policy, nothing but what the chart's values say
		JsonNode defaults = YAML.readTree(applicationConfiguration(Values.DEFAULTS.render(), "demo-llm-cache"));
		assertThat(defaults.at("/spring/data/redis/host").asString()).isEqualTo("redis");
		assertThat(defaults.at("/spring/data/redis/ssl").isMissingNode()).isTrue();
		assertThat(defaults.at("/llmcache/policy/defaults/match-types").isMissingNode()).isTrue();
		assertThat(defaults.at("/llmcache/policy/namespaces").isMissingNode()).isTrue();
	}

	@Test
	void rendersOptionalObjectsOnlyWhenEnabled(@TempDir Path work) {
		Rendered defaults = Values.DEFAULTS.render();
		assertThat(defaults.all(HorizontalPodAutoscaler.class)).isEmpty();
		assertThat(defaults.all(PodDisruptionBudget.class)).isEmpty();
		assertThat(defaults.all(ServiceMonitor.class)).isEmpty();
		assertThat(defaults.all(NetworkPolicy.class)).isEmpty();
		assertThat(defaults.all(Ingress.class)).isEmpty();
		assertThat(defaults.all(ConfigMap.class)).extracting((configMap) -> configMap.getMetadata().getName())
			.containsExactly("demo-llm-cache");

		Rendered production = Values.PRODUCTION.render();
		// With an autoscaler the Deployment leaves the replica count to it
		assertThat(production.one(Deployment.class).getSpec().getReplicas()).isNull();
		HorizontalPodAutoscaler hpa = production.one(HorizontalPodAutoscaler.class);
		assertThat(hpa.getSpec().getMinReplicas()).isEqualTo(3);
		assertThat(hpa.getSpec().getMaxReplicas()).isEqualTo(12);
		assertThat(hpa.getSpec().getMetrics()).singleElement()
			.satisfies((metric) -> assertThat(metric.getResource().getTarget().getAverageUtilization()).isEqualTo(65));
		assertThat(production.one(PodDisruptionBudget.class).getSpec().getMinAvailable().getIntVal()).isEqualTo(2);
		ServiceMonitor monitor = production.one(ServiceMonitor.class);
		assertThat(monitor.metadata().getLabels()).containsEntry("release", "kube-prometheus-stack");
		assertThat(monitor.spec().endpoints()).singleElement().satisfies((endpoint) -> {
			assertThat(endpoint.port()).isEqualTo("management");
			assertThat(endpoint.path()).isEqualTo("/actuator/prometheus");
			assertThat(endpoint.interval()).isEqualTo("15s");
		});
		assertThat(monitor.spec().namespaceSelector().matchNames()).containsExactly(HelmChart.NAMESPACE);
		Ingress ingress = production.one(Ingress.class);
		assertThat(ingress.getSpec().getIngressClassName()).isEqualTo("nginx");
		assertThat(ingress.getSpec().getTls()).singleElement().satisfies((tls) -> {
			assertThat(tls.getSecretName()).isEqualTo("llm-cache-tls");
			assertThat(tls.getHosts()).containsExactly("llm-cache.example.com");
		});
		// Streams pass the ingress as they come, and outlast the service's own upstream
		// read timeout (300 s): the service, not nginx, ends a silent upstream
		assertThat(ingress.getMetadata().getAnnotations())
			.containsEntry("nginx.ingress.kubernetes.io/proxy-buffering", "off")
			.containsEntry("nginx.ingress.kubernetes.io/proxy-read-timeout", "360")
			.containsEntry("nginx.ingress.kubernetes.io/proxy-send-timeout", "360");
		NetworkPolicy policy = production.one(NetworkPolicy.class);
		assertThat(policy.getSpec().getPolicyTypes()).containsExactly("Ingress", "Egress");
		// Out: DNS, Redis on its TLS port, the upstream gateway; nothing else
		assertThat(policy.getSpec().getEgress()).flatMap((rule) -> rule.getPorts())
			.extracting((port) -> port.getPort().getIntVal())
			.containsExactlyInAnyOrder(53, 53, 6380, 443);
		// In: the helm test pod carries the label the policy lets through
		Pod test = HelmChart.renderTestHooks(work, "llm-cache", HelmChart.PRODUCTION_VALUES).one(Pod.class);
		// (a peer with a pod selector alone selects pods of the policy's own namespace)
		assertThat(policy.getSpec().getIngress()).flatMap((rule) -> rule.getFrom())
			.filteredOn((peer) -> peer.getPodSelector() != null && peer.getNamespaceSelector() == null)
			.anySatisfy((peer) -> assertThat(test.getMetadata().getLabels())
				.containsAllEntriesOf(peer.getPodSelector().getMatchLabels()));
	}

	@Test
	void shipsGrafanaDashboardAsValidJson() throws IOException {
		ConfigMap dashboard = Values.PRODUCTION.render().named(ConfigMap.class, "llm-cache-dashboard");
		assertThat(dashboard.getMetadata().getLabels()).containsEntry("grafana_dashboard", "1");
		assertThat(dashboard.getMetadata().getAnnotations()).containsEntry("grafana_folder", "Platform");
		String json = dashboard.getData().get("llm-cache.json");
		assertThat(json).isEqualTo(Files.readString(HelmChart.DIRECTORY.resolve("dashboards/llm-cache.json")).strip());
		JsonNode model = JSON.readTree(json);
		assertThat(model.path("uid").asString()).isEqualTo("llm-cache");
		List<String> queries = new ArrayList<>();
		model.path("panels").forEach((panel) -> panel.path("targets").forEach((target) -> {
			assertThat(target.path("datasource").path("uid").asString()).isEqualTo("${datasource}");
			queries.add(target.path("expr").asString());
		}));
		assertThat(String.join("\n", queries)).contains("llmcache_lookups_total", "match_type",
				"llmcache_lookup_duration_seconds_bucket", "llmcache_store_duration_seconds_bucket",
				"llmcache_degraded_total", "llmcache_stores_total", "llmcache_key_collisions_total",
				"llmcache_invalidations_total", "lettuce_seconds_count", "lettuce_command_completion_seconds", "up{");
		// The cache namespace's own label, never the one Prometheus Operator adds
		assertThat(String.join("\n", queries)).contains("tenant=~\"$tenant\"", "cache_namespace=~\"$cache_namespace\"")
			.doesNotContain("exported_namespace")
			.doesNotContainPattern("[{,( ]namespace\\b");
		// Panel ids are unique, or Grafana mixes up their settings
		List<Integer> ids = new ArrayList<>();
		model.path("panels").forEach((panel) -> ids.add(panel.path("id").asInt()));
		assertThat(ids).doesNotHaveDuplicates();
		// Every variable a query uses is defined
		Set<String> variables = new TreeSet<>();
		model.at("/templating/list").forEach((variable) -> variables.add(variable.path("name").asString()));
		Matcher used = Pattern.compile("\\$\\{?(\\w+)").matcher(String.join("\n", queries));
		while (used.find()) {
			if (!used.group(1).startsWith("__")) {
				assertThat(variables).contains(used.group(1));
			}
		}
	}

	@Test
	void testHookAsksReadinessAndRedisThroughTheService(@TempDir Path work) throws IOException {
		assertThat(Files.readString(HelmChart.DIRECTORY.resolve("templates/tests/test-readiness.yaml")))
			.contains("helm.sh/hook: test");
		Pod test = HelmChart.renderTestHooks(work, "demo").one(Pod.class);
		assertThat(test.getMetadata().getName()).isEqualTo("demo-llm-cache-test-readiness");
		Container wget = test.getSpec().getContainers().get(0);
		assertThat(wget.getImage()).matches("busybox:\\d+\\.\\d+\\.\\d+");
		assertThat(wget.getCommand()).containsExactly("sh", "-c",
				"wget -q -O - -T 5 http://demo-llm-cache-management:9090/actuator/health/readiness && "
						+ "wget -q -O - -T 5 http://demo-llm-cache-management:9090/actuator/health");
		assertThat(test.getSpec().getRestartPolicy()).isEqualTo("Never");
		assertThat(test.getSpec().getSecurityContext().getRunAsNonRoot()).isTrue();
	}

	@Test
	void notesTellHowToReachSwaggerUi() {
		String notes = HelmChart.installNotes("demo");
		assertThat(notes).contains("kubectl -n " + HelmChart.NAMESPACE + " port-forward service/demo-llm-cache 8080:80",
				"http://localhost:8080/swagger-ui.html", "helm test demo");
		// No API keys in the defaults: the notes say so rather than leave every call at
		// 401
		assertThat(notes).contains("WARNING: no API keys are configured");
		assertThat(HelmChart.installNotes("llm-cache", HelmChart.PRODUCTION_VALUES))
			.contains("https://llm-cache.example.com/swagger-ui.html")
			.doesNotContain("WARNING");
	}

	@Test
	void rejectsManifestWithMisspelledField() {
		String deployment = """
				apiVersion: apps/v1
				kind: Deployment
				metadata:
				  name: demo
				spec:
				  selector:
				    matchLabels: {app: demo}
				  template:
				    metadata:
				      labels: {app: demo}
				    spec:
				      containers:
				        - name: demo
				          image: demo:1
				          %s
				""";
		assertThat(KubernetesManifests.parse(deployment.formatted("imagePullPolicy: Always"))).singleElement()
			.isInstanceOf(Deployment.class);
		assertThatIllegalArgumentException()
			.isThrownBy(() -> KubernetesManifests.parse(deployment.formatted("imagePulPolicy: Always")))
			.withMessageContaining("imagePulPolicy");
		// A real field at the wrong level is as wrong as a misspelled one
		assertThatIllegalArgumentException()
			.isThrownBy(() -> KubernetesManifests.parse(deployment.formatted("runAsNonRoot: true")))
			.withMessageContaining("runAsNonRoot");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> KubernetesManifests
				.parse(deployment.formatted("imagePullPolicy: Always").replace("  name: demo\n", "  nmae: demo\n")))
			.withMessageContaining("nmae");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> KubernetesManifests
				.parse("apiVersion: monitoring.coreos.com/v1\nkind: ServiceMonitor\nspec:\n  endpoint: []\n"))
			.withMessageContaining("endpoint");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> KubernetesManifests.parse("apiVersion: batch/v1\nkind: CronJob\n"))
			.withMessageContaining("batch/v1/CronJob");
	}

	/**
	 * values.schema.json stops, before anything reaches a cluster: a key in clear text
	 * instead of its digest, a misspelled value ({@code replicaCount}), an unknown Redis
	 * mode, a TTL Spring cannot read, an API key file Spring would not recognise, a
	 * namespace name the service refuses, an upstream timeout Spring cannot read, an
	 * upstream pool without connections, an upstream key in clear text in the values.
	 */
	@ParameterizedTest
	@ValueSource(strings = { "apiKeys: [{id: a, sha256: my-clear-text-key, tenant: t, roles: [read]}]", "replicas: 3",
			"redis: {mode: replicated}", "policy: {defaults: {maxTtl: one week}}",
			"apiKeysSecret: {existingSecretKey: keys}", "policy: {namespaces: {Support: {maxTtl: 1d}}}",
			"proxy: {upstream: {readTimeout: two minutes}}", "proxy: {upstream: {maxConnections: 0}}",
			"proxy: {upstream: {apiKey: sk-in-clear-text}}" })
	void rejectsValuesThatBreakTheSchema(String values, @TempDir Path work) throws IOException {
		Path file = Files.writeString(work.resolve("values.yaml"), values);
		assertThatThrownBy(() -> HelmChart.template("demo", file))
			.hasMessageContaining("values don't meet the specifications of the schema");
	}

	@Test
	void documentsEveryValue() throws IOException {
		String text = Files.readString(HelmChart.DIRECTORY.resolve("values.yaml"));
		Set<String> documented = new TreeSet<>();
		Matcher param = Pattern.compile("(?m)^\\s*## @param (\\S+) \\S").matcher(text);
		while (param.find()) {
			documented.add(param.group(1));
		}
		Set<String> paths = new TreeSet<>();
		Set<String> leaves = new TreeSet<>();
		collectPaths("", YAML.readTree(text), paths, leaves);
		// Each value is documented itself or as part of a documented object ...
		for (String path : leaves) {
			assertThat(documented).as("@param for %s", path)
				.anyMatch((name) -> path.equals(name) || path.startsWith(name + "."));
		}
		// ... and each @param names a value that exists
		assertThat(paths).containsAll(documented);
		// values.schema.json knows every top-level value (it rejects unknown ones)
		JsonNode schema = JSON.readTree(HelmChart.DIRECTORY.resolve("values.schema.json").toFile());
		Set<String> topLevel = paths.stream().map((path) -> path.split("\\.")[0]).collect(Collectors.toSet());
		assertThat(schema.path("properties").propertyNames()).containsAll(topLevel);
		assertThat(schema.path("additionalProperties").asBoolean(true)).isFalse();
	}

	private static void collectPaths(String prefix, JsonNode node, Set<String> paths, Set<String> leaves) {
		if (!prefix.isEmpty()) {
			paths.add(prefix);
			if (!node.isObject() || node.isEmpty()) {
				leaves.add(prefix);
			}
		}
		if (node.isObject()) {
			for (Map.Entry<String, JsonNode> entry : node.properties()) {
				collectPaths(prefix.isEmpty() ? entry.getKey() : prefix + "." + entry.getKey(), entry.getValue(), paths,
						leaves);
			}
		}
	}

	private static void assertLintsClean(LintResult result) {
		assertThat(result.getMessages()).as("lint messages")
			.noneMatch((message) -> message.contains("[ERROR]") || message.contains("[WARNING]"));
		assertThat(result.isFailed()).as("lint failed: %s", result.getMessages()).isFalse();
	}

	private static void assertProbe(Probe probe, String path) {
		assertThat(probe).as("probe on %s", path).isNotNull();
		assertThat(probe.getHttpGet().getPath()).isEqualTo(path);
		assertThat(probe.getHttpGet().getPort().getStrVal()).isEqualTo("management");
		assertThat(probe.getTimeoutSeconds()).isPositive();
	}

	private static List<String> kinds(Rendered rendered) {
		return rendered.objects().stream().map((object) -> object.getClass().getSimpleName()).toList();
	}

	private static Container mainContainer(Rendered rendered) {
		List<Container> containers = rendered.one(Deployment.class).getSpec().getTemplate().getSpec().getContainers();
		assertThat(containers).hasSize(1);
		return containers.get(0);
	}

	private static String applicationConfiguration(Rendered rendered, String configMapName) {
		return rendered.named(ConfigMap.class, configMapName).getData().get("application.yaml");
	}

	private static VolumeMount mount(Container container, String path) {
		return container.getVolumeMounts()
			.stream()
			.filter((mount) -> mount.getMountPath().equals(path))
			.findFirst()
			.orElseThrow(() -> new AssertionError("No volume mounted at " + path));
	}

	private static Volume volume(PodSpec pod, String name) {
		return pod.getVolumes()
			.stream()
			.filter((volume) -> volume.getName().equals(name))
			.findFirst()
			.orElseThrow(() -> new AssertionError("No volume " + name));
	}

	private static EnvVar env(Container container, String name) {
		return container.getEnv()
			.stream()
			.filter((variable) -> variable.getName().equals(name))
			.findFirst()
			.orElseThrow(() -> new AssertionError("No environment variable " + name));
	}

	private static Path testResource(String name) {
		try {
			return Path.of(HelmChartTests.class.getResource(name).toURI());
		}
		catch (URISyntaxException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
