package io.customerdata.gateway.enforcement;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.customerdata.gateway.disclosure.FieldEnforcer;
import io.customerdata.gateway.disclosure.Masker;
import io.customerdata.gateway.disclosure.PseudonymKey;
import io.customerdata.gateway.security.AuditBounds;
import io.customerdata.gateway.sources.CustomerAttributes;
import io.customerdata.gateway.sources.FederationProperties;
import io.customerdata.gateway.sources.SourcePresets;
import io.customerdata.gateway.sources.SourceShapes;
import io.customerdata.gateway.policy.CompiledPolicy;
import io.customerdata.gateway.policy.Decision;
import io.customerdata.gateway.policy.EmbeddedPolicyDecisionPoint;
import io.customerdata.gateway.policy.PolicyInput;
import io.customerdata.gateway.policy.PolicyReader;
import io.customerdata.gateway.problem.GatewayProblem;
import io.customerdata.gateway.problem.ProblemType;
import io.customerdata.gateway.sources.CustomerAttributes;
import io.customerdata.gateway.sources.FederationProperties;
import io.customerdata.gateway.sources.SourcePresets;
import io.customerdata.gateway.sources.SourceShapes;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.FileSystemResource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The policy on departments' own answers, with the shipped source definitions and the
 * shipped policy: what each caller gets of the same JSON the sample departments answer.
 */
class PassThroughEnforcerTests {

	static final JsonMapper JSON = JsonMapper.builder().build();

	static final String ACCOUNT = """
			{"accountId": "ACC-000001", "accountName": "Ankunding-Sanford",
			 "primaryContact": {"contactId": "CON-000001", "firstName": "Tommy", "lastName": "Hoppe",
			                    "email": "tommy.hoppe@ankunding-sanford.example", "phone": "+31612529997", "title": "Analyst"},
			 "billingAddress": {"street": "4021 Stamm Burgs", "city": "Cummerataview", "country": "NL"},
			 "region": "%s", "owner": {"userId": "u-2101", "name": "Jonas Weber"}, "lifecycleStage": "customer",
			 "annualRevenue": 34400000, "classification": "%s",
			 "deals": [{"dealId": "DEAL-1", "name": "Expansion", "amount": 154214.00, "stage": "negotiation", "closeDate": "2026-03-19"}],
			 "notes": [{"noteId": "NOTE-1", "text": "Renewal at risk"}], "createdAt": "2025-04-30T08:10:00Z"}""";

	static final String CONTACT = """
			{"leadId": "L-07000000", "email": "Tommy.Hoppe@Ankunding-Sanford.Example", "firstName": "Tommy",
			 "lastName": "Hoppe", "leadScore": 42, "segments": ["smb"],
			 "campaigns": [{"campaignId": "CMP-1", "name": "Autumn Roadshow", "status": "clicked"}],
			 "subscriptions": {"email": {"status": "subscribed"}}, "lastEngagementAt": "2025-10-04T14:35:00Z",
			 "consents": {"sales-followup": {"granted": %s}}}""";

	final CompiledPolicy compiled = shippedPolicy();

	static CompiledPolicy shippedPolicy() {
		return new PolicyReader().read(new FileSystemResource(
				Path.of(System.getProperty("policies.dir", "../policies"), "customer_gateway/policy/data.json")));
	}

	final EmbeddedPolicyDecisionPoint policy = new EmbeddedPolicyDecisionPoint(this.compiled, 100);

	/** Customer attributes as the shipped policy declares where they come from. */
	final CustomerAttributes attributes = new CustomerAttributes(() -> this.compiled);

	final PassThroughEnforcer enforcer = enforcer(false);

	PassThroughEnforcer enforcer(boolean hideExistence) {
		return new PassThroughEnforcer(SourceShapes.of(shippedSources(), this.attributes),
				new FieldEnforcer(new Masker(new PseudonymKey("a-test-key-of-sufficient-length")),
						this.compiled::rangeBounds),
				hideExistence);
	}

	static final PolicyInput.Subject ALICE = new PolicyInput.Subject(Set.of("sales-rep"), "sales", "EMEA");

