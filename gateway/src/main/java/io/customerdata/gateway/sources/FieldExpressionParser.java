package io.customerdata.gateway.sources;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads a mapping's expression ({@code join(first, last)}, {@code e164(phone, country)},
 * …) into its {@link FieldExpression}, once at start-up; a malformed one stops the start
 * with what is wrong in it.
 */
final class FieldExpressionParser {

	private FieldExpressionParser() {
	}

	static FieldExpression parse(String text) {
		String expression = text.strip();
		int open = expression.indexOf('(');
		if (open < 0) {
			return new FieldExpression.Path(expression);
		}
		if (!expression.endsWith(")")) {
			throw new IllegalArgumentException("unbalanced parentheses in '" + text + "'");
		}
		String function = expression.substring(0, open).strip();
		List<String> args = splitArguments(expression.substring(open + 1, expression.length() - 1));
		return switch (function) {
			case "join" -> new FieldExpression.Join(args.stream().map(FieldExpressionParser::parse).toList());
			case "list" -> new FieldExpression.ListOf(single(args, text));
			case "e164" -> new FieldExpression.E164(parse(args.get(0)), (args.size() > 1) ? parse(args.get(1)) : null);
			case "count" ->
				(args.size() == 1) ? new FieldExpression.Count(new FieldExpression.Path(args.get(0)), null, Set.of())
						: new FieldExpression.Count(new FieldExpression.Path(args.get(0)), args.get(1).strip(),
								Set.of(args.get(2).strip().split("\\|")));
			case "first", "number", "json", "instant" ->
				new FieldExpression.Converted(function, single(args, text), Conversions.named(function));
			case "split" -> new FieldExpression.Converted(function, parse(args.get(0)),
					Conversions.split((args.size() > 1) ? args.get(1) : ","));
			case "object" -> new FieldExpression.ObjectOf(args.stream()
				.collect(java.util.stream.Collectors.toMap((arg) -> arg.substring(0, colon(arg, text)).strip(),
						(arg) -> parse(arg.substring(colon(arg, text) + 1)), (a, b) -> {
							throw new IllegalArgumentException("a key twice in '" + text + "'");
						}, java.util.LinkedHashMap::new)));
			default -> throw new IllegalArgumentException("unknown function '" + function + "' in '" + text + "'");
		};
	}

	private static FieldExpression single(List<String> args, String text) {
		if (args.size() != 1) {
			throw new IllegalArgumentException("expected one argument in '" + text + "'");
		}
		return parse(args.get(0));
	}

	private static int colon(String arg, String text) {
		int colon = arg.indexOf(':');
		if (colon <= 0) {
			throw new IllegalArgumentException("expected key: expression in '" + text + "'");
		}
		return colon;
	}

	/** Splits on commas outside parentheses. */
	private static List<String> splitArguments(String args) {
		List<String> parts = new ArrayList<>();
		int depth = 0;
		int start = 0;
		for (int i = 0; i < args.length(); i++) {
			char c = args.charAt(i);
			depth += (c == '(') ? 1 : (c == ')') ? -1 : 0;
			if (c == ',' && depth == 0) {
				parts.add(args.substring(start, i));
				start = i + 1;
			}
		}
		parts.add(args.substring(start));
		return parts.stream().map(String::strip).toList();
	}

}
