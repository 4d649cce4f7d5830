package io.customerdata.departments.crm;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Salesforce's batches: a query's records, and each record's child rows (a subquery's
 * {@code Opportunities}), are answered a page at a time, each page with
 * {@code totalSize}, {@code done} and, while there is more, a {@code nextRecordsUrl}
 * ({@code /services/data/v60.0/query/01g…-2000}) that the next page is fetched from. The
 * locator carries what the next page needs: the query, and for child rows the parent.
 */
final class QueryPages {

	/** What a locator names: a query's records, or one parent's child rows. */
	record Locator(String query, @Nullable String parentId, @Nullable String relationship, int offset) {

		static Locator parse(String locator) {
			int dash = locator.lastIndexOf('-');
			if (!locator.startsWith("01g") || dash < 3) {
				throw SalesforceError.malformedQuery("invalid query locator");
			}
			String payload = new String(Base64.getUrlDecoder().decode(locator.substring(3, dash)),
					StandardCharsets.UTF_8);
			int offset = Integer.parseInt(locator.substring(dash + 1));
			if (!payload.startsWith(CHILD)) {
				return new Locator(payload, null, null, offset);
			}
			String[] parts = payload.split("\n", 3);
			return new Locator(parts[2], parts[0].substring(CHILD.length()), parts[1], offset);
		}

	}

	private static final String CHILD = "child ";

	private final int childPageSize;

	QueryPages(int childPageSize) {
		this.childPageSize = childPageSize;
	}

	/** A query's next batch. */
	static String nextRecordsUrl(String query, int offset) {
		return url(query, offset);
	}

	/** The record with each child relationship cut to its first page. */
	Map<String, @Nullable Object> withFirstChildPages(Map<String, @Nullable Object> record, String parentId,
			String query) {
		Map<String, @Nullable Object> out = new LinkedHashMap<>(record);
		record.forEach((key, value) -> {
			if (value instanceof Map<?, ?> relationship && relationship.get("records") instanceof List<?> rows) {
				out.put(key, childPage(rows, 0, parentId, key, query));
			}
		});
		return out;
	}

	/**
	 * One page of a parent's child rows, from all of them.
	 * @param parentId the parent record's Id
	 */
	Map<String, Object> childPage(List<?> rows, int offset, String parentId, String relationship, String query) {
		int end = Math.min(rows.size(), offset + this.childPageSize);
		Map<String, Object> page = new LinkedHashMap<>();
		page.put("totalSize", rows.size());
		page.put("done", end >= rows.size());
		if (end < rows.size()) {
			page.put("nextRecordsUrl", url(CHILD + parentId + "\n" + relationship + "\n" + query, end));
		}
		page.put("records", rows.subList(Math.min(offset, end), end));
		return page;
	}

	private static String url(String payload, int offset) {
		return SalesforceRecords.API + "/query/01g"
				+ Base64.getUrlEncoder().withoutPadding().encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + "-"
				+ offset;
	}

}
