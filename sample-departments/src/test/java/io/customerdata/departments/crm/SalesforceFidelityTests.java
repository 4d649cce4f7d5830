package io.customerdata.departments.crm;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import io.customerdata.departments.population.PhoneNumbers;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The CRM as Salesforce where Salesforce is unkind: fields that exist only with an org
 * setting, malformed Ids, LIKE wildcards, phones and countries as users typed them, and
 * child rows that page on their own.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "department.name=crm", "department.dialect=saas", "department.population.size=300",
				"management.server.port=0" })
@AutoConfigureWebTestClient
class SalesforceFidelityTests {

	@Autowired
	WebTestClient client;

	@Autowired
	CrmAccounts accounts;

	@Test
	void anUnknownFieldAnywhereFailsTheWholeQueryEvenWithoutRecords() {
		JsonNode error = refused("SELECT Id, (SELECT Id, CurrencyIsoCode FROM Opportunities) FROM Account "
				+ "WHERE AccountNumber = 'nobody'", "INVALID_FIELD");
		assertThat(error.path("message").asString())
			.startsWith("No such column 'CurrencyIsoCode' on entity 'Opportunity'");
		refused("SELECT Id, Salary__c FROM Account", "INVALID_FIELD");
		refused("SELECT Id FROM Account WHERE Salary__c = '1'", "INVALID_FIELD");
	}

	@Test
	void currencyIsoCodeExistsOnlyWithMultiCurrencyOn() {
		SoqlSelectList select = SoqlSelectList
			.parse("SELECT Id, CurrencyIsoCode, (SELECT Amount, CurrencyIsoCode FROM Opportunities) FROM Account");
		CrmAccount account = withDeals(1);

		assertThatThrownBy(() -> select.check(SalesforceRecords.shape(new SalesforceOrg(false, 2))))
			.isInstanceOf(SalesforceError.class);
		select.check(SalesforceRecords.shape(new SalesforceOrg(true, 2)));
		Map<String, ?> record = select.project(SalesforceRecords.account(account, new SalesforceOrg(true, 2)));
		assertThat(record.get("Opportunities").toString())
			.contains("CurrencyIsoCode=" + account.deals().get(0).currency());
	}

	@Test
	void anIdOfTheWrongFormIsMalformedNotAbsent() {
		for (String id : List.of("ACC-000001", "001Q0000000001", "001Q00000000001AAAA", "001Q0000000'001")) {
			new SalesforceSession(this.client).refusedGet("MALFORMED_ID", "/services/data/v60.0/sobjects/Account/{id}",
					id);
			refused("SELECT Id FROM Account WHERE Id = '" + id.replace("'", "\\'") + "'", "MALFORMED_ID");
		}
		assertThat(query("SELECT Id FROM Account WHERE Id = '001Q99999999999AAA'").path("totalSize").asInt()).isZero();
		this.client.get()
			.uri("/services/data/v60.0/sobjects/Account/{id}", "001Q99999999999AAA")
			.header("Authorization", bearer())
			.exchange()
			.expectStatus()
			.isNotFound();
	}

	@Test
	void likeTreatsPercentAndUnderscoreAsWildcardsUnlessEscaped() {
		int all = this.accounts.search("").size();
		assertThat(query("SELECT Id FROM Account WHERE Name LIKE '%%'").path("totalSize").asInt()).isEqualTo(all);
		assertThat(query("SELECT Id FROM Account WHERE Name LIKE '%\\%\\%%'").path("totalSize").asInt()).isZero();
		CrmAccount account = this.accounts.find("ACC-000001").orElseThrow();
		String name = account.accountName();
		String oneCharacterWild = "_" + name.substring(1);
		assertThat(query(
				"SELECT AccountNumber FROM Account WHERE Name LIKE '" + oneCharacterWild.replace("'", "\\'") + "'")
			.findValuesAsString("AccountNumber")).contains("ACC-000001");
		assertThat(query("SELECT Id FROM Account WHERE Name LIKE '\\_" + name.substring(1).replace("'", "\\'") + "'")
			.path("totalSize")
			.asInt()).isZero();
		refused("SELECT Id FROM Account WHERE Name = '\\%'", "MALFORMED_QUERY");
	}

