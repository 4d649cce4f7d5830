package io.customerdata.gateway.federation;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.customerdata.gateway.policy.PolicyInput;
import tools.jackson.databind.JsonNode;

/** What the policy needs to know of the customer, as the linked records say. */
final class CustomerAttributes {

	private CustomerAttributes() {
	}

	/**
	 * Region: the first record's (configuration order). Restricted: if any record says
	 * so. Consents: per purpose, granted only if a record grants it and none refuses.
	 * Ids: every record's, which a personal grant for one customer names.
	 */
	static PolicyInput.Customer of(List<SourceRecord> records) {
		PolicyInput.Customer attributes = ofCanonical(records.stream().<JsonNode>map(SourceRecord::canonical).toList());
		return new PolicyInput.Customer(attributes.region(), attributes.restricted(), attributes.consents(),
				records.stream().map((record) -> record.source() + ":" + record.id()).sorted().toList());
	}

	static PolicyInput.Customer ofCanonical(List<JsonNode> canonicalRecords) {
		String region = null;
		boolean restricted = false;
		Map<String, Boolean> consents = new LinkedHashMap<>();
		for (JsonNode record : canonicalRecords) {
			JsonNode customer = record.path("customer");
			if (region == null && customer.path("region").isString()) {
				region = customer.path("region").asString();
			}
			restricted |= customer.path("sensitivity").asString("").equalsIgnoreCase("restricted");
			for (var consent : customer.path("consent").properties()) {
				JsonNode value = consent.getValue();
				boolean granted = value.isBoolean() ? value.asBoolean() : value.path("granted").asBoolean(false);
				consents.merge(consent.getKey(), granted, Boolean::logicalAnd);
			}
		}
		return new PolicyInput.Customer(region, restricted, consents);
	}

}
