package io.customerdata.gateway.policy;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import org.springframework.core.io.ByteArrayResource;
import org.springframework.core.io.FileSystemResource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class PolicyConfigurationTests {

	@Test
	void startsOnAValidPolicy() {
		EmbeddedPolicyDecisionPoint pdp = new PolicyConfiguration()
			.embeddedPolicyDecisionPoint(new PolicyProperties(new FileSystemResource(PolicyFixtures.DOCUMENT), 10));
		assertThat(pdp.version()).isEqualTo("2026-11-25.1");
	}

	@Test
	void anInvalidPolicyStopsTheGatewayWithEveryViolation() {
		ByteArrayResource broken = new ByteArrayResource(
				"{\"version\":\"x\",\"levels\":[]}".getBytes(StandardCharsets.UTF_8));
		assertThatExceptionOfType(InvalidPolicyException.class)
			.isThrownBy(() -> new PolicyConfiguration().embeddedPolicyDecisionPoint(new PolicyProperties(broken, 10)))
			.satisfies((ex) -> assertThat(ex.violations()).hasSizeGreaterThan(1));
	}

}
