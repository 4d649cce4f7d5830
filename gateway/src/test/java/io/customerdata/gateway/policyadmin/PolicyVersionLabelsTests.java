package io.customerdata.gateway.policyadmin;

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.customerdata.gateway.policy.PolicyReader;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Version labels never repeat, and replicas starting together on an empty database import
 * the first version once.
 */
class PolicyVersionLabelsTests {

	static final JsonMapper JSON = JsonMapper.builder().build();

	static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-25T10:00:00Z"), ZoneOffset.UTC);

	PolicyVersionRepository versions;

	PolicyAdministration administration;

	FirstPolicyImport firstImport;

	@BeforeEach
	void database() {
		JdbcDataSource database = new JdbcDataSource();
		database
			.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1");
		Flyway.configure().dataSource(database).load().migrate();
		this.versions = new PolicyVersionRepository(database);
		TransactionTemplate transactions = new TransactionTemplate(new DataSourceTransactionManager(database));
		this.administration = new PolicyAdministration(this.versions, transactions, new PolicyReader(JSON), JSON,
				CLOCK);
		this.firstImport = new FirstPolicyImport(this.versions, transactions, new PolicyReader(JSON), JSON, CLOCK);
	}

	@Test
	void aDraftNeverTakesTheLabelOfAnImportedVersion() throws IOException {
		ObjectNode document = shipped().put("version", "2026-11-25.2");
		assertThat(this.firstImport.importIfEmpty(JSON.writeValueAsBytes(document), "test")).isTrue();
		assertThat(this.firstImport.importIfEmpty(JSON.writeValueAsBytes(document), "test")).isFalse();

		PolicyVersion first = this.administration.draft("sam", shipped(), null, null).version();
		PolicyVersion second = this.administration.draft("sam", shipped(), null, null).version();

		assertThat(first.id()).isEqualTo(2);
		assertThat(first.version()).isEqualTo("2026-11-25.2-2");
		assertThat(second.version()).isEqualTo("2026-11-25.3");
		assertThat(this.administration.edit("sam", first.id(), shipped(), null).version().version())
			.as("an edit keeps the draft's label")
			.isEqualTo("2026-11-25.2-2");
	}

	@Test
	void replicasStartingTogetherImportTheFirstVersionOnce() throws Exception {
		byte[] document = JSON.writeValueAsBytes(shipped());
		ExecutorService replicas = Executors.newFixedThreadPool(4);
		try {
			List<Callable<Boolean>> starts = new ArrayList<>();
			for (int i = 0; i < 8; i++) {
				starts.add(() -> this.firstImport.importIfEmpty(document, "test"));
			}
			int imported = 0;
			for (Future<Boolean> start : replicas.invokeAll(starts)) {
				imported += start.get() ? 1 : 0;
			}
			assertThat(imported).isEqualTo(1);
		}
		finally {
			replicas.shutdown();
		}
		assertThat(this.versions.all()).singleElement()
			.satisfies((version) -> assertThat(version.state()).isEqualTo(PolicyState.PUBLISHED));
	}

	private static ObjectNode shipped() throws IOException {
		try (InputStream in = new ClassPathResource("policy/data.json").getInputStream()) {
			return (ObjectNode) JSON.readTree(in);
		}
	}

}
