package io.customerdata.gateway.testing;

import java.time.Duration;

import org.springframework.test.web.reactive.server.WebTestClient;

/** A client of a server on this machine, over real HTTP. */
public final class LoopbackClient {

	/** Generous: Keycloak and the departments share two cores with the tests. */
	static final Duration RESPONSE_TIMEOUT = Duration.ofSeconds(20);

	private LoopbackClient() {
	}

	public static WebTestClient on(int port) {
		return WebTestClient.bindToServer()
			.baseUrl("http://127.0.0.1:" + port)
			.responseTimeout(RESPONSE_TIMEOUT)
			.build();
	}

}
