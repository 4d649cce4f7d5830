package io.customerdata.gateway.federation;

import java.util.List;
import java.util.Set;

import io.customerdata.gateway.sources.SourceRecord;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;

class CustomerMergerTests {

	static final JsonMapper JSON = JsonMapper.builder().build();

	final CustomerMerger merger = new CustomerMerger();

	@Test
	void firstSourceWinsScalarsAndConflictsNameOnlyTheSources() {
		var merged = this.merger
			.merge(List.of(record("crm", "{\"customer\": {\"name\": \"Tommy Hoppe\", \"region\": \"EMEA\"}}"),
					record("support", "{\"customer\": {\"name\": \"tommy hoppe \", \"region\": \"AMER\"}}"),
					record("marketing", "{\"customer\": {\"name\": \"Tommy Hoppe-Morgan\"}}")));

		assertThat(merged.view())
			.isEqualTo(JSON.readTree("{\"customer\": {\"name\": \"Tommy Hoppe\", \"region\": \"EMEA\"}}"));
		assertThat(merged.provenance()).containsEntry("customer.name", List.of("crm"));
		assertThat(merged.conflicts()).containsExactly(
				new CustomerMerger.Conflict("customer.name", List.of("crm", "marketing"), "crm"),
				new CustomerMerger.Conflict("customer.region", List.of("crm", "support"), "crm"));
		assertThat(merged.conflicts().toString()).doesNotContain("AMER").doesNotContain("Morgan");
	}

	@Test
	void emailsAndPhonesAreTheUnionOfAllSources() {
		var merged = this.merger.merge(List.of(record("crm", "{\"customer\": {\"emails\": [\"a@x.example\"]}}"),
				record("support", "{\"customer\": {\"emails\": [\" A@X.example\", \"b@x.example\"]}}")));
		assertThat(merged.view().at("/customer/emails")).isEqualTo(JSON.readTree("[\"a@x.example\", \"b@x.example\"]"));
		assertThat(merged.provenance()).containsEntry("customer.emails", List.of("crm", "support"));
		assertThat(merged.conflicts()).isEmpty();
	}

	@Test
	void aClearValueBeatsAMaskedOneWhateverTheOrder() {
		var merged = this.merger.merge(List.of(
				masked("crm", "{\"customer\": {\"name\": \"pn-1234\", \"emails\": [\"t***@x.example\"]}}",
						"customer.name", "customer.emails"),
				record("marketing", "{\"customer\": {\"name\": \"Tommy Hoppe\", \"emails\": [\"tommy@x.example\"]}}")));
		assertThat(merged.view())
			.isEqualTo(JSON.readTree("{\"customer\": {\"name\": \"Tommy Hoppe\", \"emails\": [\"tommy@x.example\"]}}"));
		assertThat(merged.provenance()).containsEntry("customer.name", List.of("marketing"));
		assertThat(merged.conflicts()).isEmpty();
	}

	@Test
	void maskedValuesShowWhenNothingIsClear() {
		var merged = this.merger
			.merge(List.of(masked("crm", "{\"sales\": {\"annual_revenue\": \"[1, 2)\"}}", "sales.annual_revenue")));
		assertThat(merged.view().at("/sales/annual_revenue").asString()).isEqualTo("[1, 2)");
	}

	private static CustomerMerger.Disclosed record(String source, String canonical) {
		return masked(source, canonical);
	}

	private static CustomerMerger.Disclosed masked(String source, String canonical, String... maskedFields) {
		return new CustomerMerger.Disclosed(
				new SourceRecord(source, source + "-1", (ObjectNode) JSON.readTree(canonical), "reference"),
				Set.of(maskedFields));
	}

}
