package io.customerdata.gateway;

import java.time.Duration;
import java.util.Map;

import io.customerdata.gateway.testing.LocalIssuer;
import io.customerdata.gateway.testing.LoopbackClient;
import io.customerdata.gateway.testing.ScriptedServer;
import io.customerdata.gateway.testing.ScriptedServer.Reply;
import io.customerdata.gateway.testing.Servers;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import static io.customerdata.gateway.testing.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pass-through route with the shipped operations (the CRM as Salesforce, the help
 * desk's own API) against departments that answer as a test scripts them, with
 * {@code hide-existence} on: however a department answers (another status, another
 * format, more than was asked for) and however a caller spells a request (HEAD,
 * preconditions, an id's spelling), the caller gets no more than the policy allows, and
 * the audit trail records the records read.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = { "management.server.port=0",
		"gateway.policy.hide-existence=true", "gateway.federation.sources.crm.preset=salesforce",
		"gateway.federation.sources.crm.auth.type=none",
		"gateway.federation.sources.support.pass-through.operations.requester-tickets.parameters.include.kind=select" })
class PassThroughAnswerTests {

	static final JsonMapper JSON = JsonMapper.builder().build();

	static final LocalIssuer issuer = Servers.start(LocalIssuer::new);

	static final String ACCOUNTS = "/services/data/v60.0/sobjects/Account/";

	/** An Account as Salesforce answers it, in a region and of a sensitivity. */
	static final String ACCOUNT = """
			{"attributes": {"type": "Account", "url": "/services/data/v60.0/sobjects/Account/%1$s"},
			 "Id": "%1$s", "Name": "Account %1$s", "Region__c": "%2$s", "Classification__c": "%3$s",
			 "AnnualRevenue": 34400000.0,
			 "Primary_Contact__r": {"attributes": {"type": "Contact"}, "Email": "secret-%1$s@customer.example"}}""";

	static final String EMEA = "001Q00000000001AAA";

	static final String APAC = "001Q00000000002AAA";

	static final String RESTRICTED = "001Q00000000003AAA";

	static final String UNKNOWN = "001Q00000000099AAA";

	static final ScriptedServer crm = new ScriptedServer(PassThroughAnswerTests::salesforce);

	static final ScriptedServer support = new ScriptedServer((request) -> Reply.status(404));

	@LocalServerPort
	int port;

	WebTestClient client;

	String alice;

	String carol;

	String sam;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("gateway.security.issuer-uri", issuer::issuer);
		registry.add("gateway.federation.sources.crm.base-url", crm::baseUrl);
		registry.add("gateway.federation.sources.support.base-url", support::baseUrl);
		registry.add("gateway.federation.sources.marketing.base-url", () -> "http://127.0.0.1:9");
	}

	@BeforeEach
	void setUp() {
		this.client = LoopbackClient.on(this.port);
		this.alice = issuer.token("alice", "sales-rep", "sales", "EMEA");
		this.carol = issuer.token("carol", "support-agent", "support", "EMEA");
		this.sam = issuer.token("sam", "security-officer", "security", "EMEA");
		crm.script(PassThroughAnswerTests::salesforce);
	}

	@AfterAll
	static void stop() {
		issuer.close();
		crm.close();
		support.close();
	}

	/** A Salesforce that knows three accounts: EMEA, APAC, and a restricted one. */
	static Reply salesforce(ScriptedServer.Request request) {
		String path = request.pathAndQuery();
		if (!path.startsWith(ACCOUNTS)) {
			return Reply.status(404);
		}
		String id = path.substring(ACCOUNTS.length());
		String body = switch (id) {
			case EMEA -> ACCOUNT.formatted(EMEA, "EMEA", "standard");
			case APAC -> ACCOUNT.formatted(APAC, "APAC", "standard");
			case RESTRICTED -> ACCOUNT.formatted(RESTRICTED, "EMEA", "restricted");
			default -> null;
		};
		if (body == null) {
			return Reply.status(404);
		}
		// Real Salesforce answers HEAD as GET without the body.
		return new Reply(200, Map.of(), request.method().equals("HEAD") ? "" : body, 0);
	}

	/**
	 * A HEAD answer has no body, so no record in it could be decided: passed on, its 200
	 * would tell a record hidden from the caller (404 to GET, as an unknown one is) from
	 * an unknown one. So the route answers HEAD 405, whatever the record, and sends
	 * nothing.
	 */
	@Test
	void headOfARecordTheCallerMayNotSeeAnswersAsItsGetDoes() {
		assertThat(status("GET", ACCOUNTS + APAC, this.carol)).as("GET hides the APAC account as unknown")
			.isEqualTo(status("GET", ACCOUNTS + UNKNOWN, this.carol))
			.isEqualTo(404);
		int before = crm.requests().size();

		assertThat(status("HEAD", ACCOUNTS + APAC, this.carol)).as("HEAD of the APAC account")
			.isEqualTo(status("HEAD", ACCOUNTS + UNKNOWN, this.carol))
			.isEqualTo(405);
		assertThat(status("HEAD", ACCOUNTS + RESTRICTED, this.alice)).as("HEAD of a restricted account")
			.isEqualTo(status("HEAD", ACCOUNTS + UNKNOWN, this.alice))
			.isEqualTo(405);
		assertThat(crm.requests()).hasSize(before);
		this.client.head()
			.uri("/api/v1/departments/crm" + ACCOUNTS + EMEA)
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + this.carol)
			.exchange()
			.expectHeader()
			.valueEquals(HttpHeaders.ALLOW, "GET,POST,PUT,PATCH,DELETE");
	}

	/**
	 * Only 2xx answers are enforced and only errors replaced: any other answer
	 * (Salesforce answers 300 Multiple Choices with the records an external id matches)
	 * is a 502, with neither its body nor where it points.
	 */
	@Test
	void anAnswerThatIsNeither2xxNorAnErrorIsNotPassedOnUnenforced() {
		crm.script((request) -> new Reply(300, Map.of("Location", ACCOUNTS + APAC),
				"[" + ACCOUNT.formatted(APAC, "APAC", "standard") + "]", 0));

		WebTestClient.ResponseSpec response = this.client.get()
			.uri("/api/v1/departments/crm" + ACCOUNTS + EMEA)
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + this.carol)
			.exchange();

		response.expectHeader().doesNotExist(HttpHeaders.LOCATION);
		assertProblem(response, 502, "upstream-error").jsonPath("$")
			.value((problem) -> assertThat(String.valueOf(problem)).doesNotContain("secret-" + APAC));
	}

	/**
	 * A read is asked for the whole current document: without the caller's preconditions
	 * and ranges, a department answers neither 304 (whether the caller's ETag still
	 * matches a record nobody decided on) nor a part of a document, which could parse as
	 * something else; a 304 that comes all the same is a 502.
	 */
	@Test
	void aReadIsSentWithoutPreconditionsOrRangesAndA304IsNotPassedOn() {
		assertThat(this.client.get()
			.uri("/api/v1/departments/crm" + ACCOUNTS + EMEA)
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + this.carol)
			.header(HttpHeaders.IF_NONE_MATCH, "\"etag-of-the-account\"")
			.header(HttpHeaders.IF_MODIFIED_SINCE, "Wed, 21 Oct 2015 07:28:00 GMT")
			.header(HttpHeaders.RANGE, "bytes=100-200")
			.header(HttpHeaders.IF_RANGE, "\"etag-of-the-account\"")
			.header(HttpHeaders.IF_MATCH, "*")
			.exchange()
			.returnResult(String.class)
			.getStatus()
			.value()).isEqualTo(200);
		ScriptedServer.Request sent = crm.requests().get(crm.requests().size() - 1);
		assertThat(sent.headers()).doesNotContainKeys("if-none-match", "if-modified-since", "range", "if-range",
				"if-match");

		crm.script((request) -> new Reply(304, Map.of(), "", 0));
		assertProblem(this.client.get()
			.uri("/api/v1/departments/crm" + ACCOUNTS + EMEA)
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + this.carol)
			.exchange(), 502, "upstream-error");
	}

	/**
	 * A non-JSON answer cannot be decided record by record, and whether a caller may see
	 * all of a source's unclassified fields says nothing of the records in it. So the
	 * gateway asks for JSON whatever the caller accepts (real Salesforce answers XML to
	 * {@code Accept: application/xml}), and a department that answers otherwise all the
	 * same is refused as an unknown record is, even to its own department: alice (sales,
	 * not cleared for restricted customers) gets no restricted account as XML.
	 */
	@Test
	void anAnswerThatCannotBeEnforcedRecordByRecordDoesNotShowRestrictedCustomers() {
		String asXml = "<Account><Id>" + RESTRICTED + "</Id><Classification__c>restricted</Classification__c>"
				+ "<Email>secret-" + RESTRICTED + "@customer.example</Email></Account>";
		crm.script((request) -> (request.header("accept") != null && request.header("accept").contains("xml"))
				? new Reply(200, Map.of("Content-Type", "application/xml"), asXml, 0) : salesforce(request));

		assertThat(status("GET", ACCOUNTS + RESTRICTED, this.alice)).as("as JSON it is refused").isEqualTo(404);

		EntityExchangeResult<String> askedForXml = this.client.get()
			.uri("/api/v1/departments/crm" + ACCOUNTS + RESTRICTED)
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + this.alice)
			.header(HttpHeaders.ACCEPT, "application/xml")
			.exchange()
			.expectBody(String.class)
			.returnResult();
		assertThat(String.valueOf(askedForXml.getResponseBody())).doesNotContain("secret-" + RESTRICTED);
		assertThat(crm.requests().get(crm.requests().size() - 1).header("accept")).isEqualTo("application/json");

		crm.script((request) -> new Reply(200, Map.of("Content-Type", "application/xml"), asXml, 0));
		assertProblem(this.client.get()
			.uri("/api/v1/departments/crm" + ACCOUNTS + EMEA)
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + this.alice)
			.exchange(), 404, "not-found").jsonPath("$")
			.value((problem) -> assertThat(String.valueOf(problem)).doesNotContain("secret-"));
	}

	/** An empty answer is about nobody, whatever its type: it passes. */
	@Test
	void anEmptyAnswerThatIsNotJsonIsPassedOn() {
		crm.script((request) -> new Reply(200, Map.of("Content-Type", "text/plain"), "", 0));

		assertThat(status("GET", ACCOUNTS + EMEA, this.alice)).isEqualTo(200);
	}

	/**
	 * An include ({@code /requesters/{id}/tickets}) is decided as the record it belongs
	 * to; of its answer only the include's own records are kept. Whatever else it carries
	 * (the users a help desk sideloads with {@code include=users}, as Zendesk does; their
	 * identities; the count of what it holds) is left out, as it would otherwise be shown
	 * under the record's decision: carol (support, EMEA) would read an APAC, restricted
	 * requester. The help desk here sideloads, so the operation is declared to take
	 * {@code include}.
	 */
	@Test
	void anIncludeShowsNoOtherCustomerItCarries() {
		support.script((request) -> switch (request.pathAndQuery()) {
			case "/api/v2/requesters/7" -> Reply.json("""
					{"id": 7, "name": "Tommy Hoppe", "email": "tommy@x.example", "region": "EMEA",
					 "customFields": {"sensitivity": "standard"}}""");
			case "/api/v2/requesters/7/tickets?include=users" -> Reply.json("""
					{"tickets": [{"id": 4000000, "requesterId": 7, "subject": "Cannot log in", "status": "open",
					              "collaboratorIds": [8]}],
					 "users": [{"id": 8, "name": "Apac Vip", "email": "vip@apac-restricted.example", "region": "APAC",
					            "customFields": {"sensitivity": "restricted"}}],
					 "identities": [{"userId": 8, "email": "vip-identity@apac-restricted.example"}],
					 "count": 1}""");
			default -> Reply.status(404);
		});

		EntityExchangeResult<String> result = this.client.get()
			.uri("/api/v1/departments/support/api/v2/requesters/7/tickets?include=users")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + this.carol)
			.exchange()
			.expectBody(String.class)
			.returnResult();

		assertThat(result.getStatus().value()).isEqualTo(200);
		assertThat(JSON.readTree(result.getResponseBody()).propertyNames()).containsExactly("tickets");
		assertThat(result.getResponseBody()).contains("Cannot log in")
			.doesNotContain("apac-restricted.example")
			.doesNotContain("Apac Vip");
	}

	/**
	 * The audit trail records an include's record as the department identifies it
	 * ({@code 7}), not as the caller spelled its id in the path ({@code 007}): the
	 * department reads both as requester 7, and an officer searching the trail for
	 * {@code support:7} finds the read.
	 */
	@Test
	void theTrailRecordsTheRecordReadNotTheCallersSpellingOfItsId() {
		support.script(PassThroughAnswerTests::requesterSevenAnyHowSpelled);

		assertThat(status("GET", "/api/v2/requesters/007/tickets", this.carol, "support")).isEqualTo(200);

		Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			String events = carolsEvents().toString();
			assertThat(events).as("the read is recorded against the record it read")
				.contains("\"support:7\"")
				.doesNotContain("support:007");
		});
	}

	private JsonNode carolsEvents() {
		return JSON
			.readTree(this.client.get()
				.uri("/admin/audit?subject=carol&limit=50")
				.header(HttpHeaders.AUTHORIZATION, "Bearer " + this.sam)
				.exchange()
				.expectBody(String.class)
				.returnResult()
				.getResponseBody())
			.path("items");
	}

	/**
	 * Requester 7 of a help desk that reads ids as numbers (the sample help desk's
	 * {@code @PathVariable long id}): {@code 7}, {@code 007} and any number of leading
	 * zeros are the same requester.
	 */
	static Reply requesterSevenAnyHowSpelled(ScriptedServer.Request request) {
		if (request.pathAndQuery().matches("/api/v2/requesters/0*7")) {
			return Reply.json("""
					{"id": 7, "name": "Tommy Hoppe", "email": "tommy@x.example", "region": "EMEA",
					 "customFields": {"sensitivity": "standard"}}""");
		}
		if (request.pathAndQuery().matches("/api/v2/requesters/0*7/tickets")) {
			return Reply.json("{\"tickets\": [{\"id\": 4000000, \"requesterId\": 7, \"subject\": \"Cannot log in\"}]}");
		}
		return Reply.status(404);
	}

	/**
	 * The record an include's path names is looked up and recorded, so its id must fit
	 * the audit trail ({@code audit_event_record.record_id}, 255 characters): a longer
	 * one is 400 {@code value-too-long} before anything is sent.
	 */
	@Test
	void aRecordIdInThePathLongerThanTheTrailHoldsIsRefusedAtTheEdge() {
		support.script(PassThroughAnswerTests::requesterSevenAnyHowSpelled);
		int before = support.requests().size();

		assertProblem(this.client.get()
			.uri("/api/v1/departments/support/api/v2/requesters/" + "0".repeat(299) + "7/tickets")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + this.carol)
			.exchange(), 400, "value-too-long");
		assertThat(support.requests()).hasSize(before);
		assertThat(status("GET", "/api/v2/requesters/" + "0".repeat(254) + "7/tickets", this.carol, "support"))
			.as("an id of 255 characters")
			.isEqualTo(200);
	}

	private int status(String method, String path, String token) {
		return status(method, path, token, "crm");
	}

	private int status(String method, String path, String token, String source) {
		return this.client.method(HttpMethod.valueOf(method))
			.uri("/api/v1/departments/" + source + path)
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
			.exchange()
			.returnResult(String.class)
			.getStatus()
			.value();
	}

}
