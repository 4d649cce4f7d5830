package io.customerdata.gateway.sources;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A preset's settings: what a source may choose of the preset without writing out the
 * keys that use it ({@code lead-score-property}, {@code plan}). The preset declares each
 * under {@code settings.<name>} with its {@code default} and either the {@code pattern}
 * its value must match or the {@code values} it may take, each standing for what the
 * preset puts in its place (a plan for its rate); it writes {@code {settings.<name>}}
 * where the value goes. A source sets them under its own {@code settings}; a setting the
 * preset does not declare, or a value it does not allow, stops the start.
 */
final class PresetSettings {

	private static final String DECLARATIONS = "settings.";

	private static final Pattern USE = Pattern.compile("\\{settings\\.([a-z0-9-]+)}");

	private PresetSettings() {
	}

	/**
	 * The preset's keys with its settings in place and their declarations taken out.
	 * @param preset the preset's name, for messages
	 * @param keys the preset's keys, as read
	 * @param chosen the source's own settings
	 */
	static Map<String, Object> apply(String preset, Map<String, Object> keys, Map<String, String> chosen) {
		Map<String, Object> rest = new LinkedHashMap<>();
		Map<String, Map<String, Object>> declared = new LinkedHashMap<>();
		keys.forEach((key, value) -> {
			if (key.startsWith(DECLARATIONS)) {
				String declaration = key.substring(DECLARATIONS.length());
				int dot = declaration.indexOf('.');
				if (dot < 0) {
					throw new IllegalStateException("preset " + preset + ": setting '" + declaration
							+ "' needs a default and a pattern or values");
				}
				declared.computeIfAbsent(declaration.substring(0, dot), (k) -> new LinkedHashMap<>())
					.put(declaration.substring(dot + 1), value);
			}
			else {
				rest.put(key, value);
			}
		});
		chosen.keySet().forEach((name) -> {
			if (!declared.containsKey(name)) {
				throw new IllegalArgumentException("preset " + preset + " has no setting '" + name + "'; it has "
						+ new TreeSet<>(declared.keySet()));
			}
		});
		Map<String, String> values = new LinkedHashMap<>();
		declared.forEach((name, declaration) -> values.put(name, value(preset, name, declaration, chosen.get(name))));
		rest.replaceAll((key, value) -> (value instanceof String text) ? substitute(preset, key, text, values) : value);
		return rest;
	}

	private static String value(String preset, String name, Map<String, Object> declaration, String chosen) {
		String value = (chosen != null) ? chosen : String.valueOf(declaration.get("default"));
		Object pattern = declaration.get("pattern");
		if (pattern != null) {
			if (!value.matches(pattern.toString())) {
				throw new IllegalArgumentException("preset " + preset + ": setting '" + name + "' must match " + pattern
						+ ", not '" + value + "'");
			}
			return value;
		}
		Object mapped = declaration.get("values." + value);
		if (mapped == null) {
			throw new IllegalArgumentException("preset " + preset + ": setting '" + name + "' is one of "
					+ allowed(declaration) + ", not '" + value + "'");
		}
		return mapped.toString();
	}

	private static TreeSet<String> allowed(Map<String, Object> declaration) {
		TreeSet<String> allowed = new TreeSet<>();
		declaration.keySet()
			.stream()
			.filter((key) -> key.startsWith("values."))
			.forEach((key) -> allowed.add(key.substring("values.".length())));
		return allowed;
	}

	private static String substitute(String preset, String key, String text, Map<String, String> values) {
		Matcher use = USE.matcher(text);
		StringBuilder out = new StringBuilder();
		while (use.find()) {
			String value = values.get(use.group(1));
			if (value == null) {
				throw new IllegalStateException("preset " + preset + " uses setting '" + use.group(1) + "' in " + key
						+ " without declaring it");
			}
			use.appendReplacement(out, Matcher.quoteReplacement(value));
		}
		return use.appendTail(out).toString();
	}

}
