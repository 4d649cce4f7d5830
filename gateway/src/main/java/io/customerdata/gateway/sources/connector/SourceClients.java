package io.customerdata.gateway.sources.connector;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import io.customerdata.gateway.sources.FederationProperties;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.web.reactive.function.client.WebClient;

/**
 * One {@link SourceClient} per configured source, shared by the unified view and the
 * pass-through route: one token cache, one request budget and one throttle per source,
 * whichever way it is called, and one per endpoint budget or per account that sources
 * share.
 */
public final class SourceClients {

	private final Map<String, SourceClient> byId;

	public SourceClients(FederationProperties federation, WebClient.Builder clients, Clock clock,
			MeterRegistry meters) {
		Map<String, SourceClient> byId = new LinkedHashMap<>();
		EndpointBudgets endpoints = new EndpointBudgets(federation.sources(), clock);
		federation.sources()
			.forEach((id, source) -> byId.put(id, new SourceClient(id, source, clients, clock, meters, endpoints)));
		this.byId = Map.copyOf(byId);
	}

	public Optional<SourceClient> get(String source) {
		return Optional.ofNullable(this.byId.get(source));
	}

}
