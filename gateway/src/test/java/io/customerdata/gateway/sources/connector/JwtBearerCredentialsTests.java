package io.customerdata.gateway.sources.connector;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.SignedJWT;
import io.customerdata.gateway.sources.FederationProperties;
import io.customerdata.gateway.sources.SourceAuth;
import io.customerdata.gateway.testing.DemoKeys;
import io.customerdata.gateway.testing.MutableClock;
import io.customerdata.gateway.testing.ScriptedServer.Reply;
import io.customerdata.gateway.testing.ScriptedServer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Mono;
import reactor.util.context.Context;
import tools.jackson.databind.JsonNode;

import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * JWT bearer credentials against a local token endpoint that answers as Salesforce does
 * (an {@code instance_url}, no {@code expires_in}): one assertion per user, signed with
 * the referenced key, a token cached per user for its lifetime setting, and no token at
 * all for a caller the department application has no user of.
 */
class JwtBearerCredentialsTests {

	static final KeyPair KEYS = DemoKeys.rsa();

	@TempDir
	Path secrets;

	final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T09:00:00Z"));

	final AtomicInteger tokensIssued = new AtomicInteger();

	ScriptedServer department;

	ScriptedServer tokenEndpoint;

	SourceClient client;

	@BeforeEach
	void start() throws Exception {
		this.department = new ScriptedServer((request) -> Reply.json("{\"results\":[{\"id\":1}]}"));
		this.tokenEndpoint = new ScriptedServer(
				(request) -> Reply.json("{\"access_token\":\"token-" + this.tokensIssued.incrementAndGet()
						+ "\",\"instance_url\":\"" + this.department.baseUrl() + "\",\"token_type\":\"Bearer\"}"));
		this.client = Sources.client("http://127.0.0.1:9", jwtBearer(), this.clock);
	}

	@AfterEach
	void stop() {
		this.tokenEndpoint.close();
		this.department.close();
	}

	@Test
	void asksForATokenWithAnAssertionForTheCallersUserAndNoClientSecret() throws Exception {
		assertThat(authorizationOf(caller("alice@crm.example"))).isEqualTo("Bearer token-1");

		Map<String, String> form = form(this.tokenEndpoint.requests().get(0).body());
		assertThat(form).containsEntry("grant_type", "urn:ietf:params:oauth:grant-type:jwt-bearer")
			.doesNotContainKeys("client_secret", "client_id");
		SignedJWT assertion = SignedJWT.parse(form.get("assertion"));
		assertThat(assertion.verify(new RSASSAVerifier((RSAPublicKey) KEYS.getPublic()))).isTrue();
		assertThat(assertion.getJWTClaimsSet().getSubject()).isEqualTo("alice@crm.example");
		assertThat(assertion.getJWTClaimsSet().getIssuer()).isEqualTo("consumer-key");
		assertThat(assertion.getJWTClaimsSet().getAudience()).containsExactly("https://login.salesforce.com");
	}

	@Test
	void callsTheInstanceTheTokenNamesAsTheCaller() {
		fetch(caller("alice@crm.example")).block();

		assertThat(this.department.requests()).singleElement()
			.satisfies((request) -> assertThat(request.header("Authorization")).isEqualTo("Bearer token-1"));
	}

	@Test
	void cachesOneTokenPerUser() {
		for (int i = 0; i < 3; i++) {
			assertThat(authorizationOf(caller("alice@crm.example"))).isEqualTo("Bearer token-1");
		}
		assertThat(authorizationOf(caller("carol@crm.example"))).isEqualTo("Bearer token-2");
		assertThat(authorizationOf(caller("alice@crm.example"))).isEqualTo("Bearer token-1");

		assertThat(this.tokenEndpoint.requests()).hasSize(2);
	}

	@Test
	void aTokenIsNotUsedBeyondItsLifetimeSetting() {
		assertThat(authorizationOf(caller("alice@crm.example"))).isEqualTo("Bearer token-1");
		this.clock.advance(Duration.ofMinutes(31));

		assertThat(authorizationOf(caller("alice@crm.example"))).isEqualTo("Bearer token-2");
		assertThat(this.tokenEndpoint.requests()).hasSize(2);
	}

	@Test
	void aRefusedTokenIsRenewedForItsUserOnly() {
		String alices = authorizationOf(caller("alice@crm.example"));
		String carols = authorizationOf(caller("carol@crm.example"));
		this.client.credentials()
			.rejected(this.client.credentials().authorization().contextWrite(caller("alice@crm.example")).block());

		assertThat(authorizationOf(caller("alice@crm.example"))).isNotEqualTo(alices);
		assertThat(authorizationOf(caller("carol@crm.example"))).isEqualTo(carols);
	}