	static final PolicyInput.Subject CAROL = new PolicyInput.Subject(Set.of("support-agent"), "support", "EMEA");

	@Test
	void ownDepartmentSeesItsRecordUpToClearance() {
		PassThroughEnforcer.Enforced enforced = enforce("crm", "/accounts/ACC-000001", ALICE, null,
				ACCOUNT.formatted("EMEA", "standard"));

		assertThat(enforced.body().at("/deals/0/amount").decimalValue()).isEqualByComparingTo("154214");
		assertThat(enforced.body().at("/primaryContact/title").asString()).isEqualTo("Analyst");
		assertThat(enforced.masked()).isEmpty();
	}

	@Test
	void anotherDepartmentSeesWhatItsGrantsAllowInTheSourcesOwnShape() {
		PassThroughEnforcer.Enforced enforced = enforce("crm", "/accounts/ACC-000001", CAROL, "support-case",
				ACCOUNT.formatted("EMEA", "standard"));

		assertThat(enforced.body()).isEqualTo(JSON.readTree("""
				{"accountName": "Ankunding-Sanford",
				 "primaryContact": {"firstName": "Tommy", "lastName": "Hoppe",
				                    "email": "tommy.hoppe@ankunding-sanford.example", "phone": "+31612529997"},
				 "region": "EMEA", "owner": {"userId": "u-2101", "name": "Jonas Weber"}, "lifecycleStage": "customer",
				 "annualRevenue": "[10000000, 50000000)"}"""));
		assertThat(enforced.masked()).containsExactly("annualRevenue");
		assertThat(enforced.records()).containsExactly("crm:ACC-000001");
		assertThat(enforced.body().toString()).doesNotContain("154214").doesNotContain("Renewal at risk");
		assertThat(enforced.input()).as("what the decision rested on, for the audit trail")
			.isEqualTo(new PolicyInput(CAROL, "support-case",
					new PolicyInput.Customer("EMEA", false, Map.of(), List.of("crm:ACC-000001"))));
	}

	@Test
	void aRecordOfAnotherRegionOrARestrictedCustomerIsRefused() {
		assertThatExceptionOfType(GatewayProblem.class)
			.isThrownBy(() -> enforce("crm", "/accounts/ACC-000002", CAROL, "support-case",
					ACCOUNT.formatted("APAC", "standard")))
			.satisfies((problem) -> assertThat(problem.detail()).contains("out-of-region"));
		assertThatExceptionOfType(GatewayProblem.class)
			.isThrownBy(
					() -> enforce("crm", "/accounts/ACC-000003", ALICE, null, ACCOUNT.formatted("EMEA", "restricted")))
			.satisfies((problem) -> assertThat(problem.detail()).contains("restricted-customer"));
	}

	@Test
	void withHiddenExistenceAnOutOfScopeRecordIsAnsweredAsAnUnknownOne() {
		PassThroughEnforcer hiding = enforcer(true);
		for (String account : new String[] { ACCOUNT.formatted("APAC", "standard"),
				ACCOUNT.formatted("EMEA", "restricted") }) {
			assertThatExceptionOfType(GatewayProblem.class).isThrownBy(
					() -> hiding
						.enforce("crm", "/accounts/ACC-000002", this.policy, CAROL,
								this.policy.decideBestCase(CAROL, "support-case").block(), JSON.readTree(account))
						.block())
				.satisfies((problem) -> {
					GatewayProblem unknown = UpstreamErrorGlobalFilter.notFound();
					assertThat(problem.type()).isEqualTo(unknown.type());
					assertThat(problem.status()).isEqualTo(unknown.status());
					assertThat(problem.detail()).isEqualTo(unknown.detail());
					assertThat(problem.reason()).as("for the audit trail only").isNotNull();
				});
		}
	}

