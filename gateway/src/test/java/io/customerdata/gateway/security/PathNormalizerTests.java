package io.customerdata.gateway.security;

import io.customerdata.gateway.problem.GatewayProblem;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class PathNormalizerTests {

	@ParameterizedTest
	@CsvSource({ "/api/v1/departments/crm/accounts, /api/v1/departments/crm/accounts",
			"/api/v1/departments/crm/../support/tickets, /api/v1/departments/support/tickets",
			"/api/v1/departments/crm/%2e%2e/support/x, /api/v1/departments/support/x",
			"/api/v1/departments/crm/%2E%2e/support/x, /api/v1/departments/support/x",
			"/api/v1/departments/crm/.%2e/support/x, /api/v1/departments/support/x",
			"//api//v1/departments///crm/x, /api/v1/departments/crm/x",
			"/api/v1/./departments/crm/./x, /api/v1/departments/crm/x",
			"/api/v1/departments/crm/x/, /api/v1/departments/crm/x/",
			"/api/v1/departments/crm/a%20b, /api/v1/departments/crm/a%20b", "/, /", "/a/.., /" })
	void resolvesToTheCanonicalPath(String raw, String canonical) {
		assertThat(PathNormalizer.normalize(raw)).isEqualTo(canonical);
	}

	@ParameterizedTest
	@ValueSource(strings = { "/api/v1/departments/crm%2f..%2fsupport/x", "/api/v1/departments/crm%2F..%2Fsupport",
			"/api/v1/departments/crm/%5c..%5csupport", "/api/v1/departments/crm\\..\\support",
			"/api/v1/departments/crm;jsessionid=1/x", "/api/v1/departments/crm%3b/x",
			"/api/v1/departments/crm/%252e%252e/x", "/api/v1/departments/crm/%00", "/api/../../etc/passwd", "/.." })
	void refusesWhatCannotBeMadeUnambiguous(String raw) {
		assertThatExceptionOfType(GatewayProblem.class).isThrownBy(() -> PathNormalizer.normalize(raw))
			.satisfies((problem) -> assertThat(problem.status().value()).isEqualTo(400));
	}

}
