package io.customerdata.gateway.audit;

import java.util.List;
import java.util.stream.Stream;

import io.customerdata.gateway.security.AuditBounds;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What is kept of an event the database refused: every value that fits its column as it
 * is, every longer one cut to fit, and the record references that fit; why, and how many
 * references were dropped, in its reason.
 */
class MalformedEventsTests {

	@Test
	void aValueThatFitsIsKeptAsItIsAndALongerOneCutToItsColumn() {
		assertThat(MalformedEvents.cut("é".repeat(5), 5)).as("code points, not chars").isEqualTo("é".repeat(5));
		assertThat(MalformedEvents.cut("😀".repeat(5), 5)).as("surrogate pairs count once").isEqualTo("😀".repeat(5));
		assertThat(MalformedEvents.cut("😀".repeat(6), 5)).isEqualTo("😀".repeat(4) + "…");
		assertThat(MalformedEvents.cut("abcdef", 5)).hasSize(5).isEqualTo("abcd…");
	}

	@Test
	void everyValueIsCutToTheColumnItGoesTo() {
		AuditEvent made = event("s".repeat(300), "p".repeat(101), "a".repeat(AuditBounds.ACTION), "decided",
				List.of("r".repeat(300)));
		AuditEvent kept = MalformedEvents.of(made, "value too long");

		assertThat(kept.id()).isEqualTo(made.id());
		assertThat(kept.subject()).hasSize(AuditBounds.SUBJECT).endsWith("…");
		assertThat(kept.purpose()).hasSize(AuditBounds.PURPOSE);
		assertThat(kept.action()).as("an action of the column's length").isEqualTo(made.action());
		assertThat(kept.roles()).containsExactly("r".repeat(MalformedEvents.OTHER - 1) + "…");
		assertThat(kept.subjectId()).isEqualTo("carol-id");
		assertThat(kept.client()).isNull();
		assertThat(kept.decision()).as("not one of allow, deny, none").isEqualTo(AuditEvent.NONE);
		assertThat(kept.malformed()).isEqualTo("value too long; 1 record reference(s) too long to keep");

		AuditEvent longerAction = MalformedEvents
			.of(event("carol", null, "a".repeat(AuditBounds.ACTION + 1), AuditEvent.DENY, List.of()), "why");
		assertThat(longerAction.action()).isEqualTo("unknown");
		assertThat(longerAction.purpose()).isNull();
		assertThat(longerAction.decision()).isEqualTo(AuditEvent.DENY);
	}

	@Test
	void onlyTheRecordReferencesThatFitAreKeptAndTheOthersCounted() {
		String longestSource = "s".repeat(AuditBounds.SOURCE);
		String longestId = "i".repeat(AuditBounds.REFERENCE);
		List<String> fitting = List.of(longestSource + ":1", "crm:" + longestId, "crm:" + "é".repeat(255));
		List<String> tooLong = List.of(longestSource + "s:1", "crm:" + longestId + "i", "no-colon", ":1");
		AuditEvent made = event("carol", "support-case", "view", AuditEvent.ALLOW,
				Stream.concat(fitting.stream(), tooLong.stream()).toList());

		AuditEvent kept = MalformedEvents.of(made, "refused");

		assertThat(kept.records()).containsExactlyElementsOf(fitting);
		assertThat(kept.malformed()).isEqualTo("refused; 4 record reference(s) too long to keep");
		assertThat(MalformedEvents.of(event("carol", null, "view", AuditEvent.ALLOW, fitting), "refused").malformed())
			.as("none dropped")
			.isEqualTo("refused");
	}

	private static AuditEvent event(String subject, String purpose, String action, String decision,
			List<String> records) {
		return AuditEvent.of(subject, action)
			.caller("carol-id", List.of("r".repeat(300)), null)
			.purpose(purpose)
			.records(records)
			.decision(decision, null, null, null)
			.build(200);
	}

}
