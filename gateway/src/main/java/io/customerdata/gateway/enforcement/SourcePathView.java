package io.customerdata.gateway.enforcement;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.customerdata.gateway.policy.Decision;

/**
 * A decision's canonical field view, re-expressed in one source's own JSON paths through
 * its mapping, so that the source's own answers can be enforced: {@code deals[].amount}
 * is seen as {@code sales.deals[].amount} is. A path carrying several canonical fields
 * gets the most restrictive of their views; a path carrying none, the source's {@code *}.
 */
final class SourcePathView {

	private final String source;

	private final Map<String, List<String>> canonicalFields;

	SourcePathView(String source, Map<String, List<String>> canonicalFieldsBySourcePath) {
		this.source = source;
		this.canonicalFields = Map.copyOf(canonicalFieldsBySourcePath);
	}

	Map<String, String> of(Map<String, String> canonicalView) {
		String unclassified = canonicalView.getOrDefault(Decision.UNCLASSIFIED, Decision.DENY);
		Map<String, String> view = new HashMap<>();
		this.canonicalFields.forEach((path, fields) -> view.put(path,
				fields.stream()
					.map((field) -> classified(canonicalView, field, unclassified))
					.reduce(SourcePathView::stricter)
					.orElse(Decision.DENY)));
		view.put(Decision.UNCLASSIFIED, unclassified);
		return view;
	}

	/**
	 * A field's view, or that of the nearest field around it the policy classifies
	 * ({@code sales.notes[].text} is seen as {@code sales.notes} is).
	 */
	private static String classified(Map<String, String> view, String field, String unclassified) {
		String name = field;
		while (true) {
			String decided = view.get(name);
			if (decided != null) {
				return decided;
			}
			int cut = Math.max(name.lastIndexOf('.'), name.endsWith("[]") ? name.length() - 2 : -1);
			if (cut <= 0) {
				return unclassified;
			}
			name = name.substring(0, cut);
		}
	}

	/**
	 * The canonical field a path carries, which its masking follows; a path carrying none
	 * is named by source and path, so that its pseudonyms stay apart from any other's.
	 */
	String canonicalName(String path) {
		List<String> fields = this.canonicalFields.get(path);
		return (fields != null) ? fields.get(0) : this.source + ":" + path;
	}

	/** Deny beats mask beats allow; two different masks cannot both hold, so deny. */
	static String stricter(String a, String b) {
		if (a.equals(b) || b.equals(Decision.ALLOW)) {
			return a;
		}
		if (a.equals(Decision.ALLOW)) {
			return b;
		}
		return Decision.DENY;
	}

}
