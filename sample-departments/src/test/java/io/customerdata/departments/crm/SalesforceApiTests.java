package io.customerdata.departments.crm;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.BodyInserters;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "department.name=crm", "department.dialect=saas", "department.population.size=300",
				"department.saas.page-size=10", "department.saas.salesforce.child-page-size=10",
				"management.server.port=0" })
@AutoConfigureWebTestClient
class SalesforceApiTests {

	@Autowired
	WebTestClient client;

	@Autowired
	CrmAccounts accounts;

	@Test
	void issuesATokenWithTheInstanceUrlAndNoExpiryToAKnownClientOnly() {
		JsonNode token = token("demo-only-client-secret");
		assertThat(token.path("access_token").asString()).isNotBlank();
		assertThat(token.path("instance_url").asString()).startsWith("http://");
		assertThat(token.has("expires_in")).isFalse();

		this.client.post()
			.uri("/services/oauth2/token")
			.body(BodyInserters.fromFormData("grant_type", "client_credentials")
				.with("client_id", "customer-gateway")
				.with("client_secret", "wrong"))
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.error")
			.isEqualTo("invalid_client");
	}

	@Test
	void refusesCallsWithoutAValidToken() {
		this.client.get()
			.uri("/services/data/v60.0/query?q={q}", "SELECT Id FROM Account")
			.header("Authorization", "Bearer forged")
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectBody()
			.jsonPath("$[0].errorCode")
			.isEqualTo("INVALID_SESSION_ID");
	}

	@Test
	void findsAnAccountByItsPrimaryContactsEmailThroughSoql() {
		CrmAccount account = this.accounts.find("ACC-000001").orElseThrow();
		JsonNode answer = query("SELECT Id, Name, AccountNumber, CreatedDate, (SELECT Id FROM Opportunities) "
				+ "FROM Account WHERE Primary_Contact__r.Email = '" + account.primaryContact().email().toUpperCase()
				+ "'");

		assertThat(answer.path("totalSize").asInt()).isEqualTo(1);
		JsonNode record = answer.path("records").get(0);
		assertThat(record.path("AccountNumber").asString()).isEqualTo("ACC-000001");
		assertThat(record.at("/attributes/type").asString()).isEqualTo("Account");
		assertThat(record.path("Id").asString()).hasSize(18).startsWith("001");
		assertThat(record.at("/CreatedDate").asString())
			.matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.000\\+0000");
		assertThat(account.deals().isEmpty() ? record.path("Opportunities").isNull()
				: record.at("/Opportunities/records").size() == account.deals().size())
			.isTrue();
	}

	@Test
	void answersWithTheSelectedFieldsOnlyAsSalesforceDoes() {
		JsonNode answer = query("SELECT Name, Region__c, Primary_Contact__r.Email FROM Account LIMIT 3");

		assertThat(answer.path("records")).hasSize(3);
		for (JsonNode record : answer.path("records")) {
			assertThat(record.propertyNames()).containsExactly("attributes", "Name", "Region__c", "Primary_Contact__r");
			assertThat(record.path("Primary_Contact__r").propertyNames()).containsExactly("attributes", "Email");
			assertThat(record.at("/attributes/type").asString()).isEqualTo("Account");
		}
	}

	@Test
	void namesFieldsAsTheObjectDoesAndProjectsSubqueries() {
		CrmAccount account = this.accounts.search("")
			.stream()
			.filter((a) -> !a.deals().isEmpty())
			.findFirst()
			.orElseThrow();
		JsonNode record = query("select id, owner.alias, (select name, amount from opportunities) from account "
				+ "where AccountNumber = '" + account.accountId() + "'")
			.path("records")
			.get(0);

		assertThat(record.propertyNames()).containsExactly("attributes", "Id", "Owner", "Opportunities");
		assertThat(record.path("Owner").propertyNames()).containsExactly("attributes", "Alias");
		assertThat(record.at("/Opportunities/records")).hasSize(account.deals().size());
		assertThat(record.at("/Opportunities/records/0").propertyNames()).containsExactly("attributes", "Name",
				"Amount");
	}

	@Test
	void refusesDuplicateFieldsAndBrokenSelectLists() {
		for (String soql : new String[] { "SELECT Id, ID FROM Account", "SELECT Id, FROM Account" }) {
			new SalesforceSession(this.client).refused(soql, "MALFORMED_QUERY");
		}
	}

	@Test
	void readsEscapedLiteralsAsSalesforceDoesAndRefusesOtherSoql() {
		assertThat(query("SELECT Id FROM Account WHERE Name = '\\' OR \\'1\\'=\\'1'").path("totalSize").asInt())
			.isZero();
		new SalesforceSession(this.client).refused("SELECT Id FROM Account WHERE Name = 'x' AND Name = 'y'",
				"MALFORMED_QUERY");
	}

	@Test
	void pagesWithNextRecordsUrlAndGivesAnAccountById() {
		String bearer = "Bearer " + token("demo-only-client-secret").path("access_token").asString();
		JsonNode first = query("SELECT Id FROM Account LIMIT 25");
		assertThat(first.path("records")).hasSize(10);
		assertThat(first.path("done").asBoolean()).isFalse();
		JsonNode second = new SalesforceSession(this.client).get(first.path("nextRecordsUrl").asString());
		assertThat(second.path("records")).hasSize(10);
		assertThat(second.path("records").get(0).path("Id")).isNotEqualTo(first.path("records").get(0).path("Id"));

		String id = first.path("records").get(0).path("Id").asString();
		this.client.get()
			.uri("/services/data/v60.0/sobjects/Account/{id}", id)
			.header("Authorization", bearer)
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.valueMatches("Sforce-Limit-Info", "api-usage=\\d+/100000")
			.expectBody()
			.jsonPath("$.Id")
			.isEqualTo(id);
	}

	private JsonNode query(String soql) {
		return new SalesforceSession(this.client).query(soql);
	}

	JsonNode token(String secret) {
		return this.client.post()
			.uri("/services/oauth2/token")
			.contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.body(BodyInserters.fromFormData("grant_type", "client_credentials")
				.with("client_id", "customer-gateway")
				.with("client_secret", secret))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(JsonNode.class)
			.returnResult()
			.getResponseBody();
	}

}
