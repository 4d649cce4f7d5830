package io.customerdata.gateway.disclosure;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;

class FieldEnforcerTests {

	static final JsonMapper JSON = JsonMapper.builder().build();

	static final ObjectNode ACCOUNT = (ObjectNode) JSON.readTree(
			"""
					{"customer": {"name": "Tommy Hoppe", "emails": ["tommy@x.example"], "address": {"city": "Utrecht"},
					              "nickname": "T"},
					 "sales": {"annual_revenue": 34400000, "notes": [{"text": "called"}],
					           "deals": [{"name": "Expansion", "amount": 154214.0}, {"name": "Renewal", "amount": 1000.0}]}}""");

	final FieldEnforcer enforcer = new FieldEnforcer(new Masker(new PseudonymKey("a-demo-key-of-sufficient-length")),
			(field) -> field.equals("sales.annual_revenue") ? List.of(1e6, 1e7, 5e7) : List.of());

	@Test
	void keepsMasksAndWithholdsFieldByFieldAtAnyDepth() {
		var enforced = this.enforcer.enforce(ACCOUNT,
				Map.of("customer.name", "allow", "customer.emails", "mask:email-partial", "customer.address", "deny",
						"sales.annual_revenue", "mask:range", "sales.notes", "deny", "sales.deals[].name", "allow",
						"sales.deals[].amount", "deny", "*", "deny"));

		assertThat(enforced.record()).isEqualTo(JSON.readTree(
				"""
						{"customer": {"name": "Tommy Hoppe", "emails": ["t***@x.example"]},
						 "sales": {"annual_revenue": "[10000000, 50000000)", "deals": [{"name": "Expansion"}, {"name": "Renewal"}]}}"""));
		assertThat(enforced.masked()).containsExactly("customer.emails", "sales.annual_revenue");
		assertThat(enforced.withheld()).containsExactlyInAnyOrder("customer.address", "customer.nickname",
				"sales.notes", "sales.deals[].amount");
		assertThat(enforced.withheld().toString()).doesNotContain("154214").doesNotContain("Utrecht");
	}

	@Test
	void unclassifiedFieldsTakeTheSourcesDefaultView() {
		var enforced = this.enforcer.enforce(ACCOUNT, Map.of("*", "allow", "customer.address", "deny"));
		assertThat(enforced.record().at("/customer/nickname").asString()).isEqualTo("T");
		assertThat(enforced.record().has("sales")).isTrue();
		assertThat(enforced.record().at("/customer/address").isMissingNode()).isTrue();
	}

	@Test
	void anArrayEmptiedByEnforcementIsWithheldNotShownEmpty() {
		var enforced = this.enforcer.enforce(ACCOUNT, Map.of("customer.name", "allow", "*", "deny"));
		assertThat(enforced.record()).isEqualTo(JSON.readTree("{\"customer\": {\"name\": \"Tommy Hoppe\"}}"));
		assertThat(enforced.withheld()).contains("sales.deals", "sales.notes");
	}

	@Test
	void anEmptyArrayWhoseElementsMayNotBeSeenIsWithheldToo() {
		ObjectNode noDeals = (ObjectNode) JSON.readTree("{\"sales\": {\"deals\": [], \"stage\": \"prospect\"}}");
		var hidden = this.enforcer.enforce(noDeals,
				Map.of("sales.deals[].amount", "deny", "sales.stage", "allow", "*", "deny"));
		assertThat(hidden.record()).isEqualTo(JSON.readTree("{\"sales\": {\"stage\": \"prospect\"}}"));
		var shown = this.enforcer.enforce(noDeals,
				Map.of("sales.deals[].amount", "allow", "sales.stage", "allow", "*", "deny"));
		assertThat(shown.record()).isEqualTo(noDeals);
	}

	@Test
	void withoutAViewNothingLeaves() {
		var enforced = this.enforcer.enforce(ACCOUNT, Map.of());
		assertThat(enforced.record().isEmpty()).isTrue();
	}

}
