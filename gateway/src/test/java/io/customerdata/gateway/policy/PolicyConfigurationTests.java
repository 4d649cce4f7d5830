package io.customerdata.gateway.policy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.io.ByteArrayResource;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class PolicyConfigurationTests {

	@Test
	void startsOnAValidPolicy() {
		PolicyStore store = new PolicyConfiguration().policyStore(
				properties(new FileSystemResource(PolicyFixtures.DOCUMENT)), JsonMapper.builder().build(),
				new SimpleMeterRegistry());
		assertThat(store.current().version()).isEqualTo("2026-11-25.1");
		assertThat(store.current().revision()).matches("2026-11-25\\.1-[0-9a-f]{12}");
	}

	@Test
	void anInvalidPolicyStopsTheGatewayWithEveryViolation() {
		ByteArrayResource broken = new ByteArrayResource(
				"{\"version\":\"x\",\"levels\":[]}".getBytes(StandardCharsets.UTF_8));
		assertThatExceptionOfType(InvalidPolicyException.class)
			.isThrownBy(() -> new PolicyConfiguration().policyStore(properties(broken), JsonMapper.builder().build(),
					new SimpleMeterRegistry()))
			.satisfies((ex) -> assertThat(ex.violations()).hasSizeGreaterThan(1));
	}

	static PolicyProperties properties(Resource document) {
		return properties(document, false);
	}

	static PolicyProperties properties(Resource document, boolean hideExistence) {
		return new PolicyProperties(PolicyProperties.Source.FILE, document, 10, Duration.ZERO,
				PolicyProperties.Engine.EMBEDDED, null, new PolicyProperties.Opa(URI.create("http://127.0.0.1:8181"),
						Duration.ofMillis(250), 50, 20, 10, Duration.ofSeconds(10)),
				new PolicyProperties.Bundle(null, false), hideExistence);
	}

}
