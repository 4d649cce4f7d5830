package io.customerdata.gateway.audit;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.customerdata.gateway.security.AuditBounds;
import org.jspecify.annotations.Nullable;

/**
 * What is kept of an event the database refused: every value cut to the length its column
 * holds ({@link AuditBounds}), the record references that fit (the others are counted in
 * the reason), and why. The id stays, so a replay writes it once.
 */
final class MalformedEvents {

	/** The longest a value that is only in the event's JSON is kept. */
	static final int OTHER = 255;

	private static final Set<String> DECISIONS = Set.of(AuditEvent.ALLOW, AuditEvent.DENY, AuditEvent.NONE);

	private MalformedEvents() {
	}

	static AuditEvent of(AuditEvent event, String why) {
		List<String> records = event.records().stream().filter(MalformedEvents::fits).toList();
		int dropped = event.records().size() - records.size();
		String reason = why + ((dropped > 0) ? "; " + dropped + " record reference(s) too long to keep" : "");
		return new AuditEvent(event.id(), event.time(), cut(event.subject(), AuditBounds.SUBJECT),
				cutOrNull(event.subjectId()), event.roles().stream().map((role) -> cut(role, OTHER)).toList(),
				cutOrNull(event.client()), (event.purpose() != null) ? cut(event.purpose(), AuditBounds.PURPOSE) : null,
				(event.action().length() <= AuditBounds.ACTION) ? event.action() : "unknown", records, event.sources(),
				event.disclosed(), event.masked(), event.withheld(),
				DECISIONS.contains(event.decision()) ? event.decision() : AuditEvent.NONE, cutOrNull(event.reason()),
				cutOrNull(event.policyVersion()), cutOrNull(event.decisionId()), cutOrNull(event.traceId()),
				event.status(), event.latencyMillis(), event.purged(), event.purgedBefore(), event.input(), reason);
	}

	/**
	 * A spool line that is not an event (a write cut short by a crash): recorded as that,
	 * under an id derived from the line, so that replaying it again writes it once.
	 */
	static AuditEvent unreadable(String line, String why) {
		return new AuditEvent(UUID.nameUUIDFromBytes(line.getBytes(StandardCharsets.UTF_8)), Instant.now(), "unknown",
				null, List.of(), null, null, "unknown", List.of(), Map.of(), List.of(), List.of(), List.of(),
				AuditEvent.NONE, null, null, null, null, 0, 0, null, null, null,
				"unreadable spool line of " + line.length() + " characters: " + why);
	}

	private static boolean fits(String record) {
		int colon = record.indexOf(':');
		return colon > 0 && colon <= AuditBounds.SOURCE
				&& record.codePointCount(colon + 1, record.length()) <= AuditBounds.REFERENCE;
	}

	private static @Nullable String cutOrNull(@Nullable String value) {
		return (value != null) ? cut(value, OTHER) : null;
	}

	/** At most {@code max} characters (code points, as the database counts them). */
	static String cut(String value, int max) {
		if (value.codePointCount(0, value.length()) <= max) {
			return value;
		}
		return value.substring(0, value.offsetByCodePoints(0, max - 1)) + "…";
	}

}
