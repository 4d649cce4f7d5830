package io.customerdata.gateway.policyadmin;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.annotation.JsonValue;
import io.customerdata.gateway.policy.Decision;

/**
 * Two decisions on the same input, under the version in force and under a draft, field by
 * field: which fields the draft would show more of, less of, or differently masked.
 *
 * @param fields every field either decision names, in source order, with both views
 */
public record DecisionComparison(Decision active, Decision draft, List<FieldChange> fields) {

	/** How a field's view moves from the version in force to the draft. */
	public enum Change {

		SAME, MORE, LESS, DIFFERENT;

		@JsonValue
		public String code() {
			return name().toLowerCase(Locale.ROOT);
		}

	}

	/**
	 * @param active the view under the version in force ({@code allow}, {@code deny},
	 * {@code mask:<method>})
	 * @param draft the view under the draft
	 */
	public record FieldChange(String source, String field, String active, String draft, Change change) {
	}

	/**
	 * Compares the two decisions over the given sources; a refusal sees every field
	 * withheld.
	 */
	public static DecisionComparison of(Decision active, Decision draft, Set<String> sources) {
		List<FieldChange> fields = new ArrayList<>();
		for (String source : sources) {
			Set<String> names = new LinkedHashSet<>(active.sources().getOrDefault(source, Map.of()).keySet());
			names.addAll(draft.sources().getOrDefault(source, Map.of()).keySet());
			for (String field : names) {
				String before = view(active, source, field);
				String after = view(draft, source, field);
				fields.add(new FieldChange(source, field, before, after, change(before, after)));
			}
		}
		return new DecisionComparison(active, draft, fields);
	}

	/** Compared over every source either decision names. */
	public static DecisionComparison of(Decision active, Decision draft) {
		Set<String> sources = new LinkedHashSet<>(active.sources().keySet());
		sources.addAll(draft.sources().keySet());
		return of(active, draft, sources);
	}

	public List<FieldChange> changed() {
		return this.fields.stream().filter((field) -> field.change() != Change.SAME).toList();
	}

	/** Whether the decision itself (allowed at all, and why) differs. */
	boolean outcomeChanged() {
		return this.active.allow() != this.draft.allow() || this.active.reason() != this.draft.reason();
	}

	long count(Change change) {
		return this.fields.stream().filter((field) -> field.change() == change).count();
	}

	private static String view(Decision decision, String source, String field) {
		Map<String, String> views = decision.sources().get(source);
		if (!decision.allow() || views == null) {
			return Decision.DENY;
		}
		return views.getOrDefault(field, views.getOrDefault(Decision.UNCLASSIFIED, Decision.DENY));
	}

	private static Change change(String before, String after) {
		if (before.equals(after)) {
			return Change.SAME;
		}
		int difference = rank(after) - rank(before);
		return (difference > 0) ? Change.MORE : (difference < 0) ? Change.LESS : Change.DIFFERENT;
	}

	/** deny < mask:… < allow: what the caller sees of the value. */
	private static int rank(String view) {
		return view.equals(Decision.ALLOW) ? 2 : view.startsWith("mask:") ? 1 : 0;
	}

}
