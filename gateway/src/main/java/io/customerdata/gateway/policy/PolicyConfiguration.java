package io.customerdata.gateway.policy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

import com.github.benmanes.caffeine.cache.stats.CacheStats;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Loads the configured policy at start-up (an invalid document stops the gateway with
 * every violation listed: it never starts on a policy it cannot enforce), keeps it
 * current, and assembles the decision point: the configured engine, with an optional
 * shadow.
 */
@Configuration(proxyBeanMethods = false)
class PolicyConfiguration {

	private static final Logger log = LoggerFactory.getLogger(PolicyConfiguration.class);

	/**
	 * A file policy has no access requests (they live beside policy versions in the
	 * database), so its answers propose none.
	 */
	@Bean
	@ConditionalOnProperty(name = "gateway.policy.source", havingValue = "file")
	AccessHints noAccessHints() {
		return AccessHints.none();
	}

	@Bean
	PolicyStore policyStore(PolicyProperties properties, JsonMapper json, MeterRegistry meters) {
		PolicyStore store = new PolicyStore(new PolicyReader(json),
				bytes(new ClassPathResource("policy/decision.rego")), bytes(properties.document()), meters);
		log.info("Policy version {} (revision {}) in force, from {}", store.current().version(),
				store.current().revision(), properties.document().getDescription());
		return store;
	}

	@Bean
	PolicyFileWatcher policyFileWatcher(PolicyProperties properties, PolicyStore store) throws IOException {
		boolean watched = properties.source() == PolicyProperties.Source.FILE && properties.document().isFile();
		return new PolicyFileWatcher(watched ? properties.document().getFile().toPath() : null,
				properties.reloadInterval(), store);
	}

	/**
	 * What personal grants are in force at. One bean, so that a test can move time for
	 * the whole gateway with a {@code @Primary} clock of its own.
	 */
	@Bean
	Clock policyClock() {
		return Clock.systemUTC();
	}

	@Bean
	EmbeddedPolicyDecisionPoint embeddedPolicyDecisionPoint(PolicyStore store, PolicyProperties properties,
			MeterRegistry meters, Clock clock) {
		PolicyStore.Published initial = store.current();
		EmbeddedPolicyDecisionPoint embedded = new EmbeddedPolicyDecisionPoint(initial.compiled(), initial.grants(),
				properties.cacheSize(), clock);
		AtomicReference<CompiledPolicy> activated = new AtomicReference<>(initial.compiled());
		store.onPublished((published) -> {
			// A new version drops the cache; new personal grants alone keep it.
			if (activated.getAndSet(published.compiled()) != published.compiled()) {
				embedded.activate(published.compiled());
			}
			embedded.grant(published.grants());
		});
		cacheMetrics(meters, "embedded", embedded, (pdp) -> pdp.cacheStats());
		return embedded;
	}

	@Bean
	@Primary
	PolicyDecisionPoint policyDecisionPoint(PolicyProperties properties, EmbeddedPolicyDecisionPoint embedded,
			PolicyStore store, JsonMapper json, MeterRegistry meters, WebClient.Builder clients, Clock clock) {
		PolicyDecisionPoint opa = (properties.engine() == PolicyProperties.Engine.OPA
				|| properties.shadow() == PolicyProperties.Engine.OPA)
						? new OpaPolicyDecisionPoint(clients, properties.opa(), store, json, properties.cacheSize(),
								clock)
						: null;
		PolicyDecisionPoint primary = (properties.engine() == PolicyProperties.Engine.OPA) ? opa : embedded;
		PolicyProperties.Engine shadow = properties.shadow();
		PolicyDecisionPoint metered = new MeteredPolicyDecisionPoint(primary, properties.engine(), meters);
		if (shadow == null || shadow == properties.engine()) {
			log.info("Policy engine: {}", properties.engine());
			return metered;
		}
		log.info("Policy engine: {}, shadowed by {}", properties.engine(), shadow);
		return new ShadowPolicyDecisionPoint(metered, properties.engine(),
				(shadow == PolicyProperties.Engine.OPA) ? opa : embedded, shadow, meters);
	}

	@Bean
	OpaBundle opaBundle(PolicyStore store, JsonMapper json) {
		return new OpaBundle(store, json);
	}

	/**
	 * {@code gateway.policy.cache{engine, result=hit|miss}}: the decision cache's hit
	 * ratio.
	 */
	private static <T> void cacheMetrics(MeterRegistry meters, String engine, T pdp, Function<T, CacheStats> stats) {
		FunctionCounter.builder("gateway.policy.cache", pdp, (p) -> stats.apply(p).hitCount())
			.tags("engine", engine, "result", "hit")
			.register(meters);
		FunctionCounter.builder("gateway.policy.cache", pdp, (p) -> stats.apply(p).missCount())
			.tags("engine", engine, "result", "miss")
			.register(meters);
	}

	private static byte[] bytes(Resource resource) {
		try (InputStream in = resource.getInputStream()) {
			return in.readAllBytes();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Policy resource not readable: " + resource.getDescription(), ex);
		}
	}

}
