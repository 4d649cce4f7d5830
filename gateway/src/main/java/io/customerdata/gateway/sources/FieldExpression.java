package io.customerdata.gateway.sources;

import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.IntNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.StringNode;

/**
 * How one canonical field is read from a source's JSON, as written in the connector's
 * {@code mapping}:
 *
 * <pre>
 * primaryContact.email                 a path (missing → no value)
 * join(first, last)                    strings joined by a space
 * list(expr)                           the value as a one-element array
 * e164(phone, country)                 a phone in E.164; the country reads national numbers
 * count(tickets[])                     the length of an array
 * count(tickets[], status, new|open)   elements whose field has one of the values
 * first(Contacts.records[].Email)      the first element of an array
 * number(properties.hs_lead_score)     a number written as a string (HubSpot's properties)
 * split(properties.segments, ;)        a delimited string as an array of its parts
 * json(properties.consents)            a JSON document kept in a string property
 * instant(CreatedDate)                 a timestamp with any ISO-8601 offset, in UTC
 * object(name: Owner.Name, id: OwnerId) an object of the values present
 * </pre>
 *
 * Parsed once at start-up; evaluation reads, never throws on odd data, and yields a
 * missing node rather than a guess.
 */
sealed interface FieldExpression {

	JsonNodeFactory NODES = JsonNodeFactory.instance;

	JsonNode read(JsonNode record);

	/**
	 * The source paths whose values this expression passes on: a pass-through answer's
	 * field at one of them shows what the canonical field shows. A phone's country only
	 * helps read it, and a count reveals no element, so neither is listed.
	 */
	List<String> disclosedPaths();

	/**
	 * Every source path this expression reads, the disclosed ones and those that only
	 * help read them (a phone's country, the array a count counts): what an answer must
	 * carry for the expression to read what it would read of the whole record.
	 */
	List<String> readPaths();

	/** Parses an expression as the mapping writes it ({@link FieldExpressionParser}). */
	static FieldExpression parse(String text) {
		return FieldExpressionParser.parse(text);
	}

	/**
	 * A dotted path; a segment ending in {@code []} collects from every array element.
	 */
	record Path(String path) implements FieldExpression {

		@Override
		public JsonNode read(JsonNode record) {
			return read(record, path.split("\\."), 0);
		}

		@Override
		public List<String> disclosedPaths() {
			return List.of(this.path);
		}

		@Override
		public List<String> readPaths() {
			return List.of(this.path);
		}

		private static JsonNode read(JsonNode node, String[] segments, int index) {
			if (index == segments.length || node.isMissingNode()) {
				return node;
			}
			String segment = segments[index];
			if (segment.endsWith("[]")) {
				JsonNode array = node.path(segment.substring(0, segment.length() - 2));
				if (!array.isArray()) {
					return NODES.missingNode();
				}
				ArrayNode values = NODES.arrayNode();
				array.forEach((element) -> {
					JsonNode value = read(element, segments, index + 1);
					if (!value.isMissingNode() && !value.isNull()) {
						values.add(value);
					}
				});
				return values;
			}
			return read(node.path(segment), segments, index + 1);
		}

	}

	record Join(List<FieldExpression> parts) implements FieldExpression {

		@Override
		public List<String> disclosedPaths() {
			return this.parts.stream().flatMap((part) -> part.disclosedPaths().stream()).toList();
		}

		@Override
		public List<String> readPaths() {
			return this.parts.stream().flatMap((part) -> part.readPaths().stream()).toList();
		}

		@Override
		public JsonNode read(JsonNode record) {
			List<String> texts = this.parts.stream()
				.map((part) -> part.read(record))
				.filter(JsonNode::isString)
				.map(JsonNode::asString)
				.filter((text) -> !text.isBlank())
				.toList();
			return texts.isEmpty() ? NODES.missingNode() : StringNode.valueOf(String.join(" ", texts));
		}

	}

	record ListOf(FieldExpression element) implements FieldExpression {

		@Override
		public List<String> disclosedPaths() {
			return this.element.disclosedPaths();
		}

		@Override
		public List<String> readPaths() {
			return this.element.readPaths();
		}

		@Override
		public JsonNode read(JsonNode record) {
			JsonNode value = this.element.read(record);
			return (value.isMissingNode() || value.isNull()) ? NODES.arrayNode() : NODES.arrayNode().add(value);
		}

	}

	record E164(FieldExpression phone, @Nullable FieldExpression country) implements FieldExpression {

		@Override
		public List<String> disclosedPaths() {
			return this.phone.disclosedPaths();
		}

		@Override
		public List<String> readPaths() {
			return java.util.stream.Stream
				.concat(this.phone.readPaths().stream(),
						(this.country != null) ? this.country.readPaths().stream() : java.util.stream.Stream.empty())
				.toList();
		}

		@Override
		public JsonNode read(JsonNode record) {
			JsonNode number = this.phone.read(record);
			String region = (this.country != null && this.country.read(record).isString())
					? this.country.read(record).asString() : null;
			return IdentityKeys.phone(number.isString() ? number.asString() : null, region)
				.<JsonNode>map(StringNode::valueOf)
				.orElse(NODES.missingNode());
		}

	}

	record Count(Path array, @Nullable String field, Set<String> values) implements FieldExpression {

		@Override
		public List<String> disclosedPaths() {
			return List.of();
		}

		@Override
		public List<String> readPaths() {
			return (this.field != null) ? List.of(this.array.path() + "." + this.field) : List.of(this.array.path());
		}

		@Override
		public JsonNode read(JsonNode record) {
			JsonNode elements = this.array.read(record);
			if (!elements.isArray()) {
				return NODES.missingNode();
			}
			int count = 0;
			for (JsonNode element : elements) {
				if (this.field == null || this.values.contains(element.path(this.field).asString(""))) {
					count++;
				}
			}
			return IntNode.valueOf(count);
		}

	}

	/**
	 * A value converted from the form a vendor's API gives it in (see
	 * {@link Conversions}); what does not convert is missing, never guessed.
	 */
	record Converted(String name, FieldExpression value,
			java.util.function.Function<JsonNode, JsonNode> conversion) implements FieldExpression {

		@Override
		public List<String> disclosedPaths() {
			return this.value.disclosedPaths();
		}

		@Override
		public List<String> readPaths() {
			return this.value.readPaths();
		}

		@Override
		public JsonNode read(JsonNode record) {
			JsonNode value = this.value.read(record);
			return (value.isMissingNode() || value.isNull()) ? NODES.missingNode() : this.conversion.apply(value);
		}

	}

	record ObjectOf(java.util.Map<String, FieldExpression> fields) implements FieldExpression {

		@Override
		public List<String> disclosedPaths() {
			return this.fields.values().stream().flatMap((field) -> field.disclosedPaths().stream()).toList();
		}

		@Override
		public List<String> readPaths() {
			return this.fields.values().stream().flatMap((field) -> field.readPaths().stream()).toList();
		}

		@Override
		public JsonNode read(JsonNode record) {
			tools.jackson.databind.node.ObjectNode object = NODES.objectNode();
			this.fields.forEach((key, field) -> {
				JsonNode value = field.read(record);
				if (!value.isMissingNode() && !value.isNull()) {
					object.set(key, value);
				}
			});
			return object.isEmpty() ? NODES.missingNode() : object;
		}

	}

}