	@Test
	void aListKeepsOnlyTheRecordsTheCallerMaySeeAndNothingThatCountsTheOthers() {
		String page = "{\"content\": [" + ACCOUNT.formatted("EMEA", "standard") + ", "
				+ ACCOUNT.formatted("APAC", "standard") + ", " + ACCOUNT.formatted("EMEA", "restricted")
				+ "], \"page\": {\"size\": 3, \"totalElements\": 3}}";

		PassThroughEnforcer.Enforced asAgent = enforce("crm", "/accounts", CAROL, "support-case", page);
		PassThroughEnforcer.Enforced asOwner = enforce("crm", "/accounts", ALICE, null, page);

		assertThat(asAgent.body().get("content")).hasSize(1);
		assertThat(asOwner.body().get("content")).hasSize(2);
		// The department's totals count the restricted customer alice may not see: a
		// list keeps its records alone, for everyone.
		assertThat(asAgent.body().propertyNames()).containsExactly("content");
		assertThat(asOwner.body().propertyNames()).containsExactly("content");
		assertThat(asOwner.input()).as("a list's records are decided one by one").isNull();
	}

	@Test
	void consentIsReadFromEachRecord() {
		JsonNode consenting = enforce("marketing", "/contacts/x", ALICE, "sales-followup", CONTACT.formatted(true))
			.body();
		JsonNode refusing = enforce("marketing", "/contacts/x", ALICE, "sales-followup", CONTACT.formatted(false))
			.body();

		assertThat(consenting.at("/campaigns/0/name").asString()).isEqualTo("Autumn Roadshow");
		assertThat(consenting.at("/leadScore").asInt()).isEqualTo(42);
		assertThat(refusing.has("campaigns")).isFalse();
		assertThat(refusing.at("/leadScore").asInt()).isEqualTo(42);
	}

	@Test
	void anAnswerNamingNoCustomerTakesTheSourcesUnclassifiedView() {
		String echo = "{\"path\": \"/echo\", \"headers\": {\"x-gateway-subject\": \"alice\"}}";

		assertThat(enforce("crm", "/echo", ALICE, null, echo).body()).isEqualTo(JSON.readTree(echo));
		PassThroughEnforcer.Enforced toAgent = enforce("crm", "/echo", CAROL, "support-case", echo);
		assertThat(toAgent.body()).isEqualTo(JSON.readTree("{}"));
		assertThat(toAgent.withheld()).containsExactlyInAnyOrder("path", "headers.x-gateway-subject");
	}

	/**
	 * A Salesforce query answer as the real one gives it for
	 * {@code SELECT Name, Region__c, Primary_Contact__r.Email FROM Account}: only the
	 * selected fields, no {@code Id}.
	 */
	static final String SOQL_ROW = """
			{"attributes": {"type": "Account", "url": "/services/data/v60.0/sobjects/Account/%1$s"},%2$s
			 "Name": "Account in %3$s", "Region__c": "%3$s", "Classification__c": "%4$s",
			 "Primary_Contact__r": {"attributes": {"type": "Contact"}, "Email": "someone@%3$s.example"}}""";

	static String soqlRows(boolean withId) {
		StringBuilder rows = new StringBuilder();
		String[][] accounts = { { "001Q00000000001AAA", "EMEA", "standard" },
				{ "001Q00000000002AAA", "APAC", "standard" }, { "001Q00000000003AAA", "EMEA", "restricted" } };
		for (String[] account : accounts) {
			rows.append((rows.isEmpty()) ? "" : ", ")
				.append(SOQL_ROW.formatted(account[0], withId ? " \"Id\": \"" + account[0] + "\"," : "", account[1],
						account[2]));
		}
		return "{\"totalSize\": 3, \"done\": true, \"records\": [" + rows + "]}";
	}

	final PassThroughEnforcer salesforce = new PassThroughEnforcer(
			SourceShapes.of(shippedSources(Map.of("crm.preset", "salesforce")), this.attributes),
			new FieldEnforcer(new Masker(new PseudonymKey("a-test-key-of-sufficient-length")),
					this.compiled::rangeBounds),
			false);

