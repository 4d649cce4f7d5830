package io.customerdata.gateway.audit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.customerdata.gateway.security.AuditBounds;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every bound the edges enforce fits every column it reaches, as the Flyway migrations
 * declare them: a migration that shrinks a column, or an edge that grows, fails here
 * rather than in the audit writer.
 */
class AuditSchemaBoundsTests {

	static final Path MIGRATIONS = Path.of("src/main/resources/db/migration");

	static final Pattern TABLE = Pattern.compile("create table (\\w+) \\((.*?)\\n\\);", Pattern.DOTALL);

	static final Pattern COLUMN = Pattern.compile("^\\s+(\\w+)\\s+(varchar\\((\\d+)\\)|text)(?=[\\s,])",
			Pattern.MULTILINE);

	@Test
	void theMigrationsDeclareTheColumnsTheBoundsReach() throws IOException {
		assertThat(columns()).containsKeys("audit_event.purpose", "audit_event_record.record_id",
				"access_request.customer", "access_request.justification", "policy_transition.comment");
	}

	@Test
	void aPurposeFitsEveryColumnItReaches() throws IOException {
		assertFits(AuditBounds.PURPOSE, "audit_event.purpose", "access_request.purpose", "insight_field.purpose");
	}

	@Test
	void aCustomerReferenceFitsEveryColumnItReaches() throws IOException {
		assertFits(AuditBounds.REFERENCE, "audit_event_record.record_id", "access_request.customer");
		assertThat(AuditBounds.SEARCH_TEXT).isLessThanOrEqualTo(AuditBounds.REFERENCE);
	}

	@Test
	void freeTextFitsEveryColumnItReaches() throws IOException {
		assertFits(AuditBounds.FREE_TEXT, "access_request.justification", "access_request.decision_comment",
				"policy_transition.comment");
	}

	@Test
	void whatAMalformedEventKeepsFitsItsColumns() throws IOException {
		assertFits(AuditBounds.SUBJECT, "audit_event.subject");
		assertFits(AuditBounds.SOURCE, "audit_event_record.source");
		assertFits(AuditBounds.ACTION, "audit_event.action");
		for (String decision : List.of(AuditEvent.ALLOW, AuditEvent.DENY, AuditEvent.NONE)) {
			assertFits(decision.length(), "audit_event.decision");
		}
		assertFits(AuditEvent.UNKNOWN_PURPOSE.length(), "audit_event.purpose");
	}

	private static void assertFits(int bound, String... columns) throws IOException {
		Map<String, OptionalInt> declared = columns();
		for (String column : columns) {
			assertThat(declared).as("the migrations declare %s", column).containsKey(column);
			declared.get(column)
				.ifPresent((size) -> assertThat(bound).as("%s holds %d characters", column, size)
					.isLessThanOrEqualTo(size));
		}
	}

	/** {@code table.column} → its varchar size, or none for {@code text}. */
	static Map<String, OptionalInt> columns() throws IOException {
		Map<String, OptionalInt> columns = new HashMap<>();
		try (Stream<Path> files = Files.list(MIGRATIONS)) {
			for (Path file : files.filter((f) -> f.toString().endsWith(".sql")).sorted().toList()) {
				Matcher table = TABLE.matcher(Files.readString(file));
				while (table.find()) {
					Matcher column = COLUMN.matcher(table.group(2));
					while (column.find()) {
						columns.put(table.group(1) + "." + column.group(1), (column.group(3) != null)
								? OptionalInt.of(Integer.parseInt(column.group(3))) : OptionalInt.empty());
					}
				}
			}
		}
		return columns;
	}

}
