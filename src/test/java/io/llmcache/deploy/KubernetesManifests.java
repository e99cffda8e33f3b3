package io.llmcache.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.BeanDescription;
import tools.jackson.databind.DeserializationConfig;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.deser.BeanDeserializerBuilder;
import tools.jackson.databind.deser.ValueDeserializerModifier;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Parses rendered Kubernetes manifests into the fabric8 model, strictly: a field the
 * Kubernetes API does not know (a misspelling, a field at the wrong level) fails the
 * parse, as the API server's strict field validation would.
 * <p>
 * The fabric8 model classes keep unknown fields in an {@code additionalProperties} map
 * through a Jackson "any setter", so {@code FAIL_ON_UNKNOWN_PROPERTIES} alone would never
 * fire: the mapper here removes every any setter, which leaves unknown fields nowhere to
 * go. Prometheus Operator's ServiceMonitor is not in the fabric8 core model; it is parsed
 * into the records of {@link ServiceMonitor}, which hold the fields the chart uses.
 */
final class KubernetesManifests {

	/** The kinds the chart may render, by {@code apiVersion/kind}. */
	private static final Map<String, Class<?>> KINDS = Map.ofEntries(Map.entry("v1/ConfigMap", ConfigMap.class),
			Map.entry("v1/Secret", Secret.class), Map.entry("v1/Service", Service.class),
			Map.entry("v1/ServiceAccount", ServiceAccount.class), Map.entry("v1/Pod", Pod.class),
			Map.entry("apps/v1/Deployment", Deployment.class),
			Map.entry("autoscaling/v2/HorizontalPodAutoscaler", HorizontalPodAutoscaler.class),
			Map.entry("policy/v1/PodDisruptionBudget", PodDisruptionBudget.class),
			Map.entry("networking.k8s.io/v1/Ingress", Ingress.class),
			Map.entry("networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class),
			Map.entry("monitoring.coreos.com/v1/ServiceMonitor", ServiceMonitor.class));

	/** Reads documents into trees; a key given twice in one mapping is an error. */
	private static final YAMLMapper YAML = YAMLMapper.builder()
		.enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
		.build();

	private static final ObjectMapper STRICT = YAMLMapper.builder()
		.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		.addModule(new SimpleModule("no-any-setters").setDeserializerModifier(new ValueDeserializerModifier() {

			@Override
			public BeanDeserializerBuilder updateBuilder(DeserializationConfig config,
					BeanDescription.Supplier beanDescription, BeanDeserializerBuilder builder) {
				builder.setAnySetter(null);
				return builder;
			}

		}))
		.build();

	private KubernetesManifests() {
	}

	/**
	 * Parses a multi-document YAML stream, as {@code helm template} prints it.
	 * @param yaml the manifests
	 * @return one typed object per non-empty document, in order
	 * @throws IllegalArgumentException when a document is of an unknown kind or has a
	 * field its kind does not have
	 */
	static List<Object> parse(String yaml) {
		List<JsonNode> documents;
		try {
			documents = YAML.readerFor(JsonNode.class).<JsonNode>readValues(yaml).readAll();
		}
		catch (JacksonException ex) {
			throw new IllegalArgumentException("Not YAML: " + ex.getMessage(), ex);
		}
		List<Object> objects = new ArrayList<>();
		for (JsonNode document : documents) {
			if (document == null || document.isNull() || document.isMissingNode() || document.isEmpty()) {
				continue;
			}
			objects.add(parse(document));
		}
		return objects;
	}

	private static Object parse(JsonNode document) {
		String type = document.path("apiVersion").asString() + "/" + document.path("kind").asString();
		Class<?> modelClass = KINDS.get(type);
		if (modelClass == null) {
			throw new IllegalArgumentException("Unexpected kind " + type);
		}
		try {
			return STRICT.treeToValue(document, modelClass);
		}
		catch (RuntimeException ex) {
			throw new IllegalArgumentException("Invalid " + type + " "
					+ document.path("metadata").path("name").asString() + ": " + ex.getMessage(), ex);
		}
	}

	/**
	 * The metadata of a parsed object.
	 * @param object a fabric8 resource or a {@link ServiceMonitor}
	 * @return its metadata
	 */
	static ObjectMeta metadata(Object object) {
		if (object instanceof HasMetadata resource) {
			return resource.getMetadata();
		}
		if (object instanceof ServiceMonitor serviceMonitor) {
			return serviceMonitor.metadata();
		}
		throw new IllegalArgumentException("No metadata in " + object.getClass());
	}

	/**
	 * A Prometheus Operator {@code ServiceMonitor} ({@code monitoring.coreos.com/v1}),
	 * limited to the fields this chart renders: any other field is an error.
	 *
	 * @param apiVersion the API version
	 * @param kind the kind
	 * @param metadata the metadata
	 * @param spec the specification
	 */
	record ServiceMonitor(String apiVersion, String kind, ObjectMeta metadata, Spec spec) {

		/**
		 * What to scrape.
		 *
		 * @param jobLabel the Service label whose value becomes the {@code job} label
		 * @param namespaceSelector the namespaces of the Services
		 * @param selector the Service selector
		 * @param endpoints the endpoints to scrape
		 */
		record Spec(String jobLabel, NamespaceSelector namespaceSelector, LabelSelector selector,
				List<Endpoint> endpoints) {

		}

		/**
		 * Namespaces of the selected Services.
		 *
		 * @param any all namespaces
		 * @param matchNames these namespaces
		 */
		record NamespaceSelector(Boolean any, List<String> matchNames) {

		}

		/**
		 * One scrape endpoint.
		 *
		 * @param port the Service port name
		 * @param path the HTTP path
		 * @param interval the scrape interval
		 * @param scrapeTimeout the scrape timeout
		 * @param scheme {@code http} or {@code https}
		 * @param honorLabels whether scraped labels win over target labels
		 */
		record Endpoint(String port, String path, String interval, String scrapeTimeout, String scheme,
				Boolean honorLabels) {

		}

	}

}
