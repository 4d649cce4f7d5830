package io.customerdata.gateway.federation;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * A preset's options switch parts of its settings, off unless a source turns them on: the
 * Salesforce preset selects {@code CurrencyIsoCode}, which exists only in orgs with
 * multi-currency on, only with {@code multi-currency: true}. An option the preset does
 * not have, or one that is not a boolean, stops the start.
 */
class SourcePresetOptionsTests {

	@Test
	void selectsCurrencyIsoCodeOnlyWhenTheOrgHasMultiCurrency() {
		FederationProperties.Source off = crm(Map.of());
		FederationProperties.Source on = crm(Map.of("preset-options.multi-currency", "true"));
		FederationProperties.Source explicitlyOff = crm(Map.of("preset-options.multi-currency", "false"));

		for (String lookup : new String[] { "id", "email", "phone", "search" }) {
			assertThat(off.lookups().get(lookup).path()).doesNotContain("CurrencyIsoCode", "{option:")
				.contains("(SELECT Id, Name, Amount, StageName, CloseDate FROM Opportunities)");
			assertThat(explicitlyOff.lookups().get(lookup).path()).isEqualTo(off.lookups().get(lookup).path());
			assertThat(on.lookups().get(lookup).path())
				.contains("(SELECT Id, Name, Amount, CurrencyIsoCode, StageName, CloseDate FROM Opportunities)");
		}
		assertThat(on.lookups().get("id").childPages().relationships()).containsExactly("Opportunities", "Notes");
		assertThat(on.lookups().get("search").childPages().maxPages()).isEqualTo(5);
	}

	@Test
	void anOptionThePresetDoesNotHaveStopsTheStart() {
		assertThatIllegalArgumentException().isThrownBy(() -> crm(Map.of("preset-options.multi-curency", "true")))
			.withMessageContaining("preset 'salesforce' has no option 'multi-curency'")
			.withMessageContaining("[multi-currency]");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> environment(Map.of("crm.base-url", "http://127.0.0.1:1", "crm.department", "sales",
					"crm.preset-options.multi-currency", "true")))
			.withMessageContaining("without a preset");
	}

	@Test
	void anOptionIsABoolean() {
		assertThatExceptionOfType(BindException.class)
			.isThrownBy(() -> crm(Map.of("preset-options.multi-currency", "sometimes")));
	}

	private static FederationProperties.Source crm(Map<String, String> settings) {
		Map<String, String> all = new LinkedHashMap<>(Map.of("crm.preset", "salesforce", "crm.base-url",
				"http://127.0.0.1:1", "crm.auth.token-uri", "http://127.0.0.1:1/services/oauth2/token"));
		settings.forEach((key, value) -> all.put("crm." + key, value));
		return Binder.get(environment(all))
			.bind("gateway.federation", FederationProperties.class)
			.get()
			.sources()
			.get("crm");
	}

	private static StandardEnvironment environment(Map<String, String> settings) {
		StandardEnvironment environment = new StandardEnvironment();
		Map<String, Object> own = new LinkedHashMap<>();
		settings.forEach((key, value) -> own.put(SourcePresets.SOURCES + "." + key, value));
		environment.getPropertySources().addFirst(new MapPropertySource("own settings", own));
		new SourcePresets().postProcessEnvironment(environment, new SpringApplication());
		return environment;
	}

}
