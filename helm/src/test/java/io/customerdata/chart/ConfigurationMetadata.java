package io.customerdata.chart;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.Collections;
import java.util.HashSet;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The configuration keys described by every {@code spring-configuration-metadata.json} on
 * the class path: the gateway's own (written by Spring Boot's configuration processor)
 * and Spring Boot's.
 */
final class ConfigurationMetadata {

	private static final String LOCATION = "META-INF/spring-configuration-metadata.json";

	private final Set<String> properties = new HashSet<>();

	private final Set<String> maps = new HashSet<>();

	static ConfigurationMetadata onClassPath() throws IOException {
		ConfigurationMetadata metadata = new ConfigurationMetadata();
		ObjectMapper json = new ObjectMapper();
		for (URL url : Collections.list(ConfigurationMetadata.class.getClassLoader().getResources(LOCATION))) {
			try (InputStream in = url.openStream()) {
				for (JsonNode property : json.readTree(in).path("properties")) {
					String name = property.path("name").asText();
					metadata.properties.add(name);
					if (property.path("type").asText().startsWith("java.util.Map")) {
						metadata.maps.add(name);
					}
				}
			}
		}
		if (!metadata.properties.contains("gateway.policy.engine")) {
			throw new IllegalStateException("the gateway's configuration metadata is not on the class path");
		}
		return metadata;
	}

	boolean knows(String key) {
		return this.properties.contains(key) || this.maps.stream().anyMatch((map) -> key.startsWith(map + "."));
	}

}
