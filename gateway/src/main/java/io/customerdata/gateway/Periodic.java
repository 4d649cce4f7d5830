package io.customerdata.gateway;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

/**
 * Work repeated at an interval, for the features' pollers and sweepers (policy versions,
 * personal grants, the policy file, audit retention, insights). Each tick runs on a
 * bounded-elastic worker, where blocking on the database is allowed; a tick that throws
 * is logged and the next one runs all the same (an error would otherwise end the interval
 * for good); a tick still running when the next is due delays it, never overlaps it.
 */
public final class Periodic {

	private static final Logger log = LoggerFactory.getLogger(Periodic.class);

	private final List<Disposable> tasks = new CopyOnWriteArrayList<>();

	/**
	 * Runs {@code work} every {@code interval}, the first time after {@code first}.
	 * @param what what the work is, for the log when a tick fails
	 */
	public void every(Duration first, Duration interval, String what, Runnable work) {
		this.tasks.add(Flux.interval(first, interval, Schedulers.boundedElastic())
			.onBackpressureDrop()
			.subscribe((tick) -> run(what, work)));
	}

	public void stop() {
		this.tasks.forEach(Disposable::dispose);
		this.tasks.clear();
	}

	public boolean isRunning() {
		return !this.tasks.isEmpty() && this.tasks.stream().noneMatch(Disposable::isDisposed);
	}

	private static void run(String what, Runnable work) {
		try {
			work.run();
		}
		catch (RuntimeException ex) {
			log.warn("{} failed ({}); tried again at the next interval", what, ex.getClass().getSimpleName());
		}
	}

}
