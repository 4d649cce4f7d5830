package io.customerdata.gateway.federation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
 * preset's (a list, such as {@code mapping}, as a whole). A preset is configuration, not
 * code: the same keys can be written out by hand.
 * <p>
 * A preset may declare {@code options}: switches, each off unless the source turns it on
 * ({@code preset-options: {multi-currency: true}}), each with the text that stands for
 * {@code {option:<name>}} in the preset's values while it is on (off: nothing), such as a
 * field in a select list that only some orgs have. An option the preset does not declare,
 * or a value that is not a boolean, stops the start.
 */
public class SourcePresets implements EnvironmentPostProcessor, Ordered {

	static final String SOURCES = "gateway.federation.sources";

	/** After application.yml and the profiles' files are read. */
	@Override
	public int getOrder() {
		return ConfigDataEnvironmentPostProcessor.ORDER + 1;
	}

	/**
	 * The settings read before binding.
	 *
	 * @param preset the preset's name
	 * @param presetOptions the preset's options this source turns on or off
	 */
	record Preset(@Nullable String preset, @Nullable Map<String, Boolean> presetOptions) {
	}

	private static final String OPTIONS = "options.";

	private static final Pattern OPTION = Pattern.compile("\\{option:([a-z0-9-]+)}");

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		Map<String, Preset> sources = Binder.get(environment)
			.bind(SOURCES, Bindable.mapOf(String.class, Preset.class))
			.orElse(Map.of());
		Map<String, Object> defaults = new LinkedHashMap<>();
		sources.forEach((id, source) -> {
			Map<String, Boolean> options = (source.presetOptions() != null) ? source.presetOptions() : Map.of();
			if (source.preset() != null) {
				read(source.preset(), options)
					.forEach((key, value) -> defaults.put(SOURCES + "." + id + "." + key, value));
			}
			else if (!options.isEmpty()) {
				throw new IllegalArgumentException("source '" + id + "' sets preset-options without a preset");
			}
		});
		if (!defaults.isEmpty()) {
			environment.getPropertySources().addLast(new MapPropertySource("gateway-source-presets", defaults));
		}
	}

	/** The preset's settings with its options switched as {@code options} says. */
	static Map<String, Object> read(String preset, Map<String, Boolean> options) {
		Map<String, Object> properties = read(preset);
		Map<String, String> texts = new LinkedHashMap<>();
		properties.keySet().removeIf((key) -> {
			if (key.startsWith(OPTIONS)) {
				texts.put(key.substring(OPTIONS.length()), String.valueOf(properties.get(key)));
			}
			return key.startsWith(OPTIONS);
		});
		options.keySet().stream().filter((name) -> !texts.containsKey(name)).findFirst().ifPresent((name) -> {
			throw new IllegalArgumentException(
					"preset '" + preset + "' has no option '" + name + "'; its options are " + texts.keySet());
		});
		properties.replaceAll((key, value) -> (value instanceof CharSequence text)
				? OPTION.matcher(text)
					.replaceAll((option) -> Matcher.quoteReplacement(
							text(texts, preset, option.group(1), Boolean.TRUE.equals(options.get(option.group(1))))))
				: value);
		return properties;
	}

	/** An option's text while on, nothing while off; an undeclared one, never. */
	private static String text(Map<String, String> texts, String preset, String option, boolean on) {
		String text = texts.get(option);
		if (text == null) {
			throw new IllegalArgumentException("preset '" + preset + "' uses an undeclared option '" + option + "'");
		}
		return on ? text : "";
	}

	private static Map<String, Object> read(String preset) {
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
