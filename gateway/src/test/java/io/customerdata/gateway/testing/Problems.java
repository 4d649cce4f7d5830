package io.customerdata.gateway.testing;

import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Assertions on the gateway's RFC 9457 problem responses. */
public final class Problems {

	private Problems() {
	}

	/**
	 * The response is a problem of this status and code, with a trace id.
	 * @return its body, for further assertions
	 */
	public static WebTestClient.BodyContentSpec assertProblem(WebTestClient.ResponseSpec response, int status,
			String code) {
		return response.expectStatus()
			.isEqualTo(status)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo(status)
			.jsonPath("$.code")
			.isEqualTo(code)
			.jsonPath("$.type")
			.isEqualTo("urn:customer-data-gateway:problem:" + code)
			.jsonPath("$.traceId")
			.value((traceId) -> org.assertj.core.api.Assertions.assertThat((String) traceId).matches("[0-9a-f]{32}"));
	}

}