	@Test
	void recordsWithoutTheirIdAreLeftOutNotDecidedAtTheBestCase() {
		PassThroughEnforcer.Enforced withoutIds = enforce(this.salesforce, "crm", "/services/data/v60.0/query", CAROL,
				"support-case", soqlRows(false));

		assertThat(withoutIds.body()).isEqualTo(JSON.readTree("{\"records\": []}"));
		assertThat(withoutIds.masked()).isEmpty();
		assertThat(withoutIds.withheld()).as("nothing counted of what was left out").isEmpty();
		assertThat(withoutIds.records()).isEmpty();

		PassThroughEnforcer.Enforced withIds = enforce(this.salesforce, "crm", "/services/data/v60.0/query", CAROL,
				"support-case", soqlRows(true));
		assertThat(withIds.body().get("records")).hasSize(1);
		assertThat(withIds.body().at("/records/0/Region__c").asString()).isEqualTo("EMEA");
		assertThat(withIds.records()).containsExactly("crm:001Q00000000001AAA");
		assertThat(withIds.body().toString()).doesNotContain("APAC").doesNotContain("restricted");
	}

	@Test
	void aRecordNestedInAnotherWhereTheMappingReadsNothingIsLeftOut() {
		// Another customer's account, as a parent account, inside alice's own record: her
		// department's unclassified view would show it, though nobody decided for it.
		String parent = ACCOUNT.formatted("APAC", "restricted").replace("ACC-000001", "ACC-000999");
		String account = ACCOUNT.formatted("EMEA", "standard")
			.replace("\"createdAt\"", "\"parentAccount\": " + parent + ", \"createdAt\"");

		PassThroughEnforcer.Enforced enforced = enforce("crm", "/accounts/ACC-000001", ALICE, null, account);

		assertThat(enforced.body().has("parentAccount")).isFalse();
		assertThat(enforced.body().toString()).doesNotContain("ACC-000999");
		assertThat(enforced.body().at("/deals/0/amount").isNumber()).as("her own record in full").isTrue();
		PassThroughEnforcer.Enforced opportunities = enforce(this.salesforce, "crm",
				"/services/data/v60.0/sobjects/Account/001000000000001AAA", ALICE, null, """
						{"attributes": {"type": "Account"}, "Id": "001000000000001AAA", "Name": "Acme",
						 "Region__c": "EMEA", "Classification__c": "standard",
						 "Opportunities": {"totalSize": 1, "done": true, "records": [
						   {"attributes": {"type": "Opportunity"}, "Id": "006000000000001AAA", "Name": "Renewal",
						    "Amount": 5000}]}}""");
		assertThat(opportunities.body().at("/Opportunities/records/0/Amount").asInt())
			.as("records under a path the mapping reads are the record's own")
			.isEqualTo(5000);
	}

	@Test
	void aRelatedRecordWithoutItsIdIsLeftOutToo() {
		// Salesforce answers a relationship with what was selected of it: a parent
		// account selected without its Id is still another customer's record.
		String parentAlone = """
				{"totalSize": 1, "done": true, "records": [
				 {"attributes": {"type": "Account"}, "Id": "001Q00000000009AAA", "Name": "Restricted Holding",
				  "Region__c": "EMEA", "Classification__c": "restricted", "AnnualRevenue": 987654321}]}""";
		assertThat(enforce(this.salesforce, "crm", "/services/data/v60.0/query", ALICE, null, parentAlone).body()
			.get("records")).as("alice may not read the parent on its own").isEmpty();
		String childOfRestricted = """
				{"totalSize": 1, "done": true, "records": [
				 {"attributes": {"type": "Account"}, "Id": "001Q00000000001AAA", "Name": "Subsidiary GmbH",
				  "Region__c": "EMEA", "Classification__c": "standard",
				  "Parent": {"attributes": {"type": "Account"}, "Name": "Restricted Holding",
				             "AnnualRevenue": 987654321,
				             "Primary_Contact__r": {"attributes": {"type": "Contact"},
				                                    "Email": "ceo@restricted-holding.example"}}}]}""";

		PassThroughEnforcer.Enforced enforced = enforce(this.salesforce, "crm", "/services/data/v60.0/query", ALICE,
				null, childOfRestricted);

		assertThat(enforced.body().toString()).doesNotContain("ceo@restricted-holding.example")
			.doesNotContain("987654321")
			.doesNotContain("Restricted Holding");
		assertThat(enforced.body().at("/records/0/Name").asString()).as("her own record in full")
			.isEqualTo("Subsidiary GmbH");
		assertThat(enforced.body().at("/records/0/attributes/type").asString()).as("no customer data")
			.isEqualTo("Account");
	}

