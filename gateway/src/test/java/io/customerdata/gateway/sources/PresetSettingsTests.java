package io.customerdata.gateway.sources;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A preset's settings put the source's choice where the preset uses it, its default
 * otherwise, and stop the start on a setting the preset does not know or a value it does
 * not allow.
 */
class PresetSettingsTests {

	@Test
	void theLeadScorePropertyIsReadAndAskedForWhereverThePresetNamesIt() {
		FederationProperties.Source byDefault = source("marketing", Map.of("preset", "hubspot"));
		assertThat(leadScore(byDefault)).isEqualTo("number(properties.hubspot_score)");
		assertThat(byDefault.lookups().get("email").path()).contains(",hubspot_score,").doesNotContain("hubspotscore");

		FederationProperties.Source chosen = source("marketing",
				Map.of("preset", "hubspot", "settings.lead-score-property", "fit_score_2026"));
		assertThat(leadScore(chosen)).isEqualTo("number(properties.fit_score_2026)");
		assertThat(chosen.lookups().get("id").path()).contains(",fit_score_2026,");
		assertThat(chosen.lookups().get("phone").body()).contains("\"fit_score_2026\"").doesNotContain("{settings.");
	}

	@Test
	void theZendeskPlanSetsTheBudgetToItsLimitTheSmallestByDefault() {
		assertThat(source("support", Map.of("preset", "zendesk")).throttling().requestsPerSecond()).isEqualTo(3.3);
		assertThat(source("support", Map.of("preset", "zendesk", "settings.plan", "enterprise")).throttling()
			.requestsPerSecond()).isEqualTo(11.6);
		assertThat(source("support",
				Map.of("preset", "zendesk", "settings.plan", "team", "throttling.requests-per-second", "1"))
			.throttling()
			.requestsPerSecond()).as("the source's own key still wins").isEqualTo(1);
	}

	@Test
	void refusesWhatThePresetDoesNotAllow() {
		assertThatThrownBy(() -> source("support", Map.of("preset", "zendesk", "settings.plan", "gold")))
			.hasMessageContaining("enterprise-plus")
			.hasMessageContaining("'gold'");
		assertThatThrownBy(() -> source("support", Map.of("preset", "zendesk", "settings.planned", "team")))
			.hasMessageContaining("no setting 'planned'");
		assertThatThrownBy(() -> source("marketing",
				Map.of("preset", "hubspot", "settings.lead-score-property", "score\"], \"after\": \"9")))
			.hasMessageContaining("must match");
		assertThatThrownBy(() -> source("marketing", Map.of("settings.plan", "team")))
			.hasMessageContaining("no preset");
	}

	private static String leadScore(FederationProperties.Source source) {
		return source.mapping()
			.stream()
			.filter((m) -> m.field().equals("marketing.lead_score"))
			.findFirst()
			.orElseThrow()
			.from();
	}

	static FederationProperties.Source source(String id, Map<String, Object> settings) {
		StandardEnvironment environment = new StandardEnvironment();
		Map<String, Object> own = new LinkedHashMap<>();
		own.put(SourcePresets.SOURCES + "." + id + ".base-url", "http://127.0.0.1:1");
		settings.forEach((key, value) -> own.put(SourcePresets.SOURCES + "." + id + "." + key, value));
		environment.getPropertySources().addFirst(new MapPropertySource("own settings", own));
		new SourcePresets().postProcessEnvironment(environment, new SpringApplication());
		return Binder.get(environment)
			.bind("gateway.federation", FederationProperties.class)
			.get()
			.source(id)
			.orElseThrow();
	}

}
