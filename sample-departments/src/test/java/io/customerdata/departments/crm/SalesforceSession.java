package io.customerdata.departments.crm;

import tools.jackson.databind.JsonNode;

import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.BodyInserters;

import static org.assertj.core.api.Assertions.assertThat;

/** The integration user's calls to the CRM as Salesforce, for the tests. */
final class SalesforceSession {

	private final WebTestClient client;

	SalesforceSession(WebTestClient client) {
		this.client = client;
	}

	/** The integration user's access token (client credentials). */
	String token() {
		return this.client.post()
			.uri("/services/oauth2/token")
			.body(BodyInserters.fromFormData("grant_type", "client_credentials")
				.with("client_id", "customer-gateway")
				.with("client_secret", "demo-only-client-secret"))
			.exchange()
			.expectBody(JsonNode.class)
			.returnResult()
			.getResponseBody()
			.path("access_token")
			.asString();
	}

	String bearer() {
		return "Bearer " + token();
	}

	/** A query's answer, which must be a 200. */
	JsonNode query(String soql) {
		return get("/services/data/v60.0/query?q={q}", soql);
	}

	/** A GET's answer, which must be a 200. */
	JsonNode get(String uri, Object... variables) {
		return this.client.get()
			.uri(uri, variables)
			.header("Authorization", bearer())
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(JsonNode.class)
			.returnResult()
			.getResponseBody();
	}

	/** The error of a query refused with a 400 and {@code errorCode}, as Salesforce's. */
	JsonNode refused(String soql, String errorCode) {
		return refusedGet(errorCode, "/services/data/v60.0/query?q={q}", soql);
	}

	/** The error of a GET refused with a 400 and {@code errorCode}, as Salesforce's. */
	JsonNode refusedGet(String errorCode, String uri, Object... variables) {
		JsonNode body = this.client.get()
			.uri(uri, variables)
			.header("Authorization", bearer())
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectBody(JsonNode.class)
			.returnResult()
			.getResponseBody();
		assertThat(body.isArray()).isTrue();
		assertThat(body.at("/0/errorCode").asString()).as(uri).isEqualTo(errorCode);
		return body.get(0);
	}

}