	@Test
	void aCallerWithoutTheClaimIsRefusedAndNoTokenIsAskedFor() {
		assertThatThrownBy(() -> fetch(caller(null)).block()).isInstanceOf(SourceErrors.IdentityRefused.class);
		assertThatThrownBy(() -> fetch(caller(" ")).block()).isInstanceOf(SourceErrors.IdentityRefused.class);
		assertThatThrownBy(() -> fetch(Context.empty()).block()).isInstanceOf(SourceErrors.IdentityRefused.class);

		assertThat(this.tokenEndpoint.requests()).isEmpty();
		assertThat(this.department.requests()).isEmpty();
	}

	@Test
	void anAssertionTheApplicationRefusesIsARefusalOfTheCallerNotAnOutage() {
		this.tokenEndpoint.close();
		this.tokenEndpoint = new ScriptedServer((request) -> new Reply(400, Map.of("Content-Type", "application/json"),
				"{\"error\":\"invalid_grant\",\"error_description\":\"user hasn't approved this consumer\"}", 0));
		this.client = Sources.client("http://127.0.0.1:9", jwtBearer(), this.clock);

		assertThatThrownBy(() -> fetch(caller("mallory@crm.example")).block())
			.isInstanceOf(SourceErrors.IdentityRefused.class);
		assertThat(this.department.requests()).isEmpty();
	}

	@Test
	void needsItsSettingsAndPrintsNoKey() {
		SourceAuth withoutClaim = withSubjectClaim(jwtBearer(), null);
		assertThatIllegalArgumentException()
			.isThrownBy(() -> Sources.client("http://127.0.0.1:9", withoutClaim, this.clock));
		assertThat(this.client.credentials().toString()).doesNotContain("PRIVATE KEY").contains("file:");
	}

	private SourceAuth jwtBearer() {
		try {
			Path key = Files.writeString(this.secrets.resolve("connected-app.key"), DemoKeys.privateKeyPem(KEYS));
			return new SourceAuth(SourceAuth.AuthType.JWT_BEARER, null, null, null,
					URI.create(this.tokenEndpoint.baseUrl() + "/services/oauth2/token"), "consumer-key", null,
					List.of(), Map.of(), SourceAuth.TokenRequestFormat.FORM, SourceAuth.ClientAuthentication.POST,
					Duration.ofMinutes(30), Duration.ofMinutes(1), "instance_url", null, "file:" + key,
					"salesforce_username", "https://login.salesforce.com", Duration.ofMinutes(3));
		}
		catch (java.io.IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

	private static SourceAuth withSubjectClaim(SourceAuth auth, @Nullable String claim) {
		return new SourceAuth(auth.type(), null, null, null, auth.tokenUri(), auth.clientId(), null, auth.scopes(),
				auth.parameters(), auth.tokenRequest(), auth.clientAuthentication(), auth.defaultLifetime(),
				auth.refreshBefore(), auth.baseUrlFrom(), null, auth.privateKey(), claim, auth.assertionAudience(),
				auth.assertionLifetime());
	}

	/** A caller whose verified token carries this SaaS user name, or none. */
	private static Context caller(@Nullable String saasUser) {
		Jwt.Builder token = Jwt.withTokenValue("caller-token")
			.header("alg", "RS256")
			.subject("keycloak-user")
			.issuedAt(Instant.parse("2026-12-01T08:59:00Z"));
		if (saasUser != null) {
			token.claim("salesforce_username", saasUser);
		}
		return ReactiveSecurityContextHolder.withAuthentication(new JwtAuthenticationToken(token.build()));
	}

	private @Nullable String authorizationOf(Context caller) {
		return this.client.credentials().authorization().contextWrite(caller).block().header();
	}

	private Mono<List<JsonNode>> fetch(Context caller) {
		return this.client
			.fetch(new RequestTemplate("GET", "/records", null, Map.of()), FederationProperties.Pagination.NONE,
					FederationProperties.ChildPages.NONE, Map.of(), Sources::results, false)
			.map(SourceClient.Fetched::records)
			.contextWrite(caller);
	}

	private static Map<String, String> form(String body) {
		return Arrays.stream(body.split("&"))
			.map((pair) -> pair.split("=", 2))
			.collect(Collectors.toMap((pair) -> pair[0], (pair) -> URLDecoder.decode(pair[1], StandardCharsets.UTF_8)));
	}

}
