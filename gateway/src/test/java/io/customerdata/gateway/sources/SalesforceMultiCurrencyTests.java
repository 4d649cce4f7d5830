package io.customerdata.gateway.sources;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The Salesforce preset selects {@code CurrencyIsoCode}, which exists only in orgs with
 * multi-currency on, only with the setting {@code multi-currency: true}. A setting the
 * preset does not have, or a value it does not allow, stops the start.
 */
class SalesforceMultiCurrencyTests {

	@Test
	void selectsCurrencyIsoCodeOnlyWhenTheOrgHasMultiCurrency() {
		FederationProperties.Source off = crm(Map.of());
		FederationProperties.Source on = crm(Map.of("settings.multi-currency", "true"));
		FederationProperties.Source explicitlyOff = crm(Map.of("settings.multi-currency", "false"));

		for (String lookup : new String[] { "id", "email", "phone", "search" }) {
			assertThat(off.lookups().get(lookup).path()).doesNotContain("CurrencyIsoCode", "{settings.")
				.contains("(SELECT Id, Name, Amount, StageName, CloseDate FROM Opportunities)");
			assertThat(explicitlyOff.lookups().get(lookup).path()).isEqualTo(off.lookups().get(lookup).path());
			assertThat(on.lookups().get(lookup).path())
				.contains("(SELECT Id, Name, Amount, CurrencyIsoCode, StageName, CloseDate FROM Opportunities)");
		}
		assertThat(on.lookups().get("id").childPages().relationships()).containsExactly("Opportunities", "Notes");
		assertThat(on.lookups().get("search").childPages().maxPages()).isEqualTo(5);
	}

	@Test
	void aSettingThePresetDoesNotHaveStopsTheStart() {
		assertThatIllegalArgumentException().isThrownBy(() -> crm(Map.of("settings.multi-curency", "true")))
			.withMessageContaining("preset salesforce has no setting 'multi-curency'")
			.withMessageContaining("[multi-currency]");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> environment(Map.of("crm.base-url", "http://127.0.0.1:1", "crm.department", "sales",
					"crm.settings.multi-currency", "true")))
			.withMessageContaining("has settings but no preset");
	}

	@Test
	void multiCurrencyIsTrueOrFalse() {
		assertThatIllegalArgumentException().isThrownBy(() -> crm(Map.of("settings.multi-currency", "sometimes")))
			.withMessageContaining("is one of [false, true], not 'sometimes'");
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
