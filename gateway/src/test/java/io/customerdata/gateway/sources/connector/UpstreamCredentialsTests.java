package io.customerdata.gateway.sources.connector;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import io.customerdata.gateway.security.SecretReference;
import io.customerdata.gateway.sources.FederationProperties;
import io.customerdata.gateway.sources.SourceAuth;
import io.customerdata.gateway.testing.MutableClock;
import io.customerdata.gateway.testing.ScriptedServer.Reply;
import io.customerdata.gateway.testing.ScriptedServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every kind of upstream credentials against a local token endpoint and department: what
 * is sent, how often a token is asked for, when it is renewed, what a 401 does, and that
 * no secret is ever printed.
 */
@ExtendWith(OutputCaptureExtension.class)
class UpstreamCredentialsTests {

	static final String SECRET = "s3cr3t-client-secret-value";

	@TempDir
	Path secrets;

	final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T09:00:00Z"));

	final AtomicInteger tokensIssued = new AtomicInteger();

	ScriptedServer tokenEndpoint;

	ScriptedServer department;

	@AfterEach
	void stop() {
		if (this.tokenEndpoint != null) {
			this.tokenEndpoint.close();
		}
		if (this.department != null) {
			this.department.close();
		}
	}

	@Test
	void noneSendsNoAuthorization() {
		this.department = new ScriptedServer((request) -> Reply.json("{\"results\":[{\"id\":1}]}"));
		fetch(Sources.client(this.department.baseUrl(), SourceAuth.NONE, this.clock)).block();
		assertThat(this.department.requests().get(0).header("Authorization")).isNull();
	}

	@Test
	void bearerAndBasicSendTheReferencedSecret() throws Exception {
		this.department = new ScriptedServer((request) -> Reply.json("{\"results\":[]}"));
		Files.writeString(this.secrets.resolve("token"), "hubspot-private-app-token\n");
		SourceAuth bearer = auth(SourceAuth.AuthType.BEARER, "file:" + this.secrets.resolve("token"), null, null);
		fetch(Sources.client(this.department.baseUrl(), bearer, this.clock)).block();

		SourceAuth basic = auth(SourceAuth.AuthType.BASIC, null, "agent@example.com/token",
				"file:" + this.secrets.resolve("token"));
		fetch(Sources.client(this.department.baseUrl(), basic, this.clock)).block();

		assertThat(this.department.requests()).extracting((request) -> request.header("Authorization"))
			.containsExactly("Bearer hubspot-private-app-token", "Basic " + Base64.getEncoder()
				.encodeToString("agent@example.com/token:hubspot-private-app-token".getBytes()));
	}

	@Test
	void anEnvironmentReferenceReadsTheVariableAndAWrittenSecretIsRefused() {
		SecretReference reference = SecretReference.of("env:CRM_TOKEN", Map.of("CRM_TOKEN", "from-env"), this.clock);
		assertThat(reference.value().block()).isEqualTo("from-env");
		assertThat(reference).hasToString("env:CRM_TOKEN");
		assertThatThrownBy(() -> SecretReference.of("env:UNSET", Map.of(), this.clock).value().block())
			.hasMessageContaining("env:UNSET is not set");
		assertThatIllegalArgumentException().isThrownBy(() -> SecretReference.of(SECRET, this.clock))
			.withMessageNotContaining(SECRET)
			.withMessageContaining("by reference only");
	}

	@Test
	void concurrentLookupsOnAColdCacheShareOneTokenRequest() throws Exception {
		startOAuth2((request) -> Reply.json(token(3600)).after(200));
		SimpleMeterRegistry meters = new SimpleMeterRegistry();
		SourceClient client = Sources.client(this.department.baseUrl(),
				Sources.oauth2(this.tokenEndpoint.baseUrl() + "/token", secretFile(SECRET), Duration.ofHours(1), null),
				FederationProperties.Throttling.UNLIMITED, this.clock, meters);

		List<List<JsonNode>> answers = Flux.range(0, 100).flatMap((i) -> fetch(client), 100).collectList().block();

		assertThat(answers).hasSize(100);
		assertThat(this.tokenEndpoint.requests()).hasSize(1);
		assertThat(
				meters.get("gateway.source.token.requests").tags("source", "test", "outcome", "ok").counter().count())
			.isEqualTo(1);
		assertThat(this.department.requests()).hasSize(100)
			.allSatisfy((request) -> assertThat(request.header("Authorization")).isEqualTo("Bearer token-1"));
		ScriptedServer.Request tokenRequest = this.tokenEndpoint.requests().get(0);
		assertThat(tokenRequest.body()).contains("grant_type=client_credentials", "client_id=gateway",
				"client_secret=" + SECRET, "scope=api");
	}

