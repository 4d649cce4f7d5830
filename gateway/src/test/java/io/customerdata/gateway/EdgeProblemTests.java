package io.customerdata.gateway;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

import io.customerdata.gateway.testing.LocalIssuer;
import io.customerdata.gateway.testing.Servers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Requests refused before the gateway's own error handling, by Netty while decoding them
 * or by the exchange firewall, sent over a raw socket as no HTTP client would send them:
 * each answer is still a problem document with its type, code and trace id.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "management.server.port=0")
class EdgeProblemTests {

	static final JsonMapper JSON = JsonMapper.builder().build();

	static final LocalIssuer issuer = Servers.start(LocalIssuer::new);

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("gateway.security.issuer-uri", issuer::issuer);
	}

	@AfterAll
	static void stop() {
		issuer.close();
	}

	@Test
	void anEncodedLineBreakInThePathIsABadRequestProblem() throws IOException {
		Answer answer = send("GET /api/v1/customers/crm:a%0d%0aX-Injected:%20yes HTTP/1.1\r\nHost: gateway\r\n"
				+ "Connection: close\r\n\r\n");
		answer.assertProblem(400, "bad-request");
		assertThat(answer.head()).doesNotContainIgnoringCase("X-Injected");
	}

	@Test
	void aReferenceOf5000CharactersIsAUriTooLongProblem() throws IOException {
		send("GET /api/v1/customers/crm:" + "a".repeat(5000)
				+ " HTTP/1.1\r\nHost: gateway\r\nConnection: close\r\n\r\n")
			.assertProblem(414, "uri-too-long");
	}

	@Test
	void headersOver16KbAreAHeadersTooLargeProblem() throws IOException {
		send("GET /api/v1/customers/crm:ACC-1 HTTP/1.1\r\nHost: gateway\r\nX-Padding: " + "a".repeat(17_000)
				+ "\r\nConnection: close\r\n\r\n")
			.assertProblem(431, "headers-too-large");
	}

	@Test
	void aControlCharacterInAHeaderValueIsRefusedByTheFirewall() throws IOException {
		Answer answer = send("GET /api/v1/customers/crm:ACC-1 HTTP/1.1\r\nHost: gateway\r\n"
				+ "Authorization: Bearer abc\u0085def\r\nConnection: close\r\n\r\n");
		answer.assertProblem(400, "bad-request");
		assertThat(answer.body()).contains("characters or parts the gateway does not accept");
	}

	@Test
	void aLatinLetterInAHeaderValueIsNoReasonToRefuse() throws IOException {
		send("GET /api/v1/customers/crm:ACC-1 HTTP/1.1\r\nHost: gateway\r\n"
				+ "Authorization: Bearer caf\u00e9\r\nConnection: close\r\n\r\n")
			.assertProblem(401, "unauthenticated");
	}

	@Test
	void somethingThatIsNotHttpIsABadRequestProblem() throws IOException {
		send("HELLO THERE\r\n\r\n").assertProblem(400, "bad-request");
	}

	private Answer send(String request) throws IOException {
		try (Socket socket = new Socket("127.0.0.1", this.port)) {
			socket.setSoTimeout(10_000);
			OutputStream out = socket.getOutputStream();
			out.write(request.getBytes(StandardCharsets.ISO_8859_1));
			out.flush();
			InputStream in = socket.getInputStream();
			ByteArrayOutputStream answer = new ByteArrayOutputStream();
			in.transferTo(answer);
			String text = answer.toString(StandardCharsets.UTF_8);
			int split = text.indexOf("\r\n\r\n");
			return new Answer(text.substring(0, split), text.substring(split + 4));
		}
	}

	private record Answer(String head, String body) {

		void assertProblem(int status, String code) {
			assertThat(this.head).startsWith("HTTP/1.1 " + status + " ");
			assertThat(this.head.toLowerCase(Locale.ROOT)).contains("content-type: application/problem+json");
			JsonNode problem = JSON.readTree(this.body);
			assertThat(problem.path("status").asInt()).isEqualTo(status);
			assertThat(problem.path("code").asString()).isEqualTo(code);
			assertThat(problem.path("type").asString()).isEqualTo("urn:customer-data-gateway:problem:" + code);
			assertThat(problem.path("traceId").asString()).matches("[0-9a-f]{32}");
			assertThat(this.head.toLowerCase(Locale.ROOT))
				.contains("x-trace-id: " + problem.path("traceId").asString());
		}

	}

}
