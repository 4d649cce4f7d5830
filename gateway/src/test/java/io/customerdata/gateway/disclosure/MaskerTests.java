package io.customerdata.gateway.disclosure;

import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.IntNode;
import tools.jackson.databind.node.StringNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class MaskerTests {

	static final JsonMapper JSON = JsonMapper.builder().build();

	final Masker masker = new Masker(new PseudonymKey("a-demo-key-of-sufficient-length"));

	@Test
	void redactHidesAnyValueWhole() {
		assertThat(mask("redact", "{\"street\":\"1 Main St\"}").asString()).isEqualTo("[redacted]");
		assertThat(mask("no-such-method", "\"x\"").asString()).isEqualTo("[redacted]");
	}

	@Test
	void emailPartialKeepsTheFirstLetterAndTheDomain() {
		assertThat(mask("email-partial", "[\" Alice.Archer@Example.COM \", \"b@x.example\"]"))
			.isEqualTo(JSON.readTree("[\"A***@example.com\", \"b***@x.example\"]"));
		assertThat(mask("email-partial", "\"not-an-email\"").asString()).isEqualTo("[redacted]");
	}

	@Test
	void last4KeepsOnlyTheLastFourDigits() {
		assertThat(mask("last4", "\"+44 7700 900123\"").asString()).isEqualTo("***0123");
		assertThat(mask("last4", "\"12\"").asString()).isEqualTo("[redacted]");
		assertThat(mask("last4", "\"1-234\"").asString()).as("exactly four digits").isEqualTo("***1234");
		assertThat(mask("last4", "\"123\"").asString()).isEqualTo("[redacted]");
		assertThat(this.masker.mask("last4", List.of(), "customer.phones", IntNode.valueOf(5)).asString())
			.isEqualTo("[redacted]");
	}

	@Test
	void pseudonymIsStableKeyedAndPerField() {
		String first = mask("pseudonym", "\"Tommy Hoppe\"").asString();
		assertThat(first).matches("pn-[0-9a-f]{16}");
		assertThat(mask("pseudonym", "\" tommy hoppe\"").asString()).isEqualTo(first);
		assertThat(mask("pseudonym", "\"Tommy Hopper\"").asString()).isNotEqualTo(first);
		assertThat(
				this.masker.mask("pseudonym", List.of(), "support.tickets[].subject", StringNode.valueOf("Tommy Hoppe"))
					.asString())
			.isNotEqualTo(first);
		assertThat(this.masker.pseudonym("customer.a", "bc")).as("field and value are kept apart")
			.isNotEqualTo(this.masker.pseudonym("customer.ab", "c"));
		Masker otherKey = new Masker(new PseudonymKey("another-key-of-sufficient-length"));
		assertThat(otherKey.mask("pseudonym", List.of(), "customer.name", StringNode.valueOf("Tommy Hoppe")).asString())
			.isNotEqualTo(first);
	}

	@Test
	void yearOnlyKeepsTheYear() {
		assertThat(mask("year-only", "\"2025-03-12T06:10:00Z\"").asString()).isEqualTo("2025");
		assertThat(mask("year-only", "\"yesterday\"").asString()).isEqualTo("[redacted]");
	}

	@Test
	void rangeBucketsNumbers() {
		List<Double> bounds = List.of(1e6, 1e7, 5e7);
		assertThat(range(bounds, "999999")).isEqualTo("[, 1000000)");
		assertThat(range(bounds, "1000000")).isEqualTo("[1000000, 10000000)");
		assertThat(range(bounds, "34400000")).isEqualTo("[10000000, 50000000)");
		assertThat(range(bounds, "50000000")).isEqualTo("[50000000, )");
		assertThat(range(bounds, "\"a lot\"")).isEqualTo("[redacted]");
		assertThat(this.masker.mask("range", bounds, "sales.annual_revenue", JSON.readTree("[5, 20000000, \"x\"]"))
			.toString()).as("element by element")
			.isEqualTo("[\"[, 1000000)\",\"[10000000, 50000000)\",\"[redacted]\"]");
	}

	@Test
	void theKeyIsNeverPrintedAndMustBeLongEnough() {
		assertThat(new PseudonymKey("a-demo-key-of-sufficient-length")).hasToString("PseudonymKey[redacted]");
		assertThatIllegalArgumentException().isThrownBy(() -> new PseudonymKey("short"));
	}

	private JsonNode mask(String method, String json) {
		return this.masker.mask(method, List.of(), "customer.name", JSON.readTree(json));
	}

	private String range(List<Double> bounds, String json) {
		return this.masker.mask("range", bounds, "sales.annual_revenue", JSON.readTree(json)).asString();
	}

}
