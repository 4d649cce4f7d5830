package io.customerdata.gateway.audit;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import io.customerdata.gateway.problem.GatewayProblem;
import io.customerdata.gateway.problem.ProblemType;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.util.internal.ThreadExecutorMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.SmartLifecycle;

/**
 * Where every audit event goes, and the promise made about it: {@link #record} completes
 * only once the event is committed to the database or forced to the local spool. A
 * disclosure waits for it, so none leaves unaudited; when neither can take the event
 * (database away and spool full), it fails with a 503 problem and the disclosure is
 * refused.
 *
 * <p>
 * One writer thread (never an event loop) takes the waiting events in batches: one
 * transaction per batch; if the database is away, the batch goes to the spool and the
 * database is left alone for the retry interval. Whenever the database is reachable
 * again, the spool is replayed into it (idempotently: an event already written is
 * skipped) and emptied, also right after a restart. An event the database refuses for its
 * content holds up neither its batch nor the spool ({@link AuditWriter}).
 *
 * <p>
 * A purpose the policy in force does not know is recorded as
 * {@value AuditEvent#UNKNOWN_PURPOSE}: what a caller sends reaches the trail only as one
 * of the policy's closed set.
 */
public final class AuditTrail implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(AuditTrail.class);

	private final AuditWriter writer;

	private final AuditSpool spool;

	private final Predicate<String> knownPurpose;

	private final JsonMapper json;

	private final AuditProperties properties;

	private final BlockingQueue<Pending> queue;

	private final Counter written;

	private final Counter spooled;

	private final Counter refused;

	private final Counter unauditableRefusals;

	private final Counter drained;

	private final Counter malformed;

	private volatile boolean running;

	private volatile long databaseAwayUntil;

	private Thread writerThread;

	private record Pending(AuditRepository.Stored stored, CompletableFuture<Void> durable) {
	}

	/**
	 * @param knownPurpose whether the policy in force knows a purpose
	 */
	AuditTrail(AuditRepository repository, AuditSpool spool, JsonMapper json, AuditProperties properties,
			Predicate<String> knownPurpose, MeterRegistry meters) {
		this.malformed = Counter.builder("gateway.audit.events.malformed")
			.description("events the database refused as made, written with what could be kept and why")
			.register(meters);
		this.writer = new AuditWriter(repository, json, this.malformed);
		this.spool = spool;
		this.knownPurpose = knownPurpose;
		this.json = json;
		this.properties = properties;
		this.queue = new ArrayBlockingQueue<>(properties.queueCapacity());
		this.written = meters.counter("gateway.audit.events", "outcome", "written");
		this.spooled = meters.counter("gateway.audit.events", "outcome", "spooled");
		this.refused = meters.counter("gateway.audit.events", "outcome", "refused");
		this.unauditableRefusals = Counter.builder("gateway.audit.unauditable.refusals")
			.description("refusals that could not be audited (database away and spool full), logged instead")
			.register(meters);
		this.drained = meters.counter("gateway.audit.spool.drained");
		Gauge.builder("gateway.audit.spool.depth", spool, AuditSpool::depth)
			.description("events waiting in the local spool for the database")
			.register(meters);
		Gauge.builder("gateway.audit.queue.depth", this.queue, BlockingQueue::size).register(meters);
	}

	/**
	 * Completes once the event is durable; fails with {@code audit-unavailable} (503) if
	 * it cannot be made so.
	 */
	public Mono<Void> record(AuditEvent made) {
		if (!this.properties.enabled()) {
			return Mono.empty();
		}
		return Mono.defer(() -> {
			AuditEvent event = (made.purpose() == null || this.knownPurpose.test(made.purpose())) ? made
					: made.withUnknownPurpose();
			Pending pending = new Pending(new AuditRepository.Stored(event, this.json.writeValueAsString(event)),
					new CompletableFuture<>());
			if (!this.running || !this.queue.offer(pending)) {
				this.refused.increment();
				unauditable(List.of(event));
				return Mono.error(unavailable());
			}
			// Off the writer's thread as soon as the event is safe, back onto the event
			// loop the request is served on: the answer is written from there without one
			// more thread hand-off.
			Executor eventLoop = ThreadExecutorMap.currentExecutor();
			return Mono.fromFuture(pending.durable())
				.publishOn((eventLoop != null) ? Schedulers.fromExecutor(eventLoop) : Schedulers.parallel());
		});
	}

	private void write() {
		while (this.running || !this.queue.isEmpty()) {
			List<Pending> batch = new ArrayList<>();
			try {
				Pending first = this.queue.poll(500, TimeUnit.MILLISECONDS);
				if (first == null) {
					replaySpool();
					continue;
				}
				batch.add(first);
				this.queue.drainTo(batch, this.properties.batchSize() - 1);
				persist(batch);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				batch.forEach((p) -> p.durable().completeExceptionally(unavailable()));
				return;
			}
			catch (RuntimeException ex) {
				log.error("Audit writer failed ({}); the batch is refused", ex.getClass().getName());
				batch.forEach((p) -> p.durable().completeExceptionally(unavailable()));
			}
		}
	}

	private void persist(List<Pending> batch) {
		List<AuditRepository.Stored> events = batch.stream().map(Pending::stored).toList();
		if (databaseReachable()) {
			replaySpool();
			try {
				this.writer.write(events);
				this.written.increment(events.size());
				batch.forEach((p) -> p.durable().complete(null));
				return;
			}
			catch (AuditWriter.DatabaseAway ex) {
				databaseAway(ex);
			}
		}
		try {
			this.spool.append(events.stream().map(AuditRepository.Stored::json).toList());
			this.spooled.increment(events.size());
			batch.forEach((p) -> p.durable().complete(null));
		}
		catch (IOException ex) {
			log.error("Audit spool cannot take {} events ({}); their disclosures are refused", events.size(),
					ex.getMessage());
			this.refused.increment(events.size());
			unauditable(events.stream().map(AuditRepository.Stored::event).toList());
			batch.forEach((p) -> p.durable().completeExceptionally(unavailable()));
		}
	}

	/**
	 * A refusal that cannot be audited still happened: one log line each, and a count.
	 * Names and codes only, no customer and no value. (A disclosure that cannot be
	 * audited is not made, so only refusals need this.)
	 */
	private void unauditable(List<AuditEvent> events) {
		for (AuditEvent event : events) {
			if (AuditEvent.DENY.equals(event.decision())) {
				this.unauditableRefusals.increment();
				log.warn("Unauditable refusal: id={} subject={} action={} purpose={} reason={} status={} trace={}",
						event.id(), event.subject(), event.action(), event.purpose(), event.reason(), event.status(),
						event.traceId());
			}
		}
	}

	/** Moves spooled events into the database, if there are any and it is reachable. */
	private void replaySpool() {
		if (this.spool.depth() == 0 || !databaseReachable()) {
			return;
		}
		try {
			List<String> lines = this.spool.readAll();
			List<AuditRepository.Stored> events = new ArrayList<>();
			int unreadable = 0;
			for (String line : lines) {
				AuditEvent event = spooled(line);
				unreadable += (event.malformed() != null) ? 1 : 0;
				events.add(new AuditRepository.Stored(event,
						(event.malformed() != null) ? this.json.writeValueAsString(event) : line));
			}
			for (int i = 0; i < events.size(); i += this.properties.batchSize()) {
				this.writer.write(events.subList(i, Math.min(events.size(), i + this.properties.batchSize())));
			}
			this.malformed.increment(unreadable);
			this.spool.clear();
			this.drained.increment(events.size());
			log.info("Audit spool replayed: {} events now in the database", events.size());
		}
		catch (IOException ex) {
			log.error("Audit spool not readable ({}); it stays for the next attempt", ex.getMessage());
		}
		catch (AuditWriter.DatabaseAway ex) {
			databaseAway(ex);
		}
	}

	/** A spooled event, or what it is recorded as if its line is not one. */
	private AuditEvent spooled(String line) {
		try {
			return this.json.readValue(line, AuditEvent.class);
		}
		catch (JacksonException ex) {
			return MalformedEvents.unreadable(line, ex.getClass().getSimpleName());
		}
	}

	private boolean databaseReachable() {
		return System.nanoTime() - this.databaseAwayUntil >= 0;
	}

	private void databaseAway(AuditWriter.DatabaseAway ex) {
		this.databaseAwayUntil = System.nanoTime() + this.properties.retryInterval().toNanos();
		// The class says enough; a message could carry connection details.
		log.warn("Audit database unavailable ({}); spooling for {}", ex.getMessage(), this.properties.retryInterval());
	}

	private static GatewayProblem unavailable() {
		return GatewayProblem.of(ProblemType.AUDIT_UNAVAILABLE,
				"The disclosure cannot be audited now, so it is refused.");
	}

	@Override
	public void start() {
		this.running = true;
		this.databaseAwayUntil = System.nanoTime();
		this.writerThread = Thread.ofPlatform().name("audit-writer").daemon(false).start(this::write);
	}

	@Override
	public void stop() {
		// Events already queued are still written (or spooled) before the writer ends.
		this.running = false;
		try {
			this.writerThread.join(10_000);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/** Before the web server starts taking requests, after it stops. */
	@Override
	public int getPhase() {
		return SmartLifecycle.DEFAULT_PHASE - 1024;
	}

}
