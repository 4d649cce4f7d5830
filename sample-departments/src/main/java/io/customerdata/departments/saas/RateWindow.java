package io.customerdata.departments.saas;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * A vendor's rolling rate limit: at most {@code limit} requests in any {@code window}
 * (HubSpot's 190 in ten seconds, its search's 5 a second, Zendesk's plan's requests a
 * minute). A request over it is refused and not counted.
 */
public final class RateWindow {

	private final int limit;

	private final Duration window;

	private final Clock clock;

	private final Deque<Instant> taken = new ArrayDeque<>();

	public RateWindow(int limit, Duration window, Clock clock) {
		this.limit = limit;
		this.window = window;
		this.clock = clock;
	}

	/**
	 * One request's place in the window.
	 *
	 * @param remaining requests left in the window after this one
	 * @param resetSeconds whole seconds until the window has room again (at least 1)
	 */
	public record Use(boolean allowed, int limit, int remaining, long resetSeconds) {
	}

	public synchronized Use take() {
		Instant now = this.clock.instant();
		while (!this.taken.isEmpty() && !this.taken.peekFirst().plus(this.window).isAfter(now)) {
			this.taken.removeFirst();
		}
		boolean allowed = this.taken.size() < this.limit;
		if (allowed) {
			this.taken.addLast(now);
		}
		Instant oldest = this.taken.isEmpty() ? now : this.taken.peekFirst();
		long untilRoom = Duration.between(now, oldest.plus(this.window)).toMillis();
		return new Use(allowed, this.limit, this.limit - this.taken.size(), Math.max(1, (untilRoom + 999) / 1000));
	}

}
