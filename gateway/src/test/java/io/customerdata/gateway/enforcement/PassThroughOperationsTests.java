package io.customerdata.gateway.enforcement;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import io.customerdata.gateway.federation.CustomerAttributes;
import io.customerdata.gateway.federation.FederationProperties;
import io.customerdata.gateway.federation.SourceShapes;
import io.customerdata.gateway.problem.GatewayProblem;
import io.customerdata.gateway.problem.ProblemType;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpMethod;
import org.springframework.web.util.UriComponentsBuilder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The operations allowlist of the pass-through route, with the shipped presets: the
 * sample CRM's own API and the CRM through the Salesforce preset.
 */
class PassThroughOperationsTests {

	static final String QUERY = "/services/data/v60.0/query";

	final PassThroughOperations salesforce = operations(Map.of("crm.preset", "salesforce"));

	final PassThroughOperations nativeApis = operations(Map.of());

	@Test
	void thePresetsAllowTheirSourcesOwnReadsAndDeclaredWrites() {
		URI byId = uri("/accounts/ACC-000001");
		assertThat(this.nativeApis.admit("crm", HttpMethod.GET, "/accounts/ACC-000001", byId)).isEqualTo(byId);
		this.nativeApis.admit("crm", HttpMethod.POST, "/accounts/ACC-000001/notes", uri("/accounts/ACC-000001/notes"));
		this.nativeApis.admit("support", HttpMethod.GET, "/api/v2/requesters/310000/tickets",
				uri("/api/v2/requesters/310000/tickets"));
		String account = "/services/data/v60.0/sobjects/Account/001Q00000000001AAA";
		assertThat(this.salesforce.admit("crm", HttpMethod.GET, account, uri(account))).isEqualTo(uri(account));
	}

	@Test
	void anythingNotDeclaredIsNotAllowed() {
		for (String path : new String[] { "/services/data/v60.0/sobjects/User/005Q00000000001AAA",
				"/services/data/v60.0/sobjects/Account/001Q00000000001AAA/Notes", "/services/data/v60.0/queryAll",
				"/services/data/v60.0/search", "/services/data/v60.0/sobjects/%41ccount/001Q00000000001AAA",
				"/services/data/latest/query", "/accounts/ACC-000001" }) {
			assertRefused(() -> this.salesforce.admit("crm", HttpMethod.GET, path, uri(path + "?q=x")),
					ProblemType.OPERATION_NOT_ALLOWED);
		}
		assertRefused(
				() -> this.salesforce.admit("crm", HttpMethod.DELETE,
						"/services/data/v60.0/sobjects/Account/001Q00000000001AAA", uri("/")),
				ProblemType.OPERATION_NOT_ALLOWED);
		assertRefused(() -> this.nativeApis.admit("crm", HttpMethod.PUT, "/accounts/ACC-000001", uri("/")),
				ProblemType.OPERATION_NOT_ALLOWED);
		assertRefused(() -> this.nativeApis.admit("crm", HttpMethod.HEAD, "/accounts/ACC-000001", uri("/")),
				ProblemType.OPERATION_NOT_ALLOWED);
		assertRefused(() -> this.nativeApis.admit("support", HttpMethod.GET, "/api/v2/tickets/4000000", uri("/")),
				ProblemType.OPERATION_NOT_ALLOWED);
		assertRefused(() -> this.nativeApis.admit("nowhere", HttpMethod.GET, "/", uri("/")),
				ProblemType.OPERATION_NOT_ALLOWED);
	}

	@Test
	void aQueryIsSentSelectingWhatTheDecisionNeeds() {
		URI sent = this.salesforce.admit("crm", HttpMethod.GET, QUERY,
				query("SELECT Name, Region__c, Primary_Contact__r.Email FROM Account"));

		assertThat(UriComponentsBuilder.fromUri(sent).build().getQueryParams().getFirst("q")).isEqualTo(URLEncoder
			.encode("SELECT Name, Region__c, Primary_Contact__r.Email, Id, Classification__c FROM Account",
					StandardCharsets.UTF_8));
		assertThat(sent.getRawPath()).isEqualTo(QUERY);
	}

	@Test
	void onlyTheDeclaredObjectsAndRelationshipsMayBeQueried() {
		for (String soql : new String[] { "SELECT Id FROM User", "SELECT Id, LoginTime FROM LoginHistory",
				"SELECT Name, (SELECT Email FROM Contacts) FROM Account" }) {
			assertRefused(() -> this.salesforce.admit("crm", HttpMethod.GET, QUERY, query(soql)),
					ProblemType.OPERATION_NOT_ALLOWED);
		}
		this.salesforce.admit("crm", HttpMethod.GET, QUERY,
				query("SELECT Name, (SELECT Amount FROM Opportunities), (SELECT Body FROM Notes) FROM Account"));
	}

	@Test
	void aQueryThatCannotBeDecidedOnIsABadRequest() {
		assertRefused(() -> this.salesforce.admit("crm", HttpMethod.GET, QUERY, query("SELECT COUNT() FROM Account")),
				ProblemType.QUERY_NOT_SUPPORTED);
		assertRefused(() -> this.salesforce.admit("crm", HttpMethod.GET, QUERY, uri(QUERY)),
				ProblemType.QUERY_NOT_SUPPORTED);
		URI twice = URI.create(query("SELECT Id FROM Account") + "&q="
				+ URLEncoder.encode("SELECT Id FROM User", StandardCharsets.UTF_8));
		assertRefused(() -> this.salesforce.admit("crm", HttpMethod.GET, QUERY, twice),
				ProblemType.QUERY_NOT_SUPPORTED);
	}

	@Test
	void aPatternThatDoesNotParseStopsTheStart() {
		assertThatIllegalStateException()
			.isThrownBy(() -> operations(Map.of("crm.pass-through.operations.broken.method", "GET",
					"crm.pass-through.operations.broken.path", "/accounts/{id")))
			.withMessageContaining("gateway.federation.sources.crm.pass-through.operations.broken.path");
	}

	@Test
	void aQueryEndpointWhoseRecordsCouldNotBeDecidedOnStopsTheStart() {
		assertThatIllegalStateException()
			.isThrownBy(() -> operations(Map.of("crm.preset", "salesforce", "crm.mapping[0].field", "customer.region",
					"crm.mapping[0].from", "first(Opportunities.records[].Region__c)")))
			.withMessageContaining("Opportunities.records[].Region__c");
	}

	static PassThroughOperations operations(Map<String, Object> settings) {
		FederationProperties sources = PassThroughEnforcerTests.shippedSources(settings);
		return new PassThroughOperations(sources,
				SourceShapes.of(sources, new CustomerAttributes(PassThroughEnforcerTests::shippedPolicy)));
	}

	static URI query(String soql) {
		return URI.create(QUERY + "?q=" + URLEncoder.encode(soql, StandardCharsets.UTF_8));
	}

	static URI uri(String path) {
		return URI.create("http://127.0.0.1" + path);
	}

	static void assertRefused(Runnable admission, ProblemType type) {
		assertThatExceptionOfType(GatewayProblem.class).isThrownBy(admission::run)
			.satisfies((problem) -> assertThat(problem.type()).isEqualTo(type));
	}

}
