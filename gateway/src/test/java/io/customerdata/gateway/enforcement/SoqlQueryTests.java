package io.customerdata.gateway.enforcement;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * What the pass-through route understands of SOQL, and how it makes a query decidable.
 */
class SoqlQueryTests {

	static final List<String> DECISION = List.of("Id", "Region__c", "Classification__c");

	@Test
	void readsTheSelectListTheObjectAndTheChildRelationships() {
		SoqlQuery query = SoqlQuery.parse("SELECT Name, Primary_Contact__r.Email, (SELECT Amount FROM Opportunities "
				+ "WHERE StageName = 'Closed Won'), (SELECT Title FROM Notes) FROM Account "
				+ "WHERE Name LIKE '%(SELECT Id FROM User)%' ORDER BY Name LIMIT 5");

		assertThat(query.object()).isEqualTo("Account");
		assertThat(query.fields()).containsExactly("Name", "Primary_Contact__r.Email");
		assertThat(query.childRelationships()).containsExactly("Opportunities", "Notes");
	}

	@Test
	void addsWhatTheDecisionNeedsToTheOuterSelectListOnly() {
		assertThat(SoqlQuery.parse("SELECT Name, Region__c, Primary_Contact__r.Email FROM Account").selecting(DECISION))
			.isEqualTo("SELECT Name, Region__c, Primary_Contact__r.Email, Id, Classification__c FROM Account");
		assertThat(SoqlQuery.parse("select name, (SELECT Id FROM Notes) from account where Name = 'x, y'")
			.selecting(DECISION))
			.isEqualTo("select name, (SELECT Id FROM Notes), Id, Region__c, Classification__c from account "
					+ "where Name = 'x, y'");
	}

	@Test
	void neverSelectsAFieldTwiceWhateverItsCase() {
		String query = "SELECT ID, region__c, CLASSIFICATION__C FROM Account";

		assertThat(SoqlQuery.parse(query).selecting(DECISION)).isEqualTo(query);
	}

	@Test
	void readsStringLiteralsWithTheirEscapes() {
		SoqlQuery query = SoqlQuery.parse("SELECT Name FROM Account WHERE Name = 'O\\'Brien (SELECT' LIMIT 1");

		assertThat(query.selecting(List.of("Id")))
			.isEqualTo("SELECT Name, Id FROM Account WHERE Name = 'O\\'Brien (SELECT' LIMIT 1");
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = { "SELECT COUNT() FROM Account|Aggregate functions",
			"SELECT Region__c, MAX(AnnualRevenue) FROM Account GROUP BY Region__c|Aggregate functions",
			"SELECT Region__c FROM Account GROUP BY Region__c|GROUP BY",
			"SELECT FIELDS(ALL) FROM Account LIMIT 200|FIELDS()",
			"SELECT TYPEOF Owner WHEN User THEN Email END FROM Account|TYPEOF",
			"SELECT toLabel(Lifecycle_Stage__c) FROM Account|Function 'toLabel'", "SELECT Name n FROM Account|Aliases",
			"SELECT a.Name FROM Account a|Object aliases",
			"SELECT Id FROM Account WHERE OwnerId IN (SELECT Id FROM User)|semi-joins",
			"SELECT Name, (SELECT Id, (SELECT Id FROM Notes) FROM Opportunities) FROM Account|outer select list",
			"SELECT Name FROM Account WHERE Name = 'open|unterminated string",
			"SELECT Name FROM Account WHERE (Name = 'x'|unbalanced",
			"SELECT Name, (SELECT Id FROM Notes FROM Account|unbalanced", "SELECT FROM Account|names no field",
			"SELECT Name, FROM Account|names no field", "SELECT Name|end with FROM", "SELECT Name,|ends before FROM",
			"SELECT Name FROM|names no object", "DELETE FROM Account|starts with SELECT",
			"SELECT 'x' FROM Account|not a field name" })
	void refusesWhatItCannotDecideOnSayingWhy(String query, String why) {
		assertThatExceptionOfType(SoqlQuery.Unsupported.class).isThrownBy(() -> SoqlQuery.parse(query))
			.withMessageContaining(why);
	}

}
