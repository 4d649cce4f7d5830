package io.customerdata.gateway.enforcement;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;

import io.customerdata.gateway.policy.Decision;
import io.customerdata.gateway.policy.EmbeddedPolicyDecisionPoint;
import io.customerdata.gateway.policy.PolicyInput;
import io.customerdata.gateway.problem.GatewayProblem;
import io.customerdata.gateway.problem.ProblemType;
import io.customerdata.gateway.sources.CustomerAttributes;
import io.customerdata.gateway.sources.FederationProperties;
import io.customerdata.gateway.sources.SourceShapes;
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

	final EmbeddedPolicyDecisionPoint policy = new EmbeddedPolicyDecisionPoint(PassThroughEnforcerTests.shippedPolicy(),
			100);

	/** The CRM's own department: sees its accounts' fields as they are. */
	final Decision alice = bestCase(new PolicyInput.Subject(Set.of("sales-rep"), "sales", "EMEA"));

	/** Marketing: sees the CRM's e-mails masked and its revenue as a band. */
	final Decision bob = bestCase(new PolicyInput.Subject(Set.of("marketing-analyst"), "marketing", "AMER"));

	@Test
	void thePresetsAllowTheirSourcesOwnReadsAndDeclaredWrites() {
		URI byId = uri("/accounts/ACC-000001");
		assertThat(this.nativeApis.admit("crm", HttpMethod.GET, "/accounts/ACC-000001", byId, this.alice))
			.isEqualTo(byId);
		this.nativeApis.admit("crm", HttpMethod.POST, "/accounts/ACC-000001/notes", uri("/accounts/ACC-000001/notes"),
				this.alice);
		this.nativeApis.admit("support", HttpMethod.GET, "/api/v2/requesters/310000/tickets",
				uri("/api/v2/requesters/310000/tickets"), this.alice);
		String account = "/services/data/v60.0/sobjects/Account/001Q00000000001AAA";
		assertThat(this.salesforce.admit("crm", HttpMethod.GET, account, uri(account), this.alice))
			.isEqualTo(uri(account));
	}

	@Test
	void anythingNotDeclaredIsNotAllowed() {
		for (String path : new String[] { "/services/data/v60.0/sobjects/User/005Q00000000001AAA",
				"/services/data/v60.0/sobjects/Account/001Q00000000001AAA/Notes", "/services/data/v60.0/queryAll",
				"/services/data/v60.0/search", "/services/data/v60.0/sobjects/%41ccount/001Q00000000001AAA",
				"/services/data/latest/query", "/accounts/ACC-000001" }) {
			assertRefused(() -> this.salesforce.admit("crm", HttpMethod.GET, path, uri(path + "?q=x"), this.alice),
					ProblemType.OPERATION_NOT_ALLOWED);
		}
		assertRefused(
				() -> this.salesforce.admit("crm", HttpMethod.DELETE,
						"/services/data/v60.0/sobjects/Account/001Q00000000001AAA", uri("/"), this.alice),
				ProblemType.OPERATION_NOT_ALLOWED);
		assertRefused(() -> this.nativeApis.admit("crm", HttpMethod.PUT, "/accounts/ACC-000001", uri("/"), this.alice),
				ProblemType.OPERATION_NOT_ALLOWED);
		assertRefused(() -> this.nativeApis.admit("crm", HttpMethod.HEAD, "/accounts/ACC-000001", uri("/"), this.alice),
				ProblemType.OPERATION_NOT_ALLOWED);
		assertRefused(
				() -> this.nativeApis.admit("support", HttpMethod.GET, "/api/v2/tickets/4000000", uri("/"), this.alice),
				ProblemType.OPERATION_NOT_ALLOWED);
		assertRefused(() -> this.nativeApis.admit("nowhere", HttpMethod.GET, "/", uri("/"), this.alice),
				ProblemType.OPERATION_NOT_ALLOWED);
	}

	@Test
	void aQueryIsSentSelectingWhatTheDecisionNeeds() {
		URI sent = this.salesforce.admit("crm", HttpMethod.GET, QUERY,
				query("SELECT Name, Region__c, Primary_Contact__r.Email FROM Account"), this.alice);

		assertThat(UriComponentsBuilder.fromUri(sent).build().getQueryParams().getFirst("q")).isEqualTo(URLEncoder
			.encode("SELECT Name, Region__c, Primary_Contact__r.Email, Id, Classification__c FROM Account",
					StandardCharsets.UTF_8));
		assertThat(sent.getRawPath()).isEqualTo(QUERY);
	}

	@Test
	void onlyTheDeclaredObjectsAndRelationshipsMayBeQueried() {
		for (String soql : new String[] { "SELECT Id FROM User", "SELECT Id, LoginTime FROM LoginHistory",
				"SELECT Name, (SELECT Email FROM Contacts) FROM Account" }) {
			assertRefused(() -> this.salesforce.admit("crm", HttpMethod.GET, QUERY, query(soql), this.alice),
					ProblemType.OPERATION_NOT_ALLOWED);
		}
		this.salesforce.admit("crm", HttpMethod.GET, QUERY,
				query("SELECT Name, (SELECT Amount FROM Opportunities), (SELECT Body FROM Notes) FROM Account"),
				this.alice);
	}

	@Test
	void aQueryThatCannotBeDecidedOnIsABadRequest() {
		assertRefused(() -> this.salesforce.admit("crm", HttpMethod.GET, QUERY, query("SELECT COUNT() FROM Account"),
				this.alice), ProblemType.QUERY_NOT_SUPPORTED);
		assertRefused(() -> this.salesforce.admit("crm", HttpMethod.GET, QUERY, uri(QUERY), this.alice),
				ProblemType.QUERY_NOT_SUPPORTED);
		URI twice = URI.create(query("SELECT Id FROM Account") + "&q="
				+ URLEncoder.encode("SELECT Id FROM User", StandardCharsets.UTF_8));
		assertRefused(() -> this.salesforce.admit("crm", HttpMethod.GET, QUERY, twice, this.alice),
				ProblemType.QUERY_NOT_SUPPORTED);
	}

	@Test
	void aQueryReachesNoRecordThroughARelationshipTheMappingDoesNotRead() {
		for (String soql : new String[] {
				"SELECT Name, Parent.Name, Parent.AnnualRevenue, Parent.Primary_Contact__r.Email FROM Account",
				"SELECT Name, Primary_Contact__r.Account.Name, Primary_Contact__r.Account.AnnualRevenue FROM Account",
				"SELECT Name, (SELECT Name, Account.Parent.Name FROM Opportunities) FROM Account",
				"SELECT Name, (SELECT Title, Parent.Name FROM Notes) FROM Account",
				"SELECT Name FROM Account WHERE Parent.AnnualRevenue > 1000000",
				"SELECT Name FROM Account ORDER BY parent.name",
				"SELECT Name, (SELECT Name FROM Opportunities WHERE Account.Parent.Name LIKE 'R%') FROM Account" }) {
			assertThatExceptionOfType(GatewayProblem.class).as(soql)
				.isThrownBy(() -> this.salesforce.admit("crm", HttpMethod.GET, QUERY, query(soql), this.alice))
				.satisfies((problem) -> assertThat(problem.type()).isEqualTo(ProblemType.OPERATION_NOT_ALLOWED))
				.withMessageContaining("relationship");
		}
		// The relationships the mapping reads, whatever their case, and their other
		// fields.
		this.salesforce.admit("crm", HttpMethod.GET, QUERY,
				query("SELECT Name, owner.Name, Primary_Contact__r.Email, Primary_Contact__r.Birthdate, "
						+ "(SELECT Title, CreatedBy.Alias FROM Notes) FROM Account ORDER BY Primary_Contact__r.Email"),
				this.alice);
	}

	@Test
	void aQueryFiltersAndSortsOnlyOnFieldsTheCallerSeesAsTheyAre() {
		for (String soql : new String[] {
				"SELECT Name FROM Account WHERE Primary_Contact__r.Email LIKE 'secret-001q00000000001a%'",
				"SELECT Name FROM Account WHERE AnnualRevenue = 34400000",
				"SELECT Name FROM Account WHERE Lifecycle_Stage__c != 'x' AND NOT (annualrevenue>=34400000)",
				"SELECT Name FROM Account ORDER BY Lifecycle_Stage__c, AnnualRevenue DESC NULLS LAST",
				"SELECT Name FROM Account WHERE Website LIKE 'https://a%'",
				"SELECT Name, (SELECT Name FROM Opportunities WHERE Amount > 1000) FROM Account",
				"SELECT Name, (SELECT Name FROM Opportunities ORDER BY Amount) FROM Account" }) {
			assertThatExceptionOfType(GatewayProblem.class).as(soql)
				.isThrownBy(() -> this.salesforce.admit("crm", HttpMethod.GET, QUERY, query(soql), this.bob))
				.satisfies((problem) -> assertThat(problem.type()).isEqualTo(ProblemType.OPERATION_NOT_ALLOWED))
				.withMessageContaining("filter and sort only on fields you see as they are");
			this.salesforce.admit("crm", HttpMethod.GET, QUERY, query(soql), this.alice);
		}
		// A field he sees as it is; the record id and what the decision reads, which say
		// nothing the decision does not.
		this.salesforce.admit("crm", HttpMethod.GET, QUERY,
				query("SELECT Name FROM Account WHERE Lifecycle_Stage__c = 'Customer' AND (Id = '001Q00000000001AAA' "
						+ "OR region__c IN ('EMEA', 'APAC')) AND Classification__c != 'restricted' ORDER BY Id"),
				this.bob);
	}

	@Test
	void thePresetsOwnQueriesAreAdmitted() {
		PassThroughEnforcerTests.shippedSources(Map.of("crm.preset", "salesforce"))
			.sources()
			.get("crm")
			.lookups()
			.values()
			.forEach((lookup) -> {
				// Less their LIMIT, which a caller may not send (the records it counts
				// include
				// those the caller may not see) though the connector may.
				String soql = lookup.path()
					.substring(lookup.path().indexOf("?q=") + 3)
					.replace("{value|soql}", "x")
					.replaceAll(" LIMIT \\d+$", "");
				this.salesforce.admit("crm", HttpMethod.GET, QUERY, query(soql), this.alice);
			});
	}

	/**
	 * Whether an account comes back for {@code ?email=} tells bob, who sees the CRM's
	 * e-mails masked, that the address he guessed is the customer's; alice sees them as
	 * they are, so the filter tells her nothing she could not read.
	 */
	@Test
	void aListFiltersAndSearchesOnlyOnFieldsTheCallerSeesAsTheyAre() {
		assertThatExceptionOfType(GatewayProblem.class)
			.isThrownBy(() -> this.nativeApis.admit("crm", HttpMethod.GET, "/accounts",
					uri("/accounts?email=victim%40example.com"), this.bob))
			.withMessage("The parameter 'email' of source 'crm' filters on primaryContact.email, which you do not see"
					+ " as it is: whether a record comes back would tell its value.");
		for (String query : new String[] { "email=victim%40example.com", "e%6Dail=victim%40example.com",
				"size=5&email=victim%40example.com", "q=victim", "phone=%2B31612529997" }) {
			URI uri = uri("/accounts?" + query);
			assertThatExceptionOfType(GatewayProblem.class).as(query)
				.isThrownBy(() -> this.nativeApis.admit("crm", HttpMethod.GET, "/accounts", uri, this.bob))
				.satisfies((problem) -> assertThat(problem.type()).isEqualTo(ProblemType.OPERATION_NOT_ALLOWED))
				.withMessageContaining("which you do not see as it is");
			assertThat(this.nativeApis.admit("crm", HttpMethod.GET, "/accounts", uri, this.alice)).isEqualTo(uri);
		}
		// Paging says nothing of what the records hold.
		URI paged = uri("/accounts?page=2&size=5");
		assertThat(this.nativeApis.admit("crm", HttpMethod.GET, "/accounts", paged, this.bob)).isEqualTo(paged);
	}

	@Test
	void aParameterTheOperationDoesNotDeclareIsNotAllowed() {
		for (String query : new String[] { "sort=primaryContact.email", "size=5&Email=x", "email.x=y", "q%00=hoppe" }) {
			assertThatExceptionOfType(GatewayProblem.class).as(query)
				.isThrownBy(() -> this.nativeApis.admit("crm", HttpMethod.GET, "/accounts", uri("/accounts?" + query),
						this.alice))
				.satisfies((problem) -> assertThat(problem.type()).isEqualTo(ProblemType.OPERATION_NOT_ALLOWED))
				.withMessageContaining("'list-accounts' of source 'crm' takes no parameter");
		}
		assertRefused(() -> this.nativeApis.admit("crm", HttpMethod.GET, "/accounts/ACC-000001",
				uri("/accounts/ACC-000001?email=x"), this.alice), ProblemType.OPERATION_NOT_ALLOWED);
		assertRefused(
				() -> this.salesforce.admit("crm", HttpMethod.GET, QUERY,
						URI.create(query("SELECT Id FROM Account") + "&batchSize=200"), this.alice),
				ProblemType.OPERATION_NOT_ALLOWED);
	}

	/**
	 * {@code /api/v2/requesters/search} matches the read of a requester by id too, which
	 * takes no parameters: the search takes the request.
	 */
	@Test
	void thePresetsDeclareTheParametersTheirOwnDepartmentsUse() {
		Decision carol = bestCase(new PolicyInput.Subject(Set.of("support-agent"), "support", "EMEA"));
		this.nativeApis.admit("support", HttpMethod.GET, "/api/v2/requesters/search",
				uri("/api/v2/requesters/search?query=smith&page=2&per_page=100"), carol);
		this.nativeApis.admit("support", HttpMethod.GET, "/api/v2/requesters",
				uri("/api/v2/requesters?email=tommy%40x.example"), carol);
		this.nativeApis.admit("marketing", HttpMethod.GET, "/contacts", uri("/contacts?q=hoppe&offset=25&limit=5"),
				this.bob);
		PassThroughOperations saas = operations(
				Map.of("crm.preset", "salesforce", "marketing.preset", "hubspot", "support.preset", "zendesk"));
		saas.admit("support", HttpMethod.GET, "/api/v2/users/search.json",
				uri("/api/v2/users/search.json?query=phone:%2B31612529997&per_page=100"), carol);
		saas.admit("support", HttpMethod.GET, "/api/v2/users/310000/tickets/requested.json",
				uri("/api/v2/users/310000/tickets/requested.json?per_page=100&page=2"), carol);
		saas.admit("marketing", HttpMethod.GET, "/crm/v3/objects/contacts/a@b.example",
				uri("/crm/v3/objects/contacts/a@b.example?idProperty=email&properties=email,hubspotscore"), this.bob);
		saas.admit("marketing", HttpMethod.GET, "/crm/v3/objects/contacts",
				uri("/crm/v3/objects/contacts?limit=10&after=20&properties=email"), this.bob);
	}

	@Test
	void aParameterDeclaredInconsistentlyStopsTheStart() {
		String key = "crm.pass-through.operations.list-accounts.parameters.";
		assertThatIllegalStateException().isThrownBy(() -> operations(Map.of(key + "sort.kind", "filter")))
			.withMessageContaining("list-accounts.parameters.sort: a filter names the paths it matches on");
		assertThatIllegalStateException()
			.isThrownBy(() -> operations(Map.of(key + "page.kind", "paging", key + "page.paths[0]", "accountName")))
			.withMessageContaining("only a filter or a search names paths");
		assertThatIllegalStateException()
			.isThrownBy(() -> operations(Map.of("crm.preset", "salesforce",
					"crm.pass-through.operations.query-accounts.parameters.q.kind", "paging")))
			.withMessageContaining("the query endpoint's own parameter");
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

	Decision bestCase(PolicyInput.Subject who) {
		return this.policy.decideBestCase(who, null).block();
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
