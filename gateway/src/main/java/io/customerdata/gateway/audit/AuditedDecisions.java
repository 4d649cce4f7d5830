package io.customerdata.gateway.audit;

import java.util.List;
import java.util.Objects;

import javax.sql.DataSource;

import io.customerdata.gateway.policy.PolicyInput;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The inputs of past decisions, as the audit trail recorded them: what a policy change is
 * replayed against to see its blast radius. Blocking JDBC, for bounded-elastic workers.
 */
public final class AuditedDecisions {

	private final JdbcTemplate jdbc;

	private final JsonMapper json;

	AuditedDecisions(DataSource dataSource, JsonMapper json) {
		this.jdbc = new JdbcTemplate(dataSource);
		this.json = json;
	}

	/**
	 * The inputs of the last {@code limit} audited disclosures about one customer
	 * (unified views and single-record reads of the pass-through API), newest first.
	 */
	public List<PolicyInput> latestDisclosures(int limit) {
		return this.jdbc
			.queryForList("select event from audit_event where action in ('view', 'read') and decision = 'allow' "
					+ "and event like '%\"input\":%' order by occurred_at desc, id desc fetch first ? rows only",
					String.class, limit)
			.stream()
			.map((event) -> this.json.readTree(event).get("input"))
			.filter(Objects::nonNull)
			.filter(JsonNode::isObject)
			.map((input) -> this.json.treeToValue(input, PolicyInput.class))
			.toList();
	}

}
