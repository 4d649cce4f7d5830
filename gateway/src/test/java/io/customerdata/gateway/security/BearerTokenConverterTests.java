package io.customerdata.gateway.security;

import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.http.HttpHeaders;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.security.oauth2.server.resource.web.server.authentication.ServerBearerTokenAuthenticationConverter;
import org.springframework.security.web.server.authentication.ServerAuthenticationConverter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The one-pass bearer token check takes and refuses exactly what Spring Security's
 * regular expression does.
 */
class BearerTokenConverterTests {

	static Stream<String> headers() {
		String token = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJl";
		return Stream.of("Bearer " + token, "bearer " + token, "BEARER " + token, "Bearer abc==", "Bearer a+/b~_-.9",
				"Bearer", "Bearer ", "Bearer  " + token, "Bearer " + token + " ", "Bearer abc=d", "Bearer ==",
				"Bearer abc def", "Bearer\t" + token, "Bearer" + token, "Bearer ab\u00e4c", "Bearer a\"b", "Bearer a,b",
				"Basic YWxpY2U6c2VjcmV0", "Negotiate abc", "", "B", "bear", "Bearer a%20b",
				// the ends of each range of token characters, and their neighbours
				// outside
				"Bearer azAZ09", "Bearer a`b", "Bearer a{b", "Bearer a@b", "Bearer a[b", "Bearer a:b");
	}

	@ParameterizedTest
	@MethodSource("headers")
	void actsAsSpringSecuritysConverter(String header) {
		assertThat(outcome(new BearerTokenConverter(), header))
			.isEqualTo(outcome(new ServerBearerTokenAuthenticationConverter(), header));
	}

	@Test
	void withoutAnAuthorizationHeaderThereIsNoToken() {
		assertThat(outcome(new BearerTokenConverter(), null)).isEqualTo("none");
	}

	@Test
	void theOpaBundleTokenIsNotTakenForAKeycloakToken() {
		assertThat(outcome(new BearerTokenConverter(), SecurityConfiguration.BUNDLE_PATH, "Bearer bundle-token"))
			.isEqualTo("none");
	}

	private static String outcome(ServerAuthenticationConverter converter, String header) {
		return outcome(converter, "/api/v1/customers/email:a@b.example", header);
	}

	/** "none", "token:…" or "refused:<error code>". */
	private static String outcome(ServerAuthenticationConverter converter, String path, String header) {
		MockServerHttpRequest.BaseBuilder<?> request = MockServerHttpRequest.get(path);
		if (header != null) {
			request.header(HttpHeaders.AUTHORIZATION, header);
		}
		try {
			Authentication authentication = converter.convert(MockServerWebExchange.from(request)).block();
			return (authentication == null) ? "none"
					: "token:" + ((BearerTokenAuthenticationToken) authentication).getToken();
		}
		catch (OAuth2AuthenticationException ex) {
			return "refused:" + ex.getError().getErrorCode();
		}
	}

}
