package io.customerdata.gateway.testing;

import tools.jackson.databind.JsonNode;

import org.springframework.test.web.reactive.server.WebTestClient;

/** A response's status checked and its JSON body read, in one step. */
public final class JsonResponses {

	private JsonResponses() {
	}

	/** The body of a 200 answer. */
	public static JsonNode ok(WebTestClient.ResponseSpec response) {
		return json(response, 200);
	}

	/** The body of an answer that must have this status. */
	public static JsonNode json(WebTestClient.ResponseSpec response, int status) {
		return response.expectStatus().isEqualTo(status).expectBody(JsonNode.class).returnResult().getResponseBody();
	}

}