	@Test
	void anElementOfARecordArrayThatIsNoRecordIsLeftOut() {
		String page = "{\"content\": [" + ACCOUNT.formatted("EMEA", "standard")
				+ ", {\"accountName\": \"Nobody knows whose\", \"region\": \"APAC\"}, {\"note\": \"no customer\"}, 42]}";

		PassThroughEnforcer.Enforced enforced = enforce("crm", "/accounts", ALICE, null, page);

		assertThat(enforced.body().get("content")).hasSize(1);
		assertThat(enforced.body().toString()).doesNotContain("Nobody knows whose").doesNotContain("no customer");
	}

	@Test
	void customerDataThatNamesNoRecordIsRefusedAsASingleAnswer() {
		String withoutId = ACCOUNT.formatted("APAC", "standard").replace("\"accountId\": \"ACC-000001\",", "");
		String nested = "{\"data\": " + withoutId + "}";
		String wrapped = "{\"user\": {\"name\": \"Tommy Hoppe\", \"user_fields\": {\"region\": \"APAC\"}}}";

		for (String answer : new String[] { withoutId, nested }) {
			assertThatExceptionOfType(GatewayProblem.class)
				.isThrownBy(() -> enforce("crm", "/accounts/ACC-000001", CAROL, "support-case", answer))
				.satisfies((problem) -> {
					assertThat(problem.type()).isEqualTo(ProblemType.POLICY_DENIED);
					assertThat(problem.reason()).isEqualTo("unidentified-record");
				});
			assertThatExceptionOfType(GatewayProblem.class).isThrownBy(
					() -> enforcer(true)
						.enforce("crm", "/accounts/ACC-000001", this.policy, CAROL,
								this.policy.decideBestCase(CAROL, "support-case").block(), JSON.readTree(answer))
						.block())
				.satisfies((problem) -> assertThat(problem.status().value()).isEqualTo(404));
		}
		assertThatExceptionOfType(GatewayProblem.class)
			.isThrownBy(() -> enforce(zendesk(), "support", "/api/v2/users/310000.json", CAROL, null, wrapped))
			.satisfies((problem) -> assertThat(problem.reason()).isEqualTo("unidentified-record"));
	}

	@Test
	void aRecordInAWrapperIsDecidedAsTheRecordItIs() {
		PassThroughEnforcer zendesk = zendesk();
		String user = "{\"id\": 310000, \"name\": \"Tommy Hoppe\", \"user_fields\": {\"region\": \"%s\", \"sensitivity\": \"standard\"}}";

		PassThroughEnforcer.Enforced enforced = enforce(zendesk, "support", "/api/v2/users/310000.json", CAROL, null,
				"{\"user\": " + user.formatted("EMEA") + ", \"meta\": {\"took\": 3}}");
		assertThat(enforced.body().at("/user/name").asString()).isEqualTo("Tommy Hoppe");
		assertThat(enforced.body().at("/meta/took").asInt()).as("the wrapper's own fields").isEqualTo(3);
		assertThat(enforced.records()).containsExactly("support:310000");

		assertThatExceptionOfType(GatewayProblem.class)
			.isThrownBy(() -> enforce(zendesk, "support", "/api/v2/users/310000.json", CAROL, null,
					"{\"user\": " + user.formatted("APAC") + "}"))
			.satisfies((problem) -> assertThat(problem.reason()).isEqualTo("out-of-region"));
		assertThatExceptionOfType(GatewayProblem.class)
			.isThrownBy(() -> enforce(zendesk, "support", "/api/v2/users/310000.json", CAROL, null,
					"{\"user\": " + user.formatted("EMEA") + ", \"other\": {\"name\": \"Someone Else\"}}"))
			.as("beside the record, customer data of nobody knows whom")
			.satisfies((problem) -> assertThat(problem.reason()).isEqualTo("unidentified-record"));
	}

