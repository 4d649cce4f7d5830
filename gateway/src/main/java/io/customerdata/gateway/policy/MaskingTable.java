package io.customerdata.gateway.policy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The masking table: exact fields first, then the longest matching {@code prefix.*}, then
 * the default.
 */
final class MaskingTable {

	private final Map<String, PolicyDocument.Masking> exact = new HashMap<>();

	private final List<Map.Entry<String, PolicyDocument.Masking>> prefixes = new ArrayList<>();

	private final PolicyDocument.Masking fallback;

	MaskingTable(PolicyDocument document) {
		document.masking().forEach((key, masking) -> {
			if (key.endsWith(".*")) {
				this.prefixes.add(Map.entry(key.substring(0, key.length() - 1), masking));
			}
			else {
				this.exact.put(key, masking);
			}
		});
		this.prefixes.sort(
				Comparator.comparing((Map.Entry<String, PolicyDocument.Masking> e) -> e.getKey().length()).reversed());
		this.fallback = document.defaultMasking();
	}

	PolicyDocument.Masking ruleFor(String field) {
		PolicyDocument.Masking rule = this.exact.get(field);
		if (rule != null) {
			return rule;
		}
		return this.prefixes.stream()
			.filter((prefix) -> field.startsWith(prefix.getKey()))
			.map(Map.Entry::getValue)
			.findFirst()
			.orElse(this.fallback);
	}

}
