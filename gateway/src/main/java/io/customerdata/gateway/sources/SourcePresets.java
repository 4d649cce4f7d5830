package io.customerdata.gateway.sources;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.config.ConfigDataEnvironmentPostProcessor;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;

/**
 * A source's {@code preset} ({@code salesforce}, {@code hubspot}, {@code zendesk}) is a
 * YAML document in {@code classpath:presets/}, read as if it stood under the source's own
 * key, with the lowest precedence: every setting of the source's own overrides the
 * preset's (a list, such as {@code mapping}, as a whole). What the source chooses under
 * {@code settings} is put in first ({@link PresetSettings}). A preset is configuration,
 * not code: the same keys can be written out by hand.
 */
public class SourcePresets implements EnvironmentPostProcessor, Ordered {

	static final String SOURCES = "gateway.federation.sources";

	/** After application.yml and the profiles' files are read. */
	@Override
	public int getOrder() {
		return ConfigDataEnvironmentPostProcessor.ORDER + 1;
	}

	/** The settings read before binding. */
	record Preset(@Nullable String preset, @Nullable Map<String, String> settings) {
	}

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		Map<String, Preset> sources = Binder.get(environment)
			.bind(SOURCES, Bindable.mapOf(String.class, Preset.class))
			.orElse(Map.of());
		Map<String, Object> defaults = new LinkedHashMap<>();
		sources.forEach((id, source) -> {
			Map<String, String> settings = (source.settings() != null) ? source.settings() : Map.of();
			if (source.preset() != null) {
				PresetSettings.apply(source.preset(), read(source.preset()), settings)
					.forEach((key, value) -> defaults.put(SOURCES + "." + id + "." + key, value));
			}
			else if (!settings.isEmpty()) {
				throw new IllegalArgumentException("source " + id + " has settings but no preset to apply them to");
			}
		});
		if (!defaults.isEmpty()) {
			environment.getPropertySources().addLast(new MapPropertySource("gateway-source-presets", defaults));
		}
	}

	static Map<String, Object> read(String preset) {
		ClassPathResource resource = new ClassPathResource("presets/" + preset + ".yml");
		if (!preset.matches("[a-z0-9-]+") || !resource.exists()) {
			throw new IllegalArgumentException("unknown source preset '" + preset + "'");
		}
		try {
			List<PropertySource<?>> documents = new YamlPropertySourceLoader().load("preset " + preset, resource);
			Map<String, Object> properties = new LinkedHashMap<>();
			for (PropertySource<?> document : documents) {
				EnumerablePropertySource<?> enumerable = (EnumerablePropertySource<?>) document;
				for (String name : enumerable.getPropertyNames()) {
					properties.put(name, enumerable.getProperty(name));
				}
			}
			return properties;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
