package io.customerdata.gateway.testing;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import tools.jackson.databind.JsonNode;

/**
 * Every text (keys included) and number in an answer, for asking whether a value a test
 * planted anywhere in a department's data appears in it, whole or inside a longer text.
 */
public final class AnswerValues {

	private final List<String> texts = new ArrayList<>();

	private final Set<BigDecimal> numbers = new HashSet<>();

	private AnswerValues() {
	}

	public static AnswerValues of(JsonNode answer) {
		AnswerValues values = new AnswerValues();
		values.collect(answer);
		return values;
	}

	private void collect(JsonNode node) {
		if (node.isString()) {
			this.texts.add(node.asString());
		}
		else if (node.isNumber()) {
			this.numbers.add(node.decimalValue().stripTrailingZeros());
		}
		node.properties().forEach((property) -> {
			this.texts.add(property.getKey());
			collect(property.getValue());
		});
		if (node.isArray()) {
			node.forEach(this::collect);
		}
	}

	/**
	 * @param value a {@link String} or a {@link BigDecimal}
	 */
	public boolean contains(Object value) {
		if (value instanceof BigDecimal number) {
			return this.numbers.contains(number.stripTrailingZeros())
					|| this.texts.stream().anyMatch((text) -> text.contains(number.toPlainString()));
		}
		return this.texts.stream().anyMatch((text) -> text.contains((String) value));
	}

}
