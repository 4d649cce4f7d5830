package io.customerdata.departments;

import java.util.List;

/**
 * A window onto a list of matches, the raw material of each department's own paging
 * style.
 *
 * @param items the matches inside the window
 * @param total all matches
 */
public record Window<T>(List<T> items, int total) {

	public static <T> Window<T> of(List<T> all, int offset, int limit) {
		int from = Math.min(Math.max(offset, 0), all.size());
		int to = Math.min(from + Math.max(limit, 0), all.size());
		return new Window<>(all.subList(from, to), all.size());
	}

}