	@Test
	void aTokenIsRenewedBeforeItExpires() throws Exception {
		startOAuth2((request) -> Reply.json(token(600)));
		SourceClient client = oauth2Client(null);

		fetch(client).block();
		this.clock.advance(Duration.ofMinutes(8));
		fetch(client).block();
		assertThat(this.tokenEndpoint.requests()).as("still 2 minutes to live, renewed 1 minute before").hasSize(1);

		this.clock.advance(Duration.ofSeconds(61));
		fetch(client).block();
		assertThat(this.tokenEndpoint.requests()).hasSize(2);
		assertThat(this.department.requests().get(2).header("Authorization")).isEqualTo("Bearer token-2");
	}

	@Test
	void anAnswerWithoutExpiresInLivesTheConfiguredLifetimeAndNamesTheBaseUrl() throws Exception {
		this.department = new ScriptedServer((request) -> Reply.json("{\"results\":[{\"id\":1}]}"));
		startTokenEndpoint((request) -> Reply.json("{\"access_token\":\"token-" + this.tokensIssued.incrementAndGet()
				+ "\",\"token_type\":\"Bearer\",\"instance_url\":\"" + this.department.baseUrl() + "\"}"));
		SourceClient client = Sources.client("http://127.0.0.1:9/unused", Sources
			.oauth2(this.tokenEndpoint.baseUrl() + "/token", secretFile(SECRET), Duration.ofHours(2), "instance_url"),
				this.clock);

		fetch(client).block();
		this.clock.advance(Duration.ofMinutes(100));
		fetch(client).block();
		assertThat(this.tokenEndpoint.requests()).hasSize(1);
		this.clock.advance(Duration.ofMinutes(20));
		fetch(client).block();
		assertThat(this.tokenEndpoint.requests()).hasSize(2);
		assertThat(this.department.requests()).as("called at the token's instance_url").hasSize(3);
	}

	@Test
	void a401RenewsTheTokenOnceAndRetriesOnce() throws Exception {
		startOAuth2((request) -> Reply.json(token(3600)));
		this.department.script((request) -> "Bearer token-1".equals(request.header("Authorization")) ? Reply.status(401)
				: Reply.json("{\"results\":[{\"id\":7}]}"));
		SourceClient client = oauth2Client(null);

		assertThat(fetch(client).block()).hasSize(1);
		assertThat(this.tokenEndpoint.requests()).hasSize(2);
		assertThat(this.department.requests()).extracting((request) -> request.header("Authorization"))
			.containsExactly("Bearer token-1", "Bearer token-2");

		this.department.script((request) -> Reply.status(401));
		assertThatThrownBy(() -> fetch(client).block()).isInstanceOf(SourceErrors.Rejected.class)
			.hasMessage("source answered 401");
		assertThat(this.tokenEndpoint.requests()).as("one renewal per refused call, not a loop").hasSize(3);
	}

	@Test
	void aFailingTokenEndpointFailsTheCallWithoutItsBody(CapturedOutput output) throws Exception {
		startOAuth2((request) -> Reply.status(503));
		SourceClient client = oauth2Client(null);

		assertThatThrownBy(() -> fetch(client).block()).isInstanceOf(TokenEndpoint.TokenUnavailable.class)
			.hasMessage("token endpoint answered 503");
		assertThat(this.department.requests()).isEmpty();
		this.tokenEndpoint.script((request) -> Reply.json(token(3600)));
		assertThat(fetch(client).block()).as("a failure is not cached").hasSize(1);
		assertThat(output).doesNotContain(SECRET).doesNotContain("token-1");
	}

	@Test
	void aRotatedSecretFileIsUsedWithoutARestart() throws Exception {
		Path file = this.secrets.resolve("zendesk-token");
		Files.writeString(file, "first-token");
		this.department = new ScriptedServer((request) -> Reply.json("{\"results\":[]}"));
		AtomicInteger accepted = new AtomicInteger();
		String current = "Bearer second-token";
		this.department.script((request) -> {
			if (current.equals(request.header("Authorization"))) {
				accepted.incrementAndGet();
				return Reply.json("{\"results\":[{\"id\":1}]}");
			}
			return Reply.status(401);
		});
		SourceClient client = Sources.client(this.department.baseUrl(),
				auth(SourceAuth.AuthType.BEARER, "file:" + file, null, null), this.clock);
		assertThatThrownBy(() -> fetch(client).block()).isInstanceOf(SourceErrors.Rejected.class);

		Files.writeString(file, "second-token");
		this.clock.advance(SecretReference.RECHECK.plusMillis(1));
		assertThat(fetch(client).block()).hasSize(1);
		assertThat(accepted).hasValue(1);
		assertThat(this.department.requests()).extracting((request) -> request.header("Authorization"))
			.as("refused, read again after the 401 and refused again; then the rotated file")
			.containsExactly("Bearer first-token", "Bearer first-token", "Bearer second-token");
	}

