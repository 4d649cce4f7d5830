package io.customerdata.gateway.enforcement;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import io.customerdata.gateway.policy.Decision;
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
		List<String> masked = new ArrayList<>();
		List<String> withheld = new ArrayList<>();
		ObjectNode out = NODES.objectNode();
		for (var entry : canonical.properties()) {
			JsonNode kept = walk(entry.getValue(), entry.getKey(), view, masked, withheld);
			if (kept != null) {
				out.set(entry.getKey(), kept);
			}
		}
		return new Enforced(out, List.copyOf(masked), List.copyOf(withheld));
	}

	private JsonNode walk(JsonNode node, String path, Map<String, String> view, List<String> masked,
			List<String> withheld) {
		String decided = view.get(path);
		if (decided == null && !node.isContainer()) {
			decided = view.getOrDefault(Decision.UNCLASSIFIED, Decision.DENY);
		}
		if (decided != null) {
			return apply(decided, path, node, masked, withheld);
		}
		if (node.isArray()) {
			if (!anythingVisibleIn(path + "[]", view)) {
				addOnce(withheld, path);
				return null;
			}
			ArrayNode out = NODES.arrayNode();
			for (JsonNode element : node) {
				JsonNode kept = walk(element, path + "[]", view, masked, withheld);
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
			JsonNode kept = walk(entry.getValue(), path + "." + entry.getKey(), view, masked, withheld);
			if (kept != null) {
				out.set(entry.getKey(), kept);
			}
		}
		return out.isEmpty() ? null : out;
	}

	/**
	 * Whether any field inside the array's elements may be seen: if none, even an empty
	 * array is withheld, so that "there are none" is not disclosed either.
	 */
	private static boolean anythingVisibleIn(String elementPath, Map<String, String> view) {
		String inside = elementPath + ".";
		return view.entrySet()
			.stream()
			.anyMatch((e) -> (e.getKey().startsWith(inside) || e.getKey().equals(elementPath)
					|| e.getKey().equals(Decision.UNCLASSIFIED)) && !e.getValue().equals(Decision.DENY));
	}

	private JsonNode apply(String decided, String path, JsonNode node, List<String> masked, List<String> withheld) {
		if (decided.equals(Decision.ALLOW)) {
			return node;
		}
		if (decided.startsWith("mask:")) {
			addOnce(masked, path);
			return this.masker.mask(decided.substring(5), this.rangeBounds.apply(path), path, node);
		}
		addOnce(withheld, path);
		return null;
	}

	private static void addOnce(List<String> names, String path) {
		if (!names.contains(path)) {
			names.add(path);
		}
	}

}
