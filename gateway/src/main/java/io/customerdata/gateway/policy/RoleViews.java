package io.customerdata.gateway.policy;

import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import io.customerdata.gateway.policy.PolicyDocument.Effect;
import io.customerdata.gateway.policy.PolicyDocument.Grant;

/**
 * What every role sees, computed once when a document is compiled: for each purpose and
 * consent state, the view ({@code allow}, {@code mask:<method>}, {@code deny}) of every
 * field of every source. A role sees its own department's fields up to its clearance,
 * other sources' through the grants that name it, the source and the purpose, never above
 * its clearance, {@code allow} beating {@code mask}.
 */
final class RoleViews {

	/** role → purpose → [without consent, with consent] → source → field → view. */
	private final Map<String, Map<String, List<Map<String, Map<String, String>>>>> views = new HashMap<>();

	RoleViews(PolicyDocument document, Map<String, Integer> rank, MaskingTable masks, Collection<CompiledRole> roles,
			Set<String> purposes) {
		for (CompiledRole role : roles) {
			Map<String, List<Map<String, Map<String, String>>>> byPurpose = new HashMap<>();
			for (String purpose : purposes) {
				byPurpose.put(purpose, List.of(sourceViews(document, rank, masks, role, purpose, false),
						sourceViews(document, rank, masks, role, purpose, true)));
			}
			this.views.put(role.name(), byPurpose);
		}
	}

	/** source → field → view, for a role and purpose the policy knows. */
	Map<String, Map<String, String>> of(String role, String purpose, boolean consent) {
		return this.views.get(role).get(purpose).get(consent ? 1 : 0);
	}

	private static Map<String, Map<String, String>> sourceViews(PolicyDocument document, Map<String, Integer> rank,
			MaskingTable masks, CompiledRole role, String purpose, boolean consent) {
		Map<String, Map<String, String>> bySource = new TreeMap<>();
		document.sources().forEach((sourceName, source) -> {
			List<Grant> grants = document.grants()
				.stream()
				.filter((g) -> g.source().equals(sourceName) && g.roles().contains(role.name())
						&& g.purposes().contains(purpose) && (consent || !g.requiresConsent()))
				.toList();
			Map<String, String> fields = new LinkedHashMap<>();
			source.fields()
				.forEach((field, level) -> fields.put(field,
						view(role, source.department(), grants, rank, masks, field, rank.get(level))));
			fields.put(Decision.UNCLASSIFIED, view(role, source.department(), grants, rank, masks,
					Decision.UNCLASSIFIED, rank.get(source.defaultLevel())));
			bySource.put(sourceName, Map.copyOf(fields));
		});
		return Map.copyOf(bySource);
	}

	private static String view(CompiledRole role, String sourceDepartment, List<Grant> grants,
			Map<String, Integer> rank, MaskingTable masks, String field, int level) {
		if (level > role.clearance()) {
			return Decision.DENY;
		}
		if (role.department().equals(sourceDepartment)) {
			return Decision.ALLOW;
		}
		boolean masked = false;
		for (Grant grant : grants) {
			boolean covers = (grant.fields() == null) ? true : grant.fields().contains(field);
			if (covers && level <= rank.get(grant.maxLevel())) {
				if (grant.effect() == Effect.ALLOW) {
					return Decision.ALLOW;
				}
				masked = true;
			}
		}
		return masked ? "mask:" + masks.ruleFor(field).method() : Decision.DENY;
	}

}
