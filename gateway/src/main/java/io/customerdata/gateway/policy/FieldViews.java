package io.customerdata.gateway.policy;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Operations on per-source field views ({@code allow}, {@code mask:<method>},
 * {@code deny}).
 */
final class FieldViews {

	private FieldViews() {
	}

	/** Field by field, the more permissive view: allow, then mask, then deny. */
	static Map<String, Map<String, String>> union(Map<String, Map<String, String>> a,
			Map<String, Map<String, String>> b) {
		Map<String, Map<String, String>> union = new TreeMap<>();
		a.forEach((source, fields) -> {
			Map<String, String> merged = new HashMap<>(fields);
			b.getOrDefault(source, Map.of()).forEach((field, view) -> merged.merge(field, view, FieldViews::wider));
			union.put(source, Map.copyOf(merged));
		});
		b.forEach(union::putIfAbsent);
		return Map.copyOf(union);
	}

	static boolean disclosesAnything(Map<String, Map<String, String>> views) {
		return views.values()
			.stream()
			.anyMatch((fields) -> fields.values().stream().anyMatch((v) -> !v.equals(Decision.DENY)));
	}

	private static String wider(String a, String b) {
		return (rank(a) >= rank(b)) ? a : b;
	}

	private static int rank(String view) {
		return view.equals(Decision.ALLOW) ? 2 : view.equals(Decision.DENY) ? 0 : 1;
	}

}
