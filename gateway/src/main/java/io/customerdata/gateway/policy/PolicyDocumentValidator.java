package io.customerdata.gateway.policy;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.PathType;
import tools.jackson.databind.JsonNode;

import org.springframework.core.io.ClassPathResource;

/**
 * Checks a policy document before it may become active: its shape against the JSON Schema
 * ({@code policies/schema/policy.schema.json}), then its meaning: every level, role,
 * source, field and purpose it names exists, and no grant is one that can never match.
 */
public final class PolicyDocumentValidator {

	static final String SCHEMA = "policy/policy.schema.json";

	private final Schema schema;

	public PolicyDocumentValidator() {
		SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
				(builder) -> builder
					.schemaRegistryConfig(SchemaRegistryConfig.builder().pathType(PathType.JSON_POINTER).build()));
		try (InputStream in = new ClassPathResource(SCHEMA).getInputStream()) {
			this.schema = registry.getSchema(in);
		}
		catch (IOException ex) {
			throw new IllegalStateException("Policy schema missing from the classpath: " + SCHEMA, ex);
		}
	}

	/** Violations of the schema; when there are none, of the document's meaning. */
	public List<PolicyViolation> validate(JsonNode json, PolicyReader reader) {
		List<PolicyViolation> shape = this.schema.validate(json)
			.stream()
			.map((error) -> new PolicyViolation(pointer(error.getInstanceLocation().toString()), error.getMessage()))
			.toList();
		return shape.isEmpty() ? meaning(reader.bind(json)) : shape;
	}

	static List<PolicyViolation> meaning(PolicyDocument document) {
		List<PolicyViolation> violations = new ArrayList<>();
		Set<String> levels = Set.copyOf(document.levels());
		document.roles().forEach((name, role) -> {
			level(violations, levels, role.clearance(), "/roles/" + name + "/clearance");
			if (role.defaultPurpose() != null && !document.purposes().containsKey(role.defaultPurpose())) {
				violations.add(new PolicyViolation("/roles/" + name + "/default_purpose",
						"unknown purpose '" + role.defaultPurpose() + "'"));
			}
		});
		document.sources().forEach((name, source) -> {
			level(violations, levels, source.defaultLevel(), "/sources/" + name + "/default_level");
			source.fields()
				.forEach((field, level) -> level(violations, levels, level,
						"/sources/" + name + "/fields/" + escape(field)));
			if (source.attributes() != null) {
				source.attributes().forEach((attribute, from) -> {
					for (int i = 0; i < from.fromOrRecord().size(); i++) {
						String origin = from.fromOrRecord().get(i);
						if (!origin.equals(PolicyDocument.AttributeSource.RECORD)
								&& !document.sources().containsKey(origin)) {
							violations
								.add(new PolicyViolation("/sources/" + name + "/attributes/" + attribute + "/from/" + i,
										"neither \"record\" nor a source: '" + origin + "'"));
						}
					}
				});
			}
		});
		Set<String> grantIds = new HashSet<>();
		for (int i = 0; i < document.grants().size(); i++) {
			grant(violations, document, levels, grantIds, document.grants().get(i), "/grants/" + i);
		}
		document.masking().keySet().forEach((key) -> {
			boolean prefix = key.endsWith(".*");
			String stem = prefix ? key.substring(0, key.length() - 1) : key;
			boolean matches = document.sources()
				.values()
				.stream()
				.flatMap((source) -> source.fields().keySet().stream())
				.anyMatch((field) -> prefix ? field.startsWith(stem) : field.equals(key));
			if (!matches) {
				violations.add(new PolicyViolation("/masking/" + escape(key), "matches no field of any source"));
			}
		});
		return violations;
	}

	private static void grant(List<PolicyViolation> violations, PolicyDocument document, Set<String> levels,
			Set<String> ids, PolicyDocument.Grant grant, String at) {
		if (!ids.add(grant.id())) {
			violations.add(new PolicyViolation(at + "/id", "duplicate grant id '" + grant.id() + "'"));
		}
		for (int r = 0; r < grant.roles().size(); r++) {
			if (!document.roles().containsKey(grant.roles().get(r))) {
				violations.add(new PolicyViolation(at + "/roles/" + r, "unknown role '" + grant.roles().get(r) + "'"));
			}
		}
		for (int p = 0; p < grant.purposes().size(); p++) {
			if (!document.purposes().containsKey(grant.purposes().get(p))) {
				violations.add(new PolicyViolation(at + "/purposes/" + p,
						"unknown purpose '" + grant.purposes().get(p) + "'"));
			}
		}
		level(violations, levels, grant.maxLevel(), at + "/max_level");
		PolicyDocument.Source source = document.sources().get(grant.source());
		if (source == null) {
			violations.add(new PolicyViolation(at + "/source", "unknown source '" + grant.source() + "'"));
			return;
		}
		if (grant.fields() != null) {
			for (int f = 0; f < grant.fields().size(); f++) {
				if (!source.fields().containsKey(grant.fields().get(f))) {
					violations.add(new PolicyViolation(at + "/fields/" + f,
							"source '" + grant.source() + "' has no field '" + grant.fields().get(f) + "'"));
				}
			}
		}
		if (violations.isEmpty() && neverMatches(document, source, grant)) {
			violations.add(new PolicyViolation(at, "can never match: every field it covers is above its max_level "
					+ "or above the clearance of all its roles"));
		}
	}

	/**
	 * No covered field's level is within both the grant's max level and some role's
	 * clearance.
	 */
	private static boolean neverMatches(PolicyDocument document, PolicyDocument.Source source,
			PolicyDocument.Grant grant) {
		List<String> order = document.levels();
		int ceiling = Math.min(order.indexOf(grant.maxLevel()),
				grant.roles()
					.stream()
					.mapToInt((r) -> order.indexOf(document.roles().get(r).clearance()))
					.max()
					.orElse(-1));
		Map<String, String> fields = source.fields();
		List<String> levelsCovered = (grant.fields() != null) ? grant.fields().stream().map(fields::get).toList()
				: java.util.stream.Stream
					.concat(fields.values().stream(), java.util.stream.Stream.of(source.defaultLevel()))
					.toList();
		return levelsCovered.stream().noneMatch((level) -> order.indexOf(level) <= ceiling);
	}

	private static void level(List<PolicyViolation> violations, Set<String> levels, String level, String at) {
		if (!levels.contains(level)) {
			violations.add(new PolicyViolation(at, "unknown level '" + level + "'"));
		}
	}

	/** RFC 6901 escaping of one reference token. */
	private static String escape(String token) {
		return token.replace("~", "~0").replace("/", "~1");
	}

	private static String pointer(String location) {
		return location.isEmpty() ? "/" : location;
	}

}
