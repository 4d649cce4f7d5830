package io.customerdata.gateway.audit;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A subject's recent refusals of some fields, as the audit trail recorded them: what an
 * officer deciding an access request looks at. Blocking JDBC, for bounded-elastic
 * workers.
 */
public final class AuditedRefusals {

	/** How many of the subject's latest events with a refusal are looked through. */
	static final int SCANNED = 500;

	private final JdbcTemplate jdbc;

	private final JsonMapper json;

	AuditedRefusals(DataSource dataSource, JsonMapper json) {
		this.jdbc = new JdbcTemplate(dataSource);
		this.json = json;
	}

	/**
	 * One refusal: a request answered without some of the fields, or refused whole.
	 *
	 * @param fields the withheld fields among those asked about; empty for a refusal
	 * whole
	 */
	public record Refusal(Instant time, String action, @Nullable String purpose, String decision,
			@Nullable String reason, List<String> fields) {
	}

	/**
	 * The subject's refusals since {@code since}, newest first: answers that withheld one
	 * of these fields ({@code source:field}, or a whole {@code source}), and requests the
	 * policy refused whole.
	 */
	public List<Refusal> recent(String subject, Instant since, Collection<String> fields, int limit) {
		List<Refusal> refusals = new ArrayList<>();
		List<String> events = this.jdbc.queryForList(
				"select event from audit_event where subject = ? and occurred_at >= ? "
						+ "and (decision = 'deny' or event like '%\"withheld\":[\"%') "
						+ "order by occurred_at desc, id desc fetch first " + SCANNED + " rows only",
				String.class, subject, Timestamp.from(since));
		for (String text : events) {
			JsonNode event = this.json.readTree(text);
			List<String> withheld = new ArrayList<>();
			event.path("withheld").forEach((name) -> {
				if (fields.stream().anyMatch((asked) -> related(name.asString(), asked))) {
					withheld.add(name.asString());
				}
			});
			boolean refusedWhole = event.path("decision").asString("").equals(AuditEvent.DENY);
			if (withheld.isEmpty() && !refusedWhole) {
				continue;
			}
			refusals.add(new Refusal(Instant.parse(event.path("time").asString()), event.path("action").asString(),
					event.path("purpose").asString(null), event.path("decision").asString(),
					event.path("reason").asString(null), withheld));
			if (refusals.size() == limit) {
				break;
			}
		}
		return refusals;
	}

	/**
	 * Whether a withheld name ({@code crm:sales.deals}: the whole list went) concerns an
	 * asked field ({@code crm:sales.deals[].amount}) or source ({@code crm}).
	 */
	static boolean related(String withheld, String asked) {
		if (asked.indexOf(':') < 0) {
			return withheld.startsWith(asked + ":");
		}
		return withheld.equals(asked) || asked.startsWith(withheld + "[]") || asked.startsWith(withheld + ".")
				|| withheld.startsWith(asked + "[]") || withheld.startsWith(asked + ".");
	}

}
