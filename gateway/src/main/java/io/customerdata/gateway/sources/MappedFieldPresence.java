package io.customerdata.gateway.sources;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import tools.jackson.databind.JsonNode;

/**
 * Which source paths a mapping reads are there in records a source answered: the
 * connection check's field report. A path is present if a record has its key, even with a
 * null value (the field exists, this customer has no value); missing if no record has it;
 * unchecked if no record can tell (the path passes through a null or an empty array) or
 * it lies in an include, which the check does not fetch. Names only leave: the records'
 * values are read for nothing but the presence of keys.
 */
final class MappedFieldPresence {

	/** A path the report names, with the canonical fields that read it. */
	record Entry(String path, List<String> fields, String reason) {
	}

	/**
	 * @param missing the paths no record has: the mapping reads what the source does not
	 * give
	 * @param unchecked the paths no record can tell of, and why: {@code include} or
	 * {@code no-value}
	 */
	record Report(int present, List<Entry> missing, List<Entry> unchecked) {
	}

	private enum Presence {

		PRESENT, MISSING, UNKNOWN

	}

	private MappedFieldPresence() {
	}

	/**
	 * @param fieldsByPath source path → the canonical fields reading it
	 * @param includes the source's include names: paths under them are not checked
	 */
	static Report of(Map<String, List<String>> fieldsByPath, Set<String> includes, List<JsonNode> records) {
		int present = 0;
		List<Entry> missing = new ArrayList<>();
		List<Entry> unchecked = new ArrayList<>();
		for (Map.Entry<String, List<String>> entry : fieldsByPath.entrySet()) {
			String path = entry.getKey();
			if (includes.contains(path.split("[.\\[]", 2)[0])) {
				unchecked.add(new Entry(path, entry.getValue(), "include"));
				continue;
			}
			Presence presence = combine(records.stream().map((record) -> presence(record, path.split("\\."), 0)));
			switch (presence) {
				case PRESENT -> present++;
				case MISSING -> missing.add(new Entry(path, entry.getValue(), "missing"));
				case UNKNOWN -> unchecked.add(new Entry(path, entry.getValue(), "no-value"));
			}
		}
		return new Report(present, missing, unchecked);
	}

	/** Present in any; else missing in any that can tell; else unknown. */
	private static Presence combine(java.util.stream.Stream<Presence> presences) {
		List<Presence> all = presences.toList();
		return all.contains(Presence.PRESENT) ? Presence.PRESENT
				: all.contains(Presence.MISSING) ? Presence.MISSING : Presence.UNKNOWN;
	}

	private static Presence presence(JsonNode node, String[] segments, int index) {
		if (index == segments.length) {
			return Presence.PRESENT;
		}
		if (node.isNull()) {
			return Presence.UNKNOWN;
		}
		String segment = segments[index];
		boolean array = segment.endsWith("[]");
		String name = array ? segment.substring(0, segment.length() - 2) : segment;
		if (!node.isObject() || !node.has(name)) {
			return Presence.MISSING;
		}
		JsonNode child = node.get(name);
		if (!array || index == segments.length - 1) {
			return presence(child, segments, index + 1);
		}
		if (!child.isArray() || child.isEmpty()) {
			return child.isArray() || child.isNull() ? Presence.UNKNOWN : Presence.MISSING;
		}
		return combine(child.valueStream().map((element) -> presence(element, segments, index + 1)));
	}

}
