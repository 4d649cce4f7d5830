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

	/** The inputs of the last {@code limit} audited unified views, newest first. */
	public List<PolicyInput> latestViews(int limit) {
		return this.jdbc
			.queryForList("select event from audit_event where action = 'view' and decision = 'allow' "
					+ "order by occurred_at desc, id desc fetch first ? rows only", String.class, limit)
			.stream()
			.map((event) -> this.json.readTree(event).get("input"))
			.filter(Objects::nonNull)
			.filter(JsonNode::isObject)
			.map((input) -> this.json.treeToValue(input, PolicyInput.class))
			.toList();
	}

}
