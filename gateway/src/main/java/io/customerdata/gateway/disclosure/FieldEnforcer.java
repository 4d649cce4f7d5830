package io.customerdata.gateway.disclosure;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.UnaryOperator;

import io.customerdata.gateway.policy.Decision;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Applies one source's field view to a canonical record: each field the policy classifies
 * (at whatever depth: {@code sales.notes} as a whole, {@code sales.deals[].amount} inside
 * each deal) is kept, masked or withheld; anything it does not classify takes the
 * source's {@code *} view. Reports the names, never the values, of what it masked or
 * withheld.
 */
public final class FieldEnforcer {

	private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

	private final Masker masker;

	private final Function<String, List<Double>> rangeBounds;

	/**
	 * @param rangeBounds the policy's range-masking bounds of a field
	 */
	public FieldEnforcer(Masker masker, Function<String, List<Double>> rangeBounds) {
		this.masker = masker;
		this.rangeBounds = rangeBounds;
	}

	/** What may leave of a record, and the names of the fields masked and withheld. */
	public record Enforced(ObjectNode record, List<String> masked, List<String> withheld) {
	}

	public Enforced enforce(ObjectNode canonical, Map<String, String> view) {
		return enforce(canonical, view, UnaryOperator.identity());
	}

	/**
	 * Enforces a view on a document whose paths are not canonical (a department's own
	 * answer), masking each field as the canonical field it carries.
	 * @param canonicalName a path of the document to its canonical field
	 */
	public Enforced enforce(ObjectNode document, Map<String, String> view, UnaryOperator<String> canonicalName) {
		List<String> masked = new ArrayList<>();
		List<String> withheld = new ArrayList<>();
		ObjectNode out = NODES.objectNode();
		Walk walk = new Walk(view, canonicalName, masked, withheld);
		for (var entry : document.properties()) {
			JsonNode kept = walk.walk(entry.getValue(), entry.getKey());
			if (kept != null) {
				out.set(entry.getKey(), kept);
			}
		}
		return new Enforced(out, List.copyOf(masked), List.copyOf(withheld));
	}

	/** One enforcement's view and what it has masked and withheld so far. */
	private final class Walk {

		private final Map<String, String> view;

		private final UnaryOperator<String> canonicalName;

		private final List<String> masked;

		private final List<String> withheld;

		Walk(Map<String, String> view, UnaryOperator<String> canonicalName, List<String> masked,
				List<String> withheld) {
			this.view = view;
			this.canonicalName = canonicalName;
			this.masked = masked;
			this.withheld = withheld;
		}

		@Nullable JsonNode walk(JsonNode node, String path) {
			String decided = this.view.get(path);
			if (decided == null && !node.isContainer()) {
				decided = this.view.getOrDefault(Decision.UNCLASSIFIED, Decision.DENY);
			}
			if (decided != null) {
				return apply(decided, path, node);
			}
			if (node.isArray()) {
				if (!anythingVisibleIn(path + "[]")) {
					addOnce(this.withheld, path);
					return null;
				}
				ArrayNode out = NODES.arrayNode();
				for (JsonNode element : node) {
					JsonNode kept = walk(element, path + "[]");
					if (kept != null) {
						out.add(kept);
					}
				}
				// Emptied by enforcement is withheld, not "none": [] would claim there is
				// nothing.
				return (out.isEmpty() && !node.isEmpty()) ? null : out;
			}
			ObjectNode out = NODES.objectNode();
			for (var entry : node.properties()) {
				JsonNode kept = walk(entry.getValue(), path + "." + entry.getKey());
				if (kept != null) {
					out.set(entry.getKey(), kept);
				}
			}
			return out.isEmpty() ? null : out;
		}

		/**
		 * Whether any field inside the array's elements may be seen: if none, even an
		 * empty array is withheld, so that "there are none" is not disclosed either.
		 */
		private boolean anythingVisibleIn(String elementPath) {
			String inside = elementPath + ".";
			return this.view.entrySet()
				.stream()
				.anyMatch((e) -> (e.getKey().startsWith(inside) || e.getKey().equals(elementPath)
						|| e.getKey().equals(Decision.UNCLASSIFIED)) && !e.getValue().equals(Decision.DENY));
		}

		private @Nullable JsonNode apply(String decided, String path, JsonNode node) {
			if (decided.equals(Decision.ALLOW)) {
				return node;
			}
			if (decided.startsWith("mask:")) {
				addOnce(this.masked, path);
				String field = this.canonicalName.apply(path);
				return FieldEnforcer.this.masker.mask(decided.substring(5), FieldEnforcer.this.rangeBounds.apply(field),
						field, node);
			}
			addOnce(this.withheld, path);
			return null;
		}

		private static void addOnce(List<String> names, String path) {
			if (!names.contains(path)) {
				names.add(path);
			}
		}

	}

}
