package io.customerdata.departments.support;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Help-desk requesters and tickets as Zendesk gives them: snake_case, an API {@code url}
 * on every object, the desk's own data in {@code user_fields}.
 */
final class ZendeskRecords {

	private ZendeskRecords() {
	}

	static Map<String, Object> user(Requester requester, String base) {
		Map<String, Object> fields = new LinkedHashMap<>();
		fields.put("region", requester.region());
		fields.put("country", requester.country());
		fields.put("sensitivity", requester.customFields().get("sensitivity"));
		Requester.Csat csat = requester.csat();
		Requester.Sla sla = requester.sla();
		fields.put("csat_score", (csat != null) ? csat.score() : null);
		fields.put("csat_responses", (csat != null) ? csat.responses() : null);
		fields.put("sla_plan", (sla != null) ? sla.plan() : null);
		fields.put("sla_first_response_hours", (sla != null) ? sla.firstResponseHours() : null);
		Map<String, Object> user = new LinkedHashMap<>();
		user.put("id", requester.id());
		user.put("url", base + "/api/v2/users/" + requester.id() + ".json");
		user.put("name", requester.name());
		user.put("email", requester.email());
		user.put("phone", requester.phone());
		user.put("role", "end-user");
		user.put("organization", requester.organization());
		user.put("tags", requester.tags());
		user.put("user_fields", fields);
		user.put("created_at", requester.createdAt().toString());
		return user;
	}

	static Map<String, Object> ticket(Ticket ticket, String base) {
		Map<String, Object> out = new LinkedHashMap<>();
		out.put("id", ticket.id());
		out.put("url", base + "/api/v2/tickets/" + ticket.id() + ".json");
		out.put("requester_id", ticket.requesterId());
		out.put("subject", ticket.subject());
		out.put("description", ticket.description());
		out.put("status", ticket.status());
		out.put("priority", ticket.priority());
		out.put("created_at", ticket.createdAt().toString());
		out.put("updated_at", ticket.updatedAt().toString());
		return out;
	}

	static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
	}

	/**
	 * A users search: {@code email:…}, {@code phone:…} or free text; a term in double
	 * quotes is one phrase.
	 */
	record Query(String field, String term) {

		static Query parse(String query) {
			String text = query.strip();
			String field = "";
			for (String prefix : new String[] { "email:", "phone:" }) {
				if (text.startsWith(prefix)) {
					field = prefix.substring(0, prefix.length() - 1);
					text = text.substring(prefix.length()).strip();
				}
			}
			if (text.length() >= 2 && text.startsWith("\"") && text.endsWith("\"")) {
				text = text.substring(1, text.length() - 1);
			}
			return new Query(field, text.strip());
		}

	}

}
