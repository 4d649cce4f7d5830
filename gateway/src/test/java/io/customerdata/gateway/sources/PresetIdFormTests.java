package io.customerdata.gateway.sources;

import java.util.Map;
import java.util.regex.Pattern;

import io.customerdata.gateway.federation.CustomerReference;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A reference by a SaaS source's own id names one of its records, never another resource
 * at the same path: Zendesk answers {@code /api/v2/users/me.json} with the integration's
 * own agent, which would be linked and shown as the customer {@code support:me}. The
 * presets' id lookups take only the vendor's id form (no call otherwise), and no source
 * is asked for a dot segment, which a server resolves to another path.
 */
class PresetIdFormTests {

	@ParameterizedTest
	@CsvSource({ "support, zendesk", "marketing, hubspot" })
	void anIdLookupTakesOnlyTheVendorsIdForm(String id, String preset) {
		String valuePattern = PresetSettingsTests.source(id, Map.of("preset", preset))
			.lookups()
			.get("id")
			.valuePattern();

		assertThat(valuePattern).as("%s's id lookup has a value pattern", preset).isNotNull();
		assertThat(Pattern.compile(valuePattern).asMatchPredicate()).accepts("1", "35436", "12345678901234567890")
			.rejects("me", "..", ".", "count", "show_many", "1.json", "123456789012345678901", "");
	}

	@ParameterizedTest
	@CsvSource({ "crm:.", "crm:.." })
	void aDotSegmentIsNoId(String reference) {
		assertThatExceptionOfType(io.customerdata.gateway.problem.GatewayProblem.class)
			.isThrownBy(() -> CustomerReference.parse(reference, java.util.Set.of("crm")));
	}

}
