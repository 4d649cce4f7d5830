package io.customerdata.gateway.sources;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The {@link SourceShape} of every configured source. */
public final class SourceShapes {

	private final Map<String, SourceShape> byId;

	SourceShapes(FederationProperties federation, Map<String, SourceConnector> connectors,
			CustomerAttributes attributes) {
		Map<String, SourceShape> byId = new LinkedHashMap<>();
		federation.sources()
			.forEach((id, source) -> byId.put(id, new SourceShape(id, source, connectors.get(id), attributes)));
		this.byId = Map.copyOf(byId);
	}

	/** Shapes that cannot look records up: for reading answers alone. */
	public static SourceShapes of(FederationProperties federation, CustomerAttributes attributes) {
		return new SourceShapes(federation, Map.of(), attributes);
	}

	public Optional<SourceShape> get(String source) {
		return Optional.ofNullable(this.byId.get(source));
	}

}
