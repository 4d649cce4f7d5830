package io.customerdata.gateway.sources;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class CanonicalMappingTests {

	static final JsonMapper JSON = JsonMapper.builder().build();

	static final JsonNode REQUESTER = JSON.readTree("""
			{"id": 310000, "name": "Tommy Hoppe", "email": " Tommy.Hoppe@Example.COM ", "phone": "06 12529997",
			 "country": "NL", "csat": {"score": 2.8, "responses": 7},
			 "tickets": [{"id": 1, "subject": "Cannot log in", "status": "open"},
			             {"id": 2, "subject": "Invoice wrong", "status": "closed"},
			             {"id": 3, "subject": "Export fails", "status": "pending"}]}""");

	@Test
	void mapsPathsFunctionsAndArraysToTheCanonicalShape() {
		Map<String, String> mapping = new LinkedHashMap<>();
		mapping.put("customer.name", "name");
		mapping.put("customer.emails", "list(email)");
		mapping.put("customer.phones", "list(e164(phone, country))");
		mapping.put("support.csat", "csat");
		mapping.put("support.ticket_count", "count(tickets[])");
		mapping.put("support.open_ticket_count", "count(tickets[], status, new|open|pending)");
		mapping.put("support.tickets[].subject", "tickets[].subject");
		mapping.put("support.tickets[].status", "tickets[].status");

		JsonNode canonical = new CanonicalMapping(mapping).toCanonical(REQUESTER);

		assertThat(canonical).isEqualTo(JSON.readTree(
				"""
						{"customer": {"name": "Tommy Hoppe", "emails": [" Tommy.Hoppe@Example.COM "], "phones": ["+31612529997"]},
						 "support": {"csat": {"score": 2.8, "responses": 7}, "ticket_count": 3, "open_ticket_count": 2,
						             "tickets": [{"subject": "Cannot log in", "status": "open"},
						                         {"subject": "Invoice wrong", "status": "closed"},
						                         {"subject": "Export fails", "status": "pending"}]}}"""));
	}

	@Test
	void joinsNamesAndLeavesOutWhatIsMissing() {
		JsonNode contact = JSON.readTree("{\"first\": \"Ada\", \"last\": \"Lovelace\", \"phone\": \"not a number\"}");
		JsonNode canonical = new CanonicalMapping(Map.of("customer.name", "join(first, middle, last)",
				"customer.phones", "list(e164(phone))", "customer.region", "address.region"))
			.toCanonical(contact);
		assertThat(canonical).isEqualTo(JSON.readTree("{\"customer\": {\"name\": \"Ada Lovelace\", \"phones\": []}}"));
	}

	@Test
	void convertsWhatSaasApisGiveAsStrings() {
		JsonNode contact = JSON.readTree("""
				{"id": "501", "properties": {"hs_lead_score": "42", "score": "2.5", "segments": "vip; emea;;",
				  "consents": "{\\"support-case\\": {\\"granted\\": true}}", "broken": "{not json",
				  "createdate": "2026-01-02T03:04:05.000+0000", "lastmodified": "2026-01-02T03:04:05Z"},
				 "Owner": {"Alias": "alice", "Name": "Alice Archer"},
				 "Contacts": {"totalSize": 2, "records": [{"Email": "a@example.com"}, {"Email": "b@example.com"}]}}""");
		Map<String, String> mapping = new LinkedHashMap<>();
		mapping.put("marketing.lead_score", "number(properties.hs_lead_score)");
		mapping.put("support.csat", "number(properties.score)");
		mapping.put("marketing.segments", "split(properties.segments, ;)");
		mapping.put("customer.consent", "json(properties.consents)");
		mapping.put("marketing.broken", "json(properties.broken)");
		mapping.put("marketing.last_engagement", "instant(properties.createdate)");
		mapping.put("marketing.modified", "instant(properties.lastmodified)");
		mapping.put("sales.owner", "object(userId: Owner.Alias, name: Owner.Name, title: Owner.Title)");
		mapping.put("customer.name", "first(Contacts.records[].Email)");

		JsonNode canonical = new CanonicalMapping(mapping).toCanonical(contact);

		assertThat(canonical).isEqualTo(JSON.readTree("""
				{"marketing": {"lead_score": 42, "segments": ["vip", "emea"], "last_engagement": "2026-01-02T03:04:05Z",
				               "modified": "2026-01-02T03:04:05Z"},
				 "support": {"csat": 2.5},
				 "customer": {"consent": {"support-case": {"granted": true}}, "name": "a@example.com"},
				 "sales": {"owner": {"userId": "alice", "name": "Alice Archer"}}}"""));
		assertThat(canonical.at("/marketing/lead_score").isInt()).as("as the native API's ints parse").isTrue();
		assertThat(new CanonicalMapping(mapping).canonicalFieldsBySourcePath()).containsEntry("Owner.Name",
				List.of("sales.owner"));
	}

	@Test
	void refusesMappingsThatCannotWork() {
		assertThatIllegalArgumentException().isThrownBy(() -> new CanonicalMapping(Map.of("x.y", "shout(name)")))
			.withMessageContaining("unknown function 'shout'");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new CanonicalMapping(Map.of("sales.deals[].amount", "amount")))
			.withMessageContaining("its source must too");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new CanonicalMapping(
					Map.of("sales.deals[].amount", "deals[].amount", "sales.deals[].name", "opportunities[].name")))
			.withMessageContaining("siblings");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new CanonicalMapping(Map.of("sales.owner", "object(Owner.Name)")))
			.withMessageContaining("expected key: expression");
	}

}