	@Test
	void anIncludeNamesItsRecordByAnIdTheTrailCanHold() {
		String longest = "7".repeat(AuditBounds.REFERENCE);
		zendesk().checkRecordId("support", "/api/v2/users/" + longest + "/tickets/requested.json");
		zendesk().checkRecordId("support", "/api/v2/users/" + longest + "7.json");

		assertThatExceptionOfType(GatewayProblem.class)
			.isThrownBy(
					() -> zendesk().checkRecordId("support", "/api/v2/users/" + longest + "7/tickets/requested.json"))
			.satisfies((problem) -> assertThat(problem.type()).isEqualTo(ProblemType.VALUE_TOO_LONG));
	}

	@Test
	void anAnswerFromASourceThePolicyDoesNotKnowIsRefused() {
		Decision best = this.policy.decideBestCase(ALICE, null).block();
		assertThatExceptionOfType(GatewayProblem.class)
			.isThrownBy(() -> this.enforcer.enforce("erp", "/x", this.policy, ALICE, best, JSON.readTree("{}")).block())
			.satisfies((problem) -> assertThat(problem.type()).isEqualTo(ProblemType.POLICY_DENIED));
	}

	@Test
	void pathsCarryingSeveralCanonicalFieldsTakeTheStrictestView() {
		assertThat(SourcePathView.stricter("allow", "mask:last4")).isEqualTo("mask:last4");
		assertThat(SourcePathView.stricter("mask:last4", "allow")).isEqualTo("mask:last4");
		assertThat(SourcePathView.stricter("mask:last4", "mask:redact")).isEqualTo("deny");
		assertThat(SourcePathView.stricter("allow", "deny")).isEqualTo("deny");
		assertThat(SourcePathView.stricter("allow", "allow")).isEqualTo("allow");
	}

	/** The support department as Zendesk, whose records come in wrappers. */
	private PassThroughEnforcer zendesk() {
		return new PassThroughEnforcer(
				SourceShapes.of(shippedSources(Map.of("support.preset", "zendesk")), this.attributes),
				new FieldEnforcer(new Masker(new PseudonymKey("a-test-key-of-sufficient-length")),
						this.compiled::rangeBounds),
				false);
	}

	private PassThroughEnforcer.Enforced enforce(String source, String path, PolicyInput.Subject who, String purpose,
			String body) {
		return enforce(this.enforcer, source, path, who, purpose, body);
	}

	private PassThroughEnforcer.Enforced enforce(PassThroughEnforcer enforcer, String source, String path,
			PolicyInput.Subject who, String purpose, String body) {
		Decision best = this.policy.decideBestCase(who, purpose).block();
		assertThat(best.allow()).isTrue();
		return enforcer.enforce(source, path, this.policy, who, best, JSON.readTree(body)).block();
	}

	/**
	 * The source definitions the gateway ships with, bound as the application binds them.
	 */
	static FederationProperties shippedSources() {
		return shippedSources(Map.of());
	}

	/**
	 * The shipped source definitions with some settings of the sources' own
	 * ({@code crm.preset=salesforce}).
	 */
	static FederationProperties shippedSources(Map<String, Object> settings) {
		try {
			StandardEnvironment environment = new StandardEnvironment();
			new YamlPropertySourceLoader().load("application", new ClassPathResource("application.yml"))
				.forEach(environment.getPropertySources()::addFirst);
			Map<String, Object> own = new java.util.LinkedHashMap<>();
			settings.forEach((key, value) -> own.put("gateway.federation.sources." + key, value));
			environment.getPropertySources().addFirst(new MapPropertySource("own settings", own));
			new SourcePresets().postProcessEnvironment(environment, new SpringApplication());
			return Binder.get(environment).bind("gateway.federation", FederationProperties.class).get();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
