package io.customerdata.gateway.federation;

import java.util.List;

import io.customerdata.gateway.problem.GatewayProblem;
import io.customerdata.gateway.sources.SourceRecord;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class CustomerSearchServiceTests {

	static final JsonMapper JSON = JsonMapper.builder().build();

	@Test
	void recordsSharingAnEmailOrPhoneTransitivelyAreOneCustomer() {
		SourceRecord crm = record("crm", "A", "[\"Ada@X.example\"]", "[]");
		SourceRecord support = record("support", "1", "[\" ada@x.example\"]", "[\"+31612529997\"]");
		SourceRecord marketing = record("marketing", "L-1", "[\"ada.other@y.example\"]", "[\"+31612529997\"]");
		SourceRecord stranger = record("crm", "B", "[\"bob@x.example\"]", "[\"+447700900123\"]");

		List<List<SourceRecord>> customers = CustomerSearchService.group(List.of(crm, stranger, support, marketing));

		assertThat(customers).containsExactly(List.of(crm, support, marketing), List.of(stranger));
	}

	@Test
	void aRecordWithoutIdentityKeysIsACustomerOfItsOwn() {
		SourceRecord a = record("crm", "A", "[]", "[]");
		SourceRecord b = record("crm", "B", "[]", "[]");
		assertThat(CustomerSearchService.group(List.of(a, b))).hasSize(2);
	}

	@Test
	void aCursorWorksOnlyForTheQueryThatMadeIt() {
		String cursor = CustomerSearchService.Cursor.of(20, "q=hoppe");
		assertThat(CustomerSearchService.Cursor.offset(cursor, "q=hoppe")).isEqualTo(20);
		assertThat(CustomerSearchService.Cursor.offset(null, "q=hoppe")).isZero();
		assertThatExceptionOfType(GatewayProblem.class)
			.isThrownBy(() -> CustomerSearchService.Cursor.offset(cursor, "q=smith"));
		assertThatExceptionOfType(GatewayProblem.class)
			.isThrownBy(() -> CustomerSearchService.Cursor.offset("not-base64!", "q=hoppe"));
	}

	private static SourceRecord record(String source, String id, String emails, String phones) {
		ObjectNode canonical = (ObjectNode) JSON
			.readTree("{\"customer\": {\"emails\": " + emails + ", \"phones\": " + phones + "}}");
		return new SourceRecord(source, id, canonical, "search");
	}

}