	@Test
	void credentialsNeverPrintTheirSecrets() throws Exception {
		startOAuth2((request) -> Reply.json(token(3600)));
		SourceClient client = oauth2Client(null);
		UpstreamCredentials.Authorization authorization = client.credentials().authorization().block();

		assertThat(authorization.header()).isEqualTo("Bearer token-1");
		assertThat(authorization.toString()).doesNotContain("token-1");
		assertThat(String.valueOf(authorization.origin())).doesNotContain("token-1");
		assertThat(SecretReference.of(secretFile(SECRET), this.clock).toString()).doesNotContain(SECRET);
	}

	@Test
	void tokenRequestsCanBeJsonWithBasicClientAuthentication() throws Exception {
		startOAuth2((request) -> Reply.json(token(3600)));
		SourceAuth oauth2 = Sources.oauth2(this.tokenEndpoint.baseUrl() + "/token", secretFile(SECRET),
				Duration.ofHours(1), null);
		SourceAuth json = new SourceAuth(oauth2.type(), null, null, null, oauth2.tokenUri(), oauth2.clientId(),
				oauth2.clientSecret(), List.of("read"), Map.of("audience", "support"),
				SourceAuth.TokenRequestFormat.JSON, SourceAuth.ClientAuthentication.BASIC, Duration.ofHours(1),
				Duration.ofMinutes(1), null, null, null, null, null, Duration.ofMinutes(3));
		fetch(Sources.client(this.department.baseUrl(), json, this.clock)).block();

		ScriptedServer.Request request = this.tokenEndpoint.requests().get(0);
		assertThat(request.header("Content-Type")).startsWith("application/json");
		assertThat(request.body())
			.contains("\"grant_type\":\"client_credentials\"", "\"scope\":\"read\"", "\"audience\":\"support\"")
			.doesNotContain(SECRET);
		assertThat(request.header("Authorization"))
			.isEqualTo("Basic " + Base64.getEncoder().encodeToString(("gateway:" + SECRET).getBytes()));
	}

	private void startTokenEndpoint(java.util.function.Function<ScriptedServer.Request, Reply> script) {
		this.tokenEndpoint = new ScriptedServer(script);
	}

	private void startOAuth2(java.util.function.Function<ScriptedServer.Request, Reply> script) {
		startTokenEndpoint(script);
		this.department = new ScriptedServer((request) -> Reply.json("{\"results\":[{\"id\":1}]}"));
	}

	private SourceClient oauth2Client(String baseUrlFrom) throws Exception {
		return Sources.client(this.department.baseUrl(), Sources.oauth2(this.tokenEndpoint.baseUrl() + "/token",
				secretFile(SECRET), Duration.ofHours(1), baseUrlFrom), this.clock);
	}

	private String token(int expiresIn) {
		return "{\"access_token\":\"token-" + this.tokensIssued.incrementAndGet()
				+ "\",\"token_type\":\"Bearer\",\"expires_in\":" + expiresIn + "}";
	}

	private String secretFile(String secret) throws Exception {
		Path file = Files.createTempFile(this.secrets, "secret", "");
		Files.writeString(file, secret);
		return "file:" + file;
	}

	private static SourceAuth auth(SourceAuth.AuthType type, String token, String username, String password) {
		return new SourceAuth(type, token, username, password, null, null, null, null, null,
				SourceAuth.TokenRequestFormat.FORM, SourceAuth.ClientAuthentication.POST, Duration.ofHours(1),
				Duration.ofMinutes(1), null, null, null, null, null, Duration.ofMinutes(3));
	}

	private static Mono<List<JsonNode>> fetch(SourceClient client) {
		return client
			.fetch(new RequestTemplate("GET", "/records", null, Map.of()), FederationProperties.Pagination.NONE,
					FederationProperties.ChildPages.NONE, Map.of(), Sources::results, false)
			.map(SourceClient.Fetched::records);
	}

}
