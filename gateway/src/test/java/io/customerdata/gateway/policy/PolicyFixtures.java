package io.customerdata.gateway.policy;

import java.nio.file.Path;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.core.io.FileSystemResource;

/**
 * The policy and decision table in {@code policies/}, as the build passes their location.
 */
final class PolicyFixtures {

	static final Path POLICIES = Path.of(System.getProperty("policies.dir", "../policies"));

	static final Path DOCUMENT = POLICIES.resolve("customer_gateway/policy/data.json");

	static final JsonMapper JSON = JsonMapper.builder().build();

	private PolicyFixtures() {
	}

	static CompiledPolicy shippedPolicy() {
		return new PolicyReader().read(new FileSystemResource(DOCUMENT));
	}

	/** A fresh, mutable copy of the shipped document, for tests that break it. */
	static ObjectNode shippedDocument() {
		return (ObjectNode) JSON.readTree(DOCUMENT.toFile());
	}

}
