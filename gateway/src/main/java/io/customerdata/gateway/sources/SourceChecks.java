package io.customerdata.gateway.sources;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import io.customerdata.gateway.sources.connector.SourceClients;

/**
 * A connection check for every configured source, federated or pass-through only, each
 * through the client the source's other calls share.
 */
final class SourceChecks {

	private final Map<String, SourceCheck> byId;

	SourceChecks(FederationProperties federation, SourceClients clients) {
		Map<String, SourceCheck> byId = new LinkedHashMap<>();
		federation.sources()
			.forEach((id, source) -> byId.put(id, new SourceCheck(id, source, clients.get(id).orElseThrow())));
		this.byId = Map.copyOf(byId);
	}

	Optional<SourceCheck> get(String source) {
		return Optional.ofNullable(this.byId.get(source));
	}

}