	@Test
	void phonesAreStoredAsTypedAndCompareAsText() {
		List<String> typed = new ArrayList<>();
		for (CrmAccount account : this.accounts.search("").subList(0, 12)) {
			String number = account.accountId();
			JsonNode record = query(
					"SELECT Primary_Contact__r.Phone, BillingAddress FROM Account WHERE AccountNumber = '" + number
							+ "'")
				.at("/records/0");
			String phone = record.at("/Primary_Contact__r/Phone").asString();
			typed.add(phone);
			assertThat(PhoneNumbers.lookupKey(phone, account.billingAddress().country()))
				.isEqualTo(account.primaryContact().phone());
			assertThat(record.at("/BillingAddress/countryCode").asString())
				.isEqualTo(account.billingAddress().country());
			assertThat(record.at("/BillingAddress/country").asString()).hasSizeGreaterThan(2);
		}
		assertThat(typed).anyMatch((phone) -> !phone.startsWith("+"))
			.anyMatch((phone) -> phone.startsWith("+") && phone.contains(" "))
			.anyMatch((phone) -> phone.matches("\\+\\d+"));

		CrmAccount national = this.accounts.search("")
			.stream()
			.filter((a) -> !SalesforceRecords.typedPhone(a).startsWith("+"))
			.findFirst()
			.orElseThrow();
		String e164 = national.primaryContact().phone();
		assertThat(query("SELECT Id FROM Account WHERE Primary_Contact__r.Phone = '" + e164 + "'").path("totalSize")
			.asInt()).isZero();
		String notations = String.join("', '", e164, PhoneNumbers.format(e164, PhoneNumberFormat.INTERNATIONAL),
				PhoneNumbers.format(e164, PhoneNumberFormat.NATIONAL));
		assertThat(query("SELECT AccountNumber FROM Account WHERE Primary_Contact__r.Phone IN ('" + notations + "')")
			.findValuesAsString("AccountNumber")).contains(national.accountId());
	}

	@Test
	void childRowsPageOnTheirOwnThroughAFetchableNextRecordsUrl() {
		CrmAccount account = withDeals(3);
		JsonNode opportunities = query("SELECT Id, (SELECT Id, Name FROM Opportunities) FROM Account "
				+ "WHERE AccountNumber = '" + account.accountId() + "'")
			.at("/records/0/Opportunities");

		assertThat(opportunities.path("totalSize").asInt()).isEqualTo(3);
		assertThat(opportunities.path("done").asBoolean()).isFalse();
		assertThat(opportunities.path("records")).hasSize(2);
		String next = opportunities.path("nextRecordsUrl").asString();
		assertThat(next).matches("/services/data/v60\\.0/query/01g[\\w-]+-2");
		JsonNode rest = new SalesforceSession(this.client).get(next);
		assertThat(rest.path("done").asBoolean()).isTrue();
		assertThat(rest.has("nextRecordsUrl")).isFalse();
		List<String> names = new ArrayList<>(opportunities.findValuesAsString("Name"));
		names.addAll(rest.findValuesAsString("Name"));
		assertThat(names).containsExactlyElementsOf(account.deals().stream().map(CrmAccount.Deal::name).toList());
	}

	@Test
	void soslMatchesWholeWordsOfTheAccountsOwnFieldsOnly() {
		CrmAccount account = this.accounts.search("")
			.stream()
			.filter((a) -> !a.accountName().toLowerCase().contains(a.primaryContact().lastName().toLowerCase()))
			.findFirst()
			.orElseThrow();
		String word = account.accountName().split("[^\\p{L}]+")[0];

		assertThat(search("FIND {" + word + "} IN ALL FIELDS RETURNING Account(AccountNumber, Name) LIMIT 200")
			.findValuesAsString("AccountNumber")).contains(account.accountId());
		assertThat(search("FIND {" + word.substring(0, word.length() - 1) + "*} RETURNING Account(AccountNumber)")
			.findValuesAsString("AccountNumber")).contains(account.accountId());
		assertThat(search("FIND {" + word.substring(0, word.length() - 1) + "} RETURNING Account(AccountNumber)")
			.findValuesAsString("AccountNumber")).doesNotContain(account.accountId());
		assertThat(search("FIND {" + account.primaryContact().lastName() + "} RETURNING Account(AccountNumber)")
			.findValuesAsString("AccountNumber")).as("the contact's name is not the Account's")
			.doesNotContain(account.accountId());
		new SalesforceSession(this.client).refusedGet("MALFORMED_SEARCH", "/services/data/v60.0/search?q={q}",
				"FIND {x} RETURNING Account(Id, (SELECT Id FROM Notes))");
	}

	private JsonNode search(String sosl) {
		return new SalesforceSession(this.client).get("/services/data/v60.0/search?q={q}", sosl).path("searchRecords");
	}

	private CrmAccount withDeals(int deals) {
		return this.accounts.search("").stream().filter((a) -> a.deals().size() == deals).findFirst().orElseThrow();
	}

	private JsonNode refused(String soql, String errorCode) {
		return new SalesforceSession(this.client).refused(soql, errorCode);
	}

	private JsonNode query(String soql) {
		return new SalesforceSession(this.client).query(soql);
	}

	private String bearer() {
		return new SalesforceSession(this.client).bearer();
	}

}
