package io.customerdata.gateway.sources;

import java.util.Map;

/** The federated sources' connectors, in configuration (merge precedence) order. */
public record SourceConnectors(Map<String, SourceConnector> byId) {
}
