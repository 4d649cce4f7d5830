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
				+ "WHERE Name LIKE '%(SELECT Id FROM User)%' ORDER BY Name");

		assertThat(query.object()).isEqualTo("Account");
		assertThat(query.fields()).containsExactly("Name", "Primary_Contact__r.Email");
		assertThat(query.childRelationships()).containsExactly("Opportunities", "Notes");
	}

	@Test
	void readsTheFieldsItsConditionsAndOrderingsName() {
		SoqlQuery query = SoqlQuery.parse("SELECT Name, (SELECT Amount FROM Opportunities WHERE StageName='Closed Won' "
				+ "ORDER BY CloseDate DESC LIMIT 3) FROM Account WHERE (Region__c = 'EMEA' OR NOT AnnualRevenue>=1000) "
				+ "AND Primary_Contact__r.Email LIKE 'a%' AND Id NOT IN ('1', '2') AND CreatedDate > LAST_N_DAYS:30 "
				+ "ORDER BY Name ASC NULLS FIRST, Owner.Alias");

		assertThat(query.fields()).containsExactly("Name");
		assertThat(query.conditionFields()).containsExactly("Region__c", "AnnualRevenue", "Primary_Contact__r.Email",
				"Id", "CreatedDate", "Name", "Owner.Alias");
		assertThat(query.subqueries()).containsExactly(
				new SoqlQuery.Subquery("Opportunities", List.of("Amount"), List.of("StageName", "CloseDate")));
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
		SoqlQuery query = SoqlQuery.parse("SELECT Name FROM Account WHERE Name = 'O\\'Brien (SELECT LIMIT 1'");

		assertThat(query.selecting(List.of("Id")))
			.isEqualTo("SELECT Name, Id FROM Account WHERE Name = 'O\\'Brien (SELECT LIMIT 1'");
	}

	@Test
	void keepsAClauseWithParenthesesAsWritten() {
		String query = "SELECT Name FROM Account WITH DATA CATEGORY Geography__c AT (usa__c, uk__c)";

		assertThat(SoqlQuery.parse(query).selecting(List.of("Id")))
			.isEqualTo("SELECT Name, Id FROM Account WITH DATA CATEGORY Geography__c AT (usa__c, uk__c)");
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
			"SELECT Id FROM Account WHERE Name LIKE 'a%' ORDER BY Region__c LIMIT 1|LIMIT is not supported",
			"SELECT Id FROM Account ORDER BY Id limit 10 offset 1|LIMIT is not supported",
			"SELECT Id FROM Account ORDER BY Id OFFSET 1|OFFSET is not supported",
			"SELECT Name, (SELECT Id FROM Notes FROM Account|unbalanced", "SELECT FROM Account|names no field",
			"SELECT Name, FROM Account|names no field", "SELECT Name|end with FROM", "SELECT Name,|ends before FROM",
			"SELECT Name FROM|names no object", "DELETE FROM Account|starts with SELECT",
			"SELECT 'x' FROM Account|not a field name",
			"SELECT Name FROM Account WHERE CALENDAR_YEAR(CreatedDate) = 2024|Functions in WHERE",
			"SELECT Name FROM Account ORDER BY toLabel(Lifecycle_Stage__c)|Functions in ORDER BY",
			"SELECT Name FROM Account WHERE 'x' = Name|not a field name",
			"SELECT Name FROM Account WHERE Name ~ 'x'|not a SOQL comparison operator",
			"SELECT Name FROM Account WHERE Name NOT LIKE 'x'|followed by IN",
			"SELECT Name FROM Account WHERE Name = 'x' AnnualRevenue = 1|not understood from 'AnnualRevenue'",
			"SELECT Name FROM Account ORDER BY Name AnnualRevenue|not understood from 'AnnualRevenue'",
			"SELECT Name FROM Account WHERE Name IN (SELECT Name FROM Contact)|semi-joins",
			"SELECT Name FROM Account WHERE Name = GEOLOCATION(1, 2)|not a value" })
	void refusesWhatItCannotDecideOnSayingWhy(String query, String why) {
		assertThatExceptionOfType(SoqlQuery.Unsupported.class).isThrownBy(() -> SoqlQuery.parse(query))
			.withMessageContaining(why);
	}

}
