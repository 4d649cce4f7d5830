package io.customerdata.gateway.insights;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;

import io.customerdata.gateway.Periodic;
import io.customerdata.gateway.policy.PolicyStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;

/**
 * Rolls the audit trail up per UTC day, at an interval: every day not rolled up yet, and
 * again every day whose last roll-up was less than two days after it began, so that
 * events written late (a spool drained after an outage) are counted. Older days are kept
 * as they are. Rolling up a day reads its events once; the insights page then reads the
 * roll-ups only.
 */
final class InsightAggregator implements SmartLifecycle {

	/** How long after its start a day may still receive events. */
	static final Duration SETTLED = Duration.ofDays(2);

	private static final Logger log = LoggerFactory.getLogger(InsightAggregator.class);

	private final InsightRepository repository;

	private final PolicyStore policy;

	private final Clock clock;

	private final Duration interval;

	private final Periodic periodic = new Periodic();

	private final Runnable afterRefresh;

	InsightAggregator(InsightRepository repository, PolicyStore policy, Clock clock, Duration interval,
			Runnable afterRefresh) {
		this.repository = repository;
		this.policy = policy;
		this.clock = clock;
		this.interval = interval;
		this.afterRefresh = afterRefresh;
	}

	@Override
	public void start() {
		this.periodic.every(Duration.ZERO, this.interval, "Insights roll-up", this::refreshQuietly);
	}

	/**
	 * Rolls up what is due now.
	 * @return how many days were rolled up
	 */
	synchronized int refresh() {
		Instant now = this.clock.instant();
		LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
		LocalDate first = this.repository.firstEventDay().orElse(null);
		int rolled = 0;
		if (first != null) {
			Map<LocalDate, Instant> done = this.repository.rolledUp();
			for (LocalDate day = first; !day.isAfter(today); day = day.plusDays(1)) {
				Instant last = done.get(day);
				if (last == null || last.isBefore(day.atStartOfDay(ZoneOffset.UTC).toInstant().plus(SETTLED))) {
					rollUp(day, now);
					rolled++;
				}
			}
		}
		this.afterRefresh.run();
		return rolled;
	}

	private void rollUp(LocalDate day, Instant now) {
		DailyRollup rollup = new DailyRollup(this.policy.current().compiled());
		this.repository.eventsOf(day, rollup::add);
		this.repository.replace(day, rollup, now);
	}

	private void refreshQuietly() {
		try {
			long started = System.nanoTime();
			int days = refresh();
			if (days > 2) {
				log.info("Insights: {} days of the audit trail rolled up in {} ms", days,
						(System.nanoTime() - started) / 1_000_000);
			}
		}
		catch (RuntimeException ex) {
			log.warn("Insights not rolled up ({}); retried at the next interval", ex.getClass().getSimpleName());
		}
	}

	@Override
	public void stop() {
		this.periodic.stop();
	}

	@Override
	public boolean isRunning() {
		return this.periodic.isRunning();
	}

}
