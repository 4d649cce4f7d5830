package io.customerdata.departments.crm;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.BodyInserters;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The CRM as Salesforce takes a JWT bearer assertion as Salesforce does, refuses each
 * kind of bad one with Salesforce's error, and lets the user it names read only the
 * objects their profile lists; the integration user keeps reading everything.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "department.name=crm", "department.dialect=saas", "department.population.size=50",
				"management.server.port=0" })
@AutoConfigureWebTestClient
class SalesforceJwtBearerTests {

	static final String ALICE = "alice@crm.customer-data.example";

	static final String CAROL = "carol@crm.customer-data.example";

	static final ConnectedAppKeys APP = ConnectedAppKeys.make(temporaryDirectory());

	@Autowired
	WebTestClient client;

	@DynamicPropertySource
	static void connectedApp(DynamicPropertyRegistry registry) {
		registry.add("department.saas.connected-app-certificate", APP.certificate()::toString);
	}

	@Test
	void issuesATokenForTheUserAnAssertionNamesWithoutRefreshTokenOrExpiry() {
		JsonNode answer = this.client.post()
			.uri("/services/oauth2/token")
			.body(BodyInserters.fromFormData("grant_type", JwtBearerGrant.GRANT_TYPE)
				.with("assertion", assertion(ALICE, claims(ALICE), APP.privateKey())))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(JsonNode.class)
			.returnResult()
			.getResponseBody();

		assertThat(answer.path("access_token").asString()).isNotBlank();
		assertThat(answer.path("instance_url").asString()).startsWith("http://");
		assertThat(answer.path("token_type").asString()).isEqualTo("Bearer");
		assertThat(answer.has("refresh_token")).isFalse();
		assertThat(answer.has("expires_in")).isFalse();
	}

	@Test
	void refusesEachBadAssertionAsSalesforceDoes() throws Exception {
		Instant now = Instant.now();
		assertRefused(assertion(ALICE, claims(ALICE), ConnectedAppKeys.make(temporaryDirectory()).privateKey()),
				"invalid_grant", "invalid assertion");
		assertRefused(assertion(ALICE, claims(ALICE).issuer("another-app"), APP.privateKey()), "invalid_client_id",
				"client identifier invalid");
		assertRefused(assertion(ALICE, claims(ALICE).audience("https://evil.example"), APP.privateKey()),
				"invalid_grant", "audience is invalid");
		assertRefused(assertion(ALICE, claims(ALICE).expirationTime(Date.from(now.minusSeconds(5))), APP.privateKey()),
				"invalid_grant", "expired authorization code");
		assertRefused(assertion(ALICE, claims(ALICE).expirationTime(Date.from(now.plus(Duration.ofMinutes(10)))),
				APP.privateKey()), "invalid_grant", "invalid assertion");
		assertRefused(assertion("mallory@crm.customer-data.example", claims("mallory@crm.customer-data.example"),
				APP.privateKey()), "invalid_grant", "user hasn't approved this consumer");
		SignedJWT symmetric = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims(ALICE).build());
		symmetric.sign(new MACSigner("a-shared-secret-of-at-least-256-bits!!".getBytes()));
		assertRefused(symmetric.serialize(), "invalid_grant", "invalid assertion");
		assertRefused("not-a-jwt", "invalid_grant", "invalid assertion");
	}

	@Test
	void aUserReadsTheObjectsTheirProfileListsAndNoOther() {
		String alices = token(ALICE);
		String carols = token(CAROL);
		String query = "SELECT Id, Name, (SELECT Id FROM Opportunities) FROM Account WHERE Name LIKE '%FROM Case%'";

		query(alices, "SELECT Id, Name FROM Account LIMIT 1").expectStatus().isOk();
		query(carols, "SELECT Id, Name FROM Account LIMIT 1").expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$[0].errorCode")
			.isEqualTo("INVALID_TYPE")
			.jsonPath("$[0].message")
			.value((String message) -> assertThat(message).startsWith("sObject type 'Account' is not supported."));
		query(carols, query).expectStatus().isBadRequest();

		String id = SalesforceRecords.id("001", "ACC-000001");
		this.client.get()
			.uri("/services/data/v60.0/sobjects/Account/{id}", id)
			.header("Authorization", "Bearer " + carols)
			.exchange()
			.expectStatus()
			.isNotFound()
			.expectBody()
			.jsonPath("$[0].errorCode")
			.isEqualTo("NOT_FOUND");
		this.client.get()
			.uri("/services/data/v60.0/sobjects/Account/{id}", id)
			.header("Authorization", "Bearer " + alices)
			.exchange()
			.expectStatus()
			.isOk();
	}

	@Test
	void theIntegrationUserStillReadsEverything() {
		String integration = new SalesforceSession(this.client).token();

		query(integration, "SELECT Id, Name FROM Account LIMIT 1").expectStatus().isOk();
	}

	@Test
	void theQueriedObjectIsTheOneAfterTheOutermostFrom() {
		assertThat(ObjectPermissions.queriedObject("SELECT Id FROM Account")).isEqualTo("Account");
		assertThat(ObjectPermissions
			.queriedObject("select Id, (SELECT Id FROM Opportunities) from Contact where Name = 'x FROM Lead'"))
			.isEqualTo("Contact");
		assertThat(ObjectPermissions.queriedObject("SELECT Id FROM Account WHERE Name = 'it\\'s FROM Lead'"))
			.isEqualTo("Account");
		assertThat(ObjectPermissions.queriedObject("SELECT Id")).isNull();
	}

	private String token(String user) {
		return this.client.post()
			.uri("/services/oauth2/token")
			.body(BodyInserters.fromFormData("grant_type", JwtBearerGrant.GRANT_TYPE)
				.with("assertion", assertion(user, claims(user), APP.privateKey())))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(JsonNode.class)
			.returnResult()
			.getResponseBody()
			.path("access_token")
			.asString();
	}

	private WebTestClient.ResponseSpec query(String token, String soql) {
		return this.client.get()
			.uri("/services/data/v60.0/query?q={q}", soql)
			.header("Authorization", "Bearer " + token)
			.exchange();
	}

	private void assertRefused(String assertion, String error, String description) {
		this.client.post()
			.uri("/services/oauth2/token")
			.body(BodyInserters.fromFormData("grant_type", JwtBearerGrant.GRANT_TYPE).with("assertion", assertion))
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectBody(JsonNode.class)
			.value((body) -> assertThat(Map.of("error", body.path("error").asString(), "error_description",
					body.path("error_description").asString()))
				.as(description)
				.isEqualTo(Map.of("error", error, "error_description", description)));
	}

	private static JWTClaimsSet.Builder claims(String user) {
		return new JWTClaimsSet.Builder().issuer("customer-gateway")
			.subject(user)
			.audience("https://login.salesforce.com")
			.expirationTime(Date.from(Instant.now().plus(Duration.ofMinutes(2))));
	}

	private static String assertion(String user, JWTClaimsSet.Builder claims, PrivateKey key) {
		SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), claims.subject(user).build());
		try {
			jwt.sign(new RSASSASigner(key));
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
		return jwt.serialize();
	}

	private static Path temporaryDirectory() {
		try {
			Path directory = Files.createTempDirectory("connected-app");
			directory.toFile().deleteOnExit();
			return directory;
		}
		catch (java.io.IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

}
