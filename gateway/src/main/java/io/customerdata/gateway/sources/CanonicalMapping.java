package io.customerdata.gateway.sources;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * A source's {@code mapping}: canonical field → {@link FieldExpression}, turned into the
 * canonical record ({@code {"customer": {...}, "sales": {"deals": [{...}]}}}). A
 * canonical field with {@code []} ({@code sales.deals[].amount}) maps from the elements
 * of one source array ({@code deals[].amount}): element by element.
 */
final class CanonicalMapping {

	private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

	private final Map<String, FieldExpression> scalars = new LinkedHashMap<>();

	/**
	 * canonical array path → (source array path, canonical element field → source element
	 * path).
	 */
	private final Map<String, ArrayMapping> arrays = new LinkedHashMap<>();

	private record ArrayMapping(FieldExpression.Path source, Map<String, FieldExpression> fields) {
	}

	static CanonicalMapping of(List<FederationProperties.Mapped> mapping) {
		return new CanonicalMapping(mapping.stream()
			.collect(java.util.stream.Collectors.toMap(FederationProperties.Mapped::field,
					FederationProperties.Mapped::from, (a, b) -> {
						throw new IllegalArgumentException("canonical field mapped twice: " + a);
					}, LinkedHashMap::new)));
	}

	CanonicalMapping(Map<String, String> mapping) {
		mapping.forEach((field, expression) -> {
			int marker = field.indexOf("[].");
			if (marker < 0) {
				this.scalars.put(field, FieldExpression.parse(expression));
				return;
			}
			int sourceMarker = expression.indexOf("[].");
			if (sourceMarker < 0) {
				throw new IllegalArgumentException(
						"'" + field + "' maps array elements, so its source must too (e.g. deals[].amount), not '"
								+ expression + "'");
			}
			String sourceArray = expression.substring(0, sourceMarker + 2);
			ArrayMapping array = this.arrays.computeIfAbsent(field.substring(0, marker),
					(k) -> new ArrayMapping(new FieldExpression.Path(sourceArray), new LinkedHashMap<>()));
			if (!array.source().path().equals(sourceArray)) {
				throw new IllegalArgumentException("'" + field + "' reads from " + sourceArray
						+ " but its siblings from " + array.source().path());
			}
			array.fields()
				.put(field.substring(marker + 3), FieldExpression.parse(expression.substring(sourceMarker + 3)));
		});
	}

	/**
	 * Every source path whose value some canonical field passes on, with those fields:
	 * {@code deals[].amount} → {@code sales.deals[].amount}.
	 */
	Map<String, List<String>> canonicalFieldsBySourcePath() {
		return canonicalFieldsBy(FieldExpression::disclosedPaths);
	}

	/**
	 * Every source path some canonical field reads, its value or only to read another (a
	 * phone's country, the array a count counts), with those fields.
	 */
	Map<String, List<String>> canonicalFieldsByReadPath() {
		return canonicalFieldsBy(FieldExpression::readPaths);
	}

	private Map<String, List<String>> canonicalFieldsBy(
			java.util.function.Function<FieldExpression, List<String>> paths) {
		Map<String, List<String>> bySourcePath = new LinkedHashMap<>();
		this.scalars.forEach((field, expression) -> paths.apply(expression)
			.forEach((path) -> bySourcePath.computeIfAbsent(path, (k) -> new java.util.ArrayList<>()).add(field)));
		this.arrays.forEach((array, mapping) -> mapping.fields()
			.forEach((name, expression) -> paths.apply(expression)
				.forEach((path) -> bySourcePath
					.computeIfAbsent(mapping.source().path() + "." + path, (k) -> new java.util.ArrayList<>())
					.add(array + "[]." + name))));
		return bySourcePath;
	}

	/**
	 * The source paths the expression of a canonical field outside arrays reads; none
	 * where the field is not mapped.
	 */
	List<String> readPathsOf(String field) {
		FieldExpression expression = this.scalars.get(field);
		return (expression != null) ? expression.readPaths() : List.of();
	}

	ObjectNode toCanonical(JsonNode record) {
		ObjectNode canonical = NODES.objectNode();
		this.scalars.forEach((field, expression) -> put(canonical, field, expression.read(record)));
		this.arrays.forEach((field, mapping) -> {
			String arrayPath = mapping.source().path();
			String elementsPath = arrayPath.substring(0, arrayPath.length() - 2);
			JsonNode elements = new FieldExpression.Path(elementsPath).read(record);
			if (!elements.isArray()) {
				if (nullAlong(record, elementsPath)) {
					// Salesforce answers an empty child relationship with null: none.
					put(canonical, field, NODES.arrayNode());
				}
				return;
			}
			ArrayNode mapped = NODES.arrayNode();
			for (JsonNode element : elements) {
				ObjectNode out = NODES.objectNode();
				mapping.fields().forEach((name, expression) -> put(out, name, expression.read(element)));
				mapped.add(out);
			}
			put(canonical, field, mapped);
		});
		return canonical;
	}

	/** Whether the path reaches an explicit JSON null (rather than nothing). */
	private static boolean nullAlong(JsonNode record, String path) {
		JsonNode node = record;
		for (String segment : path.split("\\.")) {
			node = node.get(segment);
			if (node == null) {
				return false;
			}
			if (node.isNull()) {
				return true;
			}
		}
		return false;
	}

	private static void put(ObjectNode target, String dottedField, JsonNode value) {
		if (value.isMissingNode() || value.isNull()) {
			return;
		}
		String[] segments = dottedField.split("\\.");
		ObjectNode parent = target;
		for (int i = 0; i < segments.length - 1; i++) {
			parent = parent.has(segments[i]) ? (ObjectNode) parent.get(segments[i]) : parent.putObject(segments[i]);
		}
		parent.set(segments[segments.length - 1], value);
	}

}
